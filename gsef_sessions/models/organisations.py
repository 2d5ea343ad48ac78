from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from parler.models import TranslatableModel, TranslatedFields

from ..fields import ImageUploadField, RandomName, TextLineField
from .base import CreatedBy, Tracked


class Organisation(Tracked, CreatedBy, TranslatableModel):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = ImageUploadField(_("logo"), upload_to=RandomName("gsef_sessions/logos/"), blank=True)
    translations = TranslatedFields(
        name=TextLineField(_("name"), max_length=300),
        short_name=TextLineField(_("short name"), max_length=100, blank=True),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["slug"]

    def __str__(self):
        return self.safe_translation_getter("name", any_language=True) or self.slug
