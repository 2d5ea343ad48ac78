from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields

from ..enums import SessionStatus
from ..fields import LanguageField, LanguageListField, SupportedDateTimeField, TextBlockField, TextLineField
from ..validators import clamp_supported_date
from .base import Tracked, unique


class Session(Tracked, TranslatableModel):
    forum = models.ForeignKey(
        "gsef_sessions.Forum", verbose_name=_("forum"), on_delete=models.PROTECT, related_name="sessions"
    )
    slug = models.SlugField(_("slug"), max_length=100)
    kind = models.ForeignKey(
        "gsef_sessions.SessionKind",
        verbose_name=_("kind"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    number = models.PositiveSmallIntegerField(
        _("number"),
        null=True,
        blank=True,
        help_text=_("Number within its kind, e.g. 3 for Plenary 3."),
    )
    starts_at = SupportedDateTimeField(
        _("start"),
        help_text=_("In the forum's time zone, on one of the forum's days."),
    )
    ends_at = SupportedDateTimeField(_("end"), null=True, blank=True)
    languages = LanguageListField(_("interpretation languages"))
    platforms = TextLineField(_("platform(s)"), max_length=200, blank=True, help_text=_("E.g. Zoom, YouTube."))
    room = TextLineField(_("room or venue"), max_length=200, blank=True)
    not_recorded = models.BooleanField(_("not recorded"), default=False)
    original_language = LanguageField(
        _("report written in"),
        default="en",
        help_text=_("Readers asking for a language the report lacks get this one."),
    )
    credit_rapporteurs = models.BooleanField(
        _("credit the rapporteurs"),
        default=False,
        help_text=_("Print “Report by …” with the rapporteurs' names on the published report."),
    )
    source_url = models.URLField(_("link to the notes"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    rapporteurs = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rapporteurs"),
        blank=True,
        related_name="gsef_reported_sessions",
    )
    translations = TranslatedFields(
        title=TextLineField(_("title"), max_length=300),
        subtitle=TextLineField(_("subtitle"), max_length=300, blank=True),
        description=TextBlockField(_("description"), blank=True, help_text=_("Markdown.")),
        qa_note=TextBlockField(
            _("note on the audience questions"),
            blank=True,
            help_text=_("E.g. There was no time to answer questions; however, the moderator read out the following:"),
        ),
        source_credit=TextLineField(
            _("based on notes by"),
            max_length=300,
            blank=True,
            help_text=_("Printed as “Based on notes by …”, e.g. the news service whose write-up the report follows."),
        ),
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["forum", "starts_at", "kind__order", "number", "slug"]
        constraints = [
            unique(
                ["forum", "slug"], "gsef_session_unique_slug", _("This forum already has a session with this slug.")
            ),
        ]
        permissions = [("publish_session", _("Can publish session reports"))]
        # Lists (the API's, feeds) show published sessions by start, of all forums or of one: a
        # page and its count read these indexes, not the whole table.
        indexes = [
            models.Index(fields=["status", "starts_at"], name="gsef_session_listing"),
            models.Index(fields=["forum", "status", "starts_at"], name="gsef_session_forum_listing"),
        ]

    def __str__(self):
        return self.safe_translation_getter("title", any_language=True) or self.slug

    def get_absolute_url(self):
        return reverse("gsef_sessions:session-detail", args=[self.forum.slug, self.slug])

    def clean(self):
        super().clean()
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("“%(slug)s” is the address of a forum's own page: choose another slug.") % {
                "slug": self.slug
            }
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must be after the start.")
        # A time outside the supported years is the field's error; converting it could overflow.
        supported = self.starts_at and clamp_supported_date(self.starts_at) == self.starts_at
        if (
            self.forum_id
            and supported
            and self.forum.start_date
            and self.forum.end_date
            and not (self.forum.start_date <= self.forum.local_date(self.starts_at) <= self.forum.end_date)
        ):
            errors["starts_at"] = _(
                "A session starts on one of its forum's days, from %(first)s to %(last)s (%(zone)s time); "
                "it may end after midnight."
            ) % {
                "first": formats.date_format(self.forum.start_date),
                "last": formats.date_format(self.forum.end_date),
                "zone": self.forum.timezone,
            }
        if self.forum_id and self.kind_id and self.kind.forum_id != self.forum_id:
            errors["kind"] = _("This kind belongs to another forum.")
        if self.forum_id and self.languages:
            # Listed in the forum's order: a multiple choice cannot say which was picked first.
            official = list(self.forum.languages)
            self.languages = sorted(self.languages, key=lambda c: official.index(c) if c in official else len(official))
            foreign = [code for code in self.languages if code not in self.forum.languages]
            if foreign:
                errors["languages"] = _("Not among the forum's languages: %(codes)s.") % {"codes": ", ".join(foreign)}
        if errors:
            raise ValidationError(errors)


#: The forum's own pages, at ``<forum>/<slug>/`` where a session's would be.
RESERVED_SLUGS = {"statistics"}


class SessionSponsor(models.Model):
    """A cooperating organisation of one session, printed after the forum's own."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="sponsors")
    organisation = models.ForeignKey(
        "gsef_sessions.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="session_sponsorships",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("cooperating organisation")
        verbose_name_plural = _("cooperating organisations")
        ordering = ["session", "order"]
        constraints = [
            unique(
                ["session", "organisation"],
                "gsef_sessionsponsor_unique",
                _("This organisation is already listed for this session."),
            ),
            unique(
                ["session", "order"],
                "gsef_sessionsponsor_unique_order",
                _("Two cooperating organisations have the same order."),
            ),
        ]

    def __str__(self):
        return str(self.organisation)
