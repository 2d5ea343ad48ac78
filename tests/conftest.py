from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(autouse=True)
def _fresh_cache():
    # parler caches translations by primary key; a rolled-back test must not leak them into the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english():
    # Translated fields are created in the active language; tests write English unless they say otherwise.
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _private_pdf_root(settings, tmp_path_factory):
    # Each test's PDFs in a folder of its own, never the demo's var/pdfs.
    settings.GSEF_SESSIONS_PDF_ROOT = str(tmp_path_factory.mktemp("pdfs"))


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def gsef_2020(db):
    """The GSEF 2020 fixtures, loaded as the README says (``loaddata fixtures/*.json``)."""
    files = sorted(str(path) for path in FIXTURES_DIR.glob("*.json"))
    assert [Path(f).name for f in files] == [
        "10_organisations.json",
        "20_forum.json",
        "30_people.json",
        "40_sessions.json",
        "50_plenary3_report.json",
    ]
    # parler caches translations by primary key in Django's cache, which a test's rollback does not
    # undo, and loaddata's raw saves do not refresh: without this, rows of earlier tests that had
    # the fixtures' primary keys would be read instead of the fixtures'. Cleared again afterwards
    # so that the fixtures' translations do not leak into later tests either.
    cache.clear()
    call_command("loaddata", *files, verbosity=0)
    yield
    cache.clear()


@pytest.fixture
def counting_renderer(settings):
    """PDFs from the fast test engine; yields the documents it was given, from empty."""
    from tests import (
        pdf_renderers,  # here, not at the top: it imports the engines, which need Django set up
    )

    settings.GSEF_SESSIONS_PDF_RENDERER = pdf_renderers.COUNTING
    pdf_renderers.CALLS.clear()
    yield pdf_renderers.CALLS
    pdf_renderers.CALLS.clear()


@pytest.fixture
def organiser(db):
    """An organiser (the Organisers group); ``session`` makes them organise its forum."""
    from tests.factories import UserFactory

    return UserFactory(groups=["Organisers"])


@pytest.fixture
def rapporteur(db):
    from tests.factories import UserFactory

    return UserFactory(groups=["Rapporteurs"])


@pytest.fixture
def session(organiser, rapporteur):
    """A draft in a forum ``organiser`` organises, with ``rapporteur`` assigned."""
    from tests.factories import ForumFactory, SessionFactory

    return SessionFactory(forum=ForumFactory(organisers=[organiser]), rapporteurs=[rapporteur])


@pytest.fixture
def forum_in_figures(organiser):
    """A forum of two published sessions and a draft, for its statistics.

    Plenary (in Spanish, interpreted into Spanish and English): Ana moderates (of a Mexican
    organisation), Ben (for Senegal, of a French organisation) and Chloé (France) are panelists; its
    Zoom report is imported (3 attendees, peak 3 at 9:20 Mexico City time, 170 person-minutes).
    Workshop (in English, English only): Ana and Chloé are panelists. The draft's Dan counts nowhere.
    """
    from gsef_sessions.domain.attendance_import import count_attendance, receive_attendance_report
    from gsef_sessions.enums import SessionStatus
    from tests.domain.test_attendance_import import MEETING
    from tests.factories import (
        ForumFactory,
        OrganisationFactory,
        ParticipationFactory,
        PersonFactory,
        SessionFactory,
        SessionKindFactory,
    )

    forum = ForumFactory(organisers=[organiser])
    workshop = SessionKindFactory(forum=forum, slug="workshop", name="Workshop")
    plenary = SessionFactory(
        forum=forum, slug="plenary", status=SessionStatus.PUBLISHED, original_language="es", languages=["es", "en"]
    )
    other = SessionFactory(
        forum=forum, kind=workshop, status=SessionStatus.PUBLISHED, original_language="en", languages=["en"]
    )
    draft = SessionFactory(forum=forum, original_language="fr", languages=["fr"])
    ana, ben, chloe = PersonFactory(country="MX"), PersonFactory(), PersonFactory(country="FR")
    mexican, french = OrganisationFactory(country="MX"), OrganisationFactory(country="FR")
    ParticipationFactory(session=plenary, person=ana, role_slug="moderator", organisation=mexican)
    ParticipationFactory(session=plenary, person=ben, country="SN", organisation=french)
    ParticipationFactory(session=plenary, person=chloe)
    ParticipationFactory(session=other, person=ana)
    ParticipationFactory(session=other, person=chloe)
    german = OrganisationFactory(country="DE")
    ParticipationFactory(session=draft, person=PersonFactory(country="DE"), organisation=german)
    row, _new = receive_attendance_report(
        session=plenary, user=organiser, data=MEETING.encode(), filename="participants.csv", queue=False
    )
    count_attendance(import_id=row.pk)
    return forum
