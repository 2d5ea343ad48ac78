from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Tombstone(models.Model):
    """A trace of something readers could mirror that went away, so a mirror learns to drop it."""

    class Kind(models.TextChoices):
        SESSION = "session", _("Session")
        PERSON = "person", _("Person")
        ORGANISATION = "organization", _("Organisation")

    class Reason(models.TextChoices):
        DELETED = "deleted", _("Deleted")
        UNPUBLISHED = "unpublished", _("Unpublished")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    uuid = models.UUIDField(_("UUID"), db_index=True)
    forum_uuid = models.UUIDField(_("forum UUID"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    # A session that was never published left no trace anyone outside could have seen.
    was_public = models.BooleanField(_("was public"), default=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("tombstone")
        verbose_name_plural = _("tombstones")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.uuid} ({self.get_reason_display()})"
