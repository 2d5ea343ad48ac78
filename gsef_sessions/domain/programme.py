"""A forum's programme as plain data: sessions by day in the forum's time zone, the filters a
reader can apply, search, and one person's sessions.

Every function takes sessions the caller has already narrowed to what its reader may see
(``permissions.visible_sessions``), so nothing here can widen access.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import translation
from django.utils.dateparse import parse_datetime

from ..enums import SessionStatus
from ..models import Participation, Point, Session, SessionKind
from ..models.people import sort_key
from .languages import language_name, localise
from .markdown import markdown_to_html
from .presentation import session_label
from .read_model import session_summaries

if TYPE_CHECKING:
    from types import SimpleNamespace

    from django.db.models import QuerySet

    from ..models import Forum, Person
    from .read_model import SessionSummary

# Every word is three subqueries: a long query costs the database, not the reader, so it is cut.
MAX_SEARCH_WORDS = 8


def programme_queryset(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """``sessions`` with what a programme prints, in programme order, in a fixed number of queries."""
    return (
        sessions.select_related("forum", "kind")
        .prefetch_related("translations", "kind__translations")
        .order_by(
            "starts_at",
            "kind__order",
            "number",
            "slug",
        )
    )


def session_end(session: Session | SimpleNamespace, *, forum: Forum | None = None) -> datetime.datetime:
    """The end time, or the start plus the forum's slot length where none was entered.
    ``forum``: the session's, where the caller has it at hand (else ``session.forum``; an
    ``exports.export_rows`` row has none)."""
    return end_time(
        starts_at=session.starts_at, ends_at=session.ends_at, slot_minutes=(forum or session.forum).slot_minutes
    )


def end_time(
    *, starts_at: datetime.datetime, ends_at: datetime.datetime | None, slot_minutes: int
) -> datetime.datetime:
    """``ends_at``, else ``starts_at`` plus the forum's ``slot_minutes``: where a session ends."""
    return ends_at or starts_at + datetime.timedelta(minutes=slot_minutes)


def _word_matches(word):
    # Each criterion is a subquery on the session's primary key: joining every relation at once
    # would multiply rows. Names also match accent-folded ("Penaranda" finds "Peñaranda").
    titles = Session.objects.filter(Q(translations__title__icontains=word) | Q(translations__subtitle__icontains=word))
    people = Participation.objects.filter(
        Q(person__given_name__icontains=word)
        | Q(person__family_name__icontains=word)
        | Q(person__sort_name__contains=sort_key(word, ""))
    )
    points = Point.objects.filter(translations__text__icontains=word)
    return (
        Q(pk__in=titles.values("pk"))
        | Q(pk__in=people.values("session"))
        | Q(pk__in=points.values("contribution__round__session"))
    )


def search(sessions: QuerySet[Session], query: str) -> QuerySet[Session]:
    """The sessions in which every word of ``query`` appears in a title, subtitle, participant's name
    or point, in any of the report's languages (the first ``MAX_SEARCH_WORDS`` words)."""
    for word in query.split()[:MAX_SEARCH_WORDS]:
        sessions = sessions.filter(_word_matches(word))
    return sessions


def filter_programme(
    sessions: QuerySet[Session], *, kind: str = "", language: str = "", query: str = ""
) -> list[Session]:
    """``sessions`` of one kind, held in one language, matching a search; each filter optional."""
    if kind:
        sessions = sessions.filter(kind__slug=kind)
    if query:
        sessions = search(sessions, query)
    sessions = list(programme_queryset(sessions))
    if language:
        # Session.languages is a JSON list: containment lookups are not portable (SQLite lacks
        # them), and a programme is a few dozen sessions.
        sessions = [session for session in sessions if language in session.languages]
    return sessions


def filter_choices(*, forum: Forum, sessions: QuerySet[Session]) -> dict[str, list[tuple[str, str]]]:
    """The kinds and languages of ``forum``'s ``sessions``, as ``(value, label)`` pairs for a form."""
    language = translation.get_language()
    kinds = SessionKind.objects.filter(forum=forum, sessions__in=sessions).distinct().prefetch_related("translations")
    kinds = [(kind.slug, str(localise(kind, language=language, fallback=language))) for kind in kinds]
    held = {code for codes in sessions.values_list("languages", flat=True) for code in codes}
    official = list(forum.languages)
    ordered = sorted(held, key=lambda code: (official.index(code) if code in official else len(official), code))
    return {"kinds": kinds, "languages": [(code, language_name(code)) for code in ordered]}


def programme_entry(summary: SessionSummary) -> dict[str, Any]:
    """One session as a programme lists it, from its summary (``read_model``): times in the forum's
    time zone (no end where none was entered), the label and language names formatted."""
    tz = zoneinfo.ZoneInfo(summary["time_zone"])
    starts = parse_datetime(summary["starts_at"])
    ends = parse_datetime(summary["ends_at"]) if summary["ends_at"] else None
    return {
        **summary,
        "label": session_label(kind=summary["kind"]["name"], number=summary["number"]),
        "starts": starts.astimezone(tz),
        # Only an end that was entered: the forum's default slot is no fact a reader should see.
        "ends": ends.astimezone(tz) if ends else None,
        "languages": [language_name(code) for code in summary["interpretation_languages"]],
        "is_published": summary["status"] == SessionStatus.PUBLISHED,
    }


def entries(sessions: Iterable[Session], *, requested: str) -> list[dict[str, Any]]:
    """``programme_entry`` of each of ``sessions``, in their order, in ``requested`` where its report
    has that language (three queries)."""
    pks = [session.pk for session in sessions]
    return [programme_entry(summary) for summary in session_summaries(pks, requested=requested)]


def by_day(sessions: Iterable[Session], *, requested: str) -> list[dict[str, Any]]:
    """``[{"day": date, "entries": [...]}]``: ``sessions`` (in programme order) grouped by their day
    in the forum's time zone, where the reader of a forum expects them."""
    days = {}
    for entry in entries(sessions, requested=requested):
        days.setdefault(entry["starts"].date(), []).append(entry)
    return [{"day": day, "entries": entries} for day, entries in days.items()]


def _safe_links(text):
    # The model validates http(s) addresses, but rows written around full_clean (fixtures, the
    # shell) must not put a javascript: link on a page either.
    lines = (line.strip() for line in (text or "").splitlines())
    return [line for line in lines if line.lower().startswith(("https://", "http://"))]


def person_profile(*, person: Person, sessions: QuerySet[Session], requested: str) -> dict[str, Any]:
    """A person as their page shows them: their bio in ``requested`` (else another language it has)
    and, per session of ``sessions`` they took part in, their roles and post there."""
    localise(person, language=requested, fallback=translation.get_language())
    participations = (
        Participation.objects.filter(person=person, session__in=sessions)
        .select_related("session__forum", "session__kind", "role")
        .prefetch_related("translations", "session__translations", "session__kind__translations", "role__translations")
        .order_by(
            "session__starts_at", "session__kind__order", "session__number", "session__slug", "role__order", "order"
        )
    )
    participations = list(participations)
    listed = entries(list({part.session.pk: part.session for part in participations}.values()), requested=requested)
    appearances = {entry["uuid"]: {**entry, "roles": [], "posts": []} for entry in listed}
    for participation in participations:
        session = participation.session
        appearance = appearances[str(session.uuid)]
        for translated in (participation, participation.role):
            localise(translated, language=appearance["language"], fallback=session.original_language)
        appearance["roles"].append(str(participation.role))
        post = ", ".join(
            filter(None, [participation.safe_translation_getter(field) for field in ("post", "affiliation")])
        )
        if post and post not in appearance["posts"]:
            appearance["posts"].append(post)
    return {
        "uuid": str(person.uuid),
        "name": person.full_name,
        "honorific": person.honorific,
        "country": person.country.name if person.country else "",
        "bio_html": markdown_to_html(person.safe_translation_getter("bio", default="")),
        "bio_language": person.get_current_language(),
        "photo": person.photo.url if person.photo else "",
        "links": _safe_links(person.links),
        "sessions": list(appearances.values()),
    }
