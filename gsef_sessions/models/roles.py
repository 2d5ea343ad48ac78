from django.db import models
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields

from ..enums import RoleCategory
from ..fields import TextLineField
from .base import unique


class ParticipantRole(TranslatableModel):
    """A forum's own role (moderator, co-moderator, online moderator, panelist, keynote…): its label,
    its place in the report's header, and a fixed category that code relies on."""

    forum = models.ForeignKey("gsef_sessions.Forum", on_delete=models.CASCADE, related_name="roles")
    slug = models.SlugField(_("slug"), max_length=50)
    category = models.CharField(_("category"), max_length=20, choices=RoleCategory.choices)
    order = models.PositiveSmallIntegerField(_("place in the header"), default=0)
    numbered = models.BooleanField(_("numbered"), default=False, help_text=_("List its people as 1., 2., 3."))
    translations = TranslatedFields(
        name=TextLineField(_("name"), max_length=100, help_text=_("Singular, e.g. Moderator.")),
        heading=TextLineField(
            _("heading"),
            max_length=200,
            blank=True,
            help_text=_("Over its people in the report's header, e.g. Name of the moderator:"),
        ),
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["forum", "order", "slug"]
        constraints = [
            unique(["forum", "slug"], "gsef_participantrole_unique_slug", _("This forum already has this role.")),
        ]

    def __str__(self):
        return self.safe_translation_getter("name", any_language=True) or self.slug
