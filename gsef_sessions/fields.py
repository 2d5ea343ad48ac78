"""Model fields whose choices come from Django itself, never from the host's settings, and the
image field every upload goes through.

Keeping the choices out of the field's deconstruction means an integrator's LANGUAGES never
changes our migrations.
"""

import io
import uuid
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.utils.deconstruct import deconstructible
from PIL import ImageOps

from .validators import (
    clamp_supported_date,
    load_uploaded_image,
    validate_image_upload,
    validate_language_code,
    validate_language_list,
    validate_supported_date,
    validate_text_block,
    validate_text_line,
)


def language_choices():
    """Every language Django knows: the site's own (``LANGUAGES``) first, in their order, then the
    others by name, all reachable."""
    codes = [code for code, info in LANG_INFO.items() if "fallback" not in info]
    site = [code for code, _name in settings.LANGUAGES if code in codes]
    others = sorted((code for code in codes if code not in site), key=lambda code: LANG_INFO[code]["name"])
    return [(code, f"{LANG_INFO[code]['name']} ({code})") for code in site + others]


class LanguageField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 15)
        super().__init__(*args, **kwargs)
        self.validators.append(validate_language_code)

    def formfield(self, **kwargs):
        return forms.ChoiceField(
            choices=[("", "---------")] * self.blank + language_choices(),
            initial=kwargs.get("initial", self.get_default() if self.has_default() else None),
            required=not self.blank,
            label=kwargs.get("label", self.verbose_name.capitalize()),
            help_text=self.help_text,
        )


class LanguageListField(models.JSONField):
    """An ordered list of language codes, edited as a multiple choice."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)
        self.validators.append(validate_language_list)

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=language_choices(),
            required=not self.blank,
            label=kwargs.get("label", self.verbose_name.capitalize()),
            help_text=self.help_text,
            widget=kwargs.get("widget") or forms.SelectMultiple(attrs={"size": 8}),
        )


class TextLineField(models.CharField):
    """A one-line text a person types: no control characters, tabs or line breaks."""

    default_validators = [validate_text_line]


class TextBlockField(models.TextField):
    """A multi-line text a person types: tabs and line breaks allowed, no other control characters."""

    default_validators = [validate_text_block]


class _SupportedYears:
    """A date or time in ``SUPPORTED_YEARS``. Rows stored before the rule (or by raw SQL) are read
    as the nearest supported moment, so no page, export or computation on them can overflow."""

    default_validators = [validate_supported_date]

    def from_db_value(self, value, expression, connection):
        return clamp_supported_date(value)


class SupportedDateField(_SupportedYears, models.DateField):
    pass


class SupportedDateTimeField(_SupportedYears, models.DateTimeField):
    pass


# How each accepted format is stored: (format, extension, modes it keeps, options). A GIF keeps its
# first frame, as a PNG; every other mode becomes RGB, or RGBA where there is transparency.
_STORED_AS = {
    "PNG": ("PNG", "png", {"1", "L", "LA", "P", "RGB", "RGBA"}, {"optimize": True}),
    "GIF": ("PNG", "png", {"1", "L", "LA", "P", "RGB", "RGBA"}, {"optimize": True}),
    "JPEG": ("JPEG", "jpg", {"L", "RGB"}, {"quality": 90}),
    "WEBP": ("WEBP", "webp", {"RGB", "RGBA"}, {"quality": 90}),
}


def reencode_image(file):
    """(bytes, extension) of ``file`` decoded and encoded again, upright: nothing but the pixels
    survives (no EXIF, comments, colour profiles, trailing bytes or other formats hidden inside).
    Raises ValidationError for what ``load_uploaded_image`` refuses."""
    source = load_uploaded_image(file)
    stored_format, extension, modes, options = _STORED_AS[source.format]
    image = ImageOps.exif_transpose(source)
    alpha = image.has_transparency_data
    if image.mode not in modes or (alpha and not image.mode.endswith("A")):  # a transparency key in .info
        image = image.convert("RGBA" if alpha and "RGBA" in modes else "RGB")
    image.info = {}  # the encoders copy comments and transparency indexes from here
    output = io.BytesIO()
    image.save(output, stored_format, **options)
    return output.getvalue(), extension


class UploadedImageFieldFile(ImageFieldFile):
    """Stores ``reencode_image``'s output, never the bytes it was given, named for its format."""

    def save(self, name, content, save=True):
        data, extension = reencode_image(content)
        super().save(str(PurePosixPath(name).with_suffix(f".{extension}")), ContentFile(data), save)


@deconstructible
class RandomName:
    """``upload_to`` that stores a file in ``folder`` under a random name: an uploaded name neither
    collides, leaks (a person's file name on a public URL) nor picks its own extension."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        return f"{self.folder}{uuid.uuid4().hex}{PurePosixPath(filename).suffix.lower()}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


class ImageUploadFormField(forms.ImageField):
    def to_python(self, data):
        if data not in self.empty_values:
            validate_image_upload(data)  # the limits before Django's own check decodes anything
        return super().to_python(data)


class ImageUploadField(models.ImageField):
    """An uploaded image within GSEF_SESSIONS_UPLOAD_MAX_BYTES / _MAX_PIXELS, stored re-encoded
    (``reencode_image``) whatever saves it (admin, shell, commands); give it ``upload_to=RandomName(folder)``."""

    attr_class = UploadedImageFieldFile

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadFormField, **kwargs})
