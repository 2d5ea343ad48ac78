from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields

from ..fields import TextBlockField, TextLineField
from .base import Tracked, unique


class AudienceQuestion(Tracked, TranslatableModel):
    session = models.ForeignKey("gsef_sessions.Session", on_delete=models.CASCADE, related_name="audience_questions")
    order = models.PositiveSmallIntegerField(_("order"))
    asked_by = TextLineField(_("asked by"), max_length=200, blank=True)
    is_answered = models.BooleanField(_("answered"), default=False)
    answered_by = models.ForeignKey(
        "gsef_sessions.Participation",
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answers",
    )
    translations = TranslatedFields(
        text=TextBlockField(_("question")),
        answer=TextBlockField(_("answer"), blank=True),
    )

    class Meta:
        verbose_name = _("audience question")
        verbose_name_plural = _("audience questions")
        ordering = ["session", "order"]
        constraints = [
            unique(
                ["session", "order"],
                "gsef_audiencequestion_unique_order",
                _("Two audience questions have the same order."),
            ),
        ]

    def __str__(self):
        return (self.safe_translation_getter("text", any_language=True) or "")[:80]

    def clean(self):
        super().clean()
        if not self.is_answered and (self.answered_by_id or self.safe_translation_getter("answer")):
            raise ValidationError({"is_answered": _("A question with an answer must be marked answered.")})
        if self.answered_by_id and self.session_id and self.answered_by.session_id != self.session_id:
            raise ValidationError({"answered_by": _("The answer must come from a participant of this session.")})
