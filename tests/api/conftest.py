import pytest
from rest_framework.test import APIClient

from gsef_sessions.enums import SessionStatus
from tests.factories import (
    ForumFactory,
    ParticipationFactory,
    PointFactory,
    SessionFactory,
    SessionSponsorFactory,
    UserFactory,
)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def no_throttling(settings):
    settings.GSEF_SESSIONS_API_THROTTLE_RATES = {}


def report(*, status=SessionStatus.PUBLISHED, panelists=1, forum=None, **kwargs):
    """A session whose panelists each made one point, the first of them a direct quote."""
    session = SessionFactory(status=status, forum=forum or ForumFactory(), **kwargs)
    for n in range(panelists):
        part = ParticipationFactory(session=session)
        PointFactory(
            contribution__round__session=session,
            contribution__participation=part,
            contribution__round__order=n + 1,
            is_quote=n == 0,
            text=f"Point of panelist {n}",
        )
    SessionSponsorFactory(session=session)
    return session


@pytest.fixture
def people():
    """The four kinds of reader of the permission matrix (the organiser organises every forum used)."""
    return {
        "anonymous": None,
        "assigned": UserFactory(groups=["Rapporteurs"]),
        "unassigned": UserFactory(groups=["Rapporteurs"]),
        "organiser": UserFactory(groups=["Organisers"]),
    }
