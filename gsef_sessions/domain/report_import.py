"""Importing a written report into a session: the document is read (``import_sources``,
``report_reading``), its people are matched to the directory, and the whole report is written by
``report_writes.update_report`` in one transaction (one version bump, in the report's history
under the importing user), or tried and rolled back for a preview.

People are matched by name, folded (``report_reading.name_key``); an ambiguous name is never
guessed: it blocks the import until the user picks (``matches``: folded name -> person's UUID).
New people and organisations are created only when the import is written.
"""

from __future__ import annotations

import datetime
import re
import uuid
import zoneinfo
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_countries import countries
from parler.cache import get_object_cache_keys

from ..enums import RoleCategory, SessionStatus
from ..models import Organisation, ParticipantRole, Person, Point, Session, SessionKind
from .history import authored_by
from .import_sources import Source
from .languages import site_language, site_languages
from .permissions import can_publish, pickable_directory
from .read_model import REPORT_TEXTS, REPORT_VALUES, SessionReport, build_reports
from .report_reading import Problem, Proposal, RoleWords, Vocabulary, fold, name_key, read_report
from .report_writes import DryRun, update_report

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from ..models import Forum

IMPORTABLE = (SessionStatus.DRAFT, SessionStatus.IN_REVIEW)


class ImportBlocked(ValidationError):
    """The import cannot be written: ``problems`` say why (ambiguous names, invalid items)."""

    def __init__(self, problems: list[Problem]):
        super().__init__([problem.message for problem in problems])
        self.problems = problems


def vocabulary(*, forum: Forum) -> Vocabulary:
    """The forum's roles and session kinds, in every language it has them."""
    roles = []
    opening = None
    for role in ParticipantRole.objects.filter(forum=forum).prefetch_related("translations").order_by("order", "pk"):
        words = {fold(role.slug.replace("_", " "))}
        for text in role.translations.all():
            words |= {fold(text.name), fold(text.heading)}
            words |= {fold(part) for part in re.split(r"[/]", text.name)}
        words.discard("")
        roles.append(RoleWords(slug=role.slug, category=role.category, numbered=role.numbered, words=frozenset(words)))
        if opening is None and any(word.startswith(("opening", "apertura", "ouverture", "introduc")) for word in words):
            opening = role.slug
    kinds = {}
    for kind in SessionKind.objects.filter(forum=forum).prefetch_related("translations"):
        kinds[fold(kind.slug)] = kind.slug
        for text in kind.translations.all():
            kinds[fold(text.name)] = kind.slug
    speakers = [role.slug for role in roles if role.category == RoleCategory.SPEAKER]
    default = speakers[0] if speakers else (roles[0].slug if roles else None)
    return Vocabulary(roles=tuple(roles), kinds=kinds, default_role=default, opening_role=opening or default)


@dataclass
class PersonMatch:
    """A participant of the document and who they are in the directory."""

    name: str
    role: str | None
    order: int
    post: str
    person: str | None = None  # the matched person's UUID; None: new (or ambiguous)
    candidates: list[tuple[str, str]] = field(default_factory=list)  # (UUID, label) where ambiguous
    organisation: str | None = None  # an organisation's slug, linked where the post names it unambiguously
    country: str = ""

    @property
    def status(self) -> str:
        return "ambiguous" if len(self.candidates) > 1 else "matched" if self.person else "new"


@dataclass
class ImportResult:
    proposal: Proposal
    people: list[PersonMatch]
    sponsors: list[tuple[str, str | None]]  # (name as written, organisation slug or None: new)
    problems: list[Problem]
    replaced: dict[str, int]  # what the report has now, where the import replaces it
    report: SessionReport | None = None  # as it will be published (a dry run's read model)
    written: bool = False
    version: int | None = None

    @property
    def blocking(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.blocking]


def parse_match(value: str) -> tuple[str, str]:
    """ "NAME=UUID", as the command and the API take a choice for an ambiguous name."""
    name, sep, person = value.rpartition("=")
    if not sep or not name.strip() or not person.strip():
        raise ValueError(_("Write each as NAME=UUID."))
    return name.strip(), person.strip()


def _people_index(user) -> dict[str, list[tuple[str, str]]]:
    index: dict[str, list[tuple[str, str]]] = {}
    for person_uuid, given, family, country in pickable_directory(user, Person).values_list(
        "uuid", "given_name", "family_name", "country"
    ):
        name = " ".join(filter(None, [given, family]))
        label = f"{name} ({country})" if country else name
        index.setdefault(name_key(name), []).append((str(person_uuid), label))
    return index


def _organisations(user) -> list[tuple[str, set[str]]]:
    names: dict[str, set[str]] = {}
    for slug, name, short in pickable_directory(user, Organisation).values_list(
        "slug", "translations__name", "translations__short_name"
    ):
        names.setdefault(slug, set()).update(fold(text) for text in (name, short) if text and len(fold(text)) >= 3)
    return list(names.items())


def _named_in(text: str, organisations) -> list[str]:
    folded = f" {fold(text)} "
    return [slug for slug, names in organisations if any(f" {name} " in folded for name in names)]


def _country(post: str) -> str:
    last = post.rsplit(",", 1)[-1].strip().rstrip(".")
    return countries.by_name(last) or "" if last else ""


def match_people(
    *, proposal: Proposal, session: Session, user: AbstractBaseUser, matches: dict[str, str] | None = None
) -> tuple[list[PersonMatch], list[Problem]]:
    """Each participant of ``proposal`` and who they are; ``matches`` settles ambiguous names."""
    index = _people_index(user)
    organisations = _organisations(user)
    chosen = {name_key(name): str(value) for name, value in (matches or {}).items()}
    present = {
        name_key(str(part.person)): str(part.person.uuid) for part in session.participations.select_related("person")
    }
    people, problems = [], []
    for part in proposal.participants:
        key = name_key(part.name)
        candidates = index.get(key, [])
        found = PersonMatch(
            name=part.name, role=part.role, order=part.order, post=part.post, country=_country(part.post)
        )
        linked = _named_in(part.post, organisations)
        found.organisation = linked[0] if len(linked) == 1 else None
        if key in chosen:
            if chosen[key] not in {person for person, _label in candidates} | set(present.values()):
                problems.append(
                    Problem(part.line, _("%(name)s: no such person to choose.") % {"name": part.name}, blocking=True)
                )
            found.person = chosen[key]
        elif key in present:
            found.person = present[key]
        elif len(candidates) == 1:
            found.person = candidates[0][0]
        elif candidates:
            found.candidates = candidates
            problems.append(
                Problem(
                    part.line,
                    _("%(name)s could be any of: %(candidates)s. Choose one.")
                    % {"name": part.name, "candidates": "; ".join(f"{label} = {uid}" for uid, label in candidates)},
                    text=part.name,
                    blocking=True,
                )
            )
        people.append(found)
    return people, problems


def _sponsors(proposal: Proposal, user) -> list[tuple[str, str | None]]:
    organisations = _organisations(user)
    found = []
    for name in proposal.sponsors:
        key = fold(name)
        exact = [slug for slug, names in organisations if key in names]
        named = exact or _named_in(name, organisations)
        found.append((name, named[0] if len(named) == 1 else None))
    return found


def _replaced(session: Session) -> dict[str, int]:
    counts = {
        "participants": session.participations.count(),
        "segments": session.rounds.count(),
        "points": Point.objects.filter(contribution__round__session=session).count(),
        "audience questions": session.audience_questions.count(),
        "takeaways and calls to action": session.outcomes.count(),
        "attendance counts": session.attendance.count(),
    }
    return {name: count for name, count in counts.items() if count}


def _session_values(session: Session, language: str) -> dict[str, Any]:
    """The session's own fields as they are: a whole write leaves out none (it would reset them)."""
    values = {"slug": session.slug, "kind": session.kind.slug}
    values |= {name: getattr(session, name) for name in REPORT_VALUES}
    values |= {name: session.safe_translation_getter(name, language_code=language) or "" for name in REPORT_TEXTS}
    values["title"] = values["title"] or session.safe_translation_getter("title", any_language=True) or ""
    return values


def _header(
    proposal: Proposal, session: Session, user, kinds: dict[str, str], problems: list[Problem]
) -> dict[str, Any]:
    header, values = proposal.header, {}
    for name in ("title", "subtitle", "number", "platforms", "room", "languages"):
        if header.get(name):
            values[name] = header[name]
    if header.get("kind_name"):
        kind = kinds.get(fold(header["kind_name"]))
        if kind is None:
            problems.append(
                Problem(None, _("Session type “%(name)s” is not one of this forum's.") % {"name": header["kind_name"]})
            )
        elif kind != session.kind.slug and not can_publish(user, session.forum):
            problems.append(Problem(None, _("Only the forum's organisers change a session's type: it stays as it is.")))
        else:
            values["kind"] = kind
    tz = zoneinfo.ZoneInfo(session.forum.timezone)
    local = session.starts_at.astimezone(tz)
    day = _day(proposal, session)
    if header.get("date") or header.get("time"):
        values["starts_at"] = timezone.make_aware(
            datetime.datetime.combine(day, header.get("time") or local.time()), tz
        )
    if header.get("end_time"):
        values["ends_at"] = timezone.make_aware(datetime.datetime.combine(day, header["end_time"]), tz)
    return values


def _day(proposal, session) -> datetime.date:
    """The session's day in the forum's time zone: the document's date, else the session's."""
    tz = zoneinfo.ZoneInfo(session.forum.timezone)
    return proposal.header.get("date") or session.starts_at.astimezone(tz).date()


def _write_data(proposal, people, sponsors, session, language, header) -> dict[str, Any]:
    day, tz = _day(proposal, session), zoneinfo.ZoneInfo(session.forum.timezone)
    existing = {str(part.person.uuid): str(part.uuid) for part in session.participations.select_related("person")}
    ids = []
    participations = []
    for found in people:
        ids.append(existing.pop(found.person, None) or str(uuid.uuid4()))
        participations.append(
            {
                "uuid": ids[-1],
                "person": found.person,
                "role": found.role,
                "order": found.order,
                "post": found.post,
                "affiliation": "",
                "organisation": found.organisation,
                "country": found.country,
            }
        )
    by_name = {name_key(found.name): ids[i] for i, found in enumerate(people)}
    rounds = []
    for order, segment in enumerate(proposal.segments, start=1):
        rounds.append(
            {
                "kind": segment.kind,
                "order": order,
                "title": segment.title,
                "questions": [{"order": n, "text": text} for n, text in enumerate(segment.questions, start=1)],
                "contributions": [
                    {
                        "order": n,
                        "participation": ids[turn.speaker],
                        "points": [
                            {
                                "order": p,
                                "text": point.text,
                                "is_quote": point.is_quote,
                                "children": [
                                    {"order": c, "text": child.text, "is_quote": child.is_quote}
                                    for c, child in enumerate(point.children, start=1)
                                ],
                            }
                            for p, point in enumerate(turn.points, start=1)
                        ],
                    }
                    for n, turn in enumerate(segment.turns, start=1)
                ],
            }
        )
    return {
        **_session_values(session, language),
        **header,
        "qa_note": proposal.qa_note,
        "participations": participations,
        "sponsors": [{"order": n, "organisation": slug} for n, (_name, slug) in enumerate(sponsors, start=1)],
        "attendance": [
            {
                "order": n,
                "platform": count.platform,
                "count": count.count,
                "taken_at": timezone.make_aware(datetime.datetime.combine(day, count.time), tz) if count.time else None,
                "note": count.note,
            }
            for n, count in enumerate(proposal.attendance, start=1)
        ],
        "rounds": rounds,
        "audience_questions": [
            {
                "order": n,
                "text": question.text,
                "asked_by": question.asked_by,
                "is_answered": bool(question.answer),
                "answer": question.answer,
                "answered_by": by_name.get(name_key(question.answered_by)) if question.answered_by else None,
            }
            for n, question in enumerate(proposal.questions, start=1)
        ],
        "key_takeaways": [{"order": n, "text": text} for n, text in enumerate(proposal.takeaways, start=1)],
        "calls_to_action": [{"order": n, "text": text} for n, text in enumerate(proposal.calls_to_action, start=1)],
    }


def _split_name(name: str) -> tuple[str, str]:
    """A new person's given and family names, as written: "FAMILY, Given", else the last word is the family name."""
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return given, family.title() if family.isupper() else family
    words = name.split()
    return " ".join(words[:-1]), words[-1]


def _create_people(people, user, language, created) -> None:
    for found in people:
        if found.person is None:
            given, family = _split_name(found.name)
            person = Person(given_name=given, family_name=family, country=found.country, created_by=user)
            person.set_current_language(language)
            person.bio = ""
            person.full_clean()
            person.save()
            created.append(person)
            found.person = str(person.uuid)


def _create_organisations(sponsors, user, language, created) -> list[tuple[str, str | None]]:
    made = []
    for name, slug in sponsors:
        if slug is None:
            base = slugify(name)[:90] or "organisation"
            slug, n = base, 1
            while Organisation.objects.filter(slug=slug).exists():
                n += 1
                slug = f"{base}-{n}"
            organisation = Organisation(slug=slug, created_by=user)
            organisation.set_current_language(language)
            organisation.name = name
            organisation.full_clean()
            organisation.save()
            created.append(organisation)
        made.append((name, slug))
    return made


def _problems_of(error: ValidationError) -> list[Problem]:
    """The write's errors, under the dotted path of the item at fault ("rounds.2.contributions.0…")."""
    return [
        Problem(None, f"{path}: {message}", blocking=True)
        for path, messages in error.message_dict.items()
        for message in messages
    ]


def import_report(
    *,
    session: Session,
    user: AbstractBaseUser,
    source: Source,
    expected_version: int,
    language: str | None = None,
    matches: dict[str, str] | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Read ``source`` into ``session``'s report, replacing what it has. With ``dry_run`` nothing
    is written and ``report`` is the result as it would be published; otherwise the report is
    written at once, or not at all (``ImportBlocked`` says why)."""
    if session.status not in IMPORTABLE:
        raise PermissionDenied(_("Only a draft or a report in review can be imported into."))
    words = vocabulary(forum=session.forum)
    proposal = read_report(lines=source.lines, format=source.format, unit=source.unit, vocabulary=words)
    given = language or proposal.header.get("language") or session.original_language
    language = site_language(given)
    if language is None:  # texts are stored per language: only the site's own
        raise ValidationError(
            _("“%(value)s” is not one of this site's languages: %(codes)s.")
            % {"value": given, "codes": ", ".join(sorted(site_languages()))}
        )
    people, problems = match_people(proposal=proposal, session=session, user=user, matches=matches)
    problems = proposal.problems + problems
    sponsors = _sponsors(proposal, user)
    if proposal.is_empty():
        problems.append(Problem(None, _("Nothing in this document reads as a report."), blocking=True))
    header = _header(proposal, session, user, words.kinds, problems)
    if not session.participations.exists() and not session.rounds.exists() and proposal.header.get("language"):
        header["original_language"] = language
    result = ImportResult(
        proposal=proposal, people=people, sponsors=sponsors, problems=problems, replaced=_replaced(session)
    )
    if any(found.person is None for found in people) and not user.has_perm("gsef_sessions.add_person"):
        problems.append(Problem(None, _("You may not add people to the directory: ask an organiser."), blocking=True))
    if result.blocking:
        if dry_run:
            return result
        raise ImportBlocked(result.blocking)
    created: list = []
    new = [found for found in people if found.person is None]
    try:
        with transaction.atomic(), authored_by(user):
            _create_people(new, user, language, created)
            written = _create_organisations(sponsors, user, language, created)
            update_report(
                session=session,
                user=user,
                data=_write_data(proposal, people, written, session, language, header),
                language=language,
                expected_version=expected_version,
                inspect=(lambda done: build_reports([done.pk], requested=language)[done.pk]) if dry_run else None,
            )
    except (DryRun, ValidationError) as error:
        # Rolled back: parler's cached translations of the rows made here go too, and the new
        # people are new again.
        for row in created:
            cache.delete_many(get_object_cache_keys(row))
        for found in new:
            found.person = None
        if isinstance(error, DryRun):
            result.report = error.result
            return result
        if getattr(error, "code", None) == "stale_version":
            raise
        result.problems += _problems_of(error)
        if dry_run:
            return result
        raise ImportBlocked(result.blocking) from error
    session.refresh_from_db(fields=["version"])
    result.written, result.version = True, session.version
    return result
