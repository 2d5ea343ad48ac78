"""Every export is checked against its published schema: c3voc schema.json (with format checking),
schedule.xml.xsd (xmllint), and iCalendar parsed back."""

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import icalendar
import jsonschema
import pytest
from django.core.files.base import ContentFile

from gsef_sessions.domain.exports import (
    forum_calendar,
    room_name,
    schedule_json,
    schedule_xml,
    session_calendar,
)
from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import Forum, Outcome, Session
from tests.factories import MEXICO, MaterialFactory, ParticipationFactory, SessionFactory, at

pytestmark = pytest.mark.django_db

# Byte copies of ../shared/reference/schedule-formats/ (CI clones the repo alone).
FORMATS = Path(__file__).resolve().parents[1] / "data" / "schedule-formats"


def validate_json(document):
    schema = json.loads((FORMATS / "schema.json").read_text())
    jsonschema.validate(
        document, schema, format_checker=jsonschema.FormatChecker()
    )  # every known format, uuid included


def validate_xml(content, tmp_path):
    path = tmp_path / "schedule.xml"
    path.write_bytes(content)
    result = subprocess.run(
        [shutil.which("xmllint") or "xmllint", "--noout", "--schema", str(FORMATS / "schedule.xml.xsd"), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def programme():
    forum = Forum.objects.get(slug="gsef-2020")
    return forum, Session.objects.filter(forum=forum, status=SessionStatus.PUBLISHED)


@pytest.mark.parametrize("language", ["en", "es"])
def test_seed_schedule_json_is_valid_c3voc(gsef_2020, language):
    forum, sessions = programme()
    document = schedule_json(forum=forum, sessions=sessions, language=language)
    validate_json(document)
    conference = document["schedule"]["conference"]
    events = [e for day in conference["days"] for events in day["rooms"].values() for e in events]
    assert [e["slug"] for e in events] == [f"gsef_2020-{sessions.get().pk}-plenary-3"]
    assert (events[0]["date"], events[0]["duration"], events[0]["room"]) == (
        "2020-10-21T08:30:00-05:00",
        "01:30",
        "Zoom",
    )
    # The page in the export's language: English, the default, has no URL prefix.
    prefix = "" if language == "en" else f"{language}/"
    assert events[0]["url"] == f"http://127.0.0.1:8000/{prefix}gsef-2020/plenary-3/"
    assert len(events[0]["persons"]) == sessions.get().participations.count()
    assert conference["daysCount"] == 5


def test_schedule_with_every_session_is_valid_json_and_xml(gsef_2020, tmp_path):
    forum = Forum.objects.get(slug="gsef-2020")
    sessions = Session.objects.filter(forum=forum)
    validate_json(schedule_json(forum=forum, sessions=sessions, language="fr"))
    validate_xml(schedule_xml(forum=forum, sessions=sessions, language="fr"), tmp_path)


def test_schedule_xml_of_the_seed_is_valid(gsef_2020, tmp_path):
    forum, sessions = programme()
    content = schedule_xml(forum=forum, sessions=sessions, language="en")
    validate_xml(content, tmp_path)
    assert b"<title>New Digitalization Era and the Future of Work</title>" in content


def test_schedule_with_odd_texts_stays_valid(db, tmp_path, settings):
    settings.GSEF_SESSIONS_BASE_URL = "https://forum.example.org"
    session = SessionFactory(
        title='<Ampersands & "quotes">',
        room="Sala 1 & 2",
        subtitle="",
        ends_at=datetime.datetime(2020, 10, 21, 23, 45, tzinfo=MEXICO),
        starts_at=datetime.datetime(2020, 10, 21, 22, 0, tzinfo=MEXICO),
    )
    ParticipationFactory(session=session)
    sessions = Session.objects.all()
    document = schedule_json(forum=session.forum, sessions=sessions, language="en")
    validate_json(document)
    validate_xml(schedule_xml(forum=session.forum, sessions=sessions, language="en"), tmp_path)
    assert document["schedule"]["base_url"] == "https://forum.example.org/"


def test_empty_forum_is_valid(db, tmp_path):
    forum = SessionFactory().forum
    validate_json(schedule_json(forum=forum, sessions=Session.objects.none(), language="en"))
    validate_xml(schedule_xml(forum=forum, sessions=Session.objects.none(), language="en"), tmp_path)


def test_room_is_the_room_else_the_primary_platform(db):
    assert room_name(Session(room="Sala 1", platforms="Zoom")) == "Sala 1"
    assert room_name(Session(room="", platforms="Zoom, YouTube")) == "Zoom"


def test_calendars_parse_back(gsef_2020):
    forum, sessions = programme()
    session = sessions.get()
    for content in (
        forum_calendar(forum=forum, sessions=sessions, language="en"),
        session_calendar(session=session, language="en"),
    ):
        [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
        assert str(event["uid"]) == f"{session.uuid}@gsef-sessions"
        assert event.decoded("dtstart") == session.starts_at
        assert ("dtend" in event, "duration" in event) == (False, False)  # no end entered, slots not fixed
        assert str(event["location"]) == "Zoom"
        assert str(event["url"]) == "http://127.0.0.1:8000/gsef-2020/plenary-3/"


@pytest.mark.parametrize("size", [3, 30])
def test_export_queries_are_constant_whatever_the_sessions(db, size, django_assert_num_queries):
    forum = SessionFactory().forum
    for _ in range(size - 1):
        ParticipationFactory(session=SessionFactory(forum=forum))
    forum = Forum.objects.get(pk=forum.pk)
    sessions = Session.objects.filter(forum=forum)
    # The forum's names, the sessions, their names, kinds' names, participants, materials and their
    # titles, outcomes and their texts.
    with django_assert_num_queries(9):
        document = schedule_json(forum=forum, sessions=sessions, language="en")
    assert (
        sum(len(events) for day in document["schedule"]["conference"]["days"] for events in day["rooms"].values())
        == size
    )


def test_exports_drop_stored_control_characters(db, tmp_path):
    """Rows written around validation (fixtures, raw SQL, older versions) never break a file."""
    session = SessionFactory(title="Ctrl\x01title\uffff", room="Sala\x0b 1", subtitle="Sub\x85title")
    session.forum.set_current_language("en")
    session.forum.name = "Forum\x02"
    session.forum.save()
    ParticipationFactory(session=session, person__family_name="Park\x1f")
    sessions = Session.objects.all()
    document = schedule_json(forum=session.forum, sessions=sessions, language="en")
    content = schedule_xml(forum=session.forum, sessions=sessions, language="en")
    validate_xml(content, tmp_path)
    assert content.count(b"Ctrltitle") == 1 and b"Sala 1" in content and b"Subtitle" in content and b"Park" in content
    assert document["schedule"]["conference"]["title"] == "Forum\x02"  # JSON carries it, escaped
    [event] = icalendar.Calendar.from_ical(forum_calendar(forum=session.forum, sessions=sessions, language="en")).walk(
        "VEVENT"
    )
    assert (str(event["summary"]), str(event["location"])) == ("Ctrltitle", "Sala 1")


def test_materials_are_links_attachments_and_recording_in_both_schedules(db, tmp_path, settings):
    settings.GSEF_SESSIONS_PDF_ROOT = str(tmp_path / "private")
    session = SessionFactory(not_recorded=True)
    MaterialFactory(session=session, kind="recording", order=1, title="Video", url="https://video.example.org/1")
    transcript = MaterialFactory(session=session, kind="transcript", order=2, title="Transcript", url="")
    transcript.file.save("notes.txt", ContentFile(b"Transcript"))
    sessions = Session.objects.filter(pk=session.pk)
    document = schedule_json(forum=session.forum, sessions=sessions, language="en")
    validate_json(document)
    (event,) = [e for day in document["schedule"]["conference"]["days"] for r in day["rooms"].values() for e in r]
    download = f"http://127.0.0.1:8000/{session.forum.slug}/{session.slug}/materials/{transcript.uuid}/"
    assert (event["links"], event["attachments"], event["do_not_record"]) == (
        [{"type": "media", "url": "https://video.example.org/1", "title": "Video"}],
        [{"type": "article", "url": download, "title": "Transcript"}],
        True,
    )
    xml = schedule_xml(forum=session.forum, sessions=sessions, language="en")
    validate_xml(xml, tmp_path)
    text = xml.decode()
    assert "<optout>true</optout><url>https://video.example.org/1</url>" in text
    assert f'<attachment href="{download}" type="article">Transcript</attachment>' in text


def test_takeaways_and_calls_to_action_follow_the_description_in_schedules_and_calendars(db):
    session = SessionFactory(description="About *digital* work.")
    for kind, order, text in (("call_to_action", 1, "Fund cooperatives."), ("takeaway", 2, "B"), ("takeaway", 1, "A")):
        Outcome.objects.create(session=session, kind=kind, order=order, text=text)
    sessions = Session.objects.filter(pk=session.pk)
    document = schedule_json(forum=session.forum, sessions=sessions, language="en")
    (event,) = [e for day in document["schedule"]["conference"]["days"] for r in day["rooms"].values() for e in r]
    expected = "About *digital* work.\n\n## Key takeaways\n\n1. A\n2. B\n\n## Calls to action\n\n1. Fund cooperatives."
    assert event["description"] == expected
    (vevent,) = icalendar.Calendar.from_ical(session_calendar(session=session, language="en")).walk("vevent")
    assert str(vevent["description"]) == expected  # the session has no subtitle (abstract) to go first


def test_calendar_end_is_the_entered_one_else_a_fixed_slot_else_none(db):
    ended = SessionFactory(ends_at=at(21, 9, 45), slug="ended")
    forum = ended.forum
    SessionFactory(forum=forum, slug="open")
    ends = {}
    for fixed in (False, True):
        Forum.objects.filter(pk=forum.pk).update(fixed_slots=fixed)
        content = forum_calendar(
            forum=Forum.objects.get(pk=forum.pk), sessions=Session.objects.filter(forum=forum), language="en"
        )
        ends[fixed] = [
            (event.get("dtend") and event.decoded("dtend"), event.get("duration") and event.decoded("duration"))
            for event in icalendar.Calendar.from_ical(content).walk("VEVENT")
        ]
    assert ends == {
        False: [(at(21, 9, 45), None), (None, None)],
        True: [(at(21, 9, 45), None), (None, datetime.timedelta(minutes=90))],
    }
