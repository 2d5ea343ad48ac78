"""Writing a whole report at once (the API's POST, PUT and PATCH): the session's own fields and its
nested parts, each item matched by its id, so rows keep their ids, history and other languages.

Texts are written in one language. Validation is the admin's: every changed row's ``full_clean``
(fields, ``clean``, constraints with their messages) and its translation's fields, plus the
admin's order rule; errors are collected under dotted paths (``participations.2.person``) and
nothing is written unless everything is valid.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from parler.cache import get_object_cache_keys
from parler.models import TranslatableModel

from ..enums import OutcomeKind
from ..models import (
    AttendanceCount,
    AudienceQuestion,
    Contribution,
    GuidingQuestion,
    Material,
    Organisation,
    Outcome,
    ParticipantRole,
    Participation,
    Person,
    Point,
    Round,
    Session,
    SessionKind,
    SessionSponsor,
)
from .concurrency import check_version
from .pasted import ORDER_SHIFT
from .permissions import ORGANISER_FIELDS, can_edit, can_publish, organised_forums
from .read_model import REPORT_TEXTS, REPORT_VALUES
from .roles import default_role
from .versioning import touch

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

#: Orders move up by ORDER_SHIFT while a list is renumbered, so they stay below it.
MAX_ORDER = ORDER_SHIFT - 1

#: A report's own values and texts, as written here and read by the API's report builder.
SESSION_FIELDS = ("slug", "kind", *REPORT_VALUES, *REPORT_TEXTS)


@dataclass(frozen=True)
class Part:
    """One list of a report's items: its rows under an owner, how a new row is made, and what an
    item is matched on (``key``: an item field, compared with ``row_key(row)``)."""

    model: type
    fields: tuple
    rows: Callable
    new: Callable
    key: str = "uuid"
    row_key: Callable = lambda row: row.uuid
    children: tuple = ()
    # The values an item left without them gets, by owner (where the model has no fixed default).
    defaults: Callable = lambda owner: {}
    # The unique constraint on the list's orders, checked here with the list in hand rather than by
    # a query per item; the model's other constraints on the order do not apply to the list's rows.
    unique_order: str = ""


SUB_POINTS = Part(
    Point,
    ("order", "text", "is_quote"),
    rows=lambda point: point.children.prefetch_related("translations"),
    new=lambda point: Point(contribution=point.contribution, parent=point),
    unique_order="gsef_subpoint_unique_order",
)
POINTS = Part(
    Point,
    ("order", "text", "is_quote"),
    rows=lambda contribution: contribution.points.filter(parent=None).prefetch_related("translations"),
    new=lambda contribution: Point(contribution=contribution),
    children=(("children", SUB_POINTS),),
    unique_order="gsef_point_unique_order",
)
CONTRIBUTIONS = Part(
    Contribution,
    ("order", "participation"),
    rows=lambda rnd: rnd.contributions.all(),
    new=lambda rnd: Contribution(round=rnd),
    children=(("points", POINTS),),
    unique_order="gsef_contribution_unique_order",
)
GUIDING_QUESTIONS = Part(
    GuidingQuestion,
    ("order", "text"),
    rows=lambda rnd: rnd.questions.prefetch_related("translations"),
    new=lambda rnd: GuidingQuestion(round=rnd),
    unique_order="gsef_guidingquestion_unique_order",
)
ROUNDS = Part(
    Round,
    ("order", "kind", "title"),
    rows=lambda session: session.rounds.prefetch_related("translations"),
    new=lambda session: Round(session=session),
    children=(("questions", GUIDING_QUESTIONS), ("contributions", CONTRIBUTIONS)),
    unique_order="gsef_round_unique_order",
)
SESSION_PARTS = (
    # Participants first: contributions and answers refer to them.
    (
        "participations",
        Part(
            Participation,
            ("order", "person", "role", "organisation", "country", "post", "affiliation"),
            rows=lambda session: session.participations.prefetch_related("translations"),
            new=lambda session: Participation(session=session),
            defaults=lambda session: {"role": role.slug} if (role := default_role(forum_id=session.forum_id)) else {},
        ),
    ),
    (
        "sponsors",
        Part(
            SessionSponsor,
            ("order", "organisation"),
            rows=lambda session: session.sponsors.select_related("organisation"),
            new=lambda session: SessionSponsor(session=session),
            key="organisation",
            row_key=lambda sponsor: sponsor.organisation.slug,
            unique_order="gsef_sessionsponsor_unique_order",
        ),
    ),
    (
        "attendance",
        Part(
            AttendanceCount,
            ("order", "kind", "platform", "count", "taken_at", "note"),
            rows=lambda session: session.attendance.prefetch_related("translations"),
            new=lambda session: AttendanceCount(session=session),
            unique_order="gsef_attendance_unique_order",
        ),
    ),
    ("rounds", ROUNDS),
    (
        "audience_questions",
        Part(
            AudienceQuestion,
            ("order", "text", "asked_by", "is_answered", "answer", "answered_by"),
            rows=lambda session: session.audience_questions.prefetch_related("translations"),
            new=lambda session: AudienceQuestion(session=session),
            unique_order="gsef_audiencequestion_unique_order",
        ),
    ),
    (
        "materials",
        Part(
            Material,
            ("order", "kind", "language", "url", "title"),
            rows=lambda session: session.materials.prefetch_related("translations"),
            new=lambda session: Material(session=session),
            unique_order="gsef_material_unique_order",
        ),
    ),
    *(
        (
            name,
            Part(
                Outcome,
                ("order", "text"),
                rows=lambda session, kind=kind: session.outcomes.filter(kind=kind).prefetch_related("translations"),
                new=lambda session, kind=kind: Outcome(session=session, kind=kind),
                unique_order="gsef_outcome_unique_order",  # the kind is the list's
            ),
        )
        for name, kind in (("key_takeaways", OutcomeKind.TAKEAWAY), ("calls_to_action", OutcomeKind.CALL_TO_ACTION))
    ),
)


class _Orders:
    """One list's unique orders: its items' and, for a PATCH, those of the rows it keeps."""

    def __init__(self, part, rows):
        constraint = next(c for c in part.model._meta.constraints if c.name == part.unique_order)
        self.message = constraint.get_violation_error_message()
        self.holders = {row.order: row for row in rows}  # rows that stay where they are

    def claim(self, row, order):
        """Whether ``order`` is free for ``row``; from now on it is ``row``'s."""
        return self.holders.setdefault(order, row) is row


class DryRun(Exception):  # noqa: N818 - not an error: how a dry run rolls its transaction back
    """Carries what a dry run saw out of its rolled-back transaction."""

    def __init__(self, result):
        super().__init__()
        self.result = result


def _translated_fields(row):
    return set(row._parler_meta.get_translated_fields()) if isinstance(row, TranslatableModel) else set()


def _model_field(row, name):
    if name in _translated_fields(row):
        return row._parler_meta.root_model._meta.get_field(name)
    return row._meta.get_field(name)


class _Writer:
    """One write: ``partial`` (PATCH) writes only the fields given and deletes nothing; otherwise
    (POST, PUT) a field left out gets its default, and every list given is the whole list, so
    items it leaves out are deleted. A list left out is left as it is; a new row gets a
    translation in the write's language (defaults where no text is given), as in the admin."""

    def __init__(self, *, session, language, partial):
        self.session, self.language, self.partial = session, language, partial
        self.errors = {}
        self.changed = False
        self.saved = []  # translatable rows: their cached translations go if the write is rolled back
        self.created = set()  # (model, pk) of the rows this write made: nothing under them to read
        self._found = {}

    def write(self, data, *, inspect=None):
        try:
            if self._save(self.session, data, SESSION_FIELDS, ()) or self.session.pk:
                for name, part in SESSION_PARTS:
                    if name in data:
                        self._sync(part, owner=self.session, items=data[name], path=(name,))
            if self.errors:
                raise ValidationError(self.errors)
            if self.changed:
                touch(session=self.session)
            if inspect is not None:
                raise DryRun(inspect(self.session))
        except BaseException:
            # parler caches translations as they are saved; the rollback does not undo that.
            for row in self.saved:
                cache.delete_many(get_object_cache_keys(row))
            raise

    def _fail(self, path, messages):
        for field, texts in messages.items():
            where = path if field == NON_FIELD_ERRORS else (*path, field)
            self.errors.setdefault(".".join(map(str, where)) or NON_FIELD_ERRORS, []).extend(texts)

    def _references(self, name):
        """Where an item's reference is looked up, and by what."""
        if name == "person":
            return Person.objects.all(), "uuid"
        if name == "organisation":
            return Organisation.objects.all(), "slug"
        if name == "kind":
            return SessionKind.objects.filter(forum=self.session.forum), "slug"
        if name == "role":
            return ParticipantRole.objects.filter(forum=self.session.forum), "slug"
        return Participation.objects.filter(session=self.session), "uuid"  # a speaker, who answered

    def _find(self, name, value, path):
        queryset, lookup = self._references(name)
        if (name, value) not in self._found:
            self._found[name, value] = queryset.filter(**{lookup: value}).first()
        found = self._found[name, value]
        if found is None:
            thing = queryset.model._meta.verbose_name
            self._fail(path, {name: [_("Unknown %(thing)s: “%(value)s”.") % {"thing": thing, "value": value}]})
        return found

    def _local(self, value):
        """A time in the forum's time zone (one given without an offset is its local time, as in
        the admin); OverflowError for one that has no place there or in UTC."""
        if not isinstance(value, datetime.datetime):
            return value
        tz = zoneinfo.ZoneInfo(self.session.forum.timezone)
        local = timezone.make_aware(value, tz) if timezone.is_naive(value) else value.astimezone(tz)
        local.astimezone(datetime.UTC)
        return local

    def _assign(self, row, item, fields, path):
        """Set ``row``'s fields from ``item``: whether anything changed, None if a value is unusable."""
        translated = _translated_fields(row)
        texts, changed, known = {}, row.pk is None, True
        for name in fields:
            if name not in item and self.partial and row.pk is not None:
                continue
            field = _model_field(row, name)
            value = item[name] if name in item else field.get_default()
            if name in translated:
                texts[name] = value
                continue
            if field.is_relation and value is not None:
                value = self._find(name, value, path)
                if value is None:
                    known = False
                    continue
            try:
                value = self._local(value)
            except OverflowError:
                self._fail(path, {name: [_("This time is out of range.")]})
                known = False
                continue
            stored = value.pk if field.is_relation and value is not None else value
            if getattr(row, field.attname) != stored:
                setattr(row, name, value)
                changed = True
        return (self._set_texts(row, texts) or changed) if known else None

    def _set_texts(self, row, texts):
        """Write ``texts`` in the write's language. Blank texts never start a translation of a row
        that has others: readers are better off with those than with nothing."""
        if not texts:
            return False
        exists = row.pk is not None and row.has_translation(self.language)
        if row.pk is not None and not exists and row.get_available_languages() and not any(texts.values()):
            return False
        current = row.get_translation(self.language) if exists else None
        if current is not None and all(getattr(current, name) == value for name, value in texts.items()):
            return False
        row.set_current_language(self.language)
        for name, value in texts.items():
            setattr(row, name, value)
        return True

    def _save(self, row, item, fields, path, *, orders=None, own_uuid=False):
        """Assign, validate as the admin does, and save ``row`` if it changed; False if it is invalid.

        ``orders``: the list's orders, checked in hand; ``own_uuid``: the row's id was drawn here."""
        changed = self._assign(row, item, fields, path)
        if changed is None:
            return False
        if not changed:
            return True
        errors = self._invalid(row, orders=orders, own_uuid=own_uuid)
        if orders is not None and not orders.claim(row, row.order):
            errors.setdefault(NON_FIELD_ERRORS, []).append(orders.message)
        if errors:
            self._fail(path, errors)
            return False
        created = row.pk is None
        row.save()
        self.changed = True
        if created:
            self.created.add((type(row), row.pk))
        if _translated_fields(row):
            self.saved.append(row)
        return True

    def _invalid(self, row, *, orders, own_uuid):
        """The admin's validation of ``row`` and its translation, as messages by field, without the
        queries whose answer is known: a reference fetched or made in this write exists, an id drawn
        here is new, and ``orders`` holds the list's orders."""
        known = [
            field.name
            for field in row._meta.concrete_fields
            if field.many_to_one and field.is_cached(row) and getattr(row, field.name) is not None
        ]
        errors = {}
        try:
            row.full_clean(exclude=[*known, "uuid"] if own_uuid else known, validate_constraints=False)
        except ValidationError as error:
            errors = self._without_existence(row, error)
        try:
            row.validate_constraints(exclude={*errors, "order"} if orders is not None else set(errors))
            if _translated_fields(row) and row.has_translation(self.language):
                row.get_translation(self.language).clean_fields(exclude=["master"])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
        return errors

    def _without_existence(self, row, error):
        """``error``'s messages, but a new item's id that is taken anywhere gets the message any
        unusable id gets: "already exists" would confirm ids the user may not see."""
        messages = dict(error.message_dict)
        if row.pk is None and any(e.code == "unique" for e in error.error_dict.get("uuid", ())):
            messages["uuid"] = [_("This id cannot be used for a new item: leave it out, or choose another.")]
        return messages

    def _match(self, part, rows, items, path):
        """The row each item updates (None: a new one), or None if an item is listed twice."""
        by_key = {part.row_key(row): row for row in rows}
        keys = [item.get(part.key) for item in items]
        twice = [index for index, key in enumerate(keys) if key is not None and key in keys[:index]]
        for index in twice:
            self._fail((*path, index), {part.key: [_("This item is listed twice.")]})
        return None if twice else [by_key.get(key) for key in keys]

    def _orders(self, part, items, matched, kept):
        """Each item's order: its own, else its row's, else after all the others (the admin's rule)."""
        given = [item.get("order") or (row.order if row else None) for item, row in zip(items, matched, strict=True)]
        following = max([order for order in given if order] + [row.order for row in kept], default=0) + 1
        orders = []
        for order in given:
            if order is None:
                order, following = following, following + 1
            orders.append(order)
        return orders

    def _sync(self, part, *, owner, items, path):
        rows = [] if (type(owner), owner.pk) in self.created else list(part.rows(owner))
        matched = self._match(part, rows, items, path)
        if matched is None:
            return
        listed = {row.pk for row in matched if row is not None}
        unlisted = [row for row in rows if row.pk not in listed]
        if not self.partial:
            for row in unlisted:
                row.delete()
                self.changed = True
        orders = self._orders(part, items, matched, unlisted if self.partial else [])
        defaults = part.defaults(owner)
        # Rows that change places step aside first, so no two share an order on the way.
        moving = [row.pk for row, order in zip(matched, orders, strict=True) if row is not None and row.order != order]
        if moving:
            part.model.objects.filter(pk__in=moving).update(order=F("order") + ORDER_SHIFT)
        staying = [row for row in matched if row is not None and row.pk not in moving]
        in_hand = _Orders(part, staying + (unlisted if self.partial else [])) if part.unique_order else None
        for index, (item, row, order) in enumerate(zip(items, matched, orders, strict=True)):
            here = (*path, index)
            if order > MAX_ORDER:
                self._fail(here, {"order": [_("Orders go up to %(max)d.") % {"max": MAX_ORDER}]})
                continue
            if row is None or not self.partial:  # where a field left out gets its default
                item = {**defaults, **item}
            own_uuid = row is None and not item.get("uuid")
            if row is None:
                row = part.new(owner)
                if not own_uuid:
                    row.uuid = item["uuid"]  # a client-chosen id, which other items may refer to
            if self._save(row, {**item, "order": order}, part.fields, here, orders=in_hand, own_uuid=own_uuid):
                for name, child in part.children:
                    if name in item:
                        self._sync(child, owner=row, items=item[name], path=(*here, name))


def create_report(*, user: AbstractBaseUser, data: dict[str, Any], language: str | None = None) -> Session:
    """A new session in a forum ``user`` organises (``data["forum"]``, a slug), with its report.

    ``language`` defaults to the report's own (``original_language``)."""
    forums = organised_forums(user)
    if not forums.exists():
        raise PermissionDenied(_("Only a forum's organisers can add sessions to it."))
    forum = forums.filter(slug=data.get("forum")).first()
    if forum is None:
        raise ValidationError({"forum": [_("Choose a forum you organise.")]})
    session = Session(forum=forum)
    language = language or data.get("original_language") or session.original_language
    with transaction.atomic():
        _Writer(session=session, language=language, partial=False).write(data)
    return session


def update_report(
    *,
    session: Session,
    user: AbstractBaseUser,
    data: dict[str, Any],
    language: str,
    expected_version: int,
    partial: bool = False,
    inspect: Callable[[Session], Any] | None = None,
) -> Session:
    """Write ``data`` into the report, unless it moved on from ``expected_version`` (then
    ``concurrency.check_version``'s ValidationError, code ``stale_version``, and nothing is written).

    With ``inspect``, a dry run: it is called with the written session inside the transaction,
    everything is rolled back, and ``DryRun`` carries its result (nothing is written)."""
    with transaction.atomic():
        check_version(session=session, seen=expected_version)  # and the row stays locked until the end
        session = Session.objects.get(pk=session.pk)
        if not can_edit(user, session):
            raise PermissionDenied(_("You may not edit this report."))
        if not can_publish(user, session.forum):
            # The report's body carries no forum or rapporteurs: of ORGANISER_FIELDS, kind and slug.
            current = {"kind": session.kind.slug, "slug": session.slug}
            if any(name in data and data[name] != current[name] for name in ORGANISER_FIELDS if name in current):
                raise PermissionDenied(_("Only the forum's organisers can change a session's kind or slug."))
        _Writer(session=session, language=language, partial=partial).write(data, inspect=inspect)
    return session
