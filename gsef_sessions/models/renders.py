from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import RenderKind, RenderStatus
from ..fields import LanguageField
from ..storage import pdf_storage
from .base import unique


class Render(models.Model):
    """One PDF of a report (or of a forum's proceedings) in one language: the outbox row recorded
    with the change that needs it, then the worker's result.

    Keyed by the hash of everything the PDF prints, so unchanged content is never rendered twice and
    a reader is only ever served the PDF of the current content.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=RenderKind.choices, default=RenderKind.REPORT)
    forum = models.ForeignKey(
        "gsef_sessions.Forum", verbose_name=_("forum"), on_delete=models.CASCADE, related_name="renders"
    )
    session = models.ForeignKey(
        "gsef_sessions.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="renders",
        null=True,
        blank=True,
    )
    language = LanguageField(_("language"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    renderer = models.CharField(_("renderer"), max_length=200)
    version = models.PositiveIntegerField(_("report version"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=RenderStatus.choices, default=RenderStatus.PENDING)
    error = models.TextField(_("error"), blank=True)
    # What a PDF that did render lacks (characters no font has, a session left out), for the admin.
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requested_at = models.DateTimeField(_("requested at"), db_index=True)
    enqueued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    # Who holds the render and until when: a worker that died loses it when the lease expires.
    lease = models.UUIDField(_("lease"), null=True, blank=True, editable=False)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    file = models.FileField(_("file"), storage=pdf_storage, max_length=255, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    duration_ms = models.PositiveIntegerField(_("render time (ms)"), default=0)

    class Meta:
        verbose_name = _("PDF")
        verbose_name_plural = _("PDFs")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            unique(["content_hash", "language"], "gsef_render_unique_hash", _("This content is already rendered.")),
        ]
        indexes = [models.Index(fields=["status", "enqueued_at"], name="gsef_render_queue")]

    def __str__(self):
        subject = self.session or self.forum
        return f"{subject} ({self.language}, {self.get_status_display()})"
