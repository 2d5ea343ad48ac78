import uuid

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
