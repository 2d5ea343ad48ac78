"""People and organisations in the admin: who may change which, who sees which, and their uploads."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import ForumPartner, Organisation, Person, Session
from tests.factories import (
    ForumFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    SessionFactory,
    UserFactory,
    blank_png,
    image_upload,
)

pytestmark = pytest.mark.django_db


def person_form(**extra):
    return {
        "given_name": "Audrey",
        "family_name": "Tang",
        "honorific": "",
        "sort_as": "",
        "country": "",
        "bio": "Changed.",
        "links": "",
        **extra,
    }


def test_person_only_in_another_forums_published_report_is_read_only_for_a_rapporteur(client, rapporteur):
    SessionFactory(forum=ForumFactory(name="GSEF 2020"), rapporteurs=[rapporteur])
    published = SessionFactory(forum=ForumFactory(name="GSEF 2018"), status=SessionStatus.PUBLISHED)
    person = ParticipationFactory(session=published).person
    client.force_login(rapporteur)
    url = f"/admin/gsef_sessions/person/{person.pk}/change/?language=en"
    page = client.get(url)
    assert (page.status_code, page.context["has_change_permission"]) == (200, False)
    assert [str(m) for m in get_messages(page.wsgi_request)] == [
        "This person appears in reports of GSEF 2018: only the organisers of GSEF 2018 can change it.",
    ]
    assert client.post(url, person_form()).status_code == 403
    assert (Person.objects.get(pk=person.pk).family_name, Session.objects.get(pk=published.pk).version) == (
        person.family_name,
        1,
    )


def test_person_only_in_the_rapporteurs_draft_is_changed_and_the_draft_bumped(client, rapporteur):
    draft = SessionFactory(rapporteurs=[rapporteur])
    person = ParticipationFactory(session=draft).person
    client.force_login(rapporteur)
    response = client.post(f"/admin/gsef_sessions/person/{person.pk}/change/?language=en", person_form())
    assert response.status_code == 302
    assert (Person.objects.get(pk=person.pk).family_name, Session.objects.get(pk=draft.pk).version) == ("Tang", 2)


def test_rapporteur_creates_a_person_but_links_no_user_account(client, rapporteur):
    client.force_login(rapporteur)
    response = client.post("/admin/gsef_sessions/person/add/?language=en", person_form(user=UserFactory().pk))
    assert response.status_code == 302
    created = Person.objects.get(family_name="Tang")
    assert (created.created_by, created.user) == (rapporteur, None)
    assert (
        client.get(f"/admin/gsef_sessions/person/{created.pk}/change/?language=en").context["has_change_permission"]
        is True
    )


def test_superuser_links_a_person_to_a_user_account(client):
    account = UserFactory()
    client.force_login(UserFactory(is_superuser=True))
    assert client.post("/admin/gsef_sessions/person/add/?language=en", person_form(user=account.pk)).status_code == 302
    assert Person.objects.get(family_name="Tang").user == account


def test_people_list_shows_those_of_visible_sessions_and_those_the_user_created(client, rapporteur):
    mine = ParticipationFactory(session=SessionFactory(rapporteurs=[rapporteur])).person
    public = ParticipationFactory(session=SessionFactory(status=SessionStatus.PUBLISHED)).person
    created = PersonFactory(created_by=rapporteur)
    ParticipationFactory(session=SessionFactory())  # someone else's draft
    PersonFactory()  # in no report, added by someone else
    client.force_login(rapporteur)
    listed = client.get("/admin/gsef_sessions/person/").context["cl"].result_list
    assert set(listed) == {mine, public, created}


def test_forum_partner_is_read_only_to_organisers_of_other_forums(client, organiser):
    ForumFactory(organisers=[organiser])
    partner = OrganisationFactory(created_by=organiser)
    ForumPartner.objects.create(forum=ForumFactory(), organisation=partner, role="organiser")
    client.force_login(organiser)
    response = client.post(
        f"/admin/gsef_sessions/organisation/{partner.pk}/change/?language=en",
        {"name": "Changed", "short_name": "", "slug": partner.slug, "country": "", "website": ""},
    )
    assert response.status_code == 403
    assert str(Organisation.objects.get(pk=partner.pk)) == str(partner)


def test_session_forum_filter_lists_only_the_users_forums(client, rapporteur):
    # Kept here, with the other listings of what a user may see (admin/sessions.py's list_filter).
    for name in ("GSEF 2020", "GSEF 2022"):
        SessionFactory(forum=ForumFactory(name=name), rapporteurs=[rapporteur])
    SessionFactory(forum=ForumFactory(name="Secret summit"))
    client.force_login(rapporteur)
    page = client.get("/admin/gsef_sessions/session/")
    forum_filter = next(spec for spec in page.context["cl"].filter_specs if spec.field_path == "forum")
    assert sorted(name for _pk, name in forum_filter.lookup_choices) == ["GSEF 2020", "GSEF 2022"]


def test_person_autocomplete_offers_unused_people_but_not_other_forums_drafts(client, rapporteur):
    SessionFactory(forum=ForumFactory(name="GSEF 2020"), rapporteurs=[rapporteur])
    PersonFactory(given_name="Soledad", family_name="Aragón Martínez")
    ParticipationFactory(
        session=SessionFactory(forum=ForumFactory(name="GSEF 2018")),
        person=PersonFactory(given_name="Soledad", family_name="Hidden"),
    )
    client.force_login(rapporteur)
    query = "term=Soledad&app_label=gsef_sessions&model_name=participation&field_name=person"
    found = client.get(f"/admin/autocomplete/?{query}").json()["results"]
    assert [result["text"] for result in found] == ["Soledad Aragón Martínez"]
    listed = client.get("/admin/gsef_sessions/person/?q=Soledad")
    assert list(listed.context["cl"].result_list) == []


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # Pillow's, above 89 million pixels
@pytest.mark.parametrize(
    ("upload", "max_bytes", "error"),
    [
        (
            SimpleUploadedFile("bomb.png", blank_png(12000, 12000)),
            5 * 1024 * 1024,
            "This image has too many pixels: at most 25,000,000 (width × height) are allowed.",
        ),
        (
            image_upload("large.png", after=bytes(2048 - image_upload().size)),
            1024,
            "This file is 2.0\xa0KB; the largest allowed is 1.0\xa0KB.",
        ),
        (
            SimpleUploadedFile("photo.png", b"<html><script>alert(1)</script></html>"),
            5 * 1024 * 1024,
            "This file is not a PNG, JPEG, WebP or GIF image.",
        ),
    ],
    ids=["pixels", "bytes", "not-an-image"],
)
def test_person_photo_beyond_the_limits_is_a_form_error_and_nothing_is_saved(
    client,
    settings,
    media_root,
    upload,
    max_bytes,
    error,
):
    settings.GSEF_SESSIONS_UPLOAD_MAX_BYTES = max_bytes
    client.force_login(UserFactory(is_superuser=True))
    response = client.post("/admin/gsef_sessions/person/add/?language=en", person_form(photo=upload))
    assert (response.status_code, response.context["adminform"].form.errors["photo"]) == (200, [error])
    assert (Person.objects.count(), list(media_root.rglob("*.*"))) == (0, [])


def test_organisation_logo_upload_is_stored_reencoded_under_a_random_name(client, media_root):
    client.force_login(UserFactory(is_superuser=True))
    logo = image_upload("Our logo.gif", format="GIF", mode="P", after=b"<html><script>alert(1)</script>")
    response = client.post(
        "/admin/gsef_sessions/organisation/add/?language=en",
        {"name": "Cities", "short_name": "", "slug": "cities", "country": "", "website": "", "logo": logo},
    )
    assert response.status_code == 302
    stored = Organisation.objects.get(slug="cities").logo
    assert re.fullmatch(r"gsef_sessions/logos/[0-9a-f]{32}\.png", stored.name)
    assert b"<script" not in (media_root / stored.name).read_bytes()
