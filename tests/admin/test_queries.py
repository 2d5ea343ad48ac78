"""The session, round and contribution pages run as many queries whatever the number of
participants, rounds and points (the rows' people, roles, organisations and points are read once)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ContributionFactory,
    OrganisationFactory,
    ParticipationFactory,
    PointFactory,
    RoundFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def pages(client, participants):
    """The pages of a session with ``participants`` speakers, each with an organisation, a turn in
    each of two rounds and two points (one with a sub-point), and the queries each page runs."""
    session = SessionFactory(slug=f"size-{participants}")
    people = [
        ParticipationFactory(session=session, order=n, organisation=OrganisationFactory())
        for n in range(1, participants + 1)
    ]
    rounds = [RoundFactory(session=session, order=n) for n in (1, 2)]
    for rnd in rounds:
        for turn, speaker in enumerate(people, start=1):
            contribution = ContributionFactory(round=rnd, participation=speaker, order=turn)
            point = PointFactory(contribution=contribution, order=1)
            PointFactory(contribution=contribution, order=2)
            PointFactory(contribution=contribution, parent=point, order=1)
    counts = {}
    for name, url in (
        ("session", f"/admin/gsef_sessions/session/{session.pk}/change/?language=en"),
        ("round", f"/admin/gsef_sessions/round/{rounds[0].pk}/change/?language=en"),
        ("contribution", f"/admin/gsef_sessions/contribution/{contribution.pk}/change/?language=en"),
    ):
        client.get(url)  # caches that fill once per process (content types, the user's permissions)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[name] = len(queries)
    return counts


def test_admin_pages_queries_do_not_grow_with_participants_rounds_or_points(client):
    client.force_login(UserFactory(is_superuser=True))
    one, thirty = pages(client, 1), pages(client, 30)
    assert one == thirty, (one, thirty)
