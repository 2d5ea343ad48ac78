"""The schema describes the report and the sessions list exactly as they are answered: each object
has every property the schema lists, in its order, and no other; each value has the stated type.
The serializers are generated from the read model's types (``api.typed``); this holds them to the
bytes served, whatever a later change adds to one side."""

import copy

import pytest
from jsonschema import Draft202012Validator

from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import Session
from tests.domain.test_read_model import rich_report
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def strict(schema, components):
    """The OpenAPI schema ``schema`` as JSON Schema, references resolved, every object closed (all
    its properties required, no others allowed) and ``nullable`` spelled out."""
    if "$ref" in schema:
        return strict(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    schema = copy.deepcopy(schema)
    for key in ("allOf", "oneOf", "anyOf"):
        if key in schema:
            schema[key] = [strict(part, components) for part in schema[key]]
    if schema.get("type") == "object" and "properties" in schema:
        schema["properties"] = {name: strict(part, components) for name, part in schema["properties"].items()}
        schema["required"] = list(schema["properties"])
        schema["additionalProperties"] = False
    if schema.get("type") == "array":
        schema["items"] = strict(schema["items"], components)
    if schema.pop("nullable", False):
        schema = {"anyOf": [schema, {"type": "null"}]}
    return schema


def order_of(schema, components):
    """``{path: [property names]}`` of every object ``schema`` describes, in the schema's order."""
    if "$ref" in schema:
        return order_of(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    found = {}
    for part in schema.get("allOf", []) + schema.get("oneOf", []) + schema.get("anyOf", []):
        found.update(order_of(part, components))
    if "properties" in schema:
        found[""] = list(schema["properties"])
        for name, part in schema["properties"].items():
            found.update({f"{name}/{path}".rstrip("/"): names for path, names in order_of(part, components).items()})
    if "items" in schema:
        found.update(order_of(schema["items"], components))
    return found


def answered_order(value, path=""):
    found = {}
    if isinstance(value, dict):
        found[path] = list(value)
        for name, item in value.items():
            for inner, names in answered_order(item, f"{path}/{name}".lstrip("/")).items():
                found.setdefault(inner, names)
    if isinstance(value, list):
        for item in value:
            for inner, names in answered_order(item, path).items():
                found.setdefault(inner, names)
    return found


@pytest.fixture
def schema(api):
    return api.get("/api/schema/", {"format": "json"}).json()


def check(answer, component, schema):
    components = schema["components"]["schemas"]
    Draft202012Validator(strict({"$ref": f"#/components/schemas/{component}"}, components)).validate(answer)
    declared = order_of({"$ref": f"#/components/schemas/{component}"}, components)
    for path, names in answered_order(answer).items():
        assert names == declared[path], path


@pytest.mark.parametrize("requested", ["en", "es", "fr", "de"])
def test_report_answers_are_the_schemas_session_detail(api, schema, gsef_2020, requested):
    rich_report()
    published = Session.objects.filter(status=SessionStatus.PUBLISHED).select_related("forum")
    assert published.count() > 1
    for session in published:
        answer = api.get(f"/api/sessions/{session.forum.slug}/{session.slug}/", {"lang": requested})
        assert answer.status_code == 200
        check(answer.json(), "SessionDetail", schema)


@pytest.mark.parametrize("requested", ["en", "es", "de"])
def test_list_answers_are_the_schemas_session_summaries(api, schema, gsef_2020, requested):
    rich_report()
    SessionFactory(title="Another", number=None, ends_at=None)
    answer = api.get("/api/sessions/", {"lang": requested, "page_size": 100}).json()
    assert answer["count"] == Session.objects.filter(status=SessionStatus.PUBLISHED).count() > 1
    for summary in answer["results"]:
        check(summary, "SessionSummary", schema)


def test_schema_has_every_field_the_read_model_declares(schema):
    from gsef_sessions.domain import read_model

    components = schema["components"]["schemas"]
    assert list(components["SessionDetail"]["properties"]) == list(read_model.SessionDetail.__annotations__)
    assert list(components["SessionSummary"]["properties"]) == list(read_model.SessionSummary.__annotations__)
