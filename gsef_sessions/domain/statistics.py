"""A forum's figures, computed from its published sessions rather than typed: sessions by kind and
language, speakers by role, their countries and their organisations', interpretation languages, and
attendance from the platforms' reports (``attendance_import``).

One representation, built here and printed by the statistics page and the API alike: plain data,
labels in the active language, every figure with the definition shown beside it. People appear
only as counts, never one by one.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Annotated, TypedDict

from django.db.models import Count, Max, Q, Sum
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries as country_names
from rest_framework.fields import DateTimeField

from ..enums import AttendanceImportStatus, AttendanceKind, RoleCategory, SessionStatus
from ..models import AttendanceCount, AttendanceImport, Organisation, ParticipantRole, Participation, Session
from ..models import SessionKind as Kind
from .languages import language_name, localise
from .read_model import DateTime, Slug

if TYPE_CHECKING:
    from ..models import Forum


class Tally(TypedDict):
    code: str
    name: str
    count: int


class RoleTally(TypedDict):
    code: Slug
    name: str
    category: Annotated[str, RoleCategory.choices]
    count: int


class Peak(TypedDict):
    count: int
    session: Slug
    title: str
    at: DateTime | None


class AttendanceTotals(TypedDict):
    attendances: int
    peak: Peak | None
    person_hours: float
    attendee_countries: list[Tally]
    sessions_with_attendance: int
    sessions_without_attendance: int


class Definitions(TypedDict):
    sessions: str
    languages: str
    interpretation_languages: str
    speakers: str
    speaker_countries: str
    organisation_countries: str
    attendances: str
    peak: str
    person_hours: str
    attendee_countries: str
    without_attendance: str


class ForumStatistics(TypedDict):
    """A forum's figures from its published sessions; ``definitions`` says what each one counts."""

    forum: Slug
    sessions: int
    by_kind: list[Tally]
    by_language: list[Tally]
    interpretation_languages: list[Tally]
    speakers: int
    speakers_by_role: list[RoleTally]
    speaker_countries: list[Tally]
    organisation_countries: list[Tally]
    attendance: AttendanceTotals
    definitions: Definitions


def definitions() -> Definitions:
    """What each figure counts, in the active language: shown beside it on the page and in the API."""
    return {
        "sessions": _("Published sessions of the forum."),
        "languages": _("Sessions by the language their report was written in."),
        "interpretation_languages": _("Sessions that offered interpretation into each language."),
        "speakers": _(
            "Distinct people who took part in a role (moderator, panelist, speaker…) in a published session."
        ),
        "speaker_countries": _("Distinct participants by the country given in their session, else their own."),
        "organisation_countries": _("Distinct organisations of the participants, by the organisation's country."),
        "attendances": _(
            "The sum of each session's unique attendees from the platforms' reports: a person who attended "
            "two sessions counts twice."
        ),
        "peak": _("The most people connected at one instant in one session."),
        "person_hours": _(
            "Time spent by everyone connected, each person's connections merged so no time counts twice."
        ),
        "attendee_countries": _("Attendances by the country the platform's report gives, where it gives one."),
        "without_attendance": _("Published sessions with no platform's report imported."),
    }


def forum_statistics(*, forum: Forum, language: str) -> ForumStatistics:
    """The forum's figures, with labels and definitions in ``language``."""
    with translation.override(language):
        return _figures(forum, language)


def _figures(forum, language):
    published = Session.objects.filter(forum=forum, status=SessionStatus.PUBLISHED)
    participations = Participation.objects.filter(session__in=published)
    return {
        "forum": forum.slug,
        "sessions": published.count(),
        "by_kind": _by_kind(published, language),
        "by_language": _tallied(Counter(published.values_list("original_language", flat=True)), language_name),
        "interpretation_languages": _tallied(
            Counter(code for codes in published.values_list("languages", flat=True) for code in codes), language_name
        ),
        "speakers": participations.values("person").distinct().count(),
        "speakers_by_role": _by_role(forum, participations, language),
        "speaker_countries": _speaker_countries(participations),
        "organisation_countries": _tallied(
            Counter(
                Organisation.objects.filter(participations__in=participations)
                .exclude(country="")
                .distinct()
                .values_list("country", flat=True)
            ),
            _country_name,
        ),
        "attendance": _attendance(published, language),
        "definitions": definitions(),
    }


def _tallied(counter: Counter, name) -> list[Tally]:
    """``[{"code", "name", "count"}]``, most first, then by name."""
    rows = [{"code": str(code), "name": str(name(code)), "count": count} for code, count in counter.items() if code]
    return sorted(rows, key=lambda row: (-row["count"], row["name"]))


def _country_name(code: str) -> str:
    return country_names.name(code) or code


def _by_kind(published, language):
    counts = dict(published.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    kinds = Kind.objects.filter(pk__in=counts).prefetch_related("translations").order_by("order", "slug")
    return [
        {"code": kind.slug, "name": str(localise(kind, language=language, fallback=language)), "count": counts[kind.pk]}
        for kind in kinds
    ]


def _by_role(forum, participations, language):
    people = dict(participations.values("role").annotate(n=Count("person", distinct=True)).values_list("role", "n"))
    roles = ParticipantRole.objects.filter(forum=forum, pk__in=people).prefetch_related("translations")
    return [
        {
            "code": role.slug,
            "name": str(localise(role, language=language, fallback=language)),
            "category": role.category,
            "count": people[role.pk],
        }
        for role in roles
    ]


def _speaker_countries(participations):
    # A person counts once, in the country of their first participation that gives one.
    seen = {}
    for person, own, theirs in participations.order_by("session__starts_at", "pk").values_list(
        "person", "country", "person__country"
    ):
        if person not in seen and (own or theirs):
            seen[person] = own or theirs
    return _tallied(Counter(seen.values()), _country_name)


def _peak(count, language):
    session = localise(count.session, language=language, fallback=language)
    return {"count": count.count, "session": session.slug, "title": str(session), "at": _moment(count.taken_at)}


def _moment(value):
    return DateTimeField().to_representation(value) if value else None  # as the read model writes times


def _attendance(published, language):
    counted = AttendanceImport.objects.filter(session__in=published, status=AttendanceImportStatus.COUNTED)
    imported = AttendanceCount.objects.filter(session__in=published, source__in=counted)
    totals = imported.aggregate(
        attendances=Sum("count", filter=Q(kind=AttendanceKind.ATTENDEES), default=0),
        minutes=Sum("count", filter=Q(kind=AttendanceKind.PERSON_MINUTES), default=0),
        peak=Max("count", filter=Q(kind=AttendanceKind.PEAK)),
    )
    peaks = imported.filter(kind=AttendanceKind.PEAK, count=totals["peak"]).prefetch_related("session__translations")
    peak = peaks.order_by("taken_at").first() if totals["peak"] is not None else None
    countries = Counter()
    for by_country in counted.values_list("countries", flat=True):
        countries.update({name: number for name, number in by_country.items() if isinstance(number, int)})
    with_report = counted.values("session").distinct().count()
    return {
        "attendances": totals["attendances"],
        "peak": _peak(peak, language) if peak else None,
        "person_hours": round(totals["minutes"] / 60, 1),
        "attendee_countries": _tallied(countries, str),
        "sessions_with_attendance": with_report,
        "sessions_without_attendance": published.count() - with_report,
    }
