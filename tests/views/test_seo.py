"""What machines read (JSON-LD, OpenGraph, canonical and hreflang links, the sitemap), the language
prefix and switcher, and the pages' accessible structure."""

import datetime
import json
import re
import xml.etree.ElementTree as ET
from html import unescape as html_unescape
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from gsef_sessions.domain import read_model, structured_data
from gsef_sessions.domain.presentation import printed_report
from gsef_sessions.domain.structured_data import script_json
from gsef_sessions.models import Person, Session
from tests.factories import (
    ParticipationFactory,
    PersonFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def meta(html, prop):
    return re.findall(rf'<meta property="{re.escape(prop)}" content="([^"]*)">', html)


@pytest.fixture
def seed(gsef_2020, client):
    return client.get("/gsef-2020/plenary-3/").content.decode()


# --- JSON-LD and OpenGraph ------------------------------------------------------------------------


def test_seed_event_json_ld(seed):
    event = json_ld(seed)
    assert "endDate" not in event  # none entered: the forum's default slot is no fact to state
    url = "http://testserver/gsef-2020/plenary-3/"
    assert {
        key: event[key]
        for key in (
            "@context",
            "@type",
            "name",
            "startDate",
            "eventAttendanceMode",
            "location",
            "inLanguage",
            "url",
        )
    } == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Plenary 3: New Digitalization Era and the Future of Work",
        "startDate": "2020-10-21T08:30:00-05:00",
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "location": {"@type": "VirtualLocation", "url": url},
        "inLanguage": ["es", "en", "fr"],
        "url": url,
    }
    assert event["description"] == "Challenges and Opportunities"
    assert [(org["name"], org["url"]) for org in event["organizer"]] == [
        ("Global Social Economy Forum (GSEF)", "https://www.gsef-net.org/"),
        ("Institute of Social Economy of Mexico (INAES)", "https://www.gob.mx/inaes"),
        ("Mexico City Government", "https://www.cdmx.gob.mx/"),
    ]
    tang = next(p for p in event["performer"] if p["name"] == "Audrey Tang")
    assert tang["@type"] == "Person"
    assert tang["jobTitle"] == "Digital Minister, Taiwan"
    # The post is the job title; the organisation, the affiliation.
    kola = next(p for p in event["performer"] if p["name"] == "Baudouin Kola")
    assert (kola["jobTitle"], kola["affiliation"]) == (
        "National Director of CeRES, Togo",
        {"@type": "Organization", "name": "CeRES"},
    )
    assert "image" not in event  # GSEF 2020 has no logo
    assert re.fullmatch(r"http://testserver/gsef-2020/people/[0-9a-f-]{36}/", tang["url"])
    assert len(event["performer"]) == 8


@pytest.mark.parametrize(
    ("platforms", "room", "mode", "types"),
    [
        ("", "Sala Mayor", "Offline", ["Place"]),
        ("Zoom", "Sala Mayor", "Mixed", ["VirtualLocation", "Place"]),
    ],
)
def test_attendance_mode_and_location_follow_platforms_and_room(client, platforms, room, mode, types):
    session = SessionFactory(status="published", platforms=platforms, room=room, forum__city="Bilbao")
    event = json_ld(client.get(session.get_absolute_url()).content.decode())
    assert event["eventAttendanceMode"] == f"https://schema.org/{mode}EventAttendanceMode"
    places = event["location"] if isinstance(event["location"], list) else [event["location"]]
    assert [place["@type"] for place in places] == types
    assert places[-1] == {"@type": "Place", "name": "Sala Mayor", "address": "Bilbao"}


def test_open_graph_canonical_and_description(seed):
    url = "http://testserver/gsef-2020/plenary-3/"
    assert meta(seed, "og:type") == ["article"]
    assert meta(seed, "og:title") == ["Plenary 3: New Digitalization Era and the Future of Work"]
    assert meta(seed, "og:url") == [url]
    assert meta(seed, "og:description") == ["Challenges and Opportunities"]
    assert meta(seed, "og:locale") == ["en_US"]
    assert meta(seed, "og:site_name") == ["GSEF Global Virtual Forum"]
    assert meta(seed, "article:published_time") == ["2020-11-02T12:00:00Z"]
    assert f'<link rel="canonical" href="{url}">' in seed
    assert '<meta name="description" content="Challenges and Opportunities">' in seed
    assert "<title>Plenary 3: New Digitalization Era and the Future of Work</title>" in seed


def test_hostile_text_stays_text_in_json_ld_and_meta(client):
    session = SessionFactory(
        status="published",
        title='</script><script>alert(1)</script> "Work"',
        description="Before <script>alert(2)</script> [x](javascript:alert(3)) after",
    )
    person = PersonFactory(given_name="</script><img src=x onerror=alert(4)>")
    ParticipationFactory(session=session, person=person)
    html = client.get(session.get_absolute_url()).content.decode()
    assert html.count("</script>") == 1  # the JSON-LD block's own
    assert "<script>alert" not in html
    assert "<img" not in html  # the name is text: &lt;img in the page, \u003Cimg in the JSON-LD
    event = json_ld(html)
    assert event["name"] == 'Plenary 3: </script><script>alert(1)</script> "Work"'  # the data survives, escaped
    assert event["description"] == "Before x after"  # Markdown reduced to words: no script, no link target
    assert "javascript:" not in html
    assert meta(html, "og:title") == [
        "Plenary 3: &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;Work&quot;"
    ]


def test_script_json_escapes_what_could_close_the_element():
    assert script_json({"a": "</script><!-- & >"}) == '{"a": "\\u003C/script\\u003E\\u003C!-- \\u0026 \\u003E"}'


# --- Languages: URL prefix, switcher, hreflang --------------------------------------------------


@pytest.fixture
def bilingual():
    session = SessionFactory(status="published", slug="p3", title="New Digitalization Era")
    session.set_current_language("es")
    session.title = "Nueva era de la digitalización"
    session.save()
    return session


def test_hreflang_alternates_for_the_languages_the_report_has(client, bilingual):
    html = client.get(f"/{bilingual.forum.slug}/p3/").content.decode()
    base = f"http://testserver/{bilingual.forum.slug}/p3/"
    spanish = f"http://testserver/es/{bilingual.forum.slug}/p3/"
    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    assert sorted(alternates) == sorted([("en", base), ("es", spanish), ("x-default", base)])
    spanish_page = client.get(f"/es/{bilingual.forum.slug}/p3/").content.decode()
    assert f'<link rel="canonical" href="{spanish}">' in spanish_page
    assert meta(spanish_page, "og:locale") == ["es_ES"]
    assert meta(spanish_page, "og:locale:alternate") == ["en_US"]


def test_page_in_a_language_the_report_lacks_points_canonical_at_the_report(client, bilingual):
    html = client.get(f"/fr/{bilingual.forum.slug}/p3/").content.decode()
    assert f'<link rel="canonical" href="http://testserver/{bilingual.forum.slug}/p3/">' in html


def test_unprefixed_pages_are_english_whatever_the_browser_asks(client, bilingual):
    response = client.get(f"/{bilingual.forum.slug}/p3/", headers={"accept-language": "es"})
    assert response["Content-Language"] == "en"
    assert "<h1>New Digitalization Era</h1>" in response.content.decode()
    response = client.get(f"/es/{bilingual.forum.slug}/p3/")
    assert response["Content-Language"] == "es"


def test_api_and_admin_keep_following_accept_language(client, bilingual):
    # The prefixes are for the public pages; the unprefixed API still negotiates.
    api = reverse("gsef_sessions_api:session-detail", args=[bilingual.forum.slug, bilingual.slug])
    response = client.get(api, headers={"accept-language": "es"})
    assert (response.status_code, response["Content-Language"], response.json()["title"]) == (
        200,
        "es",
        "Nueva era de la digitalización",
    )
    client.force_login(UserFactory(is_superuser=True))
    assert client.get("/admin/", headers={"accept-language": "fr"})["Content-Language"] == "fr"


def test_language_switcher_links_the_page_in_each_language(client, bilingual):
    # Links, not a form with the reader's CSRF token: the page is the same for every reader, so it is cached.
    html = client.get(f"/es/{bilingual.forum.slug}/p3/").content.decode()
    nav = re.search(r'<nav class="language-switcher" aria-label="Idioma">.*?</nav>', html, re.DOTALL).group()
    assert re.findall(r"<a [^>]*>[^<]*</a>", nav) == [
        f'<a href="/{bilingual.forum.slug}/p3/" hreflang="en" lang="en">English</a>',
        f'<a href="/es/{bilingual.forum.slug}/p3/" hreflang="es" lang="es" aria-current="page">español</a>',
        f'<a href="/fr/{bilingual.forum.slug}/p3/" hreflang="fr" lang="fr">français</a>',
    ]


def test_language_switcher_works_without_javascript(client, bilingual):
    html = client.get("/").content.decode()  # the forum list has one address for every language
    form = re.search(
        r'<form class="language-switcher" action="/i18n/setlang/" method="post">.*?</form>', html, re.DOTALL
    ).group()
    assert '<input name="next" type="hidden" value="/">' in form
    assert '<option value="es" lang="es">español</option>' in form
    assert '<button type="submit">Change language</button>' in form
    response = client.post("/i18n/setlang/", {"language": "es", "next": f"/{bilingual.forum.slug}/p3/"})
    assert (response.status_code, response["Location"]) == (302, f"/es/{bilingual.forum.slug}/p3/")
    back = client.post("/i18n/setlang/", {"language": "en", "next": f"/es/{bilingual.forum.slug}/p3/"})
    assert back["Location"] == f"/{bilingual.forum.slug}/p3/"


def test_pdf_routes_keep_their_addresses_and_answer_under_a_prefix(gsef_2020, client):
    assert (
        reverse("gsef_sessions:session-pdf", args=["gsef-2020", "plenary-3", "en"])
        == "/gsef-2020/plenary-3/report.en.pdf"
    )
    assert reverse("gsef_sessions:proceedings-pdf", args=["gsef-2020", "en"]) == "/gsef-2020/proceedings/en.pdf"
    for url in (
        "/gsef-2020/plenary-3/report.en.pdf",
        "/es/gsef-2020/plenary-3/report.en.pdf",
        "/gsef-2020/proceedings/en.pdf",
    ):
        assert client.get(url).status_code == 503, url  # being prepared (renders run on commit)


# --- Sitemap ------------------------------------------------------------------------------------


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urlset = ET.fromstring(response.content)
    return {
        url.find(f"{SITEMAP}loc").text: {
            "lastmod": url.find(f"{SITEMAP}lastmod").text,
            "alternates": {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")},
        }
        for url in urlset.findall(f"{SITEMAP}url")
    }


def test_sitemap_lists_published_sessions_their_forums_and_people(gsef_2020, client):
    urls = sitemap(client)
    session = urls["http://testserver/gsef-2020/plenary-3/"]
    assert session["lastmod"] == "2020-11-02"
    # Plenary 3 is written in English only: no Spanish or French copy of it is listed.
    assert session["alternates"] == {
        "en": "http://testserver/gsef-2020/plenary-3/",
        "x-default": "http://testserver/gsef-2020/plenary-3/",
    }
    assert "http://testserver/es/gsef-2020/plenary-3/" not in urls
    assert {
        "http://testserver/gsef-2020/",
        "http://testserver/es/gsef-2020/",
        "http://testserver/fr/gsef-2020/",
    } <= set(urls)
    people = {url for url in urls if "/people/" in url and "/es/" not in url and "/fr/" not in url}
    assert len(people) == 8
    for slug in ("plenary-1", "plenary-2", "plenary-4", "plenary-5"):  # drafts
        assert not any(slug in url for url in urls)


def test_sitemap_leaves_out_unpublished_sessions_people_and_forums(client):
    person = PersonFactory()
    for status in ("draft", "in_review", "unpublished"):
        session = SessionFactory(status=status)
        ParticipationFactory(session=session, person=person)
    assert sitemap(client) == {}


def test_sitemap_leaves_out_people_hidden_from_listings(client):
    session = SessionFactory(status="published")
    shown = ParticipationFactory(session=session).person
    ParticipationFactory(session=session, person__hide_from_listings=True)
    people = {url for url in sitemap(client) if "/people/" in url}
    assert people == {
        f"http://testserver{prefix}/{session.forum.slug}/people/{shown.uuid}/" for prefix in ("", "/es", "/fr")
    }


def test_sitemap_lastmod_follows_the_latest_change(client):
    session = SessionFactory(status="published")
    person = ParticipationFactory(session=session).person
    Session.objects.filter(pk=session.pk).update(updated_at=datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC))
    Person.objects.filter(pk=person.pk).update(updated_at=datetime.datetime(2022, 2, 2, tzinfo=datetime.UTC))
    urls = sitemap(client)
    assert urls[f"http://testserver/{session.forum.slug}/{session.slug}/"]["lastmod"] == "2021-01-01"
    assert urls[f"http://testserver/{session.forum.slug}/"]["lastmod"] == "2021-01-01"
    assert urls[f"http://testserver/{session.forum.slug}/people/{person.uuid}/"]["lastmod"] == "2022-02-02"


# --- Accessible, responsive, printable -----------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/gsef-2020/", "/gsef-2020/plenary-3/", "/es/gsef-2020/plenary-3/"])
def test_pages_have_landmarks_one_h1_skip_link_and_lang(gsef_2020, client, url):
    html = client.get(url).content.decode()
    language = "es" if url.startswith("/es/") else "en"
    assert f'<html lang="{language}" dir="ltr">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert html.count("<h1") == 1
    assert '<a class="skip-link" href="#content">' in html
    assert '<main id="content" tabindex="-1">' in html
    for landmark in (
        '<header class="site-header">',
        '<nav class="breadcrumbs" aria-label="',
        '<footer class="site-footer">',
    ):
        assert landmark in html
    assert html.count("<main") == 1
    assert '<link rel="stylesheet" href="/static/gsef_sessions/gsef_sessions.css">' in html


def test_stylesheet_ships_focus_responsive_and_print_rules():
    path = finders.find("gsef_sessions/gsef_sessions.css")
    assert path and Path(path).is_relative_to(Path(__file__).resolve().parents[2] / "gsef_sessions" / "static")
    css = Path(path).read_text()
    assert ":focus-visible" in css
    assert "@media (max-width" in css
    print_rules = css[css.index("@media print") :]
    assert ".site-header" in print_rules and ".filters" in print_rules and ".language-switcher" in print_rules
    assert 'content: " <" attr(href) ">"' in print_rules


def test_event_image_and_og_image_are_the_forums_logo(seed):
    session = Session.objects.get(slug="plenary-3")
    report = printed_report(read_model.build_reports([session.pk], requested="en")[session.pk])
    report["forum"]["logo"] = "http://127.0.0.1:8000/media/gsef_sessions/forum-logos/logo.png"
    event = structured_data.session_event(report=report, url="http://x/", person_url=str)
    pairs = dict(structured_data.open_graph(report=report, url="http://x/"))
    assert event["image"] == pairs["og:image"] == report["forum"]["logo"]


@pytest.mark.parametrize(
    ("url", "description"),
    [
        ("/", "Reports of the forums’ sessions: who spoke, what they said, and the questions they were asked."),
        (
            "/gsef-2020/",
            "The programme of GSEF Global Virtual Forum and the reports of its sessions. Great Challenges, Greater "
            "Solidarity: Power of Community and SSE as a Path for Transformation",
        ),
    ],
)
def test_forum_list_and_programme_have_a_meta_description(client, gsef_2020, url, description):
    assert meta_description(client.get(url).content.decode()) == description


def test_person_page_has_a_meta_description(client, gsef_2020):
    tang = Person.objects.get(family_name="Tang")
    html = client.get(f"/gsef-2020/people/{tang.uuid}/").content.decode()
    assert meta_description(html) == (
        "Audrey Tang at GSEF Global Virtual Forum: the sessions they spoke in, their posts and what they said."
    )


def meta_description(html):
    return html_unescape(re.search(r'<meta name="description" content="([^"]*)">', html).group(1))
