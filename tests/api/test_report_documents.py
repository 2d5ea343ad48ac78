"""A report as Markdown and DOCX through the API: visible as the report is, in its languages only."""

import io

import docx
import pytest

from gsef_sessions.domain.versioning import touch
from gsef_sessions.enums import SessionStatus
from tests.api.conftest import report
from tests.factories import ForumFactory

pytestmark = pytest.mark.django_db

STATUSES = [SessionStatus.DRAFT, SessionStatus.IN_REVIEW, SessionStatus.PUBLISHED, SessionStatus.UNPUBLISHED]
READERS = ["anonymous", "assigned", "unassigned", "organiser"]
BEHIND_THE_SCENES = {"assigned", "organiser"}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def urls(session, language="en"):
    base = f"/api/sessions/{session.forum.slug}/{session.slug}/report.{language}"
    return {"md": f"{base}.md", "docx": f"{base}.docx"}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("reader", READERS)
def test_report_documents_visible_as_the_report_is(api, people, reader, status):
    forum = ForumFactory(organisers=[people["organiser"]])
    session = report(status=status, forum=forum, rapporteurs=[people["assigned"]])
    if people[reader]:
        api.force_login(people[reader])
    visible = status == SessionStatus.PUBLISHED or reader in BEHIND_THE_SCENES
    answers = {kind: api.get(url).status_code for kind, url in urls(session).items()}
    assert answers == {"md": 200 if visible else 404, "docx": 200 if visible else 404}


def test_report_markdown_headers_and_body(api):
    session = report(slug="plenary-3")
    response = api.get(urls(session)["md"])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{session.forum.slug}-plenary-3.en.md"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Language"] == "en"
    assert response["ETag"] == 'W/"1-en"'
    assert response["Cache-Control"] == "public, max-age=60, s-maxage=300, stale-while-revalidate=60"
    lines = response.content.decode().splitlines()
    assert lines[:2] == ["---", "title: New Digitalization Era and the Future of Work"]
    assert "> Point of panelist 0" in lines


def test_report_docx_headers_and_body(api):
    session = report(slug="plenary-3")
    response = api.get(urls(session)["docx"])
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == f'attachment; filename="{session.forum.slug}-plenary-3.en.docx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["ETag"] == 'W/"1-en"'
    document = docx.Document(io.BytesIO(response.content))
    assert [p.text for p in document.paragraphs if p.style.name == "List Bullet"] == ["Point of panelist 0"]


@pytest.mark.parametrize("kind", ["md", "docx"])
def test_report_document_current_etag_is_304_and_a_change_is_200(api, kind):
    session = report()
    url = urls(session)[kind]
    assert api.get(url, HTTP_IF_NONE_MATCH='W/"1-en"').status_code == 304
    touch(session=session)
    response = api.get(url, HTTP_IF_NONE_MATCH='W/"1-en"')
    assert (response.status_code, response["ETag"]) == (200, 'W/"2-en"')


@pytest.mark.parametrize("language", ["es", "de", "zz"])
@pytest.mark.parametrize("kind", ["md", "docx"])
def test_report_document_language_report_lacks_is_json_404(api, kind, language):
    response = api.get(urls(report(), language)[kind])
    assert (response.status_code, response["Content-Type"], response.json()) == (
        404,
        "application/json",
        {"detail": "Not found."},
    )


def test_report_document_in_a_translation(api):
    session = report()
    session.create_translation("es", title="La nueva era")
    touch(session=session)
    response = api.get(urls(session, "es")["md"])
    assert (response.status_code, response["Content-Language"], response["ETag"]) == (200, "es", 'W/"2-es"')
    assert response.content.decode().splitlines()[1] == "title: La nueva era"


def test_report_documents_are_throttled_as_exports(api, settings):
    settings.GSEF_SESSIONS_API_THROTTLE_RATES = {"export": "1/minute"}
    url = urls(report())["md"]
    assert [api.get(url).status_code for _ in range(2)] == [200, 429]


def test_schema_documents_report_documents(api):
    paths = api.get("/api/schema/", {"format": "json"}).json()["paths"]
    for kind, media_type, body in (
        ("md", "text/markdown", {"type": "string"}),
        ("docx", DOCX_TYPE, {"type": "string", "format": "binary"}),
    ):
        operation = paths[f"/api/sessions/{{forum_slug}}/{{session_slug}}/report.{{language}}.{kind}"]["get"]
        assert operation["responses"]["200"]["content"] == {media_type: {"schema": body}}
        assert {"200", "304", "404", "429"} <= set(operation["responses"])
        assert [p["name"] for p in operation["parameters"]] == ["forum_slug", "language", "session_slug"]
