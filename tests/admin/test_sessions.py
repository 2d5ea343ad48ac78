"""The rapporteurs' admin: what they see, what a save writes, and that bad input writes nothing."""

import datetime
import re

import pytest

from gsef_sessions.models import AttendanceCount, Outcome, Point, Session
from tests.factories import (
    MEXICO,
    ContributionFactory,
    ForumFactory,
    ParticipationFactory,
    PersonFactory,
    RoundFactory,
    SessionFactory,
    SessionKindFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

INLINES = ["sponsors", "participations", "attendance", "rounds", "audience_questions", "outcomes", "materials"]


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def session_form(forum, kind, **extra):
    data = {
        "forum": forum.pk,
        "kind": kind.pk,
        "number": "3",
        "slug": "plenary-3",
        "title": "New Digitalization Era and the Future of Work",
        "subtitle": "Challenges and Opportunities",
        "starts_at_0": "2020-10-21",
        "starts_at_1": "08:30:00",
        "ends_at_0": "",
        "ends_at_1": "",
        "languages": ["es", "en", "fr"],
        "platforms": "Zoom",
        "room": "",
        "original_language": "en",
        "description": "",
        "qa_note": "There was no time to answer questions; however, the moderator read out the following:",
    }
    for prefix in INLINES:
        data.update(management(prefix))
    data.update(extra)
    return data


@pytest.fixture
def forum(organiser):
    return ForumFactory(organisers=[organiser])


def test_session_changelist_rapporteur_sees_only_assigned(client):
    rapporteur = UserFactory(groups=["Rapporteurs"])
    mine = SessionFactory(rapporteurs=[rapporteur], title="Mine")
    SessionFactory(forum=mine.forum, title="Someone else's")
    client.force_login(rapporteur)
    response = client.get("/admin/gsef_sessions/session/")
    assert [str(s) for s in response.context["cl"].result_list] == ["Mine"]


def test_session_change_rapporteur_not_assigned_cannot_open(client):
    rapporteur = UserFactory(groups=["Rapporteurs"])
    other = SessionFactory()
    client.force_login(rapporteur)
    response = client.get(f"/admin/gsef_sessions/session/{other.pk}/change/")
    assert response.status_code == 302
    assert response.url == "/admin/"


def test_session_change_rapporteur_assigned_published_is_read_only(client):
    rapporteur = UserFactory(groups=["Rapporteurs"])
    session = SessionFactory(rapporteurs=[rapporteur], status="published")
    client.force_login(rapporteur)
    response = client.get(f"/admin/gsef_sessions/session/{session.pk}/change/")
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    html = response.content.decode()
    assert '<div class="readonly">Spanish, English, French</div>' in html
    assert "[&quot;es&quot;" not in html


def test_session_add_times_are_in_forum_timezone(client, organiser, forum):
    kind = SessionKindFactory(forum=forum)
    client.force_login(organiser)
    response = client.post("/admin/gsef_sessions/session/add/?language=en", session_form(forum, kind))
    assert response.status_code == 302, response.context["adminform"].form.errors
    session = Session.objects.get(slug="plenary-3")
    assert session.starts_at == datetime.datetime(2020, 10, 21, 8, 30, tzinfo=MEXICO)
    assert session.title == "New Digitalization Era and the Future of Work"


def test_session_add_bad_inline_saves_nothing(client, organiser, forum):
    kind = SessionKindFactory(forum=forum)
    client.force_login(organiser)
    data = session_form(forum, kind, **management("attendance", total=1))
    data.update(
        {
            "attendance-0-order": "1",
            "attendance-0-count": "-441",
            "attendance-0-kind": "connected",
            "attendance-0-platform": "Zoom",
        }
    )
    response = client.post("/admin/gsef_sessions/session/add/?language=en", data)
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][2].formset.errors == [
        {"count": ["Ensure this value is greater than or equal to 0."]},
    ]
    assert Session.objects.count() == 0
    assert AttendanceCount.objects.count() == 0


def test_session_add_language_outside_forum_is_a_form_error(client, organiser, forum):
    kind = SessionKindFactory(forum=ForumFactory(languages=["en"], organisers=[organiser]))
    forum = kind.forum
    client.force_login(organiser)
    response = client.post(
        "/admin/gsef_sessions/session/add/?language=en", session_form(forum, kind, languages=["en", "fr"])
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"languages": ["Not among the forum's languages: fr."]}


def test_session_inline_rows_without_order_are_numbered(client, organiser, forum):
    session = SessionFactory(forum=forum)
    client.force_login(organiser)
    data = session_form(forum, session.kind, slug=session.slug, **management("attendance", total=2))
    data.update(
        {
            "attendance-0-count": "441",
            "attendance-0-kind": "connected",
            "attendance-0-platform": "Zoom",
            "attendance-0-taken_at_0": "2020-10-21",
            "attendance-0-taken_at_1": "09:55",
            "attendance-1-count": "120",
            "attendance-1-kind": "connected",
            "attendance-1-platform": "YouTube",
        }
    )
    response = client.post(f"/admin/gsef_sessions/session/{session.pk}/change/?language=en", data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][2].formset.errors
    assert list(session.attendance.values_list("order", "count", "platform")) == [(1, 441, "Zoom"), (2, 120, "YouTube")]
    assert session.attendance.get(order=1).taken_at == datetime.datetime(2020, 10, 21, 9, 55, tzinfo=MEXICO)
    session.refresh_from_db()
    assert session.version == 2


def test_round_paste_box_creates_points(client):
    rapporteur = UserFactory(groups=["Rapporteurs"])
    rnd = RoundFactory(session=SessionFactory(rapporteurs=[rapporteur]))
    speaker = ParticipationFactory(session=rnd.session)
    client.force_login(rapporteur)
    data = {"kind": "round", "order": str(rnd.order), "title": "", "questions_text": "What are the opportunities?"}
    data.update(management("contributions", total=1))
    data.update(
        {
            "contributions-0-participation": speaker.pk,
            "contributions-0-points_text": (
                "- Teleworking has allowed the Bilbao City Council to enable more than 1,500 people to work from "
                'home.\n\n- "Digitalization is democratizing knowledge".'
            ),
        }
    )
    response = client.post(f"/admin/gsef_sessions/round/{rnd.pk}/change/?language=en", data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    points = Point.objects.filter(contribution__round=rnd).order_by("order")
    assert [(p.order, p.text, p.is_quote) for p in points] == [
        (
            1,
            "Teleworking has allowed the Bilbao City Council to enable more than 1,500 people to work from home.",
            False,
        ),
        (2, '"Digitalization is democratizing knowledge".', True),
    ]
    assert [q.text for q in rnd.questions.all()] == ["What are the opportunities?"]


def test_round_page_shows_points_back_in_paste_box(client):
    contribution = ContributionFactory()
    Point.objects.create(contribution=contribution, order=1, text="The pandemic has accelerated the process.")
    client.force_login(UserFactory(is_superuser=True))
    response = client.get(f"/admin/gsef_sessions/round/{contribution.round.pk}/change/?language=en")
    form = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert form.initial["points_text"] == "The pandemic has accelerated the process."


def test_round_speaker_choices_are_the_sessions_participants(client):
    rnd = RoundFactory()
    mine = ParticipationFactory(session=rnd.session)
    ParticipationFactory()  # another session's
    client.force_login(UserFactory(is_superuser=True))
    response = client.get(f"/admin/gsef_sessions/round/{rnd.pk}/change/?language=en")
    field = response.context["inline_admin_formsets"][0].formset.forms[0].fields["participation"]
    assert list(field.queryset) == [mine]


def test_publish_action_by_organiser(client, organiser, forum):
    session = SessionFactory(forum=forum)
    client.force_login(organiser)
    response = client.post(
        "/admin/gsef_sessions/session/", {"action": "publish_selected", "_selected_action": [session.pk]}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == "published"


def test_contribution_point_edit_bumps_session_version(client):
    point = Point.objects.create(contribution=ContributionFactory(), order=1, text="Change at unprecedented speed.")
    session = point.contribution.round.session
    client.force_login(UserFactory(is_superuser=True))
    data = {"order": str(point.contribution.order)}
    data.update(management("points", total=1, initial=1))
    data.update(
        {
            "points-0-id": point.pk,
            "points-0-contribution": point.contribution.pk,
            "points-0-order": "1",
            "points-0-text": "Change at unprecedented speed is a feature of the current era.",
            "points-0-is_quote": "",
        }
    )
    response = client.post(f"/admin/gsef_sessions/contribution/{point.contribution.pk}/change/?language=en", data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    point.refresh_from_db()
    session.refresh_from_db()
    assert (point.text, session.version) == ("Change at unprecedented speed is a feature of the current era.", 2)


def test_session_page_links_to_public_page(client):
    session = SessionFactory(slug="plenary-3", forum=ForumFactory(slug="gsef-2020"))
    assert session.get_absolute_url() == "/gsef-2020/plenary-3/"


def unprintable(code, position):
    return (
        f"Remove the character U+{code} at position {position}: a control character or non-character, "
        "which no page, feed or PDF can show."
    )


def test_session_add_control_character_is_a_form_error_and_saves_nothing(client, organiser, forum):
    kind = SessionKindFactory(forum=forum)
    client.force_login(organiser)
    data = session_form(
        forum, kind, title="Ctrl\x01title", qa_note="Line one\n\tLine two\uffff", **management("attendance", total=1)
    )
    data.update(
        {
            "attendance-0-order": "1",
            "attendance-0-count": "441",
            "attendance-0-kind": "connected",
            "attendance-0-platform": "Zo\x85om",
        }
    )
    response = client.post("/admin/gsef_sessions/session/add/?language=en", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "title": [unprintable("0001", 5)],
        "qa_note": [unprintable("FFFF", 19)],
    }
    assert response.context["inline_admin_formsets"][2].formset.errors == [
        {
            "platform": [unprintable("0085", 3)],
        },
    ]
    assert Session.objects.count() == 0


def test_round_paste_box_control_character_is_a_form_error(client):
    rapporteur = UserFactory(groups=["Rapporteurs"])
    rnd = RoundFactory(session=SessionFactory(rapporteurs=[rapporteur]))
    speaker = ParticipationFactory(session=rnd.session)
    client.force_login(rapporteur)
    data = {"kind": "round", "order": str(rnd.order), "title": "", "questions_text": "Why\x01?\n\tHow?"}
    data.update(management("contributions", total=1))
    data.update({"contributions-0-participation": speaker.pk, "contributions-0-points_text": "- Ctrl\x01point"})
    response = client.post(f"/admin/gsef_sessions/round/{rnd.pk}/change/?language=en", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "questions_text": [unprintable("0001", 4)],
    }
    assert response.context["inline_admin_formsets"][0].formset.errors == [
        {
            "points_text": [unprintable("0001", 7)],
        }
    ]
    assert Point.objects.filter(contribution__round=rnd).count() == 0


def test_session_add_far_start_is_a_form_error_and_saves_nothing(client, organiser, forum):
    kind = SessionKindFactory(forum=forum)
    client.force_login(organiser)
    response = client.post(
        "/admin/gsef_sessions/session/add/?language=en",
        session_form(forum, kind, starts_at_0="9999-12-31", starts_at_1="17:00:00"),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"starts_at": ["Enter a date between the years 1900 and 2200."]}
    assert Session.objects.count() == 0


def test_round_paste_box_takes_a_speakers_second_turn_in_turn_order(client):
    rapporteur = UserFactory(groups=["Rapporteurs"])
    rnd = RoundFactory(session=SessionFactory(rapporteurs=[rapporteur]))
    first, second = ParticipationFactory(session=rnd.session), ParticipationFactory(session=rnd.session)
    client.force_login(rapporteur)
    data = {"kind": "other", "order": str(rnd.order), "title": "Open discussion", "questions_text": ""}
    data.update(management("contributions", total=3))
    for row, (speaker, text) in enumerate([(first, "- Opens."), (second, "- Answers."), (first, "- Replies.")]):
        data.update(
            {
                f"contributions-{row}-order": str(row + 1),
                f"contributions-{row}-participation": speaker.pk,
                f"contributions-{row}-points_text": text,
            }
        )
    response = client.post(f"/admin/gsef_sessions/round/{rnd.pk}/change/?language=en", data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    turns = rnd.contributions.order_by("order")
    assert [(c.order, c.participation, c.points.get().text) for c in turns] == [
        (1, first, "Opens."),
        (2, second, "Answers."),
        (3, first, "Replies."),
    ]


def test_session_change_takes_outcomes_and_credits_and_the_list_shows_what_is_missing(client, organiser, forum):
    session, untouched = SessionFactory(forum=forum), SessionFactory(forum=forum, slug="plenary-4")
    client.force_login(organiser)
    data = session_form(forum, session.kind, slug=session.slug, **management("outcomes", total=2))
    data.update(
        {
            "credit_rapporteurs": "on",
            "source_credit": "IISD ENB",
            "source_url": "https://enb.iisd.org/",
            "outcomes-0-kind": "takeaway",
            "outcomes-0-text": "Data is a commons.",
            "outcomes-1-kind": "call_to_action",
            "outcomes-1-text": "Fund the social economy.",
        }
    )
    response = client.post(f"/admin/gsef_sessions/session/{session.pk}/change/?language=en", data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][5].formset.errors
    session.refresh_from_db()
    assert (session.credit_rapporteurs, session.source_credit, session.source_url) == (
        True,
        "IISD ENB",
        "https://enb.iisd.org/",
    )
    assert list(Outcome.objects.values_list("kind", "order", "translations__text")) == [
        ("call_to_action", 2, "Fund the social economy."),
        ("takeaway", 1, "Data is a commons."),
    ]
    missing = client.get("/admin/gsef_sessions/session/?outcomes=missing")
    assert list(missing.context["cl"].result_list) == [untouched]
    listed = client.get("/admin/gsef_sessions/session/").content.decode()
    assert "Missing: key takeaways, calls to action" in listed


def selected(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.DOTALL).group()
    return re.findall(r'<option value="([^"]+)" selected>', select), re.findall(r'<option value="([^"]+)"', select)[:3]


def test_session_add_report_language_is_the_forums_else_the_sites_and_site_languages_come_first(client, settings):
    settings.LANGUAGES = [("es", "Spanish"), ("en", "English"), ("fr", "French")]
    organiser = UserFactory(groups=["Organisers"])
    ForumFactory(organisers=[organiser], languages=["fr", "en"])
    client.force_login(organiser)
    page = client.get("/admin/gsef_sessions/session/add/?language=en").content.decode()
    assert selected(page, "original_language") == (["fr"], ["es", "en", "fr"])
    ForumFactory(organisers=[organiser])  # two forums: none is chosen for the user
    page = client.get("/admin/gsef_sessions/session/add/?language=en").content.decode()
    assert selected(page, "original_language") == (["en"], ["es", "en", "fr"])


def test_participants_left_without_order_are_numbered_within_their_role(client, organiser, forum):
    session = SessionFactory(forum=forum)
    people = PersonFactory.create_batch(3)
    roles = {role.slug: role.pk for role in forum.roles.all()}
    client.force_login(organiser)
    data = session_form(forum, session.kind, slug=session.slug, **management("participations", total=3))
    for row, (role, person) in enumerate(zip(["moderator", "panelist", "panelist"], people, strict=True)):
        data.update({f"participations-{row}-role": roles[role], f"participations-{row}-person": person.pk})
    response = client.post(f"/admin/gsef_sessions/session/{session.pk}/change/?language=en", data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][1].formset.errors
    assert list(session.participations.values_list("role__slug", "order", "person")) == [
        ("moderator", 1, people[0].pk),
        ("panelist", 1, people[1].pk),
        ("panelist", 2, people[2].pk),
    ]


def test_duplicate_rows_are_named_by_their_columns_labels(client, organiser, forum):
    session = SessionFactory(forum=forum)
    person = PersonFactory()
    panelist = forum.roles.get(slug="panelist").pk
    client.force_login(organiser)
    data = session_form(forum, session.kind, slug=session.slug, **management("participations", total=2))
    for row in (0, 1):
        data.update({f"participations-{row}-role": panelist, f"participations-{row}-person": person.pk})
    response = client.post(f"/admin/gsef_sessions/session/{session.pk}/change/?language=en", data)
    assert response.context["inline_admin_formsets"][1].formset.non_form_errors() == [
        "Two rows have the same person and role: each row needs its own."
    ]


@pytest.mark.parametrize("button", ["_continue", "_addanother"])
def test_saving_redirects_name_the_language_once(client, organiser, forum, button):
    session = SessionFactory(forum=forum)
    client.force_login(organiser)
    data = {**session_form(forum, session.kind, slug=session.slug), button: "Save"}
    response = client.post(f"/admin/gsef_sessions/session/{session.pk}/change/?language=en", data)
    expected = (
        f"/admin/gsef_sessions/session/{session.pk}/change/"
        if button == "_continue"
        else "/admin/gsef_sessions/session/add/"
    )
    assert response["Location"] == f"{expected}?language=en"


def test_session_changelist_shows_starts_in_the_forums_time_zone_and_names_it(client, organiser, forum):
    SessionFactory(forum=forum)
    client.force_login(organiser)
    page = client.get("/admin/gsef_sessions/session/").content.decode()
    assert '<td class="field-starts">Oct. 21, 2020, 8:30 a.m. (America/Mexico_City)</td>' in page
