import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Tracked(models.Model):
    """A stable public identity (UUID) besides the primary key, and change times."""

    uuid = models.UUIDField(_("UUID"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class CreatedBy(models.Model):
    """Who added a directory entry: until it appears in a report they may not edit, they may change it."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


def unique(fields, name, message, **kwargs):
    """A unique constraint whose violation reads as a sentence in the admin and the API."""
    return models.UniqueConstraint(fields=fields, name=name, violation_error_message=message, **kwargs)
