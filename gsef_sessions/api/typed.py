"""Serializers generated from the read model's types (``domain.read_model``) for the schema.

The API prints the read model as it is built; drf-spectacular describes it through these, made
from the same declaration, so the schema cannot list a field the answers lack or miss one they
have (tests/api/test_schema_matches_answers.py holds the two together).
"""

import types
import typing
from typing import Annotated, get_args, get_origin, get_type_hints, is_typeddict

from rest_framework import serializers

from ..domain import read_model

FIELDS = {
    str: serializers.CharField,
    int: serializers.IntegerField,
    float: serializers.FloatField,
    bool: serializers.BooleanField,
    read_model.Uuid: serializers.UUIDField,
    read_model.Url: serializers.URLField,
    read_model.Slug: serializers.SlugField,
    read_model.DateTime: serializers.DateTimeField,
    read_model.Language: serializers.CharField,
}

_made: dict[type, type[serializers.Serializer]] = {}


def serializer_for(typed: type) -> type[serializers.Serializer]:
    """The serializer class describing the TypedDict ``typed`` (one class per type, so one schema
    component, named after the type)."""
    if typed not in _made:
        fields = {name: _field(hint) for name, hint in get_type_hints(typed, include_extras=True).items()}
        _made[typed] = type(
            f"{typed.__name__}Serializer",
            (serializers.Serializer,),
            {**fields, "__doc__": typed.__doc__, "__module__": __name__},
        )
    return _made[typed]


def _field(hint, **options) -> serializers.Field:
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in get_args(hint) if arg is not type(None)]
        return _field(inner, allow_null=True, **options)
    if origin is Annotated:
        _text, choices = get_args(hint)
        return serializers.ChoiceField(choices=choices, **options)
    if origin is list:
        (item,) = get_args(hint)
        if is_typeddict(item):
            return serializer_for(item)(many=True, **options)
        return serializers.ListField(child=_field(item), **options)
    if is_typeddict(hint):
        return serializer_for(hint)(**options)
    return FIELDS[hint](**options)
