"""Field validators shared by models and forms (messages are user-facing)."""

import zoneinfo

from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _


def validate_language_code(value):
    if value not in LANG_INFO or "fallback" in LANG_INFO[value]:
        raise ValidationError(
            _("“%(code)s” is not a language code Django knows (e.g. en, es, fr)."),
            code="unknown_language",
            params={"code": value},
        )


def validate_language_list(value):
    if not isinstance(value, list):
        raise ValidationError(_("Languages must be a list of codes."), code="invalid")
    for code in value:
        validate_language_code(code)
    if len(set(value)) != len(value):
        raise ValidationError(_("A language is listed twice."), code="duplicate_language")


def validate_timezone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(tz)s” is not a known time zone (e.g. America/Mexico_City)."),
            code="unknown_timezone",
            params={"tz": value},
        )


def validate_url_lines(value):
    check = URLValidator(schemes=["http", "https"])
    for number, line in enumerate(value.splitlines(), start=1):
        if line.strip():
            try:
                check(line.strip())
            except ValidationError:
                raise ValidationError(
                    _("Line %(line)s is not a web address: “%(value)s”."),
                    code="invalid_url",
                    params={"line": number, "value": line.strip()},
                ) from None
