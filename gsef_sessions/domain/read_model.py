"""A session's report in one language as plain data: what the API answers, and what pages, PDFs and
feeds print (``presentation.printable`` adds their formatting, from this data alone).

The types below are the one declaration of its shape: the API's schema is generated from them
(``api.schema_types``). A report is built from plain rows in a fixed number of ``values`` queries
whatever its size, and kept in Django's cache by (session, version, language): every change bumps
the version (``versioning.touch``), so a stored report is never stale. Every object with translated
texts says which language they are in (``language``), after ``languages.localised_texts``'s fallback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any, NewType, TypedDict

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.fields import DateTimeField

from .. import models
from ..conf import settings
from ..enums import (
    AttendanceKind,
    MaterialKind,
    OutcomeKind,
    PartnerRole,
    RenderStatus,
    RoleCategory,
    RoundKind,
    SessionStatus,
)
from ..links import absolute_url, api_url, page_url
from .assignments import display_name
from .languages import localised_texts, shown_language
from .markdown import markdown_to_html

if TYPE_CHECKING:
    from .read_etag import ReportState

# --- The shape -----------------------------------------------------------------------------------
# Strings with a format the schema states.
Uuid = NewType("Uuid", str)
Url = NewType("Url", str)
Slug = NewType("Slug", str)
DateTime = NewType("DateTime", str)  # ISO 8601, as DRF prints it
Language = NewType("Language", str)

SPONSOR_ROLES = [*PartnerRole.values, "session"]  # a session's own sponsors have no partner role
PDF_STATUSES = [*RenderStatus.values, "missing"]  # "missing": never requested (the download requests it)


class Kind(TypedDict):
    slug: Slug
    name: str
    language: Language


class ReportForum(TypedDict):
    uuid: Uuid
    url: Url
    slug: Slug
    name: str
    edition: str
    theme: str
    tagline: str
    city: str
    slot_minutes: int
    logo: Url | None
    primary_color: str
    accent_color: str
    language: Language


class ReportOrganisation(TypedDict):
    uuid: Uuid
    url: Url
    slug: Slug
    name: str
    short_name: str
    country: str
    website: Url | None
    logo: Url | None
    language: Language


class ReportPerson(TypedDict):
    uuid: Uuid
    url: Url
    name: str
    country: str


class ReportRole(TypedDict):
    """One of the forum's roles that the session's participants hold, as the header prints it."""

    slug: Slug
    name: str
    heading: str
    category: Annotated[str, RoleCategory.choices]
    numbered: bool
    order: int
    language: Language


class Participant(TypedDict):
    uuid: Uuid
    person: ReportPerson
    role: Slug
    role_label: str
    role_category: Annotated[str, RoleCategory.choices]
    order: int
    post: str
    affiliation: str
    organization: ReportOrganisation | None
    country: str
    language: Language


class SubPoint(TypedDict):
    uuid: Uuid
    order: int
    text: str
    is_quote: bool
    language: Language


class ReportPoint(SubPoint):
    children: list[SubPoint]


class ReportContribution(TypedDict):
    uuid: Uuid
    participant: Uuid
    order: int
    person: ReportPerson
    points: list[ReportPoint]


class ReportGuidingQuestion(TypedDict):
    uuid: Uuid
    order: int
    text: str
    language: Language


class ReportRound(TypedDict):
    uuid: Uuid
    kind: Annotated[str, RoundKind.choices]
    order: int
    label: str
    guiding_questions: list[ReportGuidingQuestion]
    contributions: list[ReportContribution]
    language: Language


class ReportAudienceQuestion(TypedDict):
    uuid: Uuid
    order: int
    text: str
    asked_by: str
    is_answered: bool
    answer: str
    answered_by: Uuid | None
    language: Language


class QA(TypedDict):
    note: str
    questions: list[ReportAudienceQuestion]


class Attendance(TypedDict):
    """A count of the session's attendance: typed (people connected at a moment), or counted from a
    platform's report (``source``: the file's name). Person-minutes count minutes; countries, countries."""

    uuid: Uuid
    order: int
    kind: Annotated[str, AttendanceKind.choices]
    platform: str
    count: int
    taken_at: DateTime | None
    source: str
    note: str
    language: Language


class Statement(TypedDict):
    """A key takeaway or a call to action."""

    uuid: Uuid
    order: int
    text: str
    language: Language


class Credits(TypedDict):
    """Who wrote the report: its rapporteurs where the session credits them (else none), and the
    notes it is based on."""

    credit_rapporteurs: bool
    rapporteurs: list[str]
    source: str
    source_url: Url | None
    language: Language


class ReportMaterial(TypedDict):
    """A recording, slides, a concept note…: a link, or a file served by the session's page."""

    uuid: Uuid
    kind: Annotated[str, MaterialKind.choices]
    kind_label: str
    order: int
    title: str
    content_language: Language | None
    url: Url
    link: Url | None
    is_file: bool
    language: Language


class Sponsor(TypedDict):
    role: Annotated[str, SPONSOR_ROLES]
    organization: ReportOrganisation


class SessionSummary(TypedDict):
    """A session as lists print it; ``language`` is the one its report is shown in."""

    language: Language
    available_languages: list[Language]
    uuid: Uuid
    url: Url
    forum: ReportForum
    slug: Slug
    title: str
    starts_at: DateTime
    kind: Kind
    number: int | None
    subtitle: str
    ends_at: DateTime | None
    time_zone: str
    room: str
    platforms: str
    interpretation_languages: list[Language]
    original_language: Language
    status: Annotated[str, SessionStatus.choices]
    version: int
    published_at: DateTime | None
    updated_at: DateTime
    calendar_url: Url


class SessionReport(SessionSummary):
    """Everything a report prints; the session's own texts (title to ``qa.note``) are in ``language``."""

    description: str
    description_html: str
    roles: list[ReportRole]
    participants: list[Participant]
    rounds: list[ReportRound]
    qa: QA
    key_takeaways: list[Statement]
    calls_to_action: list[Statement]
    materials: list[ReportMaterial]
    not_recorded: bool
    attendance: list[Attendance]
    sponsors: list[Sponsor]
    credits: Credits


class PdfLink(TypedDict):
    language: Language
    status: Annotated[str, PDF_STATUSES]
    url: Url


class SessionDetail(SessionReport):
    """The report with its PDFs, whose statuses change without a new version (added at answer time)."""

    pdfs: list[PdfLink]


# --- The queries ---------------------------------------------------------------------------------

# A session's own values and translated texts that a report prints (and a report write takes).
REPORT_VALUES = (
    "number",
    "starts_at",
    "ends_at",
    "languages",
    "platforms",
    "room",
    "not_recorded",
    "original_language",
    "credit_rapporteurs",
    "source_url",
)
REPORT_TEXTS = ("title", "subtitle", "description", "qa_note", "source_credit")

SESSION_FIELDS = (
    "pk",
    "uuid",
    "slug",
    *REPORT_VALUES,
    "status",
    "version",
    "published_at",
    "updated_at",
    "forum_id",
    "kind_id",
    "kind__slug",
)
FORUM_FIELDS = ("pk", "uuid", "slug", "edition", "timezone", "slot_minutes", "logo", "primary_color", "accent_color")
FORUM_TEXTS = ("name", "theme", "tagline", "city")

Rows = Mapping[Any, tuple[tuple, dict[str, tuple]]]


def _with_texts(queryset, plain, texts):
    """``queryset``'s ``plain`` fields (an id first) and its translations' ``texts`` (a LEFT JOIN)."""
    return queryset.values_list(*plain, "translations__language_code", *(f"translations__{name}" for name in texts))


def _grouped(rows, plain) -> dict[Any, tuple[tuple, dict[str, tuple]]]:
    """``{id: (plain values, {language: texts})}`` from rows ``(*plain, language, *texts)``, in the
    rows' order. A row without a translation has ``language`` None."""
    grouped = {}
    for row in rows:
        entry = grouped.get(row[0])
        if entry is None:
            entry = grouped[row[0]] = (row[:plain], {})
        if row[plain] is not None:
            entry[1][row[plain]] = row[plain + 1 :]
    return grouped


def _by_session(model, plain, texts=(), *, order=("order",), field="session_id"):
    def rows(sessions):
        queryset = model.objects.filter(**{f"{field}__in": sessions}).order_by(*order)
        if texts:
            return _grouped(_with_texts(queryset, plain, texts), len(plain))
        return _grouped(((*row, None) for row in queryset.values_list(*plain)), len(plain))

    return rows


def _of_sessions(model, plain, texts):
    """The rows of what the sessions point to (their forums, their kinds)."""

    def rows(sessions):
        queryset = model.objects.filter(sessions__in=sessions).distinct().order_by()
        return _grouped(_with_texts(queryset, plain, texts), len(plain))

    return rows


ORGANISATION_FIELDS = ("pk", "uuid", "slug", "country", "website", "logo")


def _organisations(sessions):
    queryset = models.Organisation.objects.filter(
        Q(pk__in=models.Participation.objects.filter(session_id__in=sessions).values("organisation"))
        | Q(pk__in=models.ForumPartner.objects.filter(forum__sessions__in=sessions).values("organisation"))
        | Q(pk__in=models.SessionSponsor.objects.filter(session_id__in=sessions).values("organisation")),
    ).order_by()
    return _grouped(_with_texts(queryset, ORGANISATION_FIELDS, ("name", "short_name")), len(ORGANISATION_FIELDS))


def _credited_rapporteurs(sessions):
    """The rapporteurs of the sessions that credit them, in the order they were assigned, by the
    names their user model gives them (a host's may have none but its ``__str__``)."""
    through = models.Session.rapporteurs.through
    user = next(f.name for f in through._meta.get_fields() if f.is_relation and f.related_model is get_user_model())
    rows = through.objects.filter(session__in=sessions, session__credit_rapporteurs=True).select_related(user)
    return {row.pk: ((row.pk, row.session_id, display_name(getattr(row, user))), {}) for row in rows.order_by("pk")}


# Each by a list of session ids. The rows of a list carry their owner's id second (``_Builder.owned``).
_SUMMARY: dict[str, Callable[[Sequence[int]], Rows]] = {
    "forums": _of_sessions(models.Forum, FORUM_FIELDS, FORUM_TEXTS),
    "kinds": _of_sessions(models.SessionKind, ("pk",), ("name",)),
    # Last: every change bumps the version in its own transaction, so a report whose version is
    # the one looked up read no change committed while its queries ran (``report`` stores only such).
    "sessions": _by_session(models.Session, SESSION_FIELDS, REPORT_TEXTS, order=(), field="pk"),
}
_REPORT: dict[str, Callable[[Sequence[int]], Rows]] = {
    "participants": _by_session(
        models.Participation,
        (
            "pk",
            "session_id",
            "uuid",
            "role_id",
            "order",
            "organisation_id",
            "country",
            "person__uuid",
            "person__given_name",
            "person__family_name",
            "person__country",
        ),
        ("post", "affiliation"),
        # By role slug, as the API has always listed them (pages print them by the roles' order).
        order=("role__slug", "order"),
    ),
    "roles": _by_session(
        models.ParticipantRole,
        ("pk", "forum_id", "slug", "category", "order", "numbered"),
        ("name", "heading"),
        order=("order", "pk"),
        field="forum__sessions",
    ),
    "organisations": _organisations,
    "partners": _by_session(
        models.ForumPartner,
        ("pk", "forum_id", "role", "organisation_id"),
        order=("role", "order"),
        field="forum__sessions",
    ),
    "sponsors": _by_session(models.SessionSponsor, ("pk", "session_id", "organisation_id")),
    "rounds": _by_session(models.Round, ("pk", "session_id", "uuid", "kind", "order"), ("title",)),
    "questions": _by_session(
        models.GuidingQuestion,
        ("pk", "round_id", "uuid", "order"),
        ("text",),
        order=("round_id", "order"),
        field="round__session_id",
    ),
    "contributions": _by_session(
        models.Contribution,
        ("pk", "round_id", "uuid", "participation_id", "order"),
        order=("round_id", "order"),
        field="round__session_id",
    ),
    "points": _by_session(
        models.Point,
        ("pk", "contribution_id", "uuid", "parent_id", "order", "is_quote"),
        ("text",),
        order=("order", "pk"),
        field="contribution__round__session_id",
    ),
    "audience": _by_session(
        models.AudienceQuestion,
        ("pk", "session_id", "uuid", "order", "asked_by", "is_answered", "answered_by_id"),
        ("text", "answer"),
    ),
    "attendance": _by_session(
        models.AttendanceCount,
        ("pk", "session_id", "uuid", "order", "kind", "platform", "count", "taken_at", "source__filename"),
        ("note",),
    ),
    "outcomes": _by_session(
        models.Outcome, ("pk", "session_id", "uuid", "kind", "order"), ("text",), order=("kind", "order")
    ),
    "rapporteurs": _credited_rapporteurs,
    "materials": _by_session(
        models.Material, ("pk", "session_id", "uuid", "kind", "order", "language", "url", "file"), ("title",)
    ),
}


def _by_owner(grouped: Rows) -> dict[Any, list[tuple[tuple, dict[str, tuple]]]]:
    """Grouped rows split by their second value (the owner's id), in order."""
    owned = {}
    for plain, texts in grouped.values():
        owned.setdefault(plain[1], []).append((plain, texts))
    return owned


# --- Building ------------------------------------------------------------------------------------


class _Builder:
    """One build: the rows of every session built, the requested language, URLs, the date format."""

    def __init__(self, *, requested: str | None, parts: Mapping[str, Callable[[Sequence[int]], Rows]], pks):
        self.requested = requested
        self.datetime = DateTimeField().to_representation
        self.rows = {name: rows(pks) for name, rows in parts.items()}
        self._owned = {}
        self.logos = models.Organisation._meta.get_field("logo").storage or default_storage
        self.forum_logos = models.Forum._meta.get_field("logo").storage or default_storage

    def date(self, value):
        return None if value is None else self.datetime(value)

    def summary(self, pk) -> tuple[SessionSummary, Callable] | None:
        """Session ``pk``'s summary, and its ``local(translations, width)``: the texts of its language."""
        if pk not in self.rows["sessions"]:
            return None
        row, texts = self.rows["sessions"][pk]
        (
            _pk,
            uuid,
            slug,
            number,
            starts_at,
            ends_at,
            languages,
            platforms,
            room,
            _not_recorded,
            original,
            _credit_rapporteurs,
            _source_url,
            status,
            version,
            published_at,
            updated_at,
            forum_id,
            kind_id,
            kind_slug,
        ) = row
        shown = shown_language(available=texts, requested=self.requested, original=original)

        def local(translations, width=1):
            return localised_texts(translations, language=shown, fallback=original, width=width)

        language, (title, subtitle, *_rest) = local(texts, len(REPORT_TEXTS))
        (
            (_forum_pk, forum_uuid, forum_slug, edition, timezone, slot_minutes, logo, primary_color, accent_color),
            forum_texts,
        ) = self.rows["forums"][forum_id]
        forum_language, (forum_name, theme, tagline, city) = local(forum_texts, len(FORUM_TEXTS))
        kind_language, (kind_name,) = local(self.rows["kinds"].get(kind_id, ((), {}))[1])
        summary: SessionSummary = {
            "language": language,
            "available_languages": sorted(texts),
            "uuid": str(uuid),
            "url": api_url("session-detail", forum_slug=forum_slug, session_slug=slug),
            "forum": {
                "uuid": str(forum_uuid),
                "url": api_url("forum-detail", slug=forum_slug),
                "slug": forum_slug,
                "name": str(forum_name),
                "edition": str(edition),
                "theme": str(theme),
                "tagline": str(tagline),
                "city": str(city),
                "slot_minutes": int(slot_minutes),
                "logo": absolute_url(self.forum_logos.url(logo)) if logo else None,
                "primary_color": str(primary_color),
                "accent_color": str(accent_color),
                "language": forum_language,
            },
            "slug": slug,
            "title": str(title),
            "starts_at": self.date(starts_at),
            "kind": {"slug": kind_slug, "name": str(kind_name), "language": kind_language},
            "number": None if number is None else int(number),
            "subtitle": str(subtitle),
            "ends_at": self.date(ends_at),
            "time_zone": str(timezone),
            "room": str(room),
            "platforms": str(platforms),
            "interpretation_languages": [str(code) for code in languages],
            "original_language": str(original),
            "status": status,
            "version": int(version),
            "published_at": self.date(published_at),
            "updated_at": self.date(updated_at),
            "calendar_url": api_url("session-calendar", forum_slug=forum_slug, session_slug=slug),
        }
        return summary, local

    def report(self, pk) -> SessionReport | None:
        built = self.summary(pk)
        if built is None:
            return None
        summary, local = built
        row, texts = self.rows["sessions"][pk]
        texts_language, (_title, _subtitle, description, qa_note, source_credit) = local(texts, len(REPORT_TEXTS))
        with translation.override(summary["language"]):
            roles = self.roles(row[SESSION_FIELDS.index("forum_id")], local=local)
            people, participants = self.participants(pk, roles=roles, local=local)
            rounds = self.rounds(pk, people=people, local=local, language=summary["language"])
        forum_id, credit_rapporteurs, source_url, not_recorded = (
            row[SESSION_FIELDS.index(name)] for name in ("forum_id", "credit_rapporteurs", "source_url", "not_recorded")
        )
        report: SessionReport = {
            **summary,
            "description": str(description),
            "description_html": markdown_to_html(description),
            "roles": [role for role in roles.values() if any(p["role"] == role["slug"] for p in participants)],
            "participants": participants,
            "rounds": rounds,
            "qa": {"note": str(qa_note), "questions": self.audience(pk, people=people, local=local)},
            **self.outcomes(pk, local=local),
            "materials": self.materials(pk, summary=summary, local=local),
            "not_recorded": bool(not_recorded),
            "attendance": [
                {
                    "uuid": str(uuid),
                    "order": int(order),
                    "kind": str(kind),
                    "platform": str(platform),
                    "count": int(count),
                    "taken_at": self.date(taken_at),
                    "source": str(source or ""),
                    "note": str(note),
                    "language": note_language,
                }
                for (_pk, _session, uuid, order, kind, platform, count, taken_at, source), tr in self.owned(
                    "attendance", pk
                )
                for note_language, (note,) in [local(tr)]
            ],
            "sponsors": [
                {"role": role, "organization": self.organisation(org_id, local=local)}
                for (_pk, _forum, role, org_id), _tr in self.owned("partners", forum_id)
            ]
            + [
                {"role": "session", "organization": self.organisation(org_id, local=local)}
                for (_pk, _session, org_id), _tr in self.owned("sponsors", pk)
            ],
            "credits": {
                "credit_rapporteurs": bool(credit_rapporteurs),
                "rapporteurs": [name for (_pk, _session, name), _tr in self.owned("rapporteurs", pk)],
                "source": str(source_credit),
                "source_url": source_url or None,
                "language": texts_language,
            },
        }
        return report

    def owned(self, part, owner):
        """The rows of ``part`` whose owner (second value) is ``owner``, in order."""
        if part not in self._owned:
            self._owned[part] = _by_owner(self.rows[part])
        return self._owned[part].get(owner, [])

    def organisation(self, org_pk, *, local) -> ReportOrganisation | None:
        """An organisation the reports print (a participant's, the forum's, the session's)."""
        if org_pk not in self.rows["organisations"]:
            return None
        (_pk, uuid, slug, country, website, logo), tr = self.rows["organisations"][org_pk]
        language, (name, short_name) = local(tr, 2)
        return {
            "uuid": str(uuid),
            "url": api_url("organization-detail", slug=slug),
            "slug": slug,
            "name": str(name),
            "short_name": str(short_name),
            "country": str(country),
            "website": website or None,
            "logo": absolute_url(self.logos.url(logo)) if logo else None,
            "language": language,
        }

    def roles(self, forum_pk, *, local) -> dict[int, ReportRole]:
        """The forum's roles by id, in the header's order."""
        roles = {}
        for (role_pk, _forum, slug, category, order, numbered), tr in self.owned("roles", forum_pk):
            language, (name, heading) = local(tr, 2)
            roles[role_pk] = {
                "slug": slug,
                "name": str(name or slug),
                "heading": str(heading or _("%(role)s:") % {"role": name or slug}),
                "category": category,
                "numbered": bool(numbered),
                "order": int(order),
                "language": language,
            }
        return roles

    def participants(self, pk, *, roles, local) -> tuple[dict, list[Participant]]:
        """The participants as printed, and per participation id its UUID and person (for contributions)."""
        people, participants = {}, []
        for (
            part_pk,
            _session,
            uuid,
            role_pk,
            order,
            org_id,
            country,
            person_uuid,
            given,
            family,
            person_country,
        ), tr in self.owned("participants", pk):
            person: ReportPerson = {
                "uuid": str(person_uuid),
                "url": api_url("person-detail", uuid=person_uuid),
                "name": " ".join(part for part in (given, family) if part),
                "country": str(person_country),
            }
            language, (post, affiliation) = local(tr, 2)
            people[part_pk] = (str(uuid), person)
            participants.append(
                {
                    "uuid": str(uuid),
                    "person": person,
                    "role": roles[role_pk]["slug"],
                    "role_label": roles[role_pk]["name"],
                    "role_category": roles[role_pk]["category"],
                    "order": int(order),
                    "post": str(post),
                    "affiliation": str(affiliation),
                    "organization": self.organisation(org_id, local=local),
                    "country": str(country),
                    "language": language,
                }
            )
        return people, participants

    def points(self, contribution_pk, *, local) -> list[ReportPoint]:
        """A contribution's points, each with its sub-points (one level), in order."""
        top, children = [], {}
        for (point_pk, _contribution, uuid, parent_id, order, is_quote), tr in self.owned("points", contribution_pk):
            language, (text,) = local(tr)
            point = {
                "uuid": str(uuid),
                "order": int(order),
                "text": str(text),
                "is_quote": bool(is_quote),
                "language": language,
            }
            if parent_id is None:
                point["children"] = children.setdefault(point_pk, [])
                top.append(point)
            else:
                children.setdefault(parent_id, []).append(point)
        return top

    def rounds(self, pk, *, people, local, language) -> list[ReportRound]:
        printed, numbered = [], 0
        for (round_pk, _session, uuid, kind, order), tr in self.owned("rounds", pk):
            numbered += kind == RoundKind.ROUND
            title_language, (title,) = local(tr)
            questions = []
            for (_pk, _round, question_uuid, question_order), question_tr in self.owned("questions", round_pk):
                question_language, (text,) = local(question_tr)
                questions.append(
                    {
                        "uuid": str(question_uuid),
                        "order": int(question_order),
                        "text": str(text),
                        "language": question_language,
                    }
                )
            contributions = []
            for (contribution_pk, _round, contribution_uuid, participation_id, contribution_order), _tr in self.owned(
                "contributions", round_pk
            ):
                participant, person = people[participation_id]
                contributions.append(
                    {
                        "uuid": str(contribution_uuid),
                        "participant": participant,
                        "order": int(contribution_order),
                        "person": person,
                        "points": self.points(contribution_pk, local=local),
                    }
                )
            printed.append(
                {
                    "uuid": str(uuid),
                    "kind": kind,
                    "order": int(order),
                    "label": str(title or round_label(kind=kind, number=numbered)),
                    "guiding_questions": questions,
                    "contributions": contributions,
                    # An untitled round's label is the app's, in the report's language.
                    "language": title_language if title else language,
                }
            )
        return printed

    def materials(self, pk, *, summary, local) -> list[ReportMaterial]:
        kinds = dict(MaterialKind.choices)
        materials = []
        for (_pk, _session, uuid, kind, order, content_language, link, file), tr in self.owned("materials", pk):
            language, (title,) = local(tr)
            url = link
            if file:  # served by the session's page, which checks who may see it
                url = page_url(
                    "session-material",
                    forum_slug=summary["forum"]["slug"],
                    session_slug=summary["slug"],
                    uuid=uuid,
                )
            materials.append(
                {
                    "uuid": str(uuid),
                    "kind": kind,
                    "kind_label": str(kinds.get(kind, kind)),
                    "order": int(order),
                    "title": str(title or kinds.get(kind, kind)),
                    "content_language": content_language or None,
                    "url": url,
                    "link": link or None,
                    "is_file": bool(file),
                    "language": language,
                }
            )
        return materials

    def outcomes(self, pk, *, local) -> dict[str, list[Statement]]:
        """The key takeaways and the calls to action, each list in its order."""
        lists = {OutcomeKind.TAKEAWAY: [], OutcomeKind.CALL_TO_ACTION: []}
        for (_pk, _session, uuid, kind, order), tr in self.owned("outcomes", pk):
            language, (text,) = local(tr)
            lists[kind].append({"uuid": str(uuid), "order": int(order), "text": str(text), "language": language})
        return {"key_takeaways": lists[OutcomeKind.TAKEAWAY], "calls_to_action": lists[OutcomeKind.CALL_TO_ACTION]}

    def audience(self, pk, *, people, local) -> list[ReportAudienceQuestion]:
        questions = []
        for (_pk, _session, uuid, order, asked_by, is_answered, answered_by), tr in self.owned("audience", pk):
            language, (text, answer) = local(tr, 2)
            questions.append(
                {
                    "uuid": str(uuid),
                    "order": int(order),
                    "text": str(text),
                    "asked_by": str(asked_by),
                    "is_answered": bool(is_answered),
                    "answer": str(answer),
                    "answered_by": people[answered_by][0] if answered_by in people else None,
                    "language": language,
                }
            )
        return questions


def round_label(*, kind: str, number: int) -> str:
    """An untitled round's heading, in the active language: "Round 2" (the ``number``-th of kind
    round), else its kind's name."""
    if kind == RoundKind.ROUND:
        return _("Round %(number)d") % {"number": number}
    return str(RoundKind(kind).label)


def session_summaries(pks: Iterable[int], *, requested: str | None) -> list[SessionSummary]:
    """The summaries of the sessions ``pks`` (a page's), in that order, in three queries."""
    pks = list(pks)
    builder = _Builder(requested=requested, parts=_SUMMARY, pks=pks)
    return [built[0] for built in map(builder.summary, pks) if built is not None]


def build_reports(pks: Iterable[int], *, requested: str | None) -> dict[int, SessionReport]:
    """``{id: report}`` of the sessions ``pks`` that exist, in that order, in 17 queries whatever
    their number and size."""
    pks = list(pks)
    if not pks:
        return {}
    builder = _Builder(requested=requested, parts={**_REPORT, **_SUMMARY}, pks=pks)
    built = {pk: builder.report(pk) for pk in pks}
    return {pk: report for pk, report in built.items() if report is not None}


def _key(state: ReportState, requested: str | None) -> str:
    language = shown_language(available=state.languages, requested=requested, original=state.original_language)
    return f"gsef_sessions:report:{state.pk}:{state.version}:{language}"


def reports(states: Iterable[ReportState], *, requested: str | None) -> list[SessionReport]:
    """The reports of the sessions ``states`` name, in ``requested`` (else each one's own language),
    in their order: from the cache where built before, the others built together. A session
    deleted since its state was read is left out."""
    states = list(states)
    keys = {state.pk: _key(state, requested) for state in states}
    found = cache.get_many(keys.values())
    built = build_reports([state.pk for state in states if keys[state.pk] not in found], requested=requested)
    # Only a report of the version looked up is stored (one changed meanwhile is stored by the next
    # read), and only once what it read is committed: a change rolled back leaves its version free.
    current = {
        keys[state.pk]: built[state.pk] for state in states if built.get(state.pk, {}).get("version") == state.version
    }
    if current:
        transaction.on_commit(partial(cache.set_many, current, settings.API_REPORT_CACHE_SECONDS))
    return [report for state in states if (report := found.get(keys[state.pk]) or built.get(state.pk))]


def report(*, state: ReportState, requested: str | None) -> SessionReport | None:
    """``reports`` of one session (None: deleted since ``state`` was read)."""
    found = reports([state], requested=requested)
    return found[0] if found else None
