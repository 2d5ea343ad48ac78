"""A report as plain data in one language: what pages, PDFs and exports print.

Building it once keeps every output in the seed report's order and wording.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..enums import Role, RoundKind
from ..models import (
    AttendanceCount,
    AudienceQuestion,
    Contribution,
    ForumPartner,
    Participation,
    Point,
    Round,
    Session,
    SessionSponsor,
)
from .languages import localise, report_language
from .markdown import markdown_to_html

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from ..models import Organisation


def report_queryset() -> QuerySet[Session]:
    """Sessions with everything a report prints, in a fixed number of queries."""
    points = (
        Point.objects.filter(parent=None)
        .order_by("order")
        .prefetch_related(
            "translations",
            Prefetch("children", queryset=Point.objects.order_by("order").prefetch_related("translations")),
        )
    )
    contributions = (
        Contribution.objects.order_by("order")
        .select_related("participation__person")
        .prefetch_related(
            "participation__translations",
            Prefetch("points", queryset=points),
        )
    )
    return Session.objects.select_related("forum", "kind").prefetch_related(
        "translations",
        "forum__translations",
        "kind__translations",
        Prefetch(
            "forum__partners",
            queryset=ForumPartner.objects.select_related("organisation").prefetch_related("organisation__translations"),
        ),
        Prefetch(
            "sponsors",
            queryset=SessionSponsor.objects.select_related("organisation").prefetch_related(
                "organisation__translations"
            ),
        ),
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("person", "organisation").prefetch_related("translations"),
        ),
        Prefetch(
            "rounds",
            queryset=Round.objects.order_by("order").prefetch_related(
                "translations",
                "questions__translations",
                Prefetch("contributions", queryset=contributions),
            ),
        ),
        Prefetch(
            "audience_questions", queryset=AudienceQuestion.objects.order_by("order").prefetch_related("translations")
        ),
        Prefetch("attendance", queryset=AttendanceCount.objects.order_by("order").prefetch_related("translations")),
    )


def format_attendance(count: AttendanceCount, *, tz: datetime.tzinfo, language: str, fallback: str) -> str:
    """``441 (Zoom, 9:55 hrs)``, as the seed prints it."""
    localise(count, language=language, fallback=fallback)
    note = count.safe_translation_getter("note", default="")
    details = [count.platform]
    if count.taken_at:
        local = count.taken_at.astimezone(tz)
        details.append(_("%(hour)d:%(minute)02d hrs") % {"hour": local.hour, "minute": local.minute})
    text = f"{formats.number_format(count.count, force_grouping=True)} ({', '.join(details)})"
    return f"{text} — {note}" if note else text


def session_label(session: Session) -> str:
    """ "Plenary 3": its kind's name (as localised) and its number, where it has one."""
    return f"{session.kind.name} {session.number}" if session.number else str(session.kind.name)


def round_label(rnd: Round, number: int | None) -> str:
    title = rnd.safe_translation_getter("title")
    if title:
        return title
    if rnd.kind == RoundKind.ROUND:
        return _("Round %(number)d") % {"number": number}
    return rnd.get_kind_display()


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


def organisation_data(org: Organisation, language: str) -> dict[str, str]:
    localise(org, language=language, fallback=language)
    return {"uuid": str(org.uuid), "name": str(org.name), "website": org.website, "logo": org.logo.name or ""}


def _point(point, language, fallback):
    localise(point, language=language, fallback=fallback)
    return {
        "uuid": str(point.uuid),
        "text": point.text,
        "is_quote": point.is_quote,
        "children": [_point(child, language, fallback) for child in point.children.all()],
    }


def build_report(*, session: Session, requested: str | None = None) -> dict[str, Any]:
    """The whole report of ``session`` as nested dicts, in the best language for ``requested``."""
    language = report_language(session=session, requested=requested)
    fallback = session.original_language
    tz = zoneinfo.ZoneInfo(session.forum.timezone)
    with translation.override(language):
        for obj in (session, session.forum, session.kind):
            localise(obj, language=language, fallback=fallback)
        people = {}
        for part in session.participations.all():
            localise(part, language=language, fallback=fallback)
            people[part.pk] = {
                "uuid": str(part.uuid),
                "person_uuid": str(part.person.uuid),
                "name": part.person.full_name,
                "role": part.role,
                "order": part.order,
                "post": ", ".join(filter(None, [part.post, part.affiliation])),
                "country": str(part.country or ""),
            }

        def by_role(role):
            return sorted((p for p in people.values() if p["role"] == role), key=lambda p: p["order"])

        rounds, numbered = [], 0
        speakers = OrderedDict()  # participation pk -> the numbered rounds they spoke in
        for rnd in session.rounds.all():
            localise(rnd, language=language, fallback=fallback)
            numbered += rnd.kind == RoundKind.ROUND
            label = round_label(rnd, numbered)
            contributions = []
            for contribution in rnd.contributions.all():
                entry = {
                    "speaker": people[contribution.participation_id],
                    "points": [_point(p, language, fallback) for p in contribution.points.all()],
                }
                contributions.append(entry)
                if rnd.kind == RoundKind.ROUND:
                    speakers.setdefault(contribution.participation_id, []).append(
                        {"round": label, "ordinal_round": ordinal_round(numbered), "points": entry["points"]}
                    )
            questions = []
            for question in rnd.questions.all():
                localise(question, language=language, fallback=fallback)
                questions.append(question.text)
            rounds.append({"kind": rnd.kind, "label": label, "questions": questions, "contributions": contributions})

        audience = []
        for question in session.audience_questions.all():
            localise(question, language=language, fallback=fallback)
            answered_by = people.get(question.answered_by_id)
            audience.append(
                {
                    "text": question.text,
                    "asked_by": question.asked_by,
                    "is_answered": question.is_answered,
                    "answer": question.answer,
                    "answered_by": answered_by["name"] if answered_by else "",
                }
            )

        partners = list(session.forum.partners.all())
        starts = session.starts_at.astimezone(tz)
        return {
            "language": language,
            "available_languages": list(session.get_available_languages()),
            "forum": {
                "uuid": str(session.forum.uuid),
                "slug": session.forum.slug,
                "name": session.forum.name,
                "edition": session.forum.edition,
                "theme": session.forum.theme,
                "tagline": session.forum.tagline,
                "city": session.forum.city,
                "organisers": [organisation_data(p.organisation, language) for p in partners if p.role == "organiser"],
            },
            "session": {
                "uuid": str(session.uuid),
                "slug": session.slug,
                "status": session.status,
                "version": session.version,
                "updated_at": session.updated_at.isoformat(),
                "kind": session.kind.name,
                "number": session.number,
                "label": session_label(session),
                "title": session.title,
                "subtitle": session.subtitle,
                "description_html": markdown_to_html(session.description),
                "date": formats.date_format(starts, "DATE_FORMAT"),
                "time": formats.time_format(starts, "TIME_FORMAT"),
                "starts_at": session.starts_at.isoformat(),
                "ends_at": session.ends_at.isoformat() if session.ends_at else None,
                "languages": [
                    str(translation.get_language_info(code)["name_translated"]) for code in session.languages
                ],
                "platforms": session.platforms,
                "room": session.room,
            },
            "attendance": [
                format_attendance(count, tz=tz, language=language, fallback=fallback)
                for count in session.attendance.all()
            ],
            "opening_speakers": by_role(Role.OPENING_SPEAKER),
            "keynotes": by_role(Role.KEYNOTE),
            "moderators": by_role(Role.MODERATOR),
            "panelists": by_role(Role.PANELIST),
            "rounds": rounds,
            "speakers": [{"speaker": people[pk], "rounds": spoken} for pk, spoken in speakers.items()],
            "audience": {"note": session.qa_note, "questions": audience},
            "sponsors": [organisation_data(p.organisation, language) for p in partners if p.role == "cooperating"]
            + [organisation_data(s.organisation, language) for s in session.sponsors.all()],
        }
