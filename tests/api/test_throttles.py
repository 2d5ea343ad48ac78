"""Throttles count per client address: X-Forwarded-For counts only behind trusted proxies."""

import pytest

from tests.api.conftest import report

pytestmark = pytest.mark.django_db


def statuses(api, url, forwarded_for, **meta):
    return [api.get(url, HTTP_X_FORWARDED_FOR=address, **meta).status_code for address in forwarded_for]


@pytest.fixture
def limit_of_two(settings):
    settings.GSEF_SESSIONS_API_THROTTLE_RATES = {"anon": "2/minute"}


@pytest.mark.parametrize("url", ["/api/forums/", "report"])
def test_forged_forwarded_for_ignored_without_trusted_proxies(api, limit_of_two, url):
    # "report": the session detail, whose stored answers are throttled as any other.
    if url == "report":
        session = report()
        url = f"/api/sessions/{session.forum.slug}/{session.slug}/"
    assert statuses(api, url, ["10.0.0.1", "10.0.0.2", "10.0.0.3"]) == [200, 200, 429]


def test_forwarded_for_counts_behind_trusted_proxy(api, limit_of_two, settings):
    settings.GSEF_SESSIONS_TRUSTED_PROXIES = 1
    # The proxy appends the address it saw; whatever the client put before it is not trusted.
    forged = ["1.1.1.1, 10.0.0.9", "2.2.2.2, 10.0.0.9", "3.3.3.3, 10.0.0.9", "10.0.0.8"]
    assert statuses(api, "/api/forums/", forged) == [200, 200, 429, 200]


def test_forwarded_for_shorter_than_proxies_takes_leftmost(api, limit_of_two, settings):
    settings.GSEF_SESSIONS_TRUSTED_PROXIES = 2
    assert statuses(api, "/api/forums/", ["10.0.0.7", "10.0.0.7, 10.0.0.5", "10.0.0.7"]) == [200, 200, 429]
