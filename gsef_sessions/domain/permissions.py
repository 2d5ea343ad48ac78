"""Who may see, edit and publish what: written once, asked by every door."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Q
from django.utils.translation import gettext as _

from ..enums import SessionStatus
from ..models import Forum, ForumPartner, Organisation, Participation, Person, Session, SessionSponsor

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    # Whoever asks: a signed-in user, an anonymous one, or nobody (feeds, sitemaps, workers).
    AnyUser = AbstractBaseUser | AnonymousUser | None

# The shared directory: people and organisations.
Directory = TypeVar("Directory", Person, Organisation)

PUBLISH_PERMISSION = "gsef_sessions.publish_session"
RAPPORTEUR_EDITABLE = (SessionStatus.DRAFT, SessionStatus.IN_REVIEW)
# What only organisers may change on a report (its place and address); rapporteurs see them read-only.
ORGANISER_FIELDS = ("forum", "kind", "slug", "rapporteurs")


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def organised_forums(user: AnyUser) -> QuerySet[Forum]:
    """Forums whose sessions the user acts on as an organiser."""
    if not _active(user):
        return Forum.objects.none()
    if user.is_superuser:
        return Forum.objects.all()
    if not user.has_perm(PUBLISH_PERMISSION):
        return Forum.objects.none()
    return Forum.objects.filter(organisers=user)


def workable_sessions(user: AnyUser) -> QuerySet[Session]:
    """Sessions the user works on behind the scenes: assigned ones and those of forums they organise."""
    if not _active(user):
        return Session.objects.none()
    if user.is_superuser:
        return Session.objects.all()
    assigned = Session.objects.filter(rapporteurs=user).values("pk")
    return Session.objects.filter(Q(pk__in=assigned) | Q(forum__in=organised_forums(user).values("pk")))


def visible_sessions(user: AnyUser) -> QuerySet[Session]:
    """Everything published, plus what the user works on."""
    published = Q(status=SessionStatus.PUBLISHED)
    if not _active(user):
        return Session.objects.filter(published)
    if user.is_superuser:
        return Session.objects.all()
    return Session.objects.filter(published | Q(pk__in=workable_sessions(user).values("pk")))


def can_publish(user: AnyUser, forum: Forum) -> bool:
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return user.has_perm(PUBLISH_PERMISSION) and forum.organisers.filter(pk=user.pk).exists()


def can_edit(user: AnyUser, session: Session) -> bool:
    """Organisers edit any report of their forums; assigned rapporteurs only before publication."""
    if not _active(user):
        return False
    if can_publish(user, session.forum):
        return True
    return session.status in RAPPORTEUR_EDITABLE and session.rapporteurs.filter(pk=user.pk).exists()


def editable_sessions(user: AnyUser) -> QuerySet[Session]:
    """The sessions ``can_edit`` allows, as a queryset."""
    if not _active(user):
        return Session.objects.none()
    if user.is_superuser:
        return Session.objects.all()
    assigned = Session.objects.filter(rapporteurs=user, status__in=RAPPORTEUR_EDITABLE).values("pk")
    return Session.objects.filter(Q(pk__in=assigned) | Q(forum__in=organised_forums(user).values("pk")))


def _showing(model, sessions):
    """Who or what ``sessions`` print: people (Person) or organisations (Organisation), as a Q.
    No subquery yields NULL, so that the Q also negates (SQL's NOT IN is empty past a NULL)."""
    participations = Participation.objects.filter(session__in=sessions)
    if model is Person:
        return Q(pk__in=participations.values("person"))
    return (
        Q(pk__in=participations.exclude(organisation=None).values("organisation"))
        | Q(pk__in=SessionSponsor.objects.filter(session__in=sessions).values("organisation"))
        | Q(pk__in=ForumPartner.objects.filter(forum__sessions__in=sessions).values("organisation"))
    )


def sessions_showing(obj: Forum | Person | Organisation) -> QuerySet[Session]:
    """The sessions whose reports print ``obj`` (a Forum, Person or Organisation)."""
    if isinstance(obj, Forum):
        return Session.objects.filter(forum=obj)
    if isinstance(obj, Person):
        return Session.objects.filter(participations__person=obj).distinct()
    if isinstance(obj, Organisation):
        return Session.objects.filter(
            Q(participations__organisation=obj) | Q(sponsors__organisation=obj) | Q(forum__partners__organisation=obj)
        ).distinct()
    raise TypeError(f"No sessions show a {type(obj).__name__}.")


def _others(user):
    return Session.objects.exclude(pk__in=editable_sessions(user).values("pk"))


def visible_directory(user: AnyUser, model: type[Directory]) -> QuerySet[Directory]:
    """People or organisations (``model``) in sessions the user may see, plus those they created."""
    if _active(user) and user.is_superuser:
        return model.objects.all()
    mine = Q(created_by=user) if _active(user) else Q(pk__in=[])
    return model.objects.filter(_showing(model, visible_sessions(user)) | mine)


def pickable_directory(user: AnyUser, model: type[Directory]) -> QuerySet[Directory]:
    """What the user may pick for a report: the visible directory, plus entries no report shows
    yet (a shared directory is filled ahead of the sessions; an unused entry reveals nothing)."""
    if _active(user) and user.is_superuser:
        return model.objects.all()
    shown = visible_directory(user, model).values("pk")
    return model.objects.filter(Q(pk__in=shown) | ~_showing(model, Session.objects.all()))


def changeable_directory(user: AnyUser, model: type[Directory]) -> QuerySet[Directory]:
    """People or organisations (``model``) the user may change: those that appear in no report
    outside the ones they may edit (a forum partner appears in all its forum's)."""
    if not _active(user):
        return model.objects.none()
    if user.is_superuser:
        return model.objects.all()
    if model is Organisation:
        # A partner appears in its forum's future reports too: only its organisers change it.
        others = Q(
            pk__in=ForumPartner.objects.exclude(forum__in=organised_forums(user).values("pk")).values("organisation")
        )
    else:
        others = Q(pk__in=[])
    return model.objects.exclude(_showing(model, _others(user)) | others)


def can_change_directory(user: AnyUser, obj: Person | Organisation) -> bool:
    """Whether the user may change ``obj``, a Person or Organisation."""
    return changeable_directory(user, type(obj)).filter(pk=obj.pk).exists()


def read_only_reason(user: AnyUser, obj: Person | Organisation) -> str:
    """Why the user may not change ``obj`` (a Person or Organisation), naming the forums, among
    those they may see, whose organisers can."""
    model = type(obj)
    in_forums = Q(sessions__in=_others(user).filter(pk__in=sessions_showing(obj).values("pk")))
    if model is Organisation:
        in_forums |= Q(partners__organisation=obj)
    forums = Forum.objects.filter(in_forums, pk__in=visible_sessions(user).values("forum")).distinct()
    names = ", ".join(sorted(str(forum) for forum in forums))
    if not names:
        return _("This %(thing)s appears in reports you may not edit: only their organisers can change it.") % {
            "thing": model._meta.verbose_name
        }
    return _("This %(thing)s appears in reports of %(forums)s: only the organisers of %(forums)s can change it.") % {
        "thing": model._meta.verbose_name,
        "forums": names,
    }
