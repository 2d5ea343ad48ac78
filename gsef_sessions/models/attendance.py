from django.db import models
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields

from ..enums import AttendanceImportStatus, AttendanceKind, DateOrder
from ..fields import RandomName, SupportedDateTimeField, TextBlockField, TextLineField
from ..storage import pdf_storage
from .base import CreatedBy, Tracked, unique


class AttendanceCount(Tracked, TranslatableModel):
    """How many people followed the session on one platform: typed (people connected at a moment,
    as "441 (Zoom, 9:55 hrs)"), or counted from a platform's report (``source``)."""

    session = models.ForeignKey("gsef_sessions.Session", on_delete=models.CASCADE, related_name="attendance")
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=20, choices=AttendanceKind.choices, default=AttendanceKind.CONNECTED)
    platform = TextLineField(_("platform"), max_length=100, help_text=_("E.g. Zoom, YouTube, in the room."))
    count = models.PositiveIntegerField(
        _("count"), help_text=_("People; minutes for person-minutes; countries for countries of attendees.")
    )
    taken_at = SupportedDateTimeField(
        _("counted at"),
        null=True,
        blank=True,
        help_text=_("In the forum's time zone."),
    )
    source = models.ForeignKey(
        "gsef_sessions.AttendanceImport",
        verbose_name=_("counted from"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="counts",
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


class AttendanceImport(Tracked, CreatedBy):
    """A platform's attendance report for a session. The file waits in the private storage until a
    task has counted it and is then deleted: of the people in it, only counts and the file's hash
    are kept."""

    session = models.ForeignKey("gsef_sessions.Session", on_delete=models.CASCADE, related_name="attendance_imports")
    file = models.FileField(
        _("file"), upload_to=RandomName("attendance/"), storage=pdf_storage, max_length=200, blank=True
    )
    filename = TextLineField(_("file name"), max_length=255)
    sha256 = TextLineField(_("SHA-256 of the file"), max_length=64)
    timezone = TextLineField(_("time zone of the file's times"), max_length=64)
    date_order = models.CharField(_("dates"), max_length=3, choices=DateOrder.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AttendanceImportStatus.choices, default=AttendanceImportStatus.QUEUED
    )
    rows_done = models.PositiveIntegerField(_("rows counted"), default=0)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    platform = TextLineField(_("platform"), max_length=100, blank=True)
    report = TextLineField(_("report"), max_length=10, blank=True, help_text=_("meeting or webinar"))
    meeting_id = TextLineField(_("meeting or webinar ID"), max_length=50, blank=True)
    meeting_started_at = models.DateTimeField(_("meeting started at"), null=True, blank=True)
    # Country or region name -> distinct attendees: aggregates, kept for the forum's statistics.
    countries = models.JSONField(_("attendees by country"), default=dict, blank=True)
    # [line or None, message]: rows left out or doubtful, for the rapporteur to check.
    notices = models.JSONField(_("notices"), default=list, blank=True)
    error = TextBlockField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance report")
        verbose_name_plural = _("attendance reports")
        ordering = ["session", "-created_at"]
        indexes = [models.Index(fields=["status", "updated_at"], name="gsef_attendance_import_queue")]

    def __str__(self):
        return self.filename
