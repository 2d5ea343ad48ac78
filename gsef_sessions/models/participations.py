from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from parler.models import TranslatableModel, TranslatedFields

from ..fields import TextLineField
from .base import Tracked, unique


class Participation(Tracked, TranslatableModel):
    """A person in a role at one session, with their post as printed there (people change jobs)."""

    session = models.ForeignKey("gsef_sessions.Session", on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        "gsef_sessions.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    role = models.ForeignKey(
        "gsef_sessions.ParticipantRole",
        verbose_name=_("role"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    order = models.PositiveSmallIntegerField(
        _("order"), help_text=_("1, 2, 3… within the role; left empty, after the others of its role.")
    )
    organisation = models.ForeignKey(
        "gsef_sessions.Organisation",
        verbose_name=_("organisation (for filtering)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
    )
    country = CountryField(_("country (for filtering)"), blank=True)
    translations = TranslatedFields(
        post=TextLineField(
            _("post"),
            max_length=500,
            blank=True,
            help_text=_("As printed at this session, e.g. Digital Minister, Taiwan."),
        ),
        affiliation=TextLineField(_("affiliation"), max_length=300, blank=True),
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["session", "role__order", "order"]
        constraints = [
            unique(
                ["session", "person", "role"],
                "gsef_participation_unique_role",
                _("This person already holds this role in this session."),
            ),
            unique(
                ["session", "role", "order"],
                "gsef_participation_unique_order",
                _("Two participants in the same role have the same order."),
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.role})"

    def clean(self):
        super().clean()
        if self.order == 0:
            raise ValidationError({"order": _("Orders start at 1.")})
        if self.role_id and self.session_id and self.role.forum_id != self.session.forum_id:
            raise ValidationError({"role": _("This role belongs to another forum.")})
