"""A report as Markdown and DOCX downloads: only what the reader may see, in the report's languages."""

import io

import docx
import pytest

from gsef_sessions.domain.versioning import touch
from gsef_sessions.models import Forum, Session
from tests.factories import ForumFactory, UserFactory

MARKDOWN = "/gsef-2020/plenary-3/report.en.md"
DOCX = "/gsef-2020/plenary-3/report.en.docx"
DRAFT_MARKDOWN = "/gsef-2020/plenary-1/report.en.md"
DRAFT_DOCX = "/gsef-2020/plenary-1/report.en.docx"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_markdown_published_is_an_attachment_for_anyone(gsef_2020, client):
    response = client.get(MARKDOWN)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="gsef-2020-plenary-3.en.md"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Language"] == "en"
    assert response["ETag"] == 'W/"1-en"'
    assert response["Cache-Control"] == "public, max-age=60, s-maxage=300, stale-while-revalidate=60"
    assert response["Vary"] == "Cookie, Accept-Language"
    text = response.content.decode()
    assert text.startswith("---\ntitle: New Digitalization Era and the Future of Work\n")
    assert "\n## Round 1\n" in text


def test_docx_published_is_an_attachment_word_opens(gsef_2020, client):
    response = client.get(DOCX)
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="gsef-2020-plenary-3.en.docx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["ETag"] == 'W/"1-en"'
    document = docx.Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == "New Digitalization Era and the Future of Work"
    assert document.core_properties.language == "en"


@pytest.mark.parametrize("url", [MARKDOWN, DOCX])
def test_download_current_etag_is_304(gsef_2020, client, url):
    response = client.get(url, HTTP_IF_NONE_MATCH='W/"1-en"')
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == 'W/"1-en"'


@pytest.mark.parametrize("url", [MARKDOWN, DOCX])
def test_download_after_a_change_has_the_new_version(gsef_2020, client, url):
    session = Session.objects.get(slug="plenary-3")
    session.title = "A new title"
    session.save()
    touch(session=session)
    response = client.get(url, HTTP_IF_NONE_MATCH='W/"1-en"')
    assert (response.status_code, response["ETag"]) == (200, 'W/"2-en"')


@pytest.mark.parametrize("url", [DRAFT_MARKDOWN, DRAFT_DOCX])
def test_download_draft_is_404_for_anonymous(gsef_2020, client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", [DRAFT_MARKDOWN, DRAFT_DOCX])
def test_download_draft_is_404_for_unassigned_rapporteur(gsef_2020, client, url):
    client.force_login(UserFactory(groups=["Rapporteurs"]))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", [DRAFT_MARKDOWN, DRAFT_DOCX])
def test_download_draft_is_404_for_organiser_of_another_forum(gsef_2020, client, url):
    organiser = UserFactory(groups=["Organisers"])
    ForumFactory(organisers=[organiser])
    client.force_login(organiser)
    assert client.get(url).status_code == 404


def test_download_draft_served_privately_to_its_rapporteur(gsef_2020, client):
    rapporteur = UserFactory(groups=["Rapporteurs"])
    Session.objects.get(slug="plenary-1").rapporteurs.add(rapporteur)
    client.force_login(rapporteur)
    response = client.get(DRAFT_MARKDOWN)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="gsef-2020-plenary-1.en.md"'
    assert sorted(response["Cache-Control"].split(", ")) == ["no-cache", "private"]
    assert response.content.decode().startswith("---\n")
    assert client.get(DRAFT_DOCX).status_code == 200


def test_download_draft_served_to_forum_organiser(gsef_2020, client):
    organiser = UserFactory(groups=["Organisers"])
    Forum.objects.get(slug="gsef-2020").organisers.add(organiser)
    client.force_login(organiser)
    assert client.get(DRAFT_DOCX).status_code == 200


@pytest.mark.parametrize("language", ["es", "de", "xx", "en-us"])
@pytest.mark.parametrize("extension", ["md", "docx"])
def test_download_language_report_lacks_is_404(gsef_2020, client, language, extension):
    # Plenary 3 is interpreted into Spanish and French, but its report is written in English only.
    assert client.get(f"/gsef-2020/plenary-3/report.{language}.{extension}").status_code == 404


def test_download_unknown_session_is_404(gsef_2020, client):
    assert client.get("/gsef-2020/plenary-9/report.en.md").status_code == 404
    assert client.get("/nope/plenary-3/report.en.docx").status_code == 404


def test_download_in_each_language_the_report_is_written_in(gsef_2020, client):
    session = Session.objects.get(slug="plenary-3")
    session.create_translation("es", title="Nueva era de la digitalización")
    touch(session=session)
    spanish = client.get("/gsef-2020/plenary-3/report.es.md")
    assert spanish.status_code == 200
    assert spanish["Content-Disposition"] == 'attachment; filename="gsef-2020-plenary-3.es.md"'
    assert (spanish["Content-Language"], spanish["ETag"]) == ("es", 'W/"2-es"')
    assert "\n## Introducción\n" in spanish.content.decode()
    assert client.get("/gsef-2020/plenary-3/report.en.md")["ETag"] == 'W/"2-en"'


def test_download_post_is_405(gsef_2020, client):
    assert client.post(MARKDOWN).status_code == 405


def test_session_page_links_the_downloads_by_language(gsef_2020, client):
    html = client.get("/gsef-2020/plenary-3/").content.decode()
    assert (
        '<ul class="documents"><li lang="en">'
        '<a href="/gsef-2020/plenary-3/report.en.md" type="text/markdown" download>Markdown (English)</a> · '
        f'<a href="/gsef-2020/plenary-3/report.en.docx" type="{DOCX_TYPE}" download>Word (English)</a>'
        "</li></ul>"
    ) in html
