"""Whole public pages kept in Django's cache, under a tag that says what they show.

A report page's tag is its session's version and the page's language, plus the state of its PDFs
while one is being prepared or failed (they change without a new version). A programme's or a
person page's tag sums up the sessions it lists. The tag is the page's ETag and part of its cache
key: a change is shown at once, and entries of older versions are never read again and expire.
Each tag costs one query, by indexes.
"""

import hashlib
import json
from collections.abc import Callable, Mapping

from django.core.cache import cache
from django.db.models import Count, Max, QuerySet, Sum

from ..conf import settings
from ..enums import RenderKind, RenderStatus
from ..models import Session

_PREPARING = (RenderStatus.PENDING, RenderStatus.RENDERING)


def report_tag(*, sessions: QuerySet[Session], forum_slug: str, session_slug: str, language: str) -> str | None:
    """``<version>-<language>`` of the report page, or None when ``sessions`` lack it. While a PDF
    is being prepared or failed, the page says so: the newest render and those counts are added."""
    # A row per render (a session has a few): plain rows cost a third less than SQL aggregates.
    rows = list(
        sessions.filter(forum__slug=forum_slug, slug=session_slug)
        .order_by()
        .values_list("version", "renders__pk", "renders__kind", "renders__status")
    )
    if not rows:
        return None
    newest, preparing, failed = 0, 0, 0
    for _version, pk, kind, status in rows:
        if kind == RenderKind.REPORT and status != RenderStatus.SUPERSEDED:
            newest = max(newest, pk)
            preparing += status in _PREPARING
            failed += status == RenderStatus.FAILED
    tag = f"{rows[0][0]}-{language}"
    return f"{tag};pdf-{newest}-{preparing}-{failed}" if preparing or failed else tag


def listing_tag(*, sessions: QuerySet[Session], language: str) -> str | None:
    """A digest of ``sessions``' number, versions and last change, then ``-<language>``; None when
    there are none. Whatever changes a listed report (its people, its forum) bumps its version."""
    found = sessions.order_by().aggregate(
        count=Count("pk", distinct=True), versions=Sum("version"), changed=Max("updated_at")
    )
    if not found["count"]:
        return None
    state = f"{found['count']}.{found['versions']}.{found['changed'].isoformat()}"
    return f"{hashlib.sha256(state.encode()).hexdigest()[:16]}-{language}"


def page_key(*, kind: str, tag: str, url: str, params: Mapping[str, str]) -> str:
    """The cache key of a page: its kind, tag, absolute address (host, language prefix) and the
    GET parameters it reads (others do not change it, so they share its entry)."""
    digest = hashlib.sha256(json.dumps([tag, url, sorted(params.items())]).encode()).hexdigest()
    return f"gsef_sessions:page:{kind}:{digest}"


def cached_page(*, key: str, render: Callable[[], bytes]) -> bytes:
    """The page stored under ``key``, rendered and stored first if missing."""
    content = cache.get(key)
    if content is None:
        content = render()
        cache.set(key, content, settings.PAGE_CACHE_SECONDS)
    return content
