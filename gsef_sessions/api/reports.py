"""Session reports and summaries as the API prints them, built from plain rows.

The same JSON as ``serializers.SessionReportSerializer`` and ``SessionSummarySerializer`` (which stay
the schema's description; tests/api/test_representations.py compares them byte for byte), in a
fixed number of ``values`` queries whatever the report's size. Model instances, a queryset per
prefetched object and DRF's per-field machinery cost some twenty times as much for a report of a
hundred points, and a report is built again on the first read after every change (the version it
is stored under changes). Translated texts are chosen by ``domain.languages.localised_texts``.
"""

from django.core.files.storage import default_storage
from django.db.models import Q, Value
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.fields import DateTimeField

from ..domain.exports import absolute_url
from ..domain.languages import localised_texts
from ..domain.markdown import markdown_to_html
from ..domain.report_writes import REPORT_TEXTS, REPORT_VALUES
from ..enums import Role, RoundKind
from ..models import (
    AttendanceCount,
    AudienceQuestion,
    Contribution,
    Forum,
    ForumPartner,
    GuidingQuestion,
    Organisation,
    Participation,
    Point,
    Round,
    Session,
    SessionKind,
    SessionSponsor,
)
from .base import api_url

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
    "forum__uuid",
    "forum__slug",
    "forum__timezone",
    "kind_id",
    "kind__slug",
)


def _with_texts(queryset, plain, texts):
    """``queryset``'s ``plain`` fields (an id first) and its translations' ``texts`` (a LEFT JOIN)."""
    return queryset.values_list(*plain, "translations__language_code", *(f"translations__{name}" for name in texts))


def _grouped(rows, plain):
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


# --- The queries of a report, all by the session's id.


def _by_session(model, plain, texts=(), *, order=("order",), field="session_id"):
    def build(session):
        queryset = model.objects.filter(**{field: session}).order_by(*order)
        return _with_texts(queryset, plain, texts) if texts else queryset.values_list(*plain)

    return build


_REPORT = {
    "forum_names": _by_session(Forum, ("pk",), ("name",), order=(), field="sessions"),
    "kind_names": _by_session(SessionKind, ("pk",), ("name",), order=(), field="sessions"),
    "participants": _by_session(
        Participation,
        (
            "pk",
            "uuid",
            "role",
            "order",
            "organisation_id",
            "country",
            "person__uuid",
            "person__given_name",
            "person__family_name",
            "person__country",
        ),
        ("post", "affiliation"),
        order=("role", "order"),
    ),
    "organisations": lambda session: _with_texts(
        Organisation.objects.filter(
            Q(pk__in=Participation.objects.filter(session_id=session).values("organisation"))
            | Q(pk__in=ForumPartner.objects.filter(forum__sessions=session).values("organisation"))
            | Q(pk__in=SessionSponsor.objects.filter(session_id=session).values("organisation")),
        ).order_by(),
        ("pk", "uuid", "slug", "country", "website", "logo"),
        ("name", "short_name"),
    ),
    "partners": _by_session(
        ForumPartner, ("role", "order", "organisation_id"), order=("role", "order"), field="forum__sessions"
    ),
    "sponsors": _by_session(SessionSponsor, ("order", "organisation_id"), order=("order",)),
    "rounds": _by_session(Round, ("pk", "uuid", "kind", "order"), ("title",)),
    "questions": _by_session(
        GuidingQuestion,
        ("pk", "uuid", "round_id", "order"),
        ("text",),
        order=("round_id", "order"),
        field="round__session_id",
    ),
    "contributions": _by_session(
        Contribution,
        ("pk", "uuid", "round_id", "participation_id", "order"),
        order=("round_id", "order"),
        field="round__session_id",
    ),
    "points": _by_session(
        Point,
        ("pk", "uuid", "contribution_id", "parent_id", "order", "is_quote"),
        ("text",),
        order=("order", "pk"),
        field="contribution__round__session_id",
    ),
    "audience": _by_session(
        AudienceQuestion, ("pk", "uuid", "order", "asked_by", "is_answered", "answered_by_id"), ("text", "answer")
    ),
    "attendance": _by_session(AttendanceCount, ("pk", "uuid", "order", "platform", "count", "taken_at"), ("note",)),
    # Last: every change bumps the version in its own transaction, so a report whose version is
    # still the one looked up read no change committed while its queries ran (report_response
    # stores only such a report).
    "session": _by_session(Session, SESSION_FIELDS, REPORT_TEXTS, order=(), field="pk"),
}


# --- Building ----------------------------------------------------------------------------------------


class _Builder:
    """What one build shares: the requested language, URLs, the date format."""

    def __init__(self, requested):
        self.requested = requested
        self.datetime = DateTimeField().to_representation

    def date(self, value):
        return None if value is None else self.datetime(value)

    def summary(self, row, texts, forum_names, kind_names):
        """One session as ``SessionSummarySerializer`` prints it, and the language it is shown in.

        ``row``: SESSION_FIELDS; ``texts``: {language: REPORT_TEXTS}; ``*_names``: {language: (name,)}."""
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
            original,
            status,
            version,
            published_at,
            updated_at,
            _forum_id,
            forum_uuid,
            forum_slug,
            timezone,
            _kind_id,
            kind_slug,
        ) = row
        shown = self.requested if self.requested in texts else original  # domain.languages.report_language
        language, (title, subtitle, *_rest) = localised_texts(
            texts, language=shown, fallback=original, width=len(REPORT_TEXTS)
        )
        _code, (forum_name,) = localised_texts(forum_names, language=shown, fallback=original)
        _code, (kind_name,) = localised_texts(kind_names, language=shown, fallback=original)
        return shown, {
            "language": language,
            "available_languages": sorted(texts),
            "uuid": str(uuid),
            "url": api_url("session-detail", forum_slug=forum_slug, session_slug=slug),
            "forum": {
                "uuid": str(forum_uuid),
                "url": api_url("forum-detail", slug=forum_slug),
                "slug": forum_slug,
                "name": str(forum_name),
            },
            "slug": slug,
            "title": str(title),
            "starts_at": self.date(starts_at),
            "kind": {"slug": kind_slug, "name": str(kind_name)},
            "number": None if number is None else int(number),
            "subtitle": str(subtitle),
            "ends_at": self.date(ends_at),
            "time_zone": str(timezone),
            "room": str(room),
            "platforms": str(platforms),
            "interpretation_languages": [None if code is None else str(code) for code in languages],
            "original_language": str(original),
            "status": status,
            "version": int(version),
            "published_at": self.date(published_at),
            "updated_at": self.date(updated_at),
            "calendar_url": api_url("session-calendar", forum_slug=forum_slug, session_slug=slug),
        }

    def summaries(self, pks):
        """Summaries of the sessions ``pks``, in that order, in three queries."""
        sessions = _grouped(
            _with_texts(Session.objects.filter(pk__in=pks).order_by(), SESSION_FIELDS, REPORT_TEXTS),
            len(SESSION_FIELDS),
        )
        rows = [sessions[pk] for pk in pks if pk in sessions]
        forum_names = (
            Forum.objects.filter(pk__in={row[14] for row, _texts in rows})
            .annotate(of=Value("forum"))
            .values_list(
                "of",
                "pk",
                "translations__language_code",
                "translations__name",
            )
        )
        kind_names = (
            SessionKind.objects.filter(pk__in={row[18] for row, _texts in rows})
            .annotate(of=Value("kind"))
            .values_list(
                "of",
                "pk",
                "translations__language_code",
                "translations__name",
            )
        )
        names = {}
        # Two queries, not a UNION: Django 6.1 on SQLite mis-orders a union of annotated querysets.
        for of, pk, language, name in [*forum_names.order_by(), *kind_names.order_by()]:
            entry = names.setdefault((of, pk), {})
            if language is not None:
                entry[language] = (name,)
        return [
            self.summary(row, texts, names.get(("forum", row[14]), {}), names.get(("kind", row[18]), {}))[1]
            for row, texts in rows
        ]

    def report(self, pk):
        """The whole report of session ``pk`` (a dict in the serializer's order), or None if there is none."""
        self.rows = {name: list(rows(pk)) for name, rows in _REPORT.items()}
        sessions = _grouped(self.rows["session"], len(SESSION_FIELDS))
        if pk not in sessions:
            return None
        row, texts = sessions[pk]
        original = row[9]
        forum_names = _grouped(self.rows["forum_names"], 1).get(row[14], ((), {}))[1]
        kind_names = _grouped(self.rows["kind_names"], 1).get(row[18], ((), {}))[1]
        shown, data = self.summary(row, texts, forum_names, kind_names)
        _language, (_title, _subtitle, description, qa_note) = localised_texts(
            texts, language=shown, fallback=original, width=4
        )

        def local(translations, width=1):
            return localised_texts(translations, language=shown, fallback=original, width=width)[1]

        organisations = self.organisations(local=local)
        with translation.override(shown):
            people, participants = self.participants(organisations=organisations, local=local)
            rounds = self.rounds(people=people, local=local)
        data.update(
            {
                "description": str(description),
                "description_html": markdown_to_html(description),
                "participants": participants,
                "rounds": rounds,
                "qa": {"note": str(qa_note), "questions": self.audience(people=people, local=local)},
                "attendance": [
                    {
                        "uuid": str(uuid),
                        "order": int(order),
                        "platform": str(platform),
                        "count": int(count),
                        "taken_at": self.date(taken_at),
                        "note": str(local(tr)[0]),
                    }
                    for (_pk, uuid, order, platform, count, taken_at), tr in _grouped(
                        self.rows["attendance"], 6
                    ).values()
                ],
                "sponsors": [
                    {"role": role, "organization": organisations[org_id]}
                    for role, _order, org_id in self.rows["partners"]
                ]
                + [
                    {"role": "session", "organization": organisations[org_id]}
                    for _order, org_id in self.rows["sponsors"]
                ],
            }
        )
        return data

    def organisations(self, *, local):
        """Every organisation the report prints (participants', the forum's, the session's), by id."""
        field = Organisation._meta.get_field("logo")
        storage = field.storage or default_storage
        result = {}
        for org_pk, ((_pk, uuid, slug, country, website, logo), tr) in _grouped(
            self.rows["organisations"],
            6,
        ).items():
            name, short_name = local(tr, 2)
            result[org_pk] = {
                "uuid": str(uuid),
                "url": api_url("organization-detail", slug=slug),
                "slug": slug,
                "name": str(name),
                "short_name": str(short_name),
                "country": str(country),
                "website": website or None,
                "logo": absolute_url(storage.url(logo)) if logo else None,
            }
        return result

    def participants(self, *, organisations, local):
        """The participants as printed, and per participation id its UUID and person (for contributions)."""
        role_labels = {value: str(label) for value, label in Role.choices}
        people, participants = {}, []
        for part_pk, (
            (_pk, uuid, role, order, org_id, country, person_uuid, given, family, person_country),
            tr,
        ) in _grouped(
            self.rows["participants"],
            10,
        ).items():
            person = {
                "uuid": str(person_uuid),
                "url": api_url("person-detail", uuid=person_uuid),
                "name": " ".join(part for part in (given, family) if part),
                "country": str(person_country),
            }
            post, affiliation = local(tr, 2)
            people[part_pk] = (str(uuid), person)
            participants.append(
                {
                    "uuid": str(uuid),
                    "person": person,
                    "role": role,
                    "role_label": role_labels.get(role, role),
                    "order": int(order),
                    "post": str(post),
                    "affiliation": str(affiliation),
                    "organization": organisations.get(org_id),
                    "country": str(country),
                }
            )
        return people, participants

    def rounds(self, *, people, local):
        questions, contributions, points = {}, {}, {}
        for (_pk, uuid, round_id, order), tr in _grouped(self.rows["questions"], 4).values():
            questions.setdefault(round_id, []).append(
                {"uuid": str(uuid), "order": int(order), "text": str(local(tr)[0])}
            )
        for (point_pk, uuid, contribution_id, parent_id, order, is_quote), tr in _grouped(
            self.rows["points"], 6
        ).values():
            point = {"uuid": str(uuid), "order": int(order), "text": str(local(tr)[0]), "is_quote": bool(is_quote)}
            if parent_id is None:
                point["children"] = points.setdefault(("children", point_pk), [])
                points.setdefault(("points", contribution_id), []).append(point)
            else:
                points.setdefault(("children", parent_id), []).append(point)
        for contribution_pk, uuid, round_id, participation_id, order in self.rows["contributions"]:
            participant, person = people[participation_id]
            contributions.setdefault(round_id, []).append(
                {
                    "uuid": str(uuid),
                    "participant": participant,
                    "order": int(order),
                    "person": person,
                    "points": points.get(("points", contribution_pk), []),
                }
            )
        rounds, numbered = [], 0
        for round_pk, ((_pk, uuid, kind, order), tr) in _grouped(self.rows["rounds"], 4).items():
            numbered += kind == RoundKind.ROUND
            title = local(tr)[0]  # domain.presentation.round_label
            if title:
                label = title
            elif kind == RoundKind.ROUND:
                label = _("Round %(number)d") % {"number": numbered}
            else:
                label = RoundKind(kind).label
            rounds.append(
                {
                    "uuid": str(uuid),
                    "kind": kind,
                    "order": int(order),
                    "label": str(label),
                    "guiding_questions": questions.get(round_pk, []),
                    "contributions": contributions.get(round_pk, []),
                }
            )
        return rounds

    def audience(self, *, people, local):
        questions = []
        for (_pk, uuid, order, asked_by, is_answered, answered_by), tr in _grouped(self.rows["audience"], 6).values():
            text, answer = local(tr, 2)
            questions.append(
                {
                    "uuid": str(uuid),
                    "order": int(order),
                    "text": str(text),
                    "asked_by": str(asked_by),
                    "is_answered": bool(is_answered),
                    "answer": str(answer),
                    "answered_by": people[answered_by][0] if answered_by in people else None,
                }
            )
        return questions


def session_summaries(pks, *, requested):
    """``SessionSummarySerializer(sessions, many=True).data`` of the sessions ``pks`` (a page's, in
    its order), in three queries."""
    return _Builder(requested).summaries(list(pks))


def session_report(pk, *, requested):
    """``SessionReportSerializer(session).data`` of the session ``pk`` (None if there is none), in
    13 queries."""
    return _Builder(requested).report(pk)
