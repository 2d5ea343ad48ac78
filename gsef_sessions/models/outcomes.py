from django.db import models
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields

from ..enums import OutcomeKind
from ..fields import TextBlockField
from .base import Tracked, unique


class Outcome(Tracked, TranslatableModel):
    """A key takeaway or a call to action of a session (the IGF's report template asks for both;
    GSEF's "100 ideas" collects them across sessions), in its order within its kind."""

    session = models.ForeignKey("gsef_sessions.Session", on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("kind"), max_length=20, choices=OutcomeKind.choices, default=OutcomeKind.TAKEAWAY)
    order = models.PositiveSmallIntegerField(_("order"))
    translations = TranslatedFields(text=TextBlockField(_("text")))

    class Meta:
        verbose_name = _("key takeaway or call to action")
        verbose_name_plural = _("key takeaways and calls to action")
        ordering = ["session", "kind", "order"]
        constraints = [
            unique(
                ["session", "kind", "order"],
                "gsef_outcome_unique_order",
                _("Two key takeaways, or two calls to action, have the same order."),
            ),
        ]

    def __str__(self):
        return (self.safe_translation_getter("text", any_language=True) or "")[:80]
