from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields

from ..enums import MaterialKind
from ..fields import LanguageField, RandomName, TextLineField
from ..storage import pdf_storage
from ..validators import validate_material_size
from .base import Tracked, unique


class Material(Tracked, TranslatableModel):
    """A session's recording, slides, concept note, transcript…: a link, or a file kept in the private
    (PDF) storage and served only through a view that checks who may see the session."""

    session = models.ForeignKey("gsef_sessions.Session", on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("kind"), max_length=20, choices=MaterialKind.choices, default=MaterialKind.OTHER)
    order = models.PositiveSmallIntegerField(_("order"))
    language = LanguageField(_("language"), blank=True, help_text=_("The language it is in, if one."))
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(
        _("file"),
        upload_to=RandomName("materials/"),
        storage=pdf_storage,
        max_length=200,
        blank=True,
        validators=[validate_material_size],
    )
    translations = TranslatedFields(title=TextLineField(_("title"), max_length=300))

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["session", "order"]
        constraints = [
            unique(["session", "order"], "gsef_material_unique_order", _("Two materials have the same order.")),
        ]

    def __str__(self):
        return self.safe_translation_getter("title", any_language=True) or self.get_kind_display()

    def clean(self):
        super().clean()
        if bool(self.url) == bool(self.file):
            raise ValidationError(_("Give a link or upload a file: one of the two."))
