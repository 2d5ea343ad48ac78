"""Public pages from the page cache: anonymous readers get stored pages under their version's tag
(conditional GET, CDN headers); a change shows at once; signed-in users always get the current page."""

import re

import pytest
from django.urls import include, path

from gsef_sessions.domain import workflow
from gsef_sessions.domain.versioning import touch
from gsef_sessions.enums import RenderStatus
from gsef_sessions.models import Render, Session
from tests.factories import ParticipationFactory, PersonFactory, SessionFactory, SessionKindFactory

pytestmark = pytest.mark.django_db

# A host whose languages share one address (no i18n_patterns) and that mounts set_language: the
# switcher is a form with the reader's CSRF token, so its pages are never shared.
urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("gsef_sessions.urls")),
]


@pytest.fixture
def published(session):
    """Published in a forum ``organiser`` organises."""
    session.status, session.title = "published", "The Future of Work"
    session.save()
    return session


def page(session):
    return f"/{session.forum.slug}/{session.slug}/"


def retitle(session, title):
    session.title = title
    session.save()
    touch(session=session)


def test_report_page_second_anonymous_get_costs_one_query_and_gives_the_same_bytes(
    gsef_2020, client, django_assert_num_queries
):
    first = client.get("/gsef-2020/plenary-3/")
    with django_assert_num_queries(1):  # the session's version and PDFs' state
        second = client.get("/gsef-2020/plenary-3/")
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.content == first.content
    version = Session.objects.get(slug="plenary-3").version
    assert second["ETag"] == first["ETag"] == f'W/"{version}-en;pdf-en=missing"'  # as the API's
    assert client.get("/api/sessions/gsef-2020/plenary-3/")["ETag"] == first["ETag"]


def test_report_page_anonymous_headers_let_a_cdn_cache_it(client, published, settings):
    settings.GSEF_SESSIONS_PAGE_CACHE_CONTROL = "public, max-age=5, s-maxage=50"
    response = client.get(page(published))
    assert response["Cache-Control"] == "public, max-age=5, s-maxage=50"
    assert "Cookie" in re.split(r",\s*", response["Vary"])
    assert "Set-Cookie" not in response


def test_report_page_change_is_shown_at_once(client, published):
    assert "<h1>The Future of Work</h1>" in client.get(page(published)).content.decode()
    retitle(published, "The Future of Care")
    response = client.get(page(published))
    assert "<h1>The Future of Care</h1>" in response.content.decode()
    assert response["ETag"] == f'W/"{published.version}-en;pdf-en=pending"'


def test_report_page_current_etag_is_answered_304_without_a_body(client, published):
    etag = client.get(page(published))["ETag"]
    response = client.get(page(published), headers={"if-none-match": etag})
    assert (response.status_code, response.content, response["ETag"]) == (304, b"", etag)


def test_report_page_old_etag_is_answered_200(client, published):
    etag = client.get(page(published))["ETag"]
    retitle(published, "The Future of Care")
    response = client.get(page(published), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_report_page_unpublished_is_404_at_once_even_with_its_etag(client, published, organiser):
    etag = client.get(page(published))["ETag"]
    workflow.unpublish(session=published, user=organiser)
    assert client.get(page(published), headers={"if-none-match": etag}).status_code == 404
    assert client.get(page(published)).status_code == 404


def test_report_page_languages_do_not_share_entries(client, published):
    published.set_current_language("es")
    published.title = "El futuro del trabajo"
    published.save()
    english, spanish = client.get(page(published)), client.get(f"/es{page(published)}")
    assert "<h1>The Future of Work</h1>" in english.content.decode()
    assert "<h1>El futuro del trabajo</h1>" in spanish.content.decode()
    assert (english["ETag"], spanish["ETag"]) == (
        f'W/"{published.version}-en;pdf-en=missing;pdf-es=missing"',
        f'W/"{published.version}-es;pdf-en=missing;pdf-es=missing"',
    )


def test_report_page_follows_its_pdfs_without_a_new_version(client, session, organiser):
    workflow.publish(session=session, user=organiser)  # records the renders; they run on commit
    preparing = client.get(page(session))
    assert "PDF (English): being prepared" in preparing.content.decode()
    Render.objects.filter(session=session).update(status=RenderStatus.READY)
    ready = client.get(page(session), headers={"if-none-match": preparing["ETag"]})
    assert ready.status_code == 200
    assert "PDF (English): being prepared" not in ready.content.decode()
    assert ready["ETag"] == f'W/"{Session.objects.get(pk=session.pk).version}-en"'


def test_report_page_signed_in_organiser_sees_the_current_draft_privately(client, session, organiser):
    client.force_login(organiser)
    session.title = "Changed without a new version"
    session.save()
    response = client.get(page(session))
    assert response.status_code == 200
    assert "<h1>Changed without a new version</h1>" in response.content.decode()
    assert "Draft: not published" in response.content.decode()
    assert response["Cache-Control"] == "private, no-cache"
    assert "ETag" not in response


def test_report_page_with_the_set_language_form_is_not_shared(client, published, settings):
    settings.ROOT_URLCONF = __name__
    response = client.get(page(published))
    assert '<form class="language-switcher" action="/i18n/setlang/" method="post">' in response.content.decode()
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert response["Cache-Control"] == "private, no-cache"
    assert "ETag" not in response


def test_programme_page_filters_do_not_share_entries(client, published):
    workshop = SessionKindFactory(forum=published.forum, slug="workshop", name="Workshop")
    SessionFactory(forum=published.forum, kind=workshop, status="published", title="Solidarity Finance")
    url = f"/{published.forum.slug}/"
    everything = client.get(url).content.decode()
    workshops = client.get(url, {"kind": "workshop"}).content.decode()
    assert "The Future of Work" in everything and "Solidarity Finance" in everything
    assert "The Future of Work" not in workshops and "Solidarity Finance" in workshops
    assert client.get(url, {"kind": "workshop", "utm_source": "x"}).content.decode() == workshops


def test_programme_page_shows_a_change_at_once_and_answers_304(client, published, django_assert_num_queries):
    url = f"/{published.forum.slug}/"
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(1):
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    retitle(published, "The Future of Care")
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "The Future of Care" in response.content.decode()
    SessionFactory(forum=published.forum, status="published", title="Solidarity Finance")
    assert "Solidarity Finance" in client.get(url).content.decode()


def test_person_page_shows_a_change_at_once(client, published, organiser):
    person = PersonFactory(given_name="Soledad", family_name="Aragón")
    ParticipationFactory(session=published, person=person)
    url = f"/{published.forum.slug}/people/{person.uuid}/"
    first = client.get(url)
    assert "The Future of Work" in first.content.decode()
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    retitle(published, "The Future of Care")
    assert "The Future of Care" in client.get(url).content.decode()
    workflow.unpublish(session=published, user=organiser)
    assert client.get(url).status_code == 404


def test_report_page_in_a_language_the_report_lacks_is_its_own_entry(client, published):
    english, spanish = client.get(page(published)), client.get(f"/es{page(published)}")
    assert "<h1>The Future of Work</h1>" in spanish.content.decode()  # the report falls back to English
    assert spanish.content != english.content  # the page's own labels are Spanish
    assert (english["ETag"], spanish["ETag"]) == (
        f'W/"{published.version}-en;pdf-en=missing"',
        f'W/"{published.version}-en;pdf-en=missing;ui-es"',
    )
