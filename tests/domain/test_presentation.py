import datetime
import zoneinfo

import pytest

from gsef_sessions.domain import read_model
from gsef_sessions.domain.markdown import markdown_to_html
from gsef_sessions.domain.pasted import sync_points
from gsef_sessions.domain.presentation import printed_report, zone_label
from tests.factories import (
    AttendanceFactory,
    ContributionFactory,
    GuidingQuestionFactory,
    SessionFactory,
    policy_dialogue,
)

pytestmark = pytest.mark.django_db


def printed(session, requested):
    """The report of ``session`` as pages and PDFs print it."""
    return printed_report(read_model.build_reports([session.pk], requested=requested)[session.pk])


def spanish_report_with_french_session_title():
    session = SessionFactory(original_language="es", title="Nueva era de la digitalización")
    session.translations.update(language_code="es")  # the factory writes in the site's language
    session.set_current_language("fr")
    session.title = "Nouvelle ère de la numérisation"
    session.save()
    contribution = ContributionFactory(round__session=session)
    sync_points(contribution=contribution, text="- La pandemia ha acelerado la digitalización.", language="es")
    return session


def test_printed_report_missing_language_falls_back_to_report_language():
    report = printed(spanish_report_with_french_session_title(), "de")
    assert report["language"] == "es"
    assert report["session"]["title"] == "Nueva era de la digitalización"
    assert report["rounds"][0]["contributions"][0]["points"][0]["text"] == "La pandemia ha acelerado la digitalización."


def test_printed_report_partial_translation_falls_back_per_object():
    report = printed(spanish_report_with_french_session_title(), "fr")
    assert report["language"] == "fr"
    assert report["session"]["title"] == "Nouvelle ère de la numérisation"
    assert report["rounds"][0]["contributions"][0]["points"][0]["text"] == "La pandemia ha acelerado la digitalización."


def test_printed_report_attendance_reads_like_the_seed():
    session = SessionFactory()
    AttendanceFactory(session=session)
    assert printed(session, "en")["attendance"] == ["441 (Zoom, 9:55 hrs)"]


def test_markdown_to_html_strips_scripts_and_javascript_links():
    html = markdown_to_html("**SSE** <script>alert(1)</script> [x](javascript:alert(1)) [GSEF](https://gsef-net.org)")
    assert html == (
        '<p><strong>SSE</strong>  <a rel="noopener noreferrer">x</a> '
        '<a href="https://gsef-net.org" rel="noopener noreferrer">GSEF</a></p>'
    )


def test_printed_report_venue_is_the_room_and_the_forums_city():
    held = SessionFactory(room="Sala Mayor", forum__city="Bilbao")
    online = SessionFactory(room="", forum__city="Bilbao")
    assert (printed(held, "en")["session"]["venue"], printed(online, "en")["session"]["venue"]) == (
        "Sala Mayor, Bilbao",
        "",
    )


def test_printed_report_layout_is_by_speaker_where_each_round_has_questions_and_one_turn_per_speaker():
    session = SessionFactory()
    contribution = ContributionFactory(round__session=session, round__title="")
    GuidingQuestionFactory(round=contribution.round, text="How?")
    report = printed(session, "en")
    assert (report["layout"], [r["label"] for r in report["asked"]], report["segments"]) == (
        "by_speaker",
        ["Round 1"],
        [],
    )


def test_printed_report_layout_is_by_turn_with_every_segment_titled_in_turn_order():
    report = printed(policy_dialogue(), "en")
    assert report["layout"] == "by_turn"
    assert (report["introductions"], report["asked"], report["speakers"]) == ([], [], [])
    assert [
        (rnd["label"], [(c["speaker"]["name"].split()[0], c["points"][0]["text"]) for c in rnd["contributions"]])
        for rnd in report["segments"] + report["conclusions"]
    ] == [
        ("Introduction", [("Ana", "Turn 1")]),
        ("Keynote", [("Bo", "Turn 2")]),
        ("First half of the dialogue", [("Ana", "Turn 3"), ("Bo", "Turn 4"), ("Ana", "Turn 5")]),
        ("Conclusions", [("Bo", "Turn 6")]),
    ]


def test_printed_report_layout_is_by_turn_for_a_titled_round_without_questions():
    session = SessionFactory()
    ContributionFactory(round__session=session, round__title="First half of the dialogue")
    report = printed(session, "en")
    assert (report["layout"], [r["label"] for r in report["segments"]]) == ("by_turn", ["First half of the dialogue"])


def test_zone_label_names_the_place_and_the_offset_at_that_moment():
    def label(zone, month):
        return zone_label(datetime.datetime(2020, month, 21, 8, 30, tzinfo=zoneinfo.ZoneInfo(zone)), zone=zone)

    assert [
        label("America/Mexico_City", 10),
        label("America/Mexico_City", 12),
        label("Asia/Kolkata", 10),
        label("Europe/Paris", 10),
        label("UTC", 10),
    ] == ["Mexico City, UTC\u22125", "Mexico City, UTC\u22126", "Kolkata, UTC+5:30", "Paris, UTC+2", "UTC"]


def test_printed_report_time_says_its_zone():
    assert printed(SessionFactory(), "en")["session"]["time"] == "8:30 a.m. (Mexico City, UTC\u22125)"
