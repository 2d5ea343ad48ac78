from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields

from ..enums import RoundKind
from ..fields import TextBlockField, TextLineField
from .base import Tracked, unique


class Round(Tracked, TranslatableModel):
    """A segment of the session: the introduction, a numbered round, the conclusions, or another
    (keynote, open discussion…) named by its title. The kind decides only where the seed's layout
    prints it."""

    session = models.ForeignKey("gsef_sessions.Session", on_delete=models.CASCADE, related_name="rounds")
    kind = models.CharField(_("kind"), max_length=20, choices=RoundKind.choices, default=RoundKind.ROUND)
    order = models.PositiveSmallIntegerField(_("order"))
    translations = TranslatedFields(
        title=TextLineField(
            _("title"),
            max_length=200,
            blank=True,
            help_text=_("Leave empty for “Round 1”, …; name other segments: Keynote, Open discussion…"),
        ),
    )

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["session", "order"]
        constraints = [
            unique(["session", "order"], "gsef_round_unique_order", _("Two rounds have the same order.")),
            unique(
                ["session", "kind"],
                "gsef_round_single_intro_conclusions",
                _("A session has one introduction and one conclusions part at most."),
                condition=models.Q(kind__in=[RoundKind.INTRODUCTION, RoundKind.CONCLUSIONS]),
            ),
        ]

    def __str__(self):
        title = self.safe_translation_getter("title", any_language=True)
        if title or self.kind != RoundKind.ROUND:
            return title or str(self.get_kind_display())
        return f"{self.get_kind_display()} {self.number}"

    @property
    def number(self):
        """1 for the first numbered round, whatever comes before it (an introduction)."""
        if self.kind != RoundKind.ROUND or self.session_id is None:
            return None
        return Round.objects.filter(session_id=self.session_id, kind=RoundKind.ROUND, order__lte=self.order).count()


class GuidingQuestion(Tracked, TranslatableModel):
    """A question the moderator put to the round; its id keeps its other languages with it when the
    API reorders them."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"))
    translations = TranslatedFields(text=TextBlockField(_("guiding question")))

    class Meta:
        verbose_name = _("guiding question")
        verbose_name_plural = _("guiding questions")
        ordering = ["round", "order"]
        constraints = [
            unique(
                ["round", "order"], "gsef_guidingquestion_unique_order", _("Two guiding questions have the same order.")
            ),
        ]

    def __str__(self):
        return self.safe_translation_getter("text", any_language=True) or str(self.order)


class Contribution(Tracked, models.Model):
    """One turn of a speaker in a round: an ordered list of points. A speaker may take several turns
    in a round (A, B, A); ``order`` is the turn order."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="contributions")
    participation = models.ForeignKey(
        "gsef_sessions.Participation",
        verbose_name=_("speaker"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["round", "order"]
        constraints = [
            unique(
                ["round", "order"],
                "gsef_contribution_unique_order",
                _("Two contributions in this round have the same order."),
            ),
        ]

    def __str__(self):
        # Its round's page lists many: the speaker and the turn, without the round again.
        return _("%(speaker)s, turn %(turn)s") % {"speaker": self.participation.person, "turn": self.order}

    def clean(self):
        super().clean()
        if self.round_id and self.participation_id and self.round.session_id != self.participation.session_id:
            raise ValidationError({"participation": _("The speaker must be a participant of this session.")})


class Point(Tracked, TranslatableModel):
    """One point of a contribution; a direct quote or not; sub-points are one level deep."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="points")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("sub-point of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField(_("order"))
    is_quote = models.BooleanField(_("direct quote"), default=False)
    translations = TranslatedFields(text=TextBlockField(_("text")))

    class Meta:
        verbose_name = _("point")
        verbose_name_plural = _("points")
        ordering = ["contribution", "parent_id", "order"]
        constraints = [
            unique(
                ["contribution", "order"],
                "gsef_point_unique_order",
                _("Two points of this contribution have the same order."),
                condition=models.Q(parent__isnull=True),
            ),
            unique(
                ["parent", "order"],
                "gsef_subpoint_unique_order",
                _("Two sub-points of this point have the same order."),
                condition=models.Q(parent__isnull=False),
            ),
        ]

    def __str__(self):
        text = self.safe_translation_getter("text", any_language=True) or ""
        return text[:80]

    def clean(self):
        super().clean()
        if self.parent_id:
            if self.parent.parent_id:
                raise ValidationError({"parent": _("Sub-points cannot have sub-points of their own.")})
            if self.parent.contribution_id != self.contribution_id:
                raise ValidationError({"parent": _("A sub-point belongs to a point of the same contribution.")})
