from django.db import models
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields

from ..fields import SupportedDateTimeField, TextLineField
from .base import Tracked, unique


class AttendanceCount(Tracked, TranslatableModel):
    """How many people followed the session on one platform, counted at one moment."""

    session = models.ForeignKey("gsef_sessions.Session", on_delete=models.CASCADE, related_name="attendance")
    order = models.PositiveSmallIntegerField(_("order"))
    platform = TextLineField(_("platform"), max_length=100, help_text=_("E.g. Zoom, YouTube, in the room."))
    count = models.PositiveIntegerField(_("people"))
    taken_at = SupportedDateTimeField(
        _("counted at"),
        null=True,
        blank=True,
        help_text=_("In the forum's time zone."),
    )
    translations = TranslatedFields(note=TextLineField(_("note"), max_length=300, blank=True))

    class Meta:
        verbose_name = _("attendance count")
        verbose_name_plural = _("attendance counts")
        ordering = ["session", "order"]
        constraints = [
            unique(
                ["session", "order"], "gsef_attendance_unique_order", _("Two attendance counts have the same order.")
            ),
        ]

    def __str__(self):
        return f"{self.count} ({self.platform})"
