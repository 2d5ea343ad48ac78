"""Signal receivers: deletions leave tombstones whichever door (admin, shell, cascade) they came through."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from .domain import tombstones
from .models import Organisation, Person, Session, Tombstone


@receiver(post_delete, sender=Session, dispatch_uid="gsef_sessions_session_tombstone")
def session_deleted(sender, instance, **kwargs):
    tombstones.record_session(session=instance, reason=Tombstone.Reason.DELETED)


@receiver(post_delete, sender=Person, dispatch_uid="gsef_sessions_person_tombstone")
def person_deleted(sender, instance, **kwargs):
    tombstones.record_deleted(kind=Tombstone.Kind.PERSON, uuid=instance.uuid)


@receiver(post_delete, sender=Organisation, dispatch_uid="gsef_sessions_organisation_tombstone")
def organisation_deleted(sender, instance, **kwargs):
    tombstones.record_deleted(kind=Tombstone.Kind.ORGANISATION, uuid=instance.uuid)
