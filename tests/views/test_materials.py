"""Uploaded materials leave the private storage only through the session's page, as downloads."""

import pytest
from django.core.files.base import ContentFile

from tests.factories import MaterialFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.GSEF_SESSIONS_PDF_ROOT = str(tmp_path / "private")


def uploaded(session, content=b"<script>alert(1)</script>", name="slides.html"):
    material = MaterialFactory(session=session, url="")
    material.file.save(name, ContentFile(content))
    return material


def download(client, material):
    return client.get(f"/{material.session.forum.slug}/{material.session.slug}/materials/{material.uuid}/")


def test_material_of_a_draft_is_404_for_anonymous_and_served_to_its_rapporteur(client):
    rapporteur = UserFactory(groups=["Rapporteurs"])
    material = uploaded(SessionFactory(rapporteurs=[rapporteur]))
    assert download(client, material).status_code == 404
    client.force_login(rapporteur)
    response = download(client, material)
    assert (response.status_code, response["Cache-Control"]) == (200, "private, no-cache")


def test_material_of_a_published_session_is_a_sandboxed_download(client):
    material = uploaded(SessionFactory(status="published"))
    response = download(client, material)
    assert response.status_code == 200
    assert (
        response["Content-Disposition"],
        response["Content-Type"],
        response["X-Content-Type-Options"],
        response["Content-Security-Policy"],
        b"".join(response.streaming_content),
    ) == (
        f'attachment; filename="{material.session.slug}-slides.html"',
        "text/html",
        "nosniff",
        "sandbox",
        b"<script>alert(1)</script>",
    )


def test_material_given_as_a_link_or_lost_from_storage_is_404(client):
    session = SessionFactory(status="published")
    linked = MaterialFactory(session=session)
    lost = uploaded(session)
    lost.file.storage.delete(lost.file.name)
    assert (download(client, linked).status_code, download(client, lost).status_code) == (404, 404)


def test_session_page_lists_materials_and_says_it_was_not_recorded(client):
    session = SessionFactory(status="published", not_recorded=True)
    MaterialFactory(session=session, kind="slides", title="Slides", language="es", url="https://example.org/s.pdf")
    file = uploaded(session)
    page = client.get(f"/{session.forum.slug}/{session.slug}/").content.decode()
    assert (
        '<li class="material-slides"><a href="https://example.org/s.pdf" hreflang="es" rel="noopener">Slides</a> '
        "(Slides, Spanish)</li>"
    ) in page
    assert f'href="http://127.0.0.1:8000/{session.forum.slug}/{session.slug}/materials/{file.uuid}/"' in page
    assert '<p class="not-recorded">This session was not recorded.</p>' in page
