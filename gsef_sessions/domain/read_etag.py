"""The read ETag of a report, ``W/"<version>-<language>"``, and what it is made of.

Every change bumps the version (``versioning.touch``), so the version and the language shown name
the report's content; its PDFs' statuses change without a new version, so until every one is ready
they follow (``W/"3-en;pdf-en=ready;pdf-es=pending"``). If-None-Match compares the whole tag (the
answer lists the statuses); If-Match only the version and language (``matches_version``), which are
what a write changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import OuterRef, QuerySet

from ..enums import RenderStatus
from ..models import Session
from .languages import report_language
from .pdf_status import latest_render
from .permissions import visible_sessions

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class ReportState:
    """What answers a conditional GET, names the stored report and completes it: a session's id,
    version, update time, original language, written languages and the status of each language's
    PDF. Duck-types the Session for ``report_language``."""

    __slots__ = ("forum_slug", "languages", "original_language", "pdf_statuses", "pk", "slug", "updated_at", "version")

    def __init__(
        self,
        *,
        pk: int,
        version: int,
        updated_at: datetime,
        original_language: str,
        languages: list[str],
        forum_slug: str,
        slug: str,
        pdf_statuses: dict[str, str],
    ) -> None:
        self.pk, self.version, self.updated_at = pk, version, updated_at
        self.original_language, self.languages = original_language, languages
        self.forum_slug, self.slug, self.pdf_statuses = forum_slug, slug, pdf_statuses

    def get_available_languages(self) -> list[str]:
        return self.languages

    @property
    def unsettled_pdfs(self) -> str:
        """ "" when every language's PDF is ready, else each one's status ("pdf-en=ready;pdf-es=pending"):
        until then the answer changes without a new version."""
        statuses = [(language, self.pdf_statuses.get(language, "missing")) for language in self.languages]
        if all(status == RenderStatus.READY for _language, status in statuses):
            return ""
        return ";".join(
            f"pdf-{language}={status}" for language, status in statuses
        )  # no comma: If-None-Match lists tags

    @classmethod
    def of(cls, session: Session) -> ReportState:
        """The state of ``session`` as stored now (after a write)."""
        state = cls._read(Session.objects.filter(pk=session.pk))
        if state is None:
            raise Session.DoesNotExist
        return state

    @classmethod
    def lookup(
        cls, *, user: AbstractBaseUser | AnonymousUser, forum_slug: str, session_slug: str
    ) -> ReportState | None:
        """The state of the session ``forum_slug``/``session_slug`` if ``user`` may see it, else None."""
        return cls._read(visible_sessions(user).filter(forum__slug=forum_slug, slug=session_slug))

    @classmethod
    def _read(cls, sessions: QuerySet[Session]) -> ReportState | None:
        found = cls.all(sessions.order_by())
        return found[0] if found else None

    @classmethod
    def all(cls, sessions: QuerySet[Session]) -> list[ReportState]:
        """The states of ``sessions``, in their order, in one query by indexes: a row per session and
        written language, with its PDF's status."""
        rows = sessions.annotate(
            pdf_status=latest_render(
                field="status", session=OuterRef("pk"), language=OuterRef("translations__language_code")
            ),
        ).values_list(
            "pk",
            "version",
            "updated_at",
            "original_language",
            "forum__slug",
            "slug",
            "translations__language_code",
            "pdf_status",
        )
        states = {}
        for pk, version, updated_at, original, forum_slug, slug, language, status in rows:
            state = states.get(pk)
            if state is None:
                state = states[pk] = cls(
                    pk=pk,
                    version=version,
                    updated_at=updated_at,
                    original_language=original,
                    languages=[],
                    forum_slug=forum_slug,
                    slug=slug,
                    pdf_statuses={},
                )
            if language is not None:
                state.languages.append(language)
                if status is not None:
                    state.pdf_statuses[language] = status
        for state in states.values():
            state.languages.sort()
        return list(states.values())


def version_tag(*, session: Session | ReportState, requested: str | None) -> str:
    """``<version>-<language>``: the report ``session`` shows a reader asking for ``requested``."""
    return f"{session.version}-{report_language(session=session, requested=requested)}"


def report_tag(*, state: ReportState, requested: str | None) -> str:
    """What names the report a reader asking for ``requested`` gets (its API answer and its page):
    the version and language, then the PDFs' statuses until every one is ready."""
    tag = version_tag(session=state, requested=requested)
    unsettled = state.unsettled_pdfs
    return f"{tag};{unsettled}" if unsettled else tag


def report_etag(*, state: ReportState, requested: str | None) -> str:
    """The ETag of the report as a reader asking for ``requested`` gets it."""
    return f'W/"{report_tag(state=state, requested=requested)}"'


def matches_version(*, etags: Iterable[str], session: Session, requested: str | None) -> bool:
    """Whether one of ``etags`` (If-Match's) names the report's current version and language, compared
    weakly (RFC 9110 8.8.3.2) and without the PDFs' statuses, which no write changes."""
    current = version_tag(session=session, requested=requested)
    return any(etag.removeprefix("W/").strip('"').split(";")[0] == current for etag in etags)
