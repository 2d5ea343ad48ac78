from django.db.models import F
from django.utils import timezone

from ..models import Session


def touch(*, session):
    """Bump the session's version: ETags, PDF caches and webhooks all key on it."""
    Session.objects.filter(pk=session.pk).update(version=F("version") + 1, updated_at=timezone.now())
    session.refresh_from_db(fields=["version", "updated_at"])
    return session.version
