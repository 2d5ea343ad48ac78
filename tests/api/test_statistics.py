"""``GET /api/forums/{slug}/statistics/``: the domain's figures, in the language asked."""

import pytest

from gsef_sessions.domain.statistics import forum_statistics

pytestmark = pytest.mark.django_db


def test_forum_statistics_api_answers_the_domains_figures(client, forum_in_figures):
    response = client.get(f"/api/forums/{forum_in_figures.slug}/statistics/?lang=fr")
    assert response.status_code == 200
    assert response.json() == forum_statistics(forum=forum_in_figures, language="fr")


def test_forum_statistics_api_unknown_forum_is_404(client, forum_in_figures):
    assert client.get("/api/forums/no-such-forum/statistics/").status_code == 404
