"""A report's history in the admin: one page for the session and all its parts, with authors, and a
revert that puts a point's text back in the published report."""

import pytest

from gsef_sessions.domain.workflow import publish
from tests.admin.browser import ChangeForm
from tests.factories import (
    ContributionFactory,
    ForumFactory,
    PointFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BEFORE = "Teleworking was a temporary measure."
AFTER = "Teleworking is here to stay."


@pytest.fixture
def organiser():
    return UserFactory(groups=["Organisers"], username="organiser")


@pytest.fixture
def point(organiser):
    session = SessionFactory(forum=ForumFactory(organisers=[organiser]))
    return PointFactory(contribution=ContributionFactory(round__session=session), text=BEFORE)


def history_url(session):
    return f"/admin/gsef_sessions/session/{session.pk}/history/"


def edit_point(client, point, text):
    url = f"/admin/gsef_sessions/contribution/{point.contribution.pk}/change/?language=en"
    form = ChangeForm(client.get(url).content.decode(), url)
    form.type("points-0-text", text)
    assert client.post(form.url, form.data("_save")).status_code == 302


def text_row(rows, text):
    return next(
        row
        for row in rows
        if row["what"].startswith("Point") and any(after == text for _l, _b, after in row["changes"])
    )


def test_history_page_shows_changes_with_author(client, point, organiser):
    client.force_login(organiser)
    edit_point(client, point, AFTER)
    response = client.get(history_url(point.contribution.round.session))
    assert response.status_code == 200
    row = text_row(response.context["rows"], AFTER)
    assert (str(row["who"]), row["action"], row["changes"], row["current"], row["revert_url"]) == (
        "organiser",
        "Changed",
        [("Text", BEFORE, AFTER)],
        True,
        None,
    )
    assert row["what"] == f"Point: {AFTER} (English)"


def test_revert_from_admin_puts_text_back_in_published_report(client, point, organiser):
    session = point.contribution.round.session
    publish(session=session, user=organiser)
    client.force_login(organiser)
    edit_point(client, point, AFTER)
    assert AFTER in client.get(session.get_absolute_url()).content.decode()
    session.refresh_from_db()
    version = session.version

    rows = client.get(history_url(session)).context["rows"]
    revert_url = text_row(rows, BEFORE)["revert_url"]
    confirm = client.get(revert_url)
    assert confirm.status_code == 200
    assert confirm.context["fields"] == [("Text", BEFORE, AFTER)]
    response = client.post(revert_url, follow=True)
    assert response.redirect_chain == [(history_url(session), 302)]
    assert "is back as it was on" in response.content.decode()

    session.refresh_from_db()
    assert session.version == version + 1
    page = client.get(session.get_absolute_url()).content.decode()
    assert BEFORE in page and AFTER not in page
    newest = response.context["rows"][0]
    assert (str(newest["who"]), newest["changes"], newest["reason"].startswith("Reverted to the version of")) == (
        "organiser",
        [("Text", AFTER, BEFORE)],
        True,
    )


def test_part_page_history_is_the_report_history(client, point, organiser):
    client.force_login(organiser)
    response = client.get(f"/admin/gsef_sessions/round/{point.contribution.round.pk}/history/")
    assert response.status_code == 302
    assert response.url == history_url(point.contribution.round.session)


def test_rapporteur_sees_history_of_published_report_but_cannot_revert(client, point, organiser):
    rapporteur = UserFactory(groups=["Rapporteurs"])
    session = point.contribution.round.session
    session.rapporteurs.add(rapporteur)
    client.force_login(organiser)
    edit_point(client, point, AFTER)
    revert_url = text_row(client.get(history_url(session)).context["rows"], BEFORE)["revert_url"]
    publish(session=session, user=organiser)

    client.force_login(rapporteur)
    rows = client.get(history_url(session)).context["rows"]
    assert rows and all(row["revert_url"] is None for row in rows)
    assert client.post(revert_url).status_code == 403
    point.refresh_from_db()
    assert point.text == AFTER


def test_stranger_cannot_see_a_report_history(client, point):
    client.force_login(UserFactory(groups=["Rapporteurs"]))
    response = client.get(history_url(point.contribution.round.session))
    assert response.status_code == 302  # the admin's "does not exist" redirect, as for its change page
