"""No lost updates: a change made on a stale copy of a report is refused, not written over another."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Session


def check_version(*, session: Session, seen: int) -> None:
    """Refuse the change if the report moved on since the editor loaded it at version ``seen``.

    Call it inside the change's transaction, before writing: the session's row stays locked until
    the change commits, so two saves that both saw the same version cannot both pass.
    """
    current = Session.objects.select_for_update().filter(pk=session.pk).values_list("version", flat=True).first()
    if current is not None and current != seen:
        raise ValidationError(
            _(
                "Someone else saved this report (version %(version)s) while you were editing it. Your changes "
                "are shown below but were not saved; copy what you need, reload the page and apply them again."
            )
            % {"version": current},
            code="stale_version",
        )
