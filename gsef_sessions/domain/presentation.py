"""A report as pages and PDFs print it: the read model (``read_model``) arranged as the seed report
is, with people by role, each speaker's points by round, and dates, counts and language names
formatted in the report's language. Reads nothing but the report it is given.
"""

from __future__ import annotations

import zoneinfo
from typing import TYPE_CHECKING, Any

from django.utils import formats, translation
from django.utils.dateparse import parse_datetime
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from ..enums import AttendanceKind, PartnerRole, RoundKind
from .languages import language_name

if TYPE_CHECKING:
    import datetime

    from .read_model import Attendance, ReportOrganisation, ReportRound, SessionReport
    from .statistics import ForumStatistics


def format_attendance(count: Attendance, *, tz: datetime.tzinfo) -> str:
    """``441 (Zoom, 9:55 hrs)`` as the seed prints a typed count; a count from a platform's report says
    what it counts and names its file. In the active language."""
    details = [count["platform"]]
    if count["taken_at"]:
        local = parse_datetime(count["taken_at"]).astimezone(tz)
        details.append(_("%(hour)d:%(minute)02d hrs") % {"hour": local.hour, "minute": local.minute})
    if count["source"]:
        details.append(count["source"])
    text = f"{counted(count['kind'], count['count'])} ({', '.join(details)})"
    return f"{text} — {count['note']}" if count["note"] else text


def counted(kind: str, number: int) -> str:
    """An attendance count with what it counts, in the active language ("512 unique attendees")."""
    shown = formats.number_format(number, force_grouping=True)
    if kind == AttendanceKind.ATTENDEES:
        return ngettext("%(count)s unique attendee", "%(count)s unique attendees", number) % {"count": shown}
    if kind == AttendanceKind.PANELISTS:
        return ngettext("%(count)s unique host or panelist", "%(count)s unique hosts and panelists", number) % {
            "count": shown
        }
    if kind == AttendanceKind.PEAK:
        return _("%(count)s connected at the peak") % {"count": shown}
    if kind == AttendanceKind.PERSON_MINUTES:
        hours = formats.number_format(round(number / 60, 1), decimal_pos=1, force_grouping=True)
        return _("%(hours)s person-hours") % {"hours": hours}
    if kind == AttendanceKind.COUNTRIES:
        return ngettext("%(count)s country of attendees", "%(count)s countries of attendees", number) % {"count": shown}
    return shown  # people connected at a moment, as typed


MINUS = "\u2212"  # the minus sign, as typeset offsets use it


def zone_label(moment: datetime.datetime, *, zone: str) -> str:
    """ "Mexico City, UTC−5": where the zone's clocks are, and their offset at ``moment`` (an aware
    time in that zone), so a reader elsewhere can convert."""
    place = zone.rsplit("/", 1)[-1].replace("_", " ")
    minutes = int(moment.utcoffset().total_seconds() // 60)
    hours, rest = divmod(abs(minutes), 60)
    sign = "+" if minutes > 0 else MINUS
    offset = f"UTC{sign}{hours}{f':{rest:02d}' if rest else ''}" if minutes else "UTC"
    return offset if zone == "UTC" else f"{place}, {offset}"


def when(starts_at: str, *, zone: str) -> dict[str, str]:
    """A session's date and time (with its zone) as the header prints them, in the active language."""
    starts = parse_datetime(starts_at).astimezone(zoneinfo.ZoneInfo(zone))
    return {
        "date": formats.date_format(starts, "DATE_FORMAT"),
        # "8:30 a.m. (Mexico City, UTC−5)": a reader elsewhere can convert.
        "time": "{} ({})".format(formats.time_format(starts, "TIME_FORMAT"), zone_label(starts, zone=zone)),
    }


def session_label(*, kind: str, number: int | None) -> str:
    """ "Plenary 3": its kind's name and its number, where it has one."""
    return f"{kind} {number}" if number else str(kind)


def ordinal_round(number: int) -> str:
    """``1st Round``, ``2nd Round``: the heading over a speaker's points of one round.

    Whole headings are translated, not an ordinal put into "%(ordinal)s Round": the ordinal agrees
    with the noun ("1.ª ronda", "1er tour"), and humanize's ``ordinal`` is English wherever
    ``django.contrib.humanize`` is not installed.
    """
    if number == 1:
        heading = pgettext("speaker's round 1", "{number}st Round")
    elif number % 10 == 1 and number % 100 != 11:
        heading = pgettext("speaker's round 21, 31…", "{number}st Round")
    elif number % 10 == 2 and number % 100 != 12:
        heading = pgettext("speaker's round 2, 22…", "{number}nd Round")
    elif number % 10 == 3 and number % 100 != 13:
        heading = pgettext("speaker's round 3, 23…", "{number}rd Round")
    else:
        heading = pgettext("speaker's round 4-20, 24…", "{number}th Round")
    return heading.format(number=number)


BY_SPEAKER, BY_TURN = "by_speaker", "by_turn"


def _layout(rounds: list[ReportRound]) -> str:
    """The seed's layout prints a numbered round's title only over its guiding questions, and each
    speaker's points under their name: it fits where every numbered round has questions and every
    speaker speaks once per round, with no segment of another kind. Any other report is printed
    turn by turn, each segment under its title."""
    for rnd in rounds:
        speakers = [contribution["participant"] for contribution in rnd["contributions"]]
        if (
            rnd["kind"] == RoundKind.OTHER
            or (rnd["kind"] == RoundKind.ROUND and not rnd["guiding_questions"])
            or len(set(speakers)) < len(speakers)
        ):
            return BY_TURN
    return BY_SPEAKER


def _organisations(report: SessionReport, roles: set[str]) -> list[ReportOrganisation]:
    return [sponsor["organization"] for sponsor in report["sponsors"] if sponsor["role"] in roles]


def printed_report(report: SessionReport) -> dict[str, Any]:
    """``report`` as pages and PDFs print it (texts keep their ``language``)."""
    language = report["language"]
    tz = zoneinfo.ZoneInfo(report["time_zone"])
    with translation.override(language):
        people = {
            part["uuid"]: {
                "uuid": part["uuid"],
                "person_uuid": part["person"]["uuid"],
                "name": part["person"]["name"],
                "role": part["role"],
                "role_label": part["role_label"],
                "order": part["order"],
                "post": ", ".join(filter(None, [part["post"], part["affiliation"]])),
                # Apart, for event markup: the post, and where the person works.
                "job_title": part["post"],
                "works_for": part["organization"]["name"] if part["organization"] else part["affiliation"],
                "country": part["country"],
                "language": part["language"],
            }
            for part in report["participants"]
        }

        rounds, numbered = [], 0
        speakers = {}  # participant uuid -> the numbered rounds they spoke in
        for rnd in report["rounds"]:
            numbered += rnd["kind"] == RoundKind.ROUND
            contributions = [
                {"speaker": people[contribution["participant"]], "points": contribution["points"]}
                for contribution in rnd["contributions"]
            ]
            if rnd["kind"] == RoundKind.ROUND:
                for contribution in contributions:
                    speakers.setdefault(contribution["speaker"]["uuid"], []).append(
                        {
                            "round": rnd["label"],
                            "ordinal_round": ordinal_round(numbered),
                            "points": contribution["points"],
                        }
                    )
            rounds.append(
                {
                    "kind": rnd["kind"],
                    "label": rnd["label"],
                    "language": rnd["language"],
                    "questions": [question["text"] for question in rnd["guiding_questions"]],
                    "contributions": contributions,
                }
            )
        layout = _layout(report["rounds"])
        return {
            "language": language,
            "available_languages": report["available_languages"],
            "forum": {
                **report["forum"],
                "organisers": _organisations(report, {PartnerRole.ORGANISER}),
            },
            "session": {
                "uuid": report["uuid"],
                "slug": report["slug"],
                "status": report["status"],
                "version": report["version"],
                "updated_at": report["updated_at"],
                "published_at": report["published_at"],
                "kind": report["kind"]["name"],
                "number": report["number"],
                "label": session_label(kind=report["kind"]["name"], number=report["number"]),
                "title": report["title"],
                "subtitle": report["subtitle"],
                "description": report["description"],
                "description_html": report["description_html"],
                **when(report["starts_at"], zone=report["time_zone"]),
                "starts_at": report["starts_at"],
                "ends_at": report["ends_at"],
                "time_zone": report["time_zone"],
                "interpretation_languages": report["interpretation_languages"],
                "languages": [language_name(code) for code in report["interpretation_languages"]],
                "platforms": report["platforms"],
                "room": report["room"],
                # Where it was held: its room, with the forum's city (none for a session held online only).
                "venue": ", ".join(filter(None, [report["room"], report["forum"]["city"]])) if report["room"] else "",
            },
            "attendance": [format_attendance(count, tz=tz) for count in report["attendance"]],
            # The header: each role the session has, in the forum's order, with its people.
            "roles": [
                {
                    **role,
                    "people": sorted(
                        (p for p in people.values() if p["role"] == role["slug"]), key=lambda p: p["order"]
                    ),
                }
                for role in report["roles"]
            ],
            "rounds": rounds,
            "layout": layout,
            # By speaker (the seed's): introductions, the rounds' guiding questions, each speaker's
            # points by round. By turn: every segment but the conclusions in order, turn by turn.
            "introductions": [rnd for rnd in rounds if layout == BY_SPEAKER and rnd["kind"] == RoundKind.INTRODUCTION],
            "asked": [rnd for rnd in rounds if layout == BY_SPEAKER and rnd["kind"] == RoundKind.ROUND],
            "speakers": [{"speaker": people[uuid], "rounds": spoken} for uuid, spoken in speakers.items()]
            if layout == BY_SPEAKER
            else [],
            "segments": [rnd for rnd in rounds if layout == BY_TURN and rnd["kind"] != RoundKind.CONCLUSIONS],
            "conclusions": [rnd for rnd in rounds if rnd["kind"] == RoundKind.CONCLUSIONS],
            "audience": {
                "note": report["qa"]["note"],
                "questions": [
                    {
                        "text": question["text"],
                        "asked_by": question["asked_by"],
                        "is_answered": question["is_answered"],
                        "answer": question["answer"],
                        "answered_by": people[question["answered_by"]]["name"] if question["answered_by"] else "",
                        "language": question["language"],
                    }
                    for question in report["qa"]["questions"]
                ],
            },
            "materials": [
                {
                    **material,
                    # "Slides, Spanish": what it is, and its language where it has one.
                    "details": ", ".join(
                        filter(
                            None,
                            [
                                material["kind_label"],
                                material["content_language"] and language_name(material["content_language"]),
                            ],
                        )
                    ),
                }
                for material in report["materials"]
            ],
            "not_recorded": report["not_recorded"],
            "key_takeaways": report["key_takeaways"],
            "calls_to_action": report["calls_to_action"],
            "sponsors": _organisations(report, {PartnerRole.COOPERATING, "session"}),
            "credits": {
                "report_by": _("Report by %(names)s.") % {"names": get_text_list(rapporteurs, _("and"))}
                if (rapporteurs := report["credits"]["rapporteurs"])
                else "",
                "based_on": _("Based on notes by") if report["credits"]["source"] else "",
                "source": report["credits"]["source"],
                "source_url": report["credits"]["source_url"] or "",
                "language": report["credits"]["language"],
            },
        }


def printed_statistics(figures: ForumStatistics, *, tz: datetime.tzinfo) -> list[dict[str, Any]]:
    """A forum's figures (``statistics.forum_statistics``) as the statistics page and the proceedings
    print them: sections of figures (label, value, what it counts) and tables, numbers written as the
    active language writes them."""
    said, attendance = figures["definitions"], figures["attendance"]

    def line(label, value, definition):
        return {"label": label, "value": value, "definition": definition}

    def table(what, unit, rows, definition=""):
        return {
            "what": what,
            "unit": unit,
            "definition": definition,
            "rows": [{"name": r["name"], "count": grouped(r["count"])} for r in rows],
        }

    peak = attendance["peak"]
    if peak:
        moment = formats.date_format(parse_datetime(peak["at"]).astimezone(tz), "DATETIME_FORMAT") if peak["at"] else ""
        shown_peak = f"{grouped(peak['count'])} ({', '.join(filter(None, [peak['title'], moment]))})"
    else:
        shown_peak = "—"
    return [
        {
            "title": _("Sessions"),
            "figures": [line(_("Sessions"), grouped(figures["sessions"]), said["sessions"])],
            "tables": [
                table(_("Kind"), _("Sessions"), figures["by_kind"]),
                table(_("Language"), _("Sessions"), figures["by_language"], said["languages"]),
                table(
                    _("Language"), _("Sessions"), figures["interpretation_languages"], said["interpretation_languages"]
                ),
            ],
        },
        {
            "title": _("Speakers"),
            "figures": [line(_("Speakers"), grouped(figures["speakers"]), said["speakers"])],
            "tables": [
                table(_("Role"), _("People"), figures["speakers_by_role"]),
                table(_("Country"), _("People"), figures["speaker_countries"], said["speaker_countries"]),
                table(
                    _("Country"), _("Organisations"), figures["organisation_countries"], said["organisation_countries"]
                ),
            ],
        },
        {
            "title": _("Attendance"),
            "figures": [
                line(_("Attendances"), grouped(attendance["attendances"]), said["attendances"]),
                line(_("Largest peak"), shown_peak, said["peak"]),
                line(_("Person-hours"), grouped(attendance["person_hours"]), said["person_hours"]),
                line(
                    _("Sessions without an attendance report"),
                    grouped(attendance["sessions_without_attendance"]),
                    said["without_attendance"],
                ),
            ],
            "tables": [
                table(_("Country"), _("Attendances"), attendance["attendee_countries"], said["attendee_countries"])
            ],
        },
    ]


def grouped(value: float) -> str:
    """A count grouped by thousands as the active language writes it; a fraction keeps one decimal."""
    return formats.number_format(value, decimal_pos=1 if isinstance(value, float) else None, force_grouping=True)
