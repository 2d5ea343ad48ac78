"""Writing a report's parts: pasted points and guiding questions, matched by position so that
existing rows keep their ids and their other languages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F

from ..models import GuidingQuestion, Point
from .paste import BULLET, format_points, parse_points
from .versioning import touch

if TYPE_CHECKING:
    from ..models import Contribution, Round

# Orders are moved out of the way first so renumbering never trips the unique constraints.
ORDER_SHIFT = 10000


def _text(obj, field, language):
    return obj.safe_translation_getter(field, language_code=language, any_language=True) or ""


def points_text(*, contribution: Contribution, language: str) -> str:
    """The contribution's points as a pasteable block, in ``language`` where translated."""

    class _Item:
        def __init__(self, point, children=()):
            self.text = _text(point, "text", language)
            self.is_quote = point.is_quote
            self.children = [_Item(child) for child in children]

    # All through ``points.all()``: a page listing many contributions prefetches them once.
    points = sorted(contribution.points.all(), key=lambda point: point.order)
    tops = [point for point in points if point.parent_id is None]
    return format_points([_Item(point, [p for p in points if p.parent_id == point.pk]) for point in tops])


def _sync_level(*, existing, parsed, contribution, parent, language):
    for index, item in enumerate(parsed):
        point = existing[index] if index < len(existing) else Point(contribution=contribution, parent=parent)
        point.order = index + 1
        point.is_quote = item.is_quote
        point.set_current_language(language)
        point.text = item.text
        point.full_clean()
        point.save()
        if parent is None:
            children = list(point.children.order_by("order")) if index < len(existing) else []
            _sync_level(
                existing=children, parsed=item.children, contribution=contribution, parent=point, language=language
            )
    for extra in existing[len(parsed) :]:
        extra.delete()


def _point_rows(points, language):
    return [
        (
            p.order,
            p.is_quote,
            _text(p, "text", language),
            [(c.order, c.is_quote, _text(c, "text", language)) for c in p.children.order_by("order")],
        )
        for p in points
    ]


def _parsed_rows(parsed):
    return [
        (n, p.is_quote, p.text, [(m, c.is_quote, c.text) for m, c in enumerate(p.children, start=1)])
        for n, p in enumerate(parsed, start=1)
    ]


def sync_points(*, contribution: Contribution, text: str, language: str) -> bool:
    """Make the contribution's points (in ``language``) those of the pasted ``text``.

    Nothing is written, and the version stays, when the text says what is already there.
    """
    parsed = parse_points(text)
    with transaction.atomic():
        existing = list(contribution.points.filter(parent=None).order_by("order"))
        if _point_rows(existing, language) == _parsed_rows(parsed):
            return False
        contribution.points.update(order=F("order") + ORDER_SHIFT)
        for point in existing:
            point.order += ORDER_SHIFT
        _sync_level(existing=existing, parsed=parsed, contribution=contribution, parent=None, language=language)
        touch(session=contribution.round.session)
    return True


def questions_text(*, round: Round, language: str) -> str:
    return "\n".join(_text(q, "text", language) for q in round.questions.prefetch_related("translations"))


def sync_guiding_questions(*, round: Round, text: str, language: str) -> bool:
    """One guiding question per non-empty line (a leading bullet is dropped)."""
    lines = [BULLET.sub("", line.strip()).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    with transaction.atomic():
        existing = list(round.questions.order_by("order"))
        current = [(q.order, _text(q, "text", language)) for q in existing]
        if current == list(enumerate(lines, start=1)):
            return False
        round.questions.update(order=F("order") + ORDER_SHIFT)
        for index, line in enumerate(lines):
            question = existing[index] if index < len(existing) else GuidingQuestion(round=round)
            question.order = index + 1
            question.set_current_language(language)
            question.text = line
            question.full_clean()
            question.save()
        for extra in existing[len(lines) :]:
            extra.delete()
        touch(session=round.session)
    return True
