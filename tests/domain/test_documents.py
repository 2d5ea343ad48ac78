"""What PDF engines are given: stored text that no output can carry never reaches them."""

from gsef_sessions.domain.documents import (
    proceedings_document,
    report_document,
)
from gsef_sessions.models import Forum, Point, Session
from gsef_sessions.pdf.base import map_text

UNPRINTABLE = "\x01\x85\ufdd0\uffff"  # what gsef_sessions.validators.printable() strips


def stored_past_the_validator(gsef_2020):
    """Plenary 3 with a title and a point holding characters written by raw SQL, as old rows may."""
    session = Session.objects.get(slug="plenary-3")
    session.translations.filter(language_code="en").update(title=f"Ctrl{UNPRINTABLE}title")
    point = Point.objects.filter(contribution__round__session=session).order_by("pk").first()
    point.translations.filter(language_code="en").update(text=f"A{UNPRINTABLE} point")
    return Session.objects.get(pk=session.pk)


def texts(value):
    found = []
    map_text(value, found.append)
    return found


def test_report_document_strips_unprintable_stored_text(gsef_2020, settings):
    settings.GSEF_SESSIONS_PDF_BRANDING = {"font": "Brand\x01"}  # settings, not stored text: left to the engine
    document = report_document(session=stored_past_the_validator(gsef_2020), language="en")
    assert document["report"]["session"]["title"] == "Ctrltitle"
    assert document["meta"]["title"] == "Plenary 3 — Ctrltitle"
    assert "A point" in texts(document["report"]["rounds"])
    assert [text for text in texts({**document, "branding": {}}) if set(text) & set(UNPRINTABLE)] == []
    assert document["branding"]["font"] == "Brand\x01"


def test_proceedings_document_strips_unprintable_stored_text(gsef_2020):
    stored_past_the_validator(gsef_2020)
    forum = Forum.objects.get(slug="gsef-2020")
    document = proceedings_document(forum=forum, sessions=Session.objects.filter(forum=forum), language="en")
    assert "Ctrltitle" in [report["session"]["title"] for report in document["reports"]]
    assert [text for text in texts({**document, "branding": {}}) if set(text) & set(UNPRINTABLE)] == []
