"""The workflow in the admin: buttons per role and state, the comment page for sending back (one
report or several), the status history on the report, and an organiser's live edit of a published report."""

import pytest

from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import StatusChange
from tests.admin.browser import ChangeForm
from tests.factories import ForumFactory, PointFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/gsef_sessions/session/"


def change_url(session):
    return f"{CHANGELIST}{session.pk}/change/?language=en"


def step_url(session, name):
    return f"{CHANGELIST}{session.pk}/workflow/{name}/"


def buttons(client, session):
    return [label for label, _url in client.get(change_url(session)).context["workflow_transitions"]]


def test_buttons_follow_role_and_state(client, session, organiser, rapporteur):
    client.force_login(rapporteur)
    assert buttons(client, session) == ["Submit for review"]
    client.force_login(organiser)
    assert buttons(client, session) == ["Submit for review", "Publish"]
    session.status = SessionStatus.IN_REVIEW
    session.save()
    assert buttons(client, session) == ["Send back to the rapporteurs", "Publish"]
    client.force_login(rapporteur)
    assert buttons(client, session) == []


def test_rapporteur_submits_with_the_button(client, session, rapporteur):
    client.force_login(rapporteur)
    page = client.get(step_url(session, "submit"))
    assert page.status_code == 200
    response = client.post(step_url(session, "submit"), {"comment": ""}, follow=True)
    assert response.redirect_chain == [(change_url(session).split("?")[0], 302)]
    assert "1 report submitted for review." in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.IN_REVIEW


def test_rapporteur_cannot_open_publish_step(client, session, rapporteur):
    client.force_login(rapporteur)
    assert client.get(step_url(session, "publish")).status_code == 403
    assert client.post(step_url(session, "publish")).status_code == 403
    session.refresh_from_db()
    assert session.status == SessionStatus.DRAFT


def test_send_back_needs_a_comment_which_the_rapporteur_then_reads(client, session, organiser, rapporteur):
    session.status = SessionStatus.IN_REVIEW
    session.save()
    client.force_login(organiser)
    refused = client.post(step_url(session, "send_back"), {"comment": ""})
    assert refused.status_code == 200
    assert refused.context["form"].errors == {"comment": ["This field is required."]}
    session.refresh_from_db()
    assert session.status == SessionStatus.IN_REVIEW

    client.post(step_url(session, "send_back"), {"comment": "Please add the audience questions."})
    session.refresh_from_db()
    assert session.status == SessionStatus.DRAFT
    client.force_login(rapporteur)
    page = client.get(change_url(session)).content.decode()
    assert "Please add the audience questions." in page
    assert "In review → Draft" in page


def test_send_back_action_asks_for_a_comment_then_sends_all_back(client, organiser):
    forum = ForumFactory(organisers=[organiser])
    sessions = [SessionFactory(forum=forum, status=SessionStatus.IN_REVIEW) for _ in range(2)]
    client.force_login(organiser)
    data = {"action": "send_back_selected", "_selected_action": [s.pk for s in sessions]}
    page = client.post(CHANGELIST, data)
    assert page.status_code == 200
    assert "Comment" in page.content.decode()
    response = client.post(CHANGELIST, {**data, "apply": "yes", "comment": "Speakers' posts are missing."}, follow=True)
    assert "2 reports sent back to their rapporteurs." in response.content.decode()
    assert (
        sorted(StatusChange.objects.values_list("to_status", "comment"))
        == [(SessionStatus.DRAFT, "Speakers' posts are missing.")] * 2
    )


def test_invalid_step_from_the_list_says_why(client, session, organiser):
    client.force_login(organiser)
    response = client.post(CHANGELIST, {"action": "unpublish_selected", "_selected_action": [session.pk]}, follow=True)
    assert f"{session}: A report that is draft cannot become unpublished." in response.content.decode()


def test_submit_publish_unpublish_actions(client, session, organiser):
    client.force_login(organiser)
    for action, status in [
        ("submit_selected", SessionStatus.IN_REVIEW),
        ("publish_selected", SessionStatus.PUBLISHED),
        ("unpublish_selected", SessionStatus.UNPUBLISHED),
    ]:
        client.post(CHANGELIST, {"action": action, "_selected_action": [session.pk]})
        session.refresh_from_db()
        assert session.status == status
    assert [c.user for c in StatusChange.objects.all()] == [organiser] * 3


def test_organiser_edits_published_report_live_with_history_and_new_version(client, organiser, session):
    point = PointFactory(contribution__round__session=session, text="Teleworking was a temporary measure.")
    client.force_login(organiser)
    client.post(step_url(session, "publish"), {"comment": ""})
    session.refresh_from_db()
    assert session.status == SessionStatus.PUBLISHED
    version = session.version
    contribution_url = f"/admin/gsef_sessions/contribution/{point.contribution.pk}/change/?language=en"
    form = ChangeForm(client.get(contribution_url).content.decode(), contribution_url)
    form.type("points-0-text", "Teleworking is here to stay.")
    assert client.post(form.url, form.data("_save")).status_code == 302
    session.refresh_from_db()
    assert (session.status, session.version) == (SessionStatus.PUBLISHED, version + 1)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Teleworking is here to stay." in page
    latest = point.translations.get().history.first()
    assert (latest.text, latest.history_user) == ("Teleworking is here to stay.", organiser)


def test_rapporteur_cannot_edit_or_step_once_published(client, session, organiser, rapporteur):
    client.force_login(organiser)
    client.post(step_url(session, "publish"), {"comment": ""})
    client.force_login(rapporteur)
    response = client.get(change_url(session))
    assert response.context["has_change_permission"] is False
    assert response.context["workflow_transitions"] == []


def test_actions_menu_offers_each_user_only_what_they_may_do(client):
    rapporteur, organiser = UserFactory(groups=["Rapporteurs"]), UserFactory(groups=["Organisers"])
    SessionFactory(rapporteurs=[rapporteur], forum=ForumFactory(organisers=[organiser]))
    offered = {}
    for user in (rapporteur, organiser):
        client.force_login(user)
        actions = client.get("/admin/gsef_sessions/session/").context["action_form"].fields["action"].choices
        offered[user.username] = [name for name, _label in actions if name]
    assert offered == {
        rapporteur.username: ["submit_selected", "render_pdf_selected"],
        organiser.username: [
            "delete_selected",
            "submit_selected",
            "send_back_selected",
            "publish_selected",
            "unpublish_selected",
            "render_pdf_selected",
        ],
    }
