"""Signal receivers: deletions leave tombstones whichever door (admin, shell, cascade) they came through."""

from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver

from .domain import tombstones
from .models import Organisation, Person, Session, Tombstone


@receiver(post_delete, sender=Session, dispatch_uid="gsef_sessions_session_tombstone")
def session_deleted(sender, instance, **kwargs):
    tombstones.record_session(session=instance, reason=Tombstone.Reason.DELETED)


@receiver(pre_delete, sender=Person, dispatch_uid="gsef_sessions_person_was_public")
@receiver(pre_delete, sender=Organisation, dispatch_uid="gsef_sessions_organisation_was_public")
def note_was_public(sender, instance, **kwargs):
    # Asked before the deletion's SET_NULLs unlink it from the reports that printed it.
    instance._was_public = tombstones.was_public(instance)


@receiver(post_delete, sender=Person, dispatch_uid="gsef_sessions_person_tombstone")
def person_deleted(sender, instance, **kwargs):
    tombstones.record_deleted(kind=Tombstone.Kind.PERSON, uuid=instance.uuid, was_public=instance._was_public)


@receiver(post_delete, sender=Organisation, dispatch_uid="gsef_sessions_organisation_tombstone")
def organisation_deleted(sender, instance, **kwargs):
    tombstones.record_deleted(kind=Tombstone.Kind.ORGANISATION, uuid=instance.uuid, was_public=instance._was_public)
