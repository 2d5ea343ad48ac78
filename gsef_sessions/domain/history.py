"""A report's history, and putting one of its parts back as it was.

The records are django-simple-history's (see ``models.history``): one per saved or deleted row of
the session and of each of its parts, translations included, with its author and time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import Session
from ..models.history import PARENTS, history_author
from .permissions import ORGANISER_FIELDS, can_edit, can_publish
from .versioning import touch

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.db.models import Field, Model
    from simple_history.models import HistoricalChanges

    from .permissions import AnyUser


@contextmanager
def authored_by(user: AbstractBaseUser) -> Iterator[None]:
    """Record ``user`` as the author of the report changes made in the block (commands and tasks
    have no request for django-simple-history's middleware to read)."""
    token = history_author.set(user)
    try:
        yield
    finally:
        history_author.reset(token)


# Left out when showing what a change did: identities and bookkeeping, not content.
IDENTITY = {"id", "uuid", "created_at", "language_code"}
# Never put back by a revert: the workflow owns these (publishing is a transition, not an edit).
WORKFLOW_FIELDS = {"status"}


def shown_fields(record: HistoricalChanges) -> list[Field]:
    """The fields of a record that say something about the report (not ids, not what it belongs to)."""
    return [f for f in record.tracked_fields if f.name not in IDENTITY and f.name != PARENTS[record.instance_type]]


@dataclass
class Entry:
    """One recorded change of a row of the report."""

    record: HistoricalChanges
    previous: HistoricalChanges | None = None  # the same row's record before this one (None: the first one kept)
    current: bool = False  # the latest record of a row that still exists
    revertable: bool = False  # putting the row back as this record shows would change something

    @property
    def model(self) -> type[Model]:
        return self.record.instance_type

    def changes(self) -> list[tuple[Field, object, object]]:
        """``(field, before, after)`` for each field this change set (creation: every field given a value)."""
        if self.record.history_type == "-":
            return []
        shown = shown_fields(self.record)
        if self.previous is None:
            return [
                (f, None, getattr(self.record, f.attname))
                for f in shown
                if getattr(self.record, f.attname) not in (None, "")
            ]
        return [
            (f, getattr(self.previous, f.attname), getattr(self.record, f.attname))
            for f in shown
            if getattr(self.previous, f.attname) != getattr(self.record, f.attname)
        ]


def restorable_fields(model: type[Model], *, user: AnyUser = None, session: Session | None = None) -> list[Field]:
    """The fields a revert puts back (for ``user``, if given: organisers' own fields only for them)."""
    fields = [f for f in model._meta.concrete_fields if f.editable and not f.primary_key]
    if model is Session:
        skipped = WORKFLOW_FIELDS | (
            set(ORGANISER_FIELDS) if user is not None and not can_publish(user, session.forum) else set()
        )
        fields = [f for f in fields if f.name not in skipped]
    return fields


def _differs(row, record, fields):
    return any(getattr(row, f.attname) != getattr(record, f.attname) for f in fields)


def history_of(*, session: Session) -> list[Entry]:
    """Every recorded change to the session and its parts, newest first."""
    entries = []
    for model in PARENTS:
        records = list(
            model.history.filter(report_session=session.pk)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        rows = model._base_manager.in_bulk({record.id for record in records})
        fields = restorable_fields(model)
        for index, record in enumerate(records):
            previous = records[index - 1] if index and records[index - 1].id == record.id else None
            latest = index + 1 == len(records) or records[index + 1].id != record.id
            row = rows.get(record.id)
            entries.append(
                Entry(
                    record,
                    previous,
                    current=latest and row is not None,
                    revertable=row is None or _differs(row, record, fields),
                )
            )
    entries.sort(key=lambda entry: entry.record.history_date, reverse=True)
    return entries


def find_record(*, session: Session, model_name: str, history_id: int) -> HistoricalChanges | None:
    """The record ``history_id`` of the tracked model called ``model_name``, if it is ``session``'s."""
    model = next((m for m in PARENTS if m._meta.model_name == model_name), None)
    if model is None:
        return None
    return model.history.filter(report_session=session.pk, history_id=history_id).first()


def _bring_back_translations(obj, *, user, reason):
    """A part brought back gets back the translations that went with it."""
    translations = obj._parler_meta.root_model
    seen = set()
    for record in translations.history.filter(master_id=obj.pk).order_by("-history_date", "-history_id"):
        if record.language_code in seen:
            continue
        seen.add(record.language_code)
        if record.history_type == "-" and not translations.objects.filter(pk=record.id).exists():
            _save(record.instance, user=user, reason=reason, adding=True)


def _save(obj, *, user, reason, adding=False):
    obj.full_clean()
    obj._history_user = user
    obj._change_reason = reason
    obj.save(force_insert=adding)


def revert(*, record: HistoricalChanges, user: AbstractBaseUser) -> Model:
    """Make the row what ``record`` shows, bringing it back if it was deleted since: a new change by
    ``user``, recorded in its turn, that bumps the report's version like any other."""
    model = record.instance_type
    with transaction.atomic():
        session = Session.objects.select_for_update().filter(pk=record.report_session_id).first()
        if session is None:
            raise ValidationError(_("This report no longer exists."), code="gone")
        if not can_edit(user, session):
            raise PermissionDenied(_("You may not change this report."))
        reason = _("Reverted to the version of %(date)s") % {
            "date": formats.date_format(timezone.localtime(record.history_date), "SHORT_DATETIME_FORMAT"),
        }
        restored = record.instance
        current = model._base_manager.filter(pk=restored.pk).first()
        if current is None:
            _save(restored, user=user, reason=reason, adding=True)
            if hasattr(model, "_parler_meta"):
                _bring_back_translations(restored, user=user, reason=reason)
        else:
            fields = restorable_fields(model, user=user, session=session)
            if not _differs(current, restored, fields):
                raise ValidationError(
                    _("It is already as that version shows: there is nothing to put back."), code="unchanged"
                )
            for field in fields:
                setattr(current, field.attname, getattr(restored, field.attname))
            _save(current, user=user, reason=reason)
        touch(session=session)
    return current or restored
