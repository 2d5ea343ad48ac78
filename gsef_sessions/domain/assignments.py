"""Who writes which report: a forum's organisers assign its sessions' rapporteurs.

Rapporteurs are not part of the report readers see, so an assignment leaves its version (and with
it every cached copy, PDF and webhook) alone."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Session
from .permissions import can_publish

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


def display_name(user: AbstractBaseUser) -> str:
    """A user's name as reports and lists print it: hosts' user models need not have names, and
    then it is what the model prints."""
    full_name = getattr(user, "get_full_name", None)
    return (full_name and full_name()) or str(user)


def assign_rapporteurs(*, session: Session, user: AbstractBaseUser, usernames: Iterable[str]) -> list[AbstractBaseUser]:
    """Make the users named ``usernames`` (their ``USERNAME_FIELD``, duplicates allowed) the
    session's only rapporteurs, and return them. Any active user may be one; one already assigned
    stays so even if no longer active, so a list read and written back is always accepted."""
    User = get_user_model()
    wanted = set(usernames)
    with transaction.atomic():
        # Locked until the end: two organisers' lists are never merged into one.
        session = Session.objects.select_for_update().get(pk=session.pk)
        if not can_publish(user, session.forum):
            raise PermissionDenied(_("Only the forum's organisers can assign a session's rapporteurs."))
        assigned = set(session.rapporteurs.values_list("pk", flat=True))
        candidates = User._default_manager.filter(**{f"{User.USERNAME_FIELD}__in": wanted})
        users = [candidate for candidate in candidates if candidate.is_active or candidate.pk in assigned]
        unknown = sorted(wanted - {rapporteur.get_username() for rapporteur in users})
        if unknown:
            raise ValidationError(
                {
                    "rapporteurs": [
                        _("Unknown %(thing)s: “%(value)s”.") % {"thing": User._meta.verbose_name, "value": name}
                        for name in unknown
                    ]
                }
            )
        session.rapporteurs.set(users)
    return users
