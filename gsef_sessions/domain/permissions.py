"""Who may see, edit and publish what: written once, asked by every door."""

from django.db.models import Q

from ..enums import SessionStatus
from ..models import Forum, Session

PUBLISH_PERMISSION = "gsef_sessions.publish_session"
RAPPORTEUR_EDITABLE = (SessionStatus.DRAFT, SessionStatus.IN_REVIEW)


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def organised_forums(user):
    """Forums whose sessions the user acts on as an organiser."""
    if not _active(user):
        return Forum.objects.none()
    if user.is_superuser:
        return Forum.objects.all()
    if not user.has_perm(PUBLISH_PERMISSION):
        return Forum.objects.none()
    return Forum.objects.filter(organisers=user)


def workable_sessions(user):
    """Sessions the user works on behind the scenes: assigned ones and those of forums they organise."""
    if not _active(user):
        return Session.objects.none()
    if user.is_superuser:
        return Session.objects.all()
    assigned = Session.objects.filter(rapporteurs=user).values("pk")
    return Session.objects.filter(Q(pk__in=assigned) | Q(forum__in=organised_forums(user).values("pk")))


def visible_sessions(user):
    """Everything published, plus what the user works on."""
    published = Q(status=SessionStatus.PUBLISHED)
    if not _active(user):
        return Session.objects.filter(published)
    if user.is_superuser:
        return Session.objects.all()
    return Session.objects.filter(published | Q(pk__in=workable_sessions(user).values("pk")))


def can_publish(user, forum):
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return user.has_perm(PUBLISH_PERMISSION) and forum.organisers.filter(pk=user.pk).exists()


def can_edit(user, session):
    """Organisers edit any report of their forums; assigned rapporteurs only before publication."""
    if not _active(user):
        return False
    if can_publish(user, session.forum):
        return True
    return session.status in RAPPORTEUR_EDITABLE and session.rapporteurs.filter(pk=user.pk).exists()
