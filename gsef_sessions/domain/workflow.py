"""Status transitions, in one place for admin, API and commands."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import SessionStatus
from ..models import Session
from .permissions import can_publish
from .versioning import touch


def _transition(*, session, user, target, allowed_from):
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if not can_publish(user, session.forum):
            raise PermissionDenied(_("Only the forum's organisers can publish or unpublish its reports."))
        if session.status not in allowed_from:
            raise ValidationError(
                _("A report that is %(status)s cannot become %(target)s.")
                % {"status": session.get_status_display().lower(), "target": target.label.lower()},
                code="invalid_transition",
            )
        session.status = target
        if target == SessionStatus.PUBLISHED and session.published_at is None:
            session.published_at = timezone.now()
        session.save(update_fields=["status", "published_at", "updated_at"])
        touch(session=session)
    return session


def publish(*, session, user):
    return _transition(
        session=session, user=user, target=SessionStatus.PUBLISHED,
        allowed_from=(SessionStatus.DRAFT, SessionStatus.IN_REVIEW, SessionStatus.UNPUBLISHED),
    )


def unpublish(*, session, user):
    return _transition(
        session=session, user=user, target=SessionStatus.UNPUBLISHED, allowed_from=(SessionStatus.PUBLISHED,),
    )
