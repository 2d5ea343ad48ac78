import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields

from ..enums import PartnerRole
from ..fields import ImageUploadField, LanguageListField, RandomName, SupportedDateField, TextLineField
from ..validators import MAX_FORUM_DAYS, validate_color, validate_timezone
from .base import Tracked, unique


class Forum(Tracked, TranslatableModel):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    edition = TextLineField(_("edition"), max_length=50, blank=True, help_text=_("E.g. 2020."))
    start_date = SupportedDateField(_("first day"))
    end_date = SupportedDateField(_("last day"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_timezone],
        help_text=_("Session times are entered and shown in this time zone."),
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("default slot length (minutes)"),
        default=90,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Where a session has no end time, schedules that need one (c3voc) give it this length; "
            "pages show its start alone."
        ),
    )
    fixed_slots = models.BooleanField(
        _("every session lasts one slot"),
        default=False,
        help_text=_("Then calendars give a session without an end time the slot's length."),
    )
    languages = LanguageListField(_("official languages"))
    # Its own branding, on its pages and PDFs (the host's GSEF_SESSIONS_PDF_BRANDING where left blank).
    logo = ImageUploadField(_("logo"), upload_to=RandomName("gsef_sessions/forum-logos/"), blank=True)
    primary_color = models.CharField(
        _("main colour"), max_length=7, blank=True, validators=[validate_color], help_text=_("E.g. #1f4e79.")
    )
    accent_color = models.CharField(
        _("accent colour"), max_length=7, blank=True, validators=[validate_color], help_text=_("E.g. #c8102e.")
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisers"),
        blank=True,
        related_name="gsef_organised_forums",
    )
    translations = TranslatedFields(
        name=TextLineField(_("name"), max_length=200),
        theme=TextLineField(_("theme"), max_length=300, blank=True),
        tagline=TextLineField(_("tagline"), max_length=300, blank=True),
        city=TextLineField(_("city"), max_length=100, blank=True),
    )

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["-start_date", "slug"]

    def __str__(self):
        return self.safe_translation_getter("name", any_language=True) or self.slug

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot be before the first day.")})
        if self.start_date and self.end_date and (self.end_date - self.start_date).days >= MAX_FORUM_DAYS:
            raise ValidationError({"end_date": _("A forum lasts %(days)s days at most.") % {"days": MAX_FORUM_DAYS}})

    def local_date(self, moment):
        """The day ``moment`` falls on in the forum's time zone (a naive time is read in it)."""
        zone = zoneinfo.ZoneInfo(self.timezone)
        return (timezone.make_aware(moment, zone) if timezone.is_naive(moment) else moment.astimezone(zone)).date()


class ForumPartner(models.Model):
    """An organisation that organises or cooperates with a whole forum (printed on every report)."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "gsef_sessions.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="forum_partnerships",
    )
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("forum partner")
        verbose_name_plural = _("forum partners")
        ordering = ["forum", "role", "order"]
        constraints = [
            unique(
                ["forum", "organisation", "role"],
                "gsef_forumpartner_unique",
                _("This organisation is already listed in this role."),
            ),
            unique(
                ["forum", "role", "order"],
                "gsef_forumpartner_unique_order",
                _("Two partners in the same role have the same order."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class SessionKind(TranslatableModel):
    """A forum's own kinds of session (plenary, workshop, ...), so no code change adds one."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="session_kinds")
    slug = models.SlugField(_("slug"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    translations = TranslatedFields(
        name=TextLineField(_("name"), max_length=100, help_text=_("Singular, e.g. Plenary.")),
    )

    class Meta:
        verbose_name = _("session kind")
        verbose_name_plural = _("session kinds")
        ordering = ["forum", "order", "slug"]
        constraints = [
            unique(
                ["forum", "slug"],
                "gsef_sessionkind_unique_slug",
                _("This forum already has a session kind with this slug."),
            ),
        ]

    def __str__(self):
        return self.safe_translation_getter("name", any_language=True) or self.slug
