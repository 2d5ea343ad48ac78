import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gsef_sessions.domain.versioning import touch
from gsef_sessions.models import Point
from tests.api.conftest import report
from tests.factories import (
    MEXICO,
    AttendanceFactory,
    AudienceQuestionFactory,
    ForumFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def queries(api, url):
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url)
    assert response.status_code == 200, response.content
    return len(ctx)


def detail_url(session):
    return f"/api/sessions/{session.forum.slug}/{session.slug}/"


def test_seed_report_is_complete(api, gsef_2020):
    data = api.get("/api/sessions/gsef-2020/plenary-3/").json()
    points = [p for rnd in data["rounds"] for c in rnd["contributions"] for p in c["points"]]
    texts = [p["text"] for p in points] + [child["text"] for p in points for child in p["children"]]
    assert (len(texts), set(texts)) == (
        111,
        set(
            Point.objects.filter(contribution__round__session__slug="plenary-3").values_list(
                "translations__text", flat=True
            )
        ),
    )
    assert [r["label"] for r in data["rounds"]][:3] == ["Introduction", "Round 1", "Round 2"]
    # In the order the API always gave them (by role, then order), each role with its category.
    assert [(p["role"], p["order"], p["role_category"]) for p in data["participants"]] == [
        ("moderator", 1, "moderator"),
        ("opening_speaker", 1, "speaker"),
        *(("panelist", order, "speaker") for order in range(1, 7)),
    ]
    assert [(r["slug"], r["heading"], r["numbered"]) for r in data["roles"]] == [
        ("moderator", "Name of the moderator:", False),
        ("panelist", "Name of the panelists/commentators:", True),
        ("opening_speaker", "Opening speakers:", False),
    ]
    assert data["attendance"][0]["count"] == 441
    assert data["url"] == "http://127.0.0.1:8000/api/sessions/gsef-2020/plenary-3/"
    assert data["status"] == "published"
    assert {s["organization"]["name"] for s in data["sponsors"]} >= {
        "Finanzgruppe Sparkassenstiftung für internationale Kooperation"
    }
    assert [pdf["language"] for pdf in data["pdfs"]] == ["en"]
    assert data["pdfs"][0]["url"].startswith("http://127.0.0.1:8000/")


def test_detail_nests_qa_with_answering_participant(api):
    session = report()
    part = session.participations.get()
    AudienceQuestionFactory(session=session, is_answered=True, answered_by=part, answer="By training.")
    AttendanceFactory(session=session)
    data = api.get(detail_url(session)).json()
    assert data["qa"]["questions"][0]["answered_by"] == str(part.uuid)
    assert data["attendance"][0]["platform"] == "Zoom"
    assert data["rounds"][0]["contributions"][0]["participant"] == str(part.uuid)


def spanish_session_with_french_title():
    session = report(original_language="es")
    session.set_current_language("es")
    session.title = "Nueva era de la digitalización"
    session.save()
    session.set_current_language("fr")
    session.title = "Nouvelle ère de la numérisation"
    session.save()
    return session


def test_lang_parameter_and_accept_language_choose_the_translation(api):
    session = spanish_session_with_french_title()
    assert api.get(detail_url(session), {"lang": "fr"}).json()["title"] == "Nouvelle ère de la numérisation"
    response = api.get(detail_url(session), HTTP_ACCEPT_LANGUAGE="fr")
    assert (response.json()["language"], response["Content-Language"]) == ("fr", "fr")
    # ?lang= wins over the header.
    assert api.get(detail_url(session), {"lang": "es"}, HTTP_ACCEPT_LANGUAGE="fr").json()["language"] == "es"


def test_a_language_not_of_the_site_counts_as_none(api):
    """?lang=de is not one of the site's languages: the site's default (en) is used, never an error."""
    session = spanish_session_with_french_title()
    data = api.get(detail_url(session), {"lang": "de"}).json()
    assert (data["language"], data["title"], data["available_languages"]) == (
        "en",
        "New Digitalization Era and the Future of Work",
        ["en", "es", "fr"],
    )


def test_list_paginates_with_counts(api, settings):
    settings.GSEF_SESSIONS_API_PAGE_SIZE = 2
    forum = ForumFactory()
    for n in range(3):
        SessionFactory(forum=forum, status="published", starts_at=datetime.datetime(2020, 10, 19 + n, 9, tzinfo=MEXICO))
    first = api.get("/api/sessions/").json()
    assert (first["count"], len(first["results"]), first["next"] is not None) == (3, 2, True)
    assert len(api.get("/api/sessions/", {"page_size": 3}).json()["results"]) == 3


def slugs(api, **params):
    return [s["slug"] for s in api.get("/api/sessions/", params).json()["results"]]


def test_filters(api):
    forum = ForumFactory(slug="gsef-2020")
    report(forum=forum, slug="a", starts_at=datetime.datetime(2020, 10, 19, 9, tzinfo=MEXICO))
    b = report(forum=forum, slug="b", starts_at=datetime.datetime(2020, 10, 21, 9, tzinfo=MEXICO))
    other = report(slug="other")
    part = b.participations.get()
    part.country, part.organisation = "MX", OrganisationFactory(slug="mexico-city")
    part.save()
    b.set_current_language("es")
    b.title = "Sesión"
    b.save()
    assert slugs(api, forum="gsef-2020") == ["a", "b"]
    assert slugs(api, kind="plenary", forum="gsef-2020") == ["a", "b"]
    assert slugs(api, date_from="2020-10-20", forum="gsef-2020") == ["b"]
    assert slugs(api, date_to="2020-10-20", forum="gsef-2020") == ["a"]
    assert slugs(api, language="es") == ["b"]
    assert slugs(api, participant=str(part.person.uuid)) == ["b"]
    assert slugs(api, country="mx") == ["b"]
    assert slugs(api, organization="mexico-city") == ["b"]
    assert slugs(api, organization=other.sponsors.get().organisation.slug) == ["other"]
    assert slugs(api, search=part.person.family_name) == ["b"]
    assert slugs(api, search="sesión") == ["b"]
    assert slugs(api, search="panelist 0", forum="gsef-2020") == ["a", "b"]
    assert slugs(api, ordering="-starts_at", forum="gsef-2020") == ["b", "a"]


def test_person_with_two_roles_lists_the_session_once(api):
    session = report(slug="once")
    person = session.participations.get().person
    ParticipationFactory(session=session, person=person, role_slug="moderator")
    assert slugs(api, participant=str(person.uuid)) == ["once"]


def test_invalid_filter_is_400(api):
    response = api.get("/api/sessions/", {"date_from": "yesterday"})
    assert (response.status_code, list(response.json())) == (400, ["date_from"])


def test_people_list_hides_hidden_people_but_not_their_page(api):
    session = report()
    person = session.participations.get().person
    person.hide_from_listings = True
    person.save()
    assert api.get("/api/people/").json()["count"] == 0
    assert api.get(f"/api/people/{person.uuid}/").status_code == 200


def test_quotes_across_a_forum(api):
    session = report(panelists=3)
    report(panelists=2)
    quotes = api.get("/api/quotes/", {"forum": session.forum.slug}).json()["results"]
    assert [(q["text"], q["session"]["uuid"]) for q in quotes] == [("Point of panelist 0", str(session.uuid))]
    assert quotes[0]["speaker"]["name"].startswith("Soledad")


# --- Query counts: constant in the size of the data ---------------------------------------------------


def test_detail_queries_do_not_grow_with_panelists(api):
    one, twenty = report(panelists=1), report(panelists=20)
    for session in (one, twenty):
        AudienceQuestionFactory(session=session)
        AttendanceFactory(session=session)
    cold = (queries(api, detail_url(one)), queries(api, detail_url(twenty)))
    warm = (queries(api, detail_url(one)), queries(api, detail_url(twenty)))
    assert cold[0] == cold[1]
    assert warm[0] == warm[1] <= 3
    touch(session=twenty)  # a change: a new version is built once, then stored again
    assert queries(api, detail_url(twenty)) == cold[1]


@pytest.mark.parametrize(
    "url", ["/api/sessions/", "/api/forums/", "/api/people/", "/api/organizations/", "/api/quotes/"]
)
def test_list_queries_do_not_grow_with_sessions(api, url, no_throttling):
    forum = ForumFactory()
    report(forum=forum)
    single = queries(api, url)
    for _ in range(49):
        report(forum=forum if url != "/api/forums/" else ForumFactory(), panelists=2)
    assert queries(api, url) == single  # built anew (the sessions list stores pages: first read)
    assert api.get(url).json()["count"] >= 50


def test_list_queries_are_constant_for_a_rapporteur_too(api, people):
    forum = ForumFactory(organisers=[people["organiser"]])
    report(forum=forum, status="draft")
    api.force_login(people["organiser"])
    single = queries(api, "/api/sessions/")
    for _ in range(10):
        report(forum=forum, status="draft", panelists=2)
    assert queries(api, "/api/sessions/") == single


@pytest.mark.parametrize("size", [1, 30])
def test_session_list_page_is_one_query_once_stored_whatever_its_size(
    api, no_throttling, size, django_assert_num_queries
):
    forum = ForumFactory(slug="listed")
    for _ in range(size):
        report(forum=forum)
    with django_assert_num_queries(6):  # the list's state, the count, the page, sessions, forum and kind names
        built = api.get("/api/sessions/", {"forum": "listed"})
    with django_assert_num_queries(1):  # the list's state: count, sums of ids and versions, last change
        stored = api.get("/api/sessions/", {"forum": "listed"})
    assert (stored.content, len(stored.json()["results"])) == (built.content, size)


def test_session_list_shows_a_change_or_an_unpublication_at_once(api):
    first, second = report(slug="first"), report(slug="second")
    api.get("/api/sessions/")
    first.title = "Renamed"
    first.save()
    touch(session=first)
    assert [s["title"] for s in api.get("/api/sessions/").json()["results"]][0] == "Renamed"
    type(second).objects.filter(pk=second.pk).update(status="draft")  # no version bump: the count changes
    assert slugs(api) == ["first"]


def test_session_list_stored_for_one_reader_is_not_shown_to_another(api, people):
    forum = ForumFactory(organisers=[people["organiser"]])
    report(forum=forum, slug="published")
    report(forum=forum, slug="draft", status="draft")
    assert slugs(api) == ["published"]
    api.force_login(people["organiser"])
    assert sorted(slugs(api)) == ["draft", "published"]
    api.logout()
    assert slugs(api) == ["published"]


def test_person_detail_queries_do_not_grow_with_sessions(api):
    person = PersonFactory()
    first = report(panelists=0)
    ParticipationFactory(session=first, person=person)
    single = queries(api, f"/api/people/{person.uuid}/")
    for _ in range(10):
        ParticipationFactory(session=report(panelists=0), person=person)
    assert queries(api, f"/api/people/{person.uuid}/") == single
