"""A forum's programme as files other software reads: c3voc ``schedule.json`` / ``schedule.xml``
(https://c3voc.de/wiki/schedule) and iCalendar.

Plain functions over a queryset the caller has already narrowed to what its reader may see, so
workers without a request build the same files as the API; absolute URLs come from
``GSEF_SESSIONS_BASE_URL``.
"""

from __future__ import annotations

import datetime
import uuid
import xml.etree.ElementTree as ET
import zoneinfo
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import icalendar
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .. import __version__
from ..enums import MaterialKind, OutcomeKind
from ..links import absolute_url, page_url
from ..models import Material, Outcome, Participation, Session, SessionKind
from ..validators import MAX_FORUM_DAYS, printable
from .languages import localise, localised_texts, shown_language
from .programme import session_end

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from ..models import Forum

C3VOC_SCHEMA = "https://c3voc.de/schedule/schema.json"
GENERATOR = {"name": "gsef-sessions", "version": __version__}


def _translations(model, masters, *fields):
    """``{master id: {language: (fields…)}}`` of ``model``'s translations for the ``masters`` subquery."""
    texts = {}
    rows = model._parler_meta.root_model.objects.filter(master__in=masters).order_by()
    for master_id, language, *values in rows.values_list("master_id", "language_code", *fields):
        texts.setdefault(master_id, {})[language] = values
    return texts


def export_rows(sessions: QuerySet[Session], *, language: str) -> list[SimpleNamespace]:
    """``sessions`` as plain objects in programme order, each localised like its report, in eight
    queries whatever their number: plain rows, no model instances (a 2,000-session forum's
    schedule is built in well under a second)."""
    sessions = sessions.order_by("starts_at", "kind__order", "number", "slug")
    rows = list(
        sessions.values_list(
            "pk",
            "uuid",
            "slug",
            "forum__slug",
            "starts_at",
            "ends_at",
            "room",
            "platforms",
            "not_recorded",
            "version",
            "updated_at",
            "original_language",
            "kind_id",
            "kind__slug",
        )
    )
    masters = sessions.order_by().values("pk")
    texts = _translations(Session, masters, "title", "subtitle", "description")
    kinds = _translations(SessionKind, sessions.order_by().values("kind"), "name")
    persons = {}
    for session_id, given, family, uuid_ in (
        Participation.objects.filter(session__in=masters)
        .order_by(
            "session_id",
            "role__order",
            "order",
        )
        .values_list("session_id", "person__given_name", "person__family_name", "person__uuid")
    ):
        persons.setdefault(session_id, []).append(
            {"name": " ".join(part for part in (given, family) if part), "guid": str(uuid_)},
        )
    materials = {}
    material_rows = Material.objects.filter(session__in=masters).order_by("session_id", "order")
    material_texts = _translations(Material, material_rows.values("pk"), "title")
    for pk, session_id, uuid_, kind, link, file in material_rows.values_list(
        "pk", "session_id", "uuid", "kind", "url", "file"
    ):
        materials.setdefault(session_id, []).append((uuid_, kind, link, file, material_texts.get(pk, {})))
    outcome_rows = Outcome.objects.filter(session__in=masters).order_by("session_id", "kind", "order")
    outcome_texts = _translations(Outcome, outcome_rows.values("pk"), "text")
    outcomes = {}
    for pk, session_id, kind in outcome_rows.values_list("pk", "session_id", "kind"):
        outcomes.setdefault(session_id, []).append((kind, outcome_texts.get(pk, {})))
    listed = []
    for (
        pk,
        uuid_,
        slug,
        forum_slug,
        starts_at,
        ends_at,
        room,
        platforms,
        not_recorded,
        version,
        updated_at,
        original,
        kind_id,
        kind_slug,
    ) in rows:
        own = texts.get(pk, {})
        shown = shown_language(available=own, requested=language, original=original)
        _code, (title, subtitle, description) = localised_texts(own, language=shown, fallback=original, width=3)
        _code, (kind_name,) = localised_texts(kinds.get(kind_id, {}), language=shown, fallback=original)
        listed.append(
            SimpleNamespace(
                pk=pk,
                uuid=uuid_,
                slug=slug,
                forum_slug=forum_slug,
                starts_at=starts_at,
                ends_at=ends_at,
                room=room,
                platforms=platforms,
                not_recorded=not_recorded,
                materials=[
                    {
                        "type": C3VOC_REFERENCE_TYPES[kind],
                        # A file is served by the session's page, which checks who may see it.
                        "url": page_url("session-material", forum_slug=forum_slug, session_slug=slug, uuid=m_uuid)
                        if file
                        else link,
                        "title": localised_texts(texts, language=shown, fallback=original)[1][0]
                        or str(MaterialKind(kind).label),
                        "is_file": bool(file),
                        "is_recording": kind == MaterialKind.RECORDING,
                    }
                    for m_uuid, kind, link, file, texts in materials.get(pk, [])
                ],
                version=version,
                updated_at=updated_at,
                shown=shown,
                title=title,
                subtitle=subtitle,
                description=_with_outcomes(
                    description,
                    [
                        (kind, localised_texts(texts, language=shown, fallback=original)[1][0])
                        for kind, texts in outcomes.get(pk, [])
                    ],
                ),
                kind_slug=kind_slug,
                kind_name=kind_name,
                persons=persons.get(pk, []),
            )
        )
    return listed


# c3voc's kinds of link or attachment (its ``Reference.type``), for each kind of material.
C3VOC_REFERENCE_TYPES = {
    MaterialKind.RECORDING: "media",
    MaterialKind.SLIDES: "slides",
    MaterialKind.CONCEPT_NOTE: "paper",
    MaterialKind.TRANSCRIPT: "article",
    MaterialKind.OTHER: "related",
}


def _reference(material):
    return {key: material[key] for key in ("type", "url", "title")}


def _with_outcomes(description, outcomes):
    """The session's description (Markdown), then its key takeaways and calls to action as
    numbered lists under their headings, in the active language: what schedules and calendars
    show of a report."""
    parts = [description] if description else []
    for kind, heading in (
        (OutcomeKind.TAKEAWAY, _("Key takeaways")),
        (OutcomeKind.CALL_TO_ACTION, _("Calls to action")),
    ):
        texts = [" ".join(text.split()) for listed, text in outcomes if listed == kind and text]
        if texts:
            parts.append(f"## {heading}\n\n" + "\n".join(f"{n}. {text}" for n, text in enumerate(texts, start=1)))
    return "\n\n".join(parts)


def _hhmm(delta):
    minutes = int(delta.total_seconds()) // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _acronym(forum):
    return forum.slug.lower().replace("-", "_")


def room_name(session: Session | SimpleNamespace) -> str:
    """The session's room, else its primary platform (the first one listed)."""
    platform = session.platforms.split(",")[0].strip()
    return session.room or platform or _("Main room")


def _event(session, *, forum):
    """One session (of ``export_rows``) as the fields every export shares."""
    tz = zoneinfo.ZoneInfo(forum.timezone)
    starts = session.starts_at.astimezone(tz)
    ends = session_end(session, forum=forum).astimezone(tz)
    return (
        {
            "guid": str(session.uuid),
            "id": session.pk,
            "date": starts.isoformat(),
            "start": starts.strftime("%H:%M"),
            "end": ends.isoformat(),
            "duration": _hhmm(ends - starts),
            "room": room_name(session),
            "slug": f"{_acronym(forum)}-{session.pk}-{session.slug.lower()}",
            "url": absolute_url(reverse("gsef_sessions:session-detail", args=[session.forum_slug, session.slug])),
            "title": session.title,
            "subtitle": session.subtitle or None,
            "track": session.kind_name,
            "type": session.kind_slug,
            "language": session.shown,
            "abstract": session.subtitle,
            "description": session.description,
            "persons": session.persons,
            "links": [_reference(m) for m in session.materials if not m["is_file"]],
            "attachments": [_reference(m) for m in session.materials if m["is_file"]],
            "do_not_record": session.not_recorded,
        },
        starts,
        ends,
    )


def schedule_json(*, forum: Forum, sessions: QuerySet[Session], language: str) -> dict[str, Any]:
    """The c3voc schedule (version 1, ``schema.json``) of ``forum``, listing ``sessions`` only."""
    tz = zoneinfo.ZoneInfo(forum.timezone)
    with translation.override(language):
        localise(forum, language=language, fallback=language)
        listed = export_rows(sessions, language=language)
        events = [_event(s, forum=forum) for s in listed]
        days = sorted(
            # At most a forum's longest span, whatever was stored before that rule.
            {
                forum.start_date + datetime.timedelta(days=n)
                for n in range(min((forum.end_date - forum.start_date).days + 1, MAX_FORUM_DAYS))
            }
            | {starts.date() for _event_data, starts, _ends in events}
        )
        rooms = list(dict.fromkeys(event["room"] for event, _starts, _ends in events))
        room_guids = {name: str(uuid.uuid5(forum.uuid, name)) for name in rooms}
        schedule_days = []
        for index, day in enumerate(days, start=1):
            day_start = datetime.datetime.combine(day, datetime.time(), tzinfo=tz)
            by_room = {}
            for event, starts, _ends in events:
                if starts.date() == day:
                    by_room.setdefault(event["room"], []).append(event)
            schedule_days.append(
                {
                    "index": index,
                    "date": day.isoformat(),
                    "day_start": day_start.isoformat(),
                    "day_end": (day_start + datetime.timedelta(days=1)).isoformat(),
                    "rooms": by_room,
                }
            )
        tracks = {event["type"]: event["track"] for event, _starts, _ends in events}
        changed = max([forum.updated_at] + [s.updated_at for s in listed])
        return {
            "$schema": C3VOC_SCHEMA,
            "generator": GENERATOR,
            "schedule": {
                "version": changed.isoformat(),
                "base_url": absolute_url("/"),
                "conference": {
                    "acronym": _acronym(forum),
                    "title": forum.name,
                    "start": forum.start_date.isoformat(),
                    "end": forum.end_date.isoformat(),
                    "daysCount": len(days),
                    "timeslot_duration": _hhmm(datetime.timedelta(minutes=forum.slot_minutes)),
                    "time_zone_name": forum.timezone,
                    "url": absolute_url(reverse("gsef_sessions:forum-detail", args=[forum.slug])),
                    "tracks": [{"name": name, "slug": slug} for slug, name in tracks.items()],
                    "rooms": [{"name": name, "guid": room_guids[name]} for name in rooms],
                    "days": schedule_days,
                },
            },
        }


def _printable_tree(root):
    for element in root.iter():
        element.text = printable(element.text)
        element.attrib = {key: printable(value) for key, value in element.attrib.items()}
    return root


def _text(parent, tag, value, **attrs):
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    element.text = "" if value is None else str(value)
    return element


XML_EVENT_FIELDS = (
    "room",
    "title",
    "subtitle",
    "type",
    "date",
    "start",
    "duration",
    "abstract",
    "slug",
    "track",
    "language",
    "description",
    "url",
)
XML_CONFERENCE_FIELDS = ("title", "acronym", "start", "end", "daysCount", "timeslot_duration", "url", "time_zone_name")


def schedule_xml(*, forum: Forum, sessions: QuerySet[Session], language: str) -> bytes:
    """The same schedule as c3voc ``schedule.xml`` (``schedule.xml.xsd``), built from the JSON one."""
    schedule = schedule_json(forum=forum, sessions=sessions, language=language)["schedule"]
    conference = schedule["conference"]
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", GENERATOR)
    _text(root, "version", schedule["version"])
    conf = ET.SubElement(root, "conference")
    for field in XML_CONFERENCE_FIELDS:
        _text(conf, "days" if field == "daysCount" else field, conference[field])
    _text(conf, "base_url", schedule["base_url"])
    for track in conference["tracks"]:
        ET.SubElement(conf, "track", name=track["name"])
    guids = {room["name"]: room["guid"] for room in conference["rooms"]}
    for day in conference["days"]:
        day_element = ET.SubElement(
            root,
            "day",
            date=day["date"],
            start=day["day_start"],
            end=day["day_end"],
            index=str(day["index"]),
        )
        for room, events in day["rooms"].items():
            room_element = ET.SubElement(day_element, "room", name=room, guid=guids[room])
            for event in events:
                event_element = ET.SubElement(room_element, "event", guid=event["guid"], id=str(event["id"]))
                for field in XML_EVENT_FIELDS:
                    _text(event_element, field, event[field])
                persons = ET.SubElement(event_element, "persons")
                for person in event["persons"]:
                    _text(persons, "person", person["name"], guid=person["guid"])
                recording = ET.SubElement(event_element, "recording")
                _text(recording, "license", "")
                _text(recording, "optout", "true" if event["do_not_record"] else "false")
                recorded = [link["url"] for link in event["links"] if link["type"] == "media"]
                if recorded:
                    _text(recording, "url", recorded[0])
                for tag, references in (("link", event["links"]), ("attachment", event["attachments"])):
                    listed = ET.SubElement(event_element, f"{tag}s")
                    for reference in references:
                        _text(listed, tag, reference["title"], href=reference["url"], type=reference["type"])
    # XML 1.0 cannot carry control characters, even escaped: a row stored before they were refused
    # loses them here rather than making the file unreadable.
    return ET.tostring(_printable_tree(root), encoding="utf-8", xml_declaration=True)


def forum_calendar(*, forum: Forum, sessions: QuerySet[Session], language: str) -> bytes:
    """``sessions`` of ``forum`` as an iCalendar file, named after the forum."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//gsef-sessions//{__version__}//EN")
    calendar.add("version", "2.0")
    with translation.override(language):
        localise(forum, language=language, fallback=language)
        calendar.add("x-wr-calname", printable(forum.name))
        for session in export_rows(sessions, language=language):
            event, starts, ends = _event(session, forum=forum)
            vevent = icalendar.Event()
            vevent.add("uid", f"{event['guid']}@gsef-sessions")
            vevent.add("dtstamp", session.updated_at)
            vevent.add("last-modified", session.updated_at)
            vevent.add("sequence", session.version)
            vevent.add("dtstart", starts)
            # An end only where one was entered, or where the forum's sessions all last one slot.
            if session.ends_at:
                vevent.add("dtend", ends)
            elif forum.fixed_slots:
                vevent.add("duration", ends - starts)
            vevent.add("summary", printable(event["title"]))
            vevent.add("description", printable("\n\n".join(filter(None, [event["abstract"], event["description"]]))))
            vevent.add("location", printable(event["room"]))
            vevent.add("url", event["url"])
            vevent.add("categories", [printable(event["track"])])
            calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def session_calendar(*, session: Session, language: str) -> bytes:
    """One session as an iCalendar file (subscribing to one session is common)."""
    return forum_calendar(forum=session.forum, sessions=type(session).objects.filter(pk=session.pk), language=language)
