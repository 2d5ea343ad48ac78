import unicodedata

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from parler.models import TranslatableModel, TranslatedFields

from ..fields import ImageUploadField, RandomName, TextBlockField, TextLineField
from ..validators import validate_url_lines
from .base import CreatedBy, Tracked


def sort_key(family_name, given_name):
    """Accent- and case-folded "family, given": a double surname ("Aragón Martínez") sorts whole,
    on its first surname, instead of on its last word."""
    text = f"{family_name} {given_name}".strip()
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold()


class Person(Tracked, CreatedBy, TranslatableModel):
    given_name = TextLineField(_("given name(s)"), max_length=150, blank=True)
    family_name = TextLineField(_("family name(s)"), max_length=150)
    sort_as = TextLineField(
        _("sort as"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty to sort by family names, then given names."),
    )
    sort_name = models.CharField(_("sort key"), max_length=300, editable=False, db_index=True)
    honorific = TextLineField(_("honorific"), max_length=50, blank=True)
    country = CountryField(_("country"), blank=True)
    photo = ImageUploadField(_("photo"), upload_to=RandomName("gsef_sessions/people/"), blank=True)
    links = TextBlockField(
        _("links"),
        blank=True,
        validators=[validate_url_lines],
        help_text=_("One web address per line."),
    )
    hide_from_listings = models.BooleanField(
        _("hide from public listings"),
        default=False,
        help_text=_("The person still appears in the reports they spoke in."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="gsef_people",
    )
    translations = TranslatedFields(
        bio=TextBlockField(_("short bio"), blank=True, help_text=_("Markdown.")),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["sort_name", "pk"]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    def save(self, *args, **kwargs):
        self.sort_name = sort_key(self.sort_as or self.family_name, "" if self.sort_as else self.given_name)
        super().save(*args, **kwargs)
