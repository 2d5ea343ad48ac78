"""Model fields whose choices come from Django itself, never from the host's settings.

Keeping the choices out of the field's deconstruction means an integrator's LANGUAGES never
changes our migrations.
"""

from django import forms
from django.conf.locale import LANG_INFO
from django.db import models

from .validators import validate_language_code, validate_language_list, validate_text_block, validate_text_line


def language_choices():
    codes = (code for code, info in LANG_INFO.items() if "fallback" not in info)
    return sorted(((code, f"{LANG_INFO[code]['name']} ({code})") for code in codes), key=lambda c: c[1])


class LanguageField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 15)
        super().__init__(*args, **kwargs)
        self.validators.append(validate_language_code)

    def formfield(self, **kwargs):
        return forms.ChoiceField(
            choices=[("", "---------")] * self.blank + language_choices(),
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
