"""No lost updates: two people open the same report in the admin, the first saves, and the second's
save is refused with a clear message, their input shown back to them and nothing overwritten."""

import html

import pytest
from django.test import Client

from gsef_sessions.models import Session
from tests.admin.browser import ChangeForm
from tests.factories import (
    ContributionFactory,
    PointFactory,
)

pytestmark = pytest.mark.django_db

REFUSAL = (
    "Someone else saved this report (version {version}) while you were editing it. Your changes are shown below "
    "but were not saved; copy what you need, reload the page and apply them again."
)


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def open_form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return ChangeForm(response.content.decode(), url)


def test_second_save_of_session_page_is_refused_and_shows_input(session, organiser, rapporteur):
    url = f"/admin/gsef_sessions/session/{session.pk}/change/?language=en"
    first, second = browser(organiser), browser(rapporteur)
    first_form, second_form = open_form(first, url), open_form(second, url)
    assert first_form.values["report_version"] == ["1"]

    first_form.type("subtitle", "Challenges and Opportunities")
    assert first.post(first_form.url, first_form.data("_save")).status_code == 302

    second_form.type("subtitle", "Risks of the platform economy")
    second_form.type("description", "A rapporteur's careful summary.")
    response = second.post(second_form.url, second_form.data("_save"))

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [REFUSAL.format(version=2)]
    page = html.unescape(response.content.decode())
    assert REFUSAL.format(version=2) in page
    assert "Risks of the platform economy" in page and "A rapporteur's careful summary." in page
    session = Session.objects.get(pk=session.pk)
    assert (session.subtitle, session.description, session.version) == ("Challenges and Opportunities", "", 2)


def test_refused_editor_reloads_and_saves(session, organiser, rapporteur):
    url = f"/admin/gsef_sessions/session/{session.pk}/change/?language=en"
    first, second = browser(organiser), browser(rapporteur)
    first_form, second_form = open_form(first, url), open_form(second, url)
    first_form.type("subtitle", "Challenges and Opportunities")
    first.post(first_form.url, first_form.data("_save"))
    assert second.post(second_form.url, second_form.data("_save")).status_code == 200

    reloaded = open_form(second, url)
    assert reloaded.values["report_version"] == ["2"]
    reloaded.type("description", "Applied again.")
    assert second.post(reloaded.url, reloaded.data("_save")).status_code == 302
    session.refresh_from_db()
    assert (session.subtitle, session.description, session.version) == (
        "Challenges and Opportunities",
        "Applied again.",
        3,
    )


def test_part_page_save_after_a_session_page_save_is_refused(session, organiser, rapporteur):
    """The round and contribution pages edit the same report: they carry its version too."""
    point = PointFactory(contribution=ContributionFactory(round__session=session), text="The first wording.")
    contribution_url = f"/admin/gsef_sessions/contribution/{point.contribution.pk}/change/?language=en"
    session_url = f"/admin/gsef_sessions/session/{session.pk}/change/?language=en"
    first, second = browser(organiser), browser(rapporteur)
    session_form, points_form = open_form(first, session_url), open_form(second, contribution_url)

    session_form.type("subtitle", "Challenges and Opportunities")
    assert first.post(session_form.url, session_form.data("_save")).status_code == 302

    points_form.type("points-0-text", "The second wording.")
    response = second.post(points_form.url, points_form.data("_save"))
    assert response.status_code == 200
    assert REFUSAL.format(version=2) in html.unescape(response.content.decode())
    assert "The second wording." in response.content.decode()
    point.refresh_from_db()
    assert point.text == "The first wording."


def test_second_save_of_round_page_is_refused(session, organiser, rapporteur):
    contribution = ContributionFactory(round__session=session)
    url = f"/admin/gsef_sessions/round/{contribution.round.pk}/change/?language=en"
    first, second = browser(organiser), browser(rapporteur)
    first_form, second_form = open_form(first, url), open_form(second, url)
    first_form.type("contributions-0-points_text", "- Said first.")
    assert first.post(first_form.url, first_form.data("_save")).status_code == 302
    second_form.type("contributions-0-points_text", "- Said second.")
    response = second.post(second_form.url, second_form.data("_save"))
    assert response.status_code == 200
    assert "Said second." in response.content.decode()
    assert [p.text for p in contribution.points.all()] == ["Said first."]
