"""PDF downloads: only what the reader may see, only the PDF of the current content, 503 until then."""

import pytest

from gsef_sessions.domain.versioning import touch
from gsef_sessions.enums import RenderKind, RenderStatus
from gsef_sessions.models import Forum, Render, Session
from tests import pdf_renderers
from tests.factories import ForumFactory, SessionFactory, UserFactory

PLENARY_3 = "/gsef-2020/plenary-3/report.en.pdf"
PLENARY_1 = "/gsef-2020/plenary-1/report.en.pdf"  # a draft
PROCEEDINGS = "/gsef-2020/proceedings/en.pdf"


@pytest.fixture(autouse=True)
def _counting(counting_renderer):
    """Every test here renders with the fast test engine."""


@pytest.fixture
def fetch(client, django_capture_on_commit_callbacks):
    """GET ``url``, then run what its transaction queued (eager Celery: the render itself)."""

    def get(url, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.get(url, **kwargs)

    return get


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content  # the test client closes a streamed response once it is read


def retitle(slug, title):
    session = Session.objects.get(slug=slug)
    session.title = title
    session.save()
    touch(session=session)


def test_session_pdf_published_first_503_then_pdf(gsef_2020, fetch):
    first = fetch(PLENARY_3)
    assert first.status_code == 503
    assert first["Retry-After"] == "10"
    assert first["Content-Type"] == "text/plain; charset=utf-8"
    assert "being prepared" in first.content.decode()
    assert "no-store" in first["Cache-Control"]
    second = fetch(PLENARY_3)
    assert second.status_code == 200
    assert second["Content-Type"] == "application/pdf"
    assert second["Content-Disposition"] == 'inline; filename="gsef-2020-plenary-3-en.pdf"'
    assert sorted(second["Cache-Control"].split(", ")) == ["max-age=300", "public"]
    render = Render.objects.get(session__slug="plenary-3", status=RenderStatus.READY)
    assert second["ETag"] == f'"{render.content_hash}"'
    assert body(second).startswith(b"%PDF")
    assert len(pdf_renderers.CALLS) == 1


def test_session_pdf_retry_after_follows_setting(gsef_2020, client, settings):
    settings.GSEF_SESSIONS_PDF_RETRY_AFTER = 42
    response = client.get(PLENARY_3)
    assert (response.status_code, response["Retry-After"]) == (503, "42")


def test_session_pdf_draft_404_for_anonymous(gsef_2020, fetch):
    assert fetch(PLENARY_1).status_code == 404
    assert fetch(PLENARY_1).status_code == 404
    assert Render.objects.count() == 0


def test_session_pdf_draft_404_for_unassigned_rapporteur(gsef_2020, client, fetch):
    client.force_login(UserFactory(groups=["Rapporteurs"]))
    assert fetch(PLENARY_1).status_code == 404
    assert Render.objects.count() == 0


def test_session_pdf_draft_served_privately_to_assigned_rapporteur(gsef_2020, client, fetch):
    rapporteur = UserFactory(groups=["Rapporteurs"])
    Session.objects.get(slug="plenary-1").rapporteurs.add(rapporteur)
    client.force_login(rapporteur)
    assert fetch(PLENARY_1).status_code == 503
    response = fetch(PLENARY_1)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="gsef-2020-plenary-1-en.pdf"'
    assert sorted(response["Cache-Control"].split(", ")) == ["no-cache", "private"]
    assert body(response).startswith(b"%PDF")


def test_session_pdf_draft_served_privately_to_forum_organiser(gsef_2020, client, fetch):
    organiser = UserFactory(groups=["Organisers"])
    Forum.objects.get(slug="gsef-2020").organisers.add(organiser)
    client.force_login(organiser)
    assert fetch(PLENARY_1).status_code == 503
    response = fetch(PLENARY_1)
    assert response.status_code == 200
    assert sorted(response["Cache-Control"].split(", ")) == ["no-cache", "private"]
    assert body(response).startswith(b"%PDF")


def test_session_pdf_draft_404_for_organiser_of_another_forum(gsef_2020, client, fetch):
    organiser = UserFactory(groups=["Organisers"])
    ForumFactory(organisers=[organiser])
    client.force_login(organiser)
    assert fetch(PLENARY_1).status_code == 404


def test_session_pdf_language_report_lacks_is_404(gsef_2020, fetch):
    # Plenary 3 is interpreted into Spanish and French, but its report is written in English only.
    assert fetch("/gsef-2020/plenary-3/report.es.pdf").status_code == 404
    assert fetch("/gsef-2020/plenary-3/report.de.pdf").status_code == 404
    assert Render.objects.count() == 0


def test_session_pdf_unknown_session_is_404(gsef_2020, fetch):
    assert fetch("/gsef-2020/plenary-9/report.en.pdf").status_code == 404
    assert fetch("/nope/plenary-3/report.en.pdf").status_code == 404


def test_session_pdf_post_not_allowed(gsef_2020, client):
    assert client.post(PLENARY_3).status_code == 405


def test_session_pdf_after_change_is_503_not_old_pdf(gsef_2020, fetch):
    fetch(PLENARY_3)
    assert fetch(PLENARY_3).status_code == 200
    old = Render.objects.get(session__slug="plenary-3")
    retitle("plenary-3", "The Future of Work, revised")  # its render is queued, not run
    response = fetch(PLENARY_3)
    old.refresh_from_db()
    assert old.status == RenderStatus.READY  # still kept, but no longer current
    assert response.status_code == 503
    assert "being prepared" in response.content.decode()


def test_session_pdf_failed_render_is_503_could_not_be_prepared(gsef_2020, settings, fetch):
    settings.GSEF_SESSIONS_PDF_RENDERER = "tests.pdf_renderers.FailingRenderer"
    assert fetch(PLENARY_3).status_code == 503
    assert Render.objects.get(session__slug="plenary-3").status == RenderStatus.FAILED
    response = fetch(PLENARY_3)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "could not be prepared" in response.content.decode()
    assert "template error" not in response.content.decode()  # the error is for the admin, not readers


def test_session_pdf_redirect_to_storage_url(gsef_2020, settings, tmp_path, fetch):
    settings.STORAGES = {
        **settings.STORAGES,
        "gsef_sessions_pdfs": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "bucket"), "base_url": "https://files.example.org/pdfs/"},
        },
    }
    settings.GSEF_SESSIONS_PDF_REDIRECT = True
    assert fetch(PLENARY_3).status_code == 503
    render = Render.objects.get(session__slug="plenary-3")
    assert render.status == RenderStatus.READY
    assert (tmp_path / "bucket" / render.file.name).is_file()
    response = fetch(PLENARY_3)
    assert response.status_code == 302
    assert response["Location"] == f"https://files.example.org/pdfs/{render.file.name}"


def test_proceedings_pdf_first_503_then_pdf(gsef_2020, fetch):
    first = fetch(PROCEEDINGS)
    assert first.status_code == 503
    assert "being prepared" in first.content.decode()
    second = fetch(PROCEEDINGS)
    assert second.status_code == 200
    assert second["Content-Type"] == "application/pdf"
    assert second["Content-Disposition"] == 'inline; filename="gsef-2020-proceedings-en.pdf"'
    assert sorted(second["Cache-Control"].split(", ")) == ["max-age=300", "public"]
    assert body(second).startswith(b"%PDF")
    assert Render.objects.get().kind == RenderKind.PROCEEDINGS
    assert [r["session"]["slug"] for r in pdf_renderers.CALLS[0]["reports"]] == ["plenary-3"]


def test_proceedings_pdf_ready_is_not_rendered_again(gsef_2020, fetch):
    fetch(PROCEEDINGS)
    for _ in range(3):
        assert fetch(PROCEEDINGS).status_code == 200
    assert len(pdf_renderers.CALLS) == 1
    assert Render.objects.count() == 1


def test_proceedings_pdf_forum_without_published_sessions_is_404(db, fetch):
    session = SessionFactory()  # a draft
    assert fetch(f"/{session.forum.slug}/proceedings/en.pdf").status_code == 404
    assert Render.objects.count() == 0


def test_proceedings_pdf_language_outside_forum_is_404(gsef_2020, fetch):
    assert fetch("/gsef-2020/proceedings/de.pdf").status_code == 404


def test_session_page_shows_being_prepared_then_link(gsef_2020, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        touch(session=Session.objects.get(slug="plenary-3"))
    html = client.get("/gsef-2020/plenary-3/").content.decode()
    assert "PDF (English): being prepared, please come back in a few seconds." in html
    assert "report.en.pdf" not in html
    for callback in callbacks:
        callback()
    html = client.get("/gsef-2020/plenary-3/").content.decode()
    assert "being prepared" not in html
    assert (
        '<a href="http://testserver/gsef-2020/plenary-3/report.en.pdf" type="application/pdf">PDF (English)</a>' in html
    )


def test_session_page_failed_pdf_not_available(gsef_2020, client, settings, django_capture_on_commit_callbacks):
    settings.GSEF_SESSIONS_PDF_RENDERER = "tests.pdf_renderers.FailingRenderer"
    with django_capture_on_commit_callbacks(execute=True):
        touch(session=Session.objects.get(slug="plenary-3"))
    html = client.get("/gsef-2020/plenary-3/").content.decode()
    assert "PDF (English): not available at the moment." in html
    assert "report.en.pdf" not in html
