"""The plain-text validator every typed text goes through, and ``printable``, which outputs use."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from PIL import ImageFile

from gsef_sessions.fields import LanguageField
from gsef_sessions.models import Delivery, Render
from gsef_sessions.validators import (
    PlainTextValidator,
    printable,
    validate_color,
    validate_image_upload,
    validate_text_block,
    validate_text_line,
)
from tests.factories import blank_png, image_upload


def message(validator, value):
    with pytest.raises(ValidationError) as caught:
        validator(value)
    return caught.value.messages


@pytest.mark.parametrize(
    ("character", "code"),
    [
        ("\x00", "0000"),
        ("\x01", "0001"),
        ("\x0b", "000B"),
        ("\x0c", "000C"),
        ("\x1f", "001F"),
        ("\x7f", "007F"),
        ("\x85", "0085"),
        ("\x9f", "009F"),
        ("\ud800", "D800"),
        ("\udfff", "DFFF"),
        ("\ufdd0", "FDD0"),
        ("\ufffe", "FFFE"),
        ("\uffff", "FFFF"),
        ("\U0001fffe", "1FFFE"),
        ("\U0010ffff", "10FFFF"),
    ],
)
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
        if model.__name__.startswith("Historical") or model in (
            Render,
            Delivery,
        ):  # copies, and what the app writes itself
            continue
        for field in model._meta.get_fields():
            if (
                isinstance(field, (models.CharField, models.TextField))
                and field.editable
                and not field.choices
                and not isinstance(field, (models.SlugField, models.URLField, LanguageField))
                and field.name != "timezone"  # checked against the zone database
                and validate_color not in field.validators  # checked as #rrggbb
            ):
                yield f"{model.__name__}.{field.name}", field


def test_every_typed_text_field_carries_the_validator():
    checked = {
        name: [v for v in field.validators if isinstance(v, PlainTextValidator)] for name, field in text_fields()
    }
    assert len(checked) >= 30
    assert [name for name, found in checked.items() if len(found) != 1] == []
    multiline = sorted(name for name, field in text_fields() if isinstance(field, models.TextField))
    assert all(checked[name][0].multiline for name in multiline)
    assert not any(found[0].multiline for name, found in checked.items() if name not in multiline)


TOO_MANY_PIXELS = "This image has too many pixels: at most 25,000,000 (width × height) are allowed."


def test_image_upload_over_the_pixel_limit_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: pytest.fail("decoded"))
    bomb = SimpleUploadedFile("bomb.png", blank_png(5001, 5000))
    assert message(validate_image_upload, bomb) == [TOO_MANY_PIXELS]


@pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")
def test_image_upload_over_pillows_bomb_limit_is_refused_naming_ours():
    # 144 million pixels: Pillow warns (here an error), 200 million: Pillow refuses; both are ours to name.
    for width, height in ((12000, 12000), (20000, 10000)):
        bomb = SimpleUploadedFile("bomb.png", blank_png(width, height))
        assert message(validate_image_upload, bomb) == [TOO_MANY_PIXELS]


def test_image_upload_at_the_pixel_limit_is_accepted(settings):
    settings.GSEF_SESSIONS_UPLOAD_MAX_PIXELS = 5000 * 5000
    validate_image_upload(SimpleUploadedFile("large.png", blank_png(5000, 5000)))


def test_image_upload_over_the_byte_limit_is_refused(settings):
    settings.GSEF_SESSIONS_UPLOAD_MAX_BYTES = 1024
    padded = image_upload(after=bytes(2048 - image_upload().size))
    assert message(validate_image_upload, padded) == ["This file is 2.0\xa0KB; the largest allowed is 1.0\xa0KB."]


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("cv.pdf", b"%PDF-1.7\n%%EOF\n"),
        SimpleUploadedFile("photo.png", b"<html><script>alert(1)</script></html>"),
        image_upload("photo.bmp", format="BMP"),
        image_upload("photo.tiff", format="TIFF"),
    ],
    ids=["pdf", "html", "bmp", "tiff"],
)
def test_image_upload_of_another_format_is_refused(upload):
    assert message(validate_image_upload, upload) == ["This file is not a PNG, JPEG, WebP or GIF image."]


@pytest.mark.parametrize("truncated_images_allowed", [False, True], ids=["pillow-default", "as-weasyprint-sets-it"])
def test_image_upload_cut_short_is_refused(monkeypatch, truncated_images_allowed):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", truncated_images_allowed)
    whole = blank_png(1000, 1000)
    cut = SimpleUploadedFile("photo.png", whole[:-30])  # the end of the pixel data, and IEND
    assert message(validate_image_upload, cut) == ["This image is damaged or incomplete."]
