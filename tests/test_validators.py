"""The plain-text validator every typed text goes through, and ``printable``, which outputs use."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from gsef_sessions.fields import LanguageField
from gsef_sessions.models import Delivery, Render
from gsef_sessions.validators import PlainTextValidator, printable, validate_text_block, validate_text_line


def message(validator, value):
    with pytest.raises(ValidationError) as caught:
        validator(value)
    return caught.value.messages


@pytest.mark.parametrize(("character", "code"), [
    ("\x00", "0000"), ("\x01", "0001"), ("\x0b", "000B"), ("\x0c", "000C"), ("\x1f", "001F"), ("\x7f", "007F"),
    ("\x85", "0085"), ("\x9f", "009F"), ("\ud800", "D800"), ("\udfff", "DFFF"), ("\ufdd0", "FDD0"),
    ("\ufffe", "FFFE"), ("\uffff", "FFFF"), ("\U0001fffe", "1FFFE"), ("\U0010ffff", "10FFFF"),
])
def test_validator_refuses_controls_noncharacters_and_surrogates_in_every_field(character, code):
    for validator in (validate_text_line, validate_text_block):
        assert message(validator, f"Ctrl{character}title") == [
            f"Remove the character U+{code} at position 5: a control character or non-character, "
            "which no page, feed or PDF can show.",
        ]


def test_validator_allows_tabs_and_line_breaks_in_multiline_fields_only():
    validate_text_block("Line one\r\n\tLine two\n")
    assert message(validate_text_line, "Two\nlines") == ["Tabs and line breaks are not allowed here (position 4)."]
    assert message(validate_text_line, "A\ttab") == ["Tabs and line breaks are not allowed here (position 2)."]


def test_validator_allows_every_script_and_unicode_separators():
    text = "Park Won-soon 박원순 · 東京 · 北京 · محمد · עברית · Ελληνικά · Кирилл · 🌍 \u2028 \u00a0 é"
    validate_text_line(text)
    validate_text_block(text)


def test_printable_drops_what_the_validator_refuses_and_keeps_the_rest():
    assert printable("a\x01b\x7f\x85c\ud800\ufffe\U0010ffffd\te\nf\r") == "abcd\te\nf\r"
    assert printable("") == ""
    assert printable(None) is None


def text_fields():
    """Every text a person types into one of the app's models, translated ones included."""
    for model in apps.get_app_config("gsef_sessions").get_models():
        if model.__name__.startswith("Historical") or model in (Render, Delivery):  # copies, and what the app writes itself
            continue
        for field in model._meta.get_fields():
            if (isinstance(field, (models.CharField, models.TextField)) and field.editable and not field.choices
                    and not isinstance(field, (models.SlugField, models.URLField, LanguageField))
                    and field.name != "timezone"):  # checked against the zone database
                yield f"{model.__name__}.{field.name}", field


def test_every_typed_text_field_carries_the_validator():
    checked = {name: [v for v in field.validators if isinstance(v, PlainTextValidator)] for name, field in text_fields()}
    assert len(checked) >= 30
    assert [name for name, found in checked.items() if len(found) != 1] == []
    multiline = sorted(name for name, field in text_fields() if isinstance(field, models.TextField))
    assert all(checked[name][0].multiline for name in multiline)
    assert not any(found[0].multiline for name, found in checked.items() if name not in multiline)
