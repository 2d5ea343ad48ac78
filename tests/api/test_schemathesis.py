"""Schemathesis against the live schema (``/api/schema/``), in-process through the WSGI app, with
every check, on the GSEF 2020 fixtures: anonymously and with an organiser's token, each once
deterministically and once from a fresh random seed (printed); then regression tests of what it
found, which run with the rest of the suite.

The four runs are marked ``schemathesis`` (bin/test runs them in a stage of their own). Each
operation is tested by schemathesis' own examples, coverage and fuzzing phases, about 25 examples
each. Schema-valid reads must be answered (``reads_accept_valid_data``). Path parameters,
references in bodies and ``If-Match`` are often drawn from the fixtures (the dictionaries below),
so reports are read and written, not only 404s.

Lazy schema loading (``schemathesis.pytest.from_fixture``) fails on pytest 9, and loading the
schema at import time would cost every test run; so one test per sign-in loads it once the
database is ready and runs the operations' tests itself, as ``from_fixture`` would.
"""

import collections
import os
import random
import time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from rest_framework.authtoken.models import Token
from schemathesis.pytest.lazy import get_all_tests

from gsef_sessions.api.writes import ENTITY_TAGS, current_etag
from gsef_sessions.models import Forum, Organisation, Participation, Person, Point, Session, SessionKind
from tests.factories import ForumFactory, SessionFactory, SessionSponsorFactory, UserFactory

pytestmark = pytest.mark.django_db

# The statuses the API documents for valid-looking writes it must still refuse: 400 for rules a
# schema cannot state (unknown ids, orders taken, one introduction per session...), 412 for an
# If-Match that is well formed but not the report's current ETag. A missing If-Match is a 428.
POSITIVE = ["2xx", "3xx", "400", "401", "403", "404", "409", "412", "429", "5xx"]
# A schema-valid read gets one of these (``reads_accept_valid_data``)...
READ_STATUSES = {200, 204, 301, 302, 303, 304, 307, 308, 401, 403, 404, 429}
# ...or a 400 for a rule JSON Schema cannot state, each also written in the schema's description of
# its parameters: a date or time outside the supported years (1900-2200), or one that leaves them
# once its UTC offset is applied.
READ_REFUSALS = {"Enter a date between the years 1900 and 2200.", "This time is out of range."}
NEGATIVE = ["400", "401", "403", "404", "405", "406", "409", "412", "415", "422", "428", "429", "5xx"]
MISSING_HEADER = ["400", "401", "403", "406", "415", "422", "428"]
CURRENT_ETAG = '"current"'  # an If-Match value replaced with the targeted report's ETag when sent


def config(seed):
    """Schemathesis' settings, with dictionaries of the fixtures' slugs and ids; deterministic, or
    random from ``seed``."""
    participants = [
        str(u) for u in Participation.objects.filter(session__slug="plenary-3").values_list("uuid", flat=True)
    ]
    values = {
        "forums": ["gsef-2020"],
        "sessions": list(Session.objects.filter(forum__slug="gsef-2020").values_list("slug", flat=True)),
        "kinds": list(SessionKind.objects.values_list("slug", flat=True)),
        "slugs": ["gsef-2020", *Organisation.objects.values_list("slug", flat=True)],
        "organisations": list(Organisation.objects.values_list("slug", flat=True)),
        "people": [str(u) for u in Person.objects.values_list("uuid", flat=True)],
        "uuids": [
            str(u)
            for u in [
                *Person.objects.values_list("uuid", flat=True),
                *Point.objects.filter(is_quote=True).values_list("uuid", flat=True),
            ]
        ],
        "participants": participants,
        "etags": [CURRENT_ETAG],
        "seed": ["plenary-3"],
    }
    bindings = {
        "path.forum_slug": "forums",
        "path.session_slug": "sessions",
        "path.slug": "slugs",
        "path.uuid": "uuids",
        "header.If-Match": "etags",
        "body.forum": "forums",
        "body.kind": "kinds",
        "body.participants[*].person": "people",
        "body.participants[*].uuid": "participants",
        "body.participants[*].organization": "organisations",
        "body.sponsors[*].organization": "organisations",
        "body.rounds[*].contributions[*].participant": "participants",
        "body.qa.questions[*].answered_by": "participants",
    }
    return schemathesis.Config.from_dict(
        {
            **(
                {"generation": {"max-examples": 25, "deterministic": True}}
                if seed is None
                else {"generation": {"max-examples": 25}, "seed": seed}
            ),
            "checks": {
                "positive_data_acceptance": {"expected-statuses": POSITIVE},
                "negative_data_rejection": {"expected-statuses": NEGATIVE},
                "missing_required_header": {"expected-statuses": MISSING_HEADER},
            },
            "dictionaries": {name: {"values": entries} for name, entries in values.items()},
            "parameters": {key: {"dictionary": name, "probability": 0.7} for key, name in bindings.items()},
            # Writes go to the seed report (whose slug they mostly keep), so they are validated and
            # written, not only refused with a 404.
            "operations": [
                {
                    "include-method": ["PUT", "PATCH"],
                    "parameters": {
                        "path.forum_slug": "gsef-2020",
                        "path.session_slug": "plenary-3",
                        "body.slug": {"dictionary": "seed", "probability": 0.9},
                        **{
                            key: {"dictionary": name, "probability": 0.7}
                            for key, name in bindings.items()
                            if key.startswith(("body.", "header."))
                        },
                    },
                }
            ],
        }
    )


@schemathesis.check
def reads_accept_valid_data(ctx, response, case):
    """Schema-valid reads are answered, not refused, but for the rules listed in ``READ_REFUSALS``."""
    if case.method != "GET" or case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    if response.status_code in READ_STATUSES:
        return None
    refusals = response.json() if response.status_code == 400 else None
    messages = (
        [message for value in refusals.values() for message in (value if isinstance(value, list) else [value])]
        if isinstance(refusals, dict)
        else []
    )
    if messages and set(messages) <= READ_REFUSALS:
        return None
    raise AssertionError(f"A schema-valid read was answered {response.status_code}: {response.text[:300]}")


def with_current_etag(case):
    """``If-Match: "current"`` becomes the ETag of the report the case writes, if there is one (the
    version changes with every write, so no dictionary can hold it)."""
    if (case.headers or {}).get("If-Match") != CURRENT_ETAG:
        return
    path = case.path_parameters or {}
    session = Session.objects.filter(forum__slug=path.get("forum_slug"), slug=path.get("session_slug")).first()
    if session is not None:
        language = (case.headers.get("Content-Language") or session.original_language).lower()
        case.headers["If-Match"] = current_etag(session, language)


def run(headers, say, seed):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=config(seed))
    calls = collections.defaultdict(collections.Counter)

    @schema.hook
    def after_call(context, case, response):
        calls[case.operation.label][response.status_code] += 1

    def test(case):
        with_current_etag(case)
        case.call_and_validate(headers=headers)

    started, failures = time.monotonic(), []
    for result in get_all_tests(schema=schema, test_func=test, settings=None, given_kwargs=None):
        operation, operation_test = result.ok()
        try:
            operation_test()
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - every operation is tested
            failures.append(f"{operation.label}: {error}")
    total = sum(sum(statuses.values()) for statuses in calls.values())
    how = "deterministic" if seed is None else f"seed {seed}: rerun with GSEF_SCHEMATHESIS_SEED={seed}"
    say(
        f"\nschemathesis ({'signed in' if headers else 'anonymous'}, {how}): {len(calls)} operations, "
        f"{total} requests in {time.monotonic() - started:.0f}s"
    )
    for label, statuses in sorted(calls.items()):
        say(f"  {label}  ({', '.join(f'{status}: {count}' for status, count in sorted(statuses.items()))})")
    assert not failures, "\n\n".join(failures)


@pytest.fixture
def fuzzing(gsef_2020, settings):
    # Throttling has tests of its own; here every request must reach the endpoint.
    settings.GSEF_SESSIONS_API_THROTTLE_RATES = {}
    # Requests go through the real WSGI handler, which closes the database connection after each
    # one, and with it the test's transaction; Django's test client keeps it the same way.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def say(capsys):
    """Print past pytest's output capture (which also keeps Django's log of every 404 answered)."""

    def write(line):
        with capsys.disabled():
            print(line)

    return write


@pytest.fixture(params=["deterministic", "random"])
def seed(request):
    """None (schemathesis' deterministic run), or a fresh seed each run, so new cases are found
    over time; the log prints it, and GSEF_SCHEMATHESIS_SEED replays it."""
    if request.param == "deterministic":
        return None
    return int(os.environ.get("GSEF_SCHEMATHESIS_SEED") or random.SystemRandom().randrange(2**32))


@pytest.mark.schemathesis
@pytest.mark.usefixtures("fuzzing")
def test_anonymous(say, seed):
    run({}, say, seed)


@pytest.mark.schemathesis
@pytest.mark.usefixtures("fuzzing")
def test_organiser(say, seed):
    user = UserFactory(groups=["Organisers"])
    Forum.objects.get(slug="gsef-2020").organisers.add(user)
    run({"Authorization": f"Token {Token.objects.create(user=user).key}"}, say, seed)


# --- What it found ----------------------------------------------------------------------------------


def test_anything_else_under_the_api_is_a_json_404(api, people):
    api.force_login(people["organiser"])
    api.handler.enforce_csrf_checks = True
    for send in (api.get, api.put):
        for path in ("/api/sessions/%C2%BD/x/", "/api/people/not-a-uuid/", "/api/nothing/"):
            response = send(path)
            assert (response.status_code, response["Content-Type"], response.json()) == (
                404,
                "application/json",
                {"detail": "Not found."},
            )


def test_lists_refuse_a_malformed_page_size_and_treat_empty_parameters_as_absent(api):
    assert api.get("/api/forums/", {"page_size": "null"}).json() == {"page_size": ["A whole number above 0."]}
    assert api.get("/api/forums/", {"page_size": "0"}).status_code == 400
    assert (
        api.get(
            "/api/sessions/", {"page_size": "", "page": "", "updated_since": "", "date_from": "", "lang": ""}
        ).status_code
        == 200
    )
    assert api.get("/api/sessions/", {"page": "2"}).status_code == 404


def test_times_far_from_utc_are_compared_in_utc_and_impossible_ones_refused(api):
    assert api.get("/api/sessions/", {"updated_since": "1900-11-14T07:27:06+23:57"}).status_code == 200
    response = api.get("/api/sessions/", {"updated_since": "0189-11-14T07:27:06+23:57"})
    assert (response.status_code, response.json()) == (
        400,
        {"updated_since": ["Enter a date between the years 1900 and 2200."]},
    )
    response = api.get("/api/sessions/", {"updated_since": "0001-01-01T00:00:00+05:00"})
    assert (response.status_code, response.json()) == (400, {"updated_since": ["This time is out of range."]})


def test_a_report_time_the_forum_cannot_show_is_refused(api, people):
    session = SessionFactory(forum=ForumFactory(organisers=[people["organiser"]]))
    api.force_login(people["organiser"])
    response = api.patch(
        f"/api/sessions/{session.forum.slug}/{session.slug}/",
        {"starts_at": "0001-01-01T00:00:01Z"},
        format="json",
        HTTP_IF_MATCH=f'W/"{session.version}-en"',
    )
    assert (response.status_code, response.json()) == (400, {"starts_at": ["This time is out of range."]})


def test_a_missing_website_is_null_not_an_empty_uri(api):
    session = SessionFactory(status="published")
    SessionSponsorFactory(session=session, organisation__website="")
    assert [
        s["organization"]["website"]
        for s in api.get(f"/api/sessions/{session.forum.slug}/{session.slug}/").json()["sponsors"]
    ] == [None]


def test_the_schema_says_what_the_api_accepts(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    listed = schema["paths"]["/api/forums/"]["get"]
    assert {"400", "404"} <= set(listed["responses"])
    assert all(p["allowEmptyValue"] for p in listed["parameters"] if p["in"] == "query")
    put = schema["paths"]["/api/sessions/{forum_slug}/{session_slug}/"]["put"]
    [if_match] = [p for p in put["parameters"] if p["name"] == "If-Match"]
    assert if_match["schema"]["pattern"] == ENTITY_TAGS
