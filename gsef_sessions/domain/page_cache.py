"""Whole public pages kept in Django's cache, under a tag that says what they show.

A report page's tag is its API answer's (``read_etag.report_tag``: version, language, and the PDFs'
statuses until they are ready). A programme's or a person page's tag, and an API list's, sum up the
sessions listed. The tag is the page's ETag and part of its cache
key: a change is shown at once, and entries of older versions are never read again and expire.
Each tag costs one query, by indexes.
"""

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Count, Max, QuerySet, Sum

from ..conf import settings
from ..models import Session

T = TypeVar("T")


def listing_tag(*, sessions: QuerySet[Session], language: str) -> str | None:
    """A digest of ``sessions``' number, ids, versions and last change, then ``-<language>``; None
    when there are none. Whatever changes a listed report (its people, its forum) bumps its version."""
    found = sessions.order_by().aggregate(
        count=Count("pk", distinct=True), ids=Sum("pk"), versions=Sum("version"), changed=Max("updated_at")
    )
    if not found["count"]:
        return None
    state = f"{found['count']}.{found['ids']}.{found['versions']}.{found['changed'].isoformat()}"
    return f"{hashlib.sha256(state.encode()).hexdigest()[:16]}-{language}"


def page_key(*, kind: str, tag: str, url: str, params: Mapping[str, str]) -> str:
    """The cache key of a page: its kind, tag, absolute address (host, language prefix) and the
    GET parameters it reads (others do not change it, so they share its entry)."""
    digest = hashlib.sha256(json.dumps([tag, url, sorted(params.items())]).encode()).hexdigest()
    return f"gsef_sessions:page:{kind}:{digest}"


def cached_page(*, key: str, render: Callable[[], T]) -> T:
    """What is stored under ``key`` (a page's bytes, an API list's data), rendered and stored first
    if missing."""
    content = cache.get(key)
    if content is None:
        content = render()
        cache.set(key, content, settings.PAGE_CACHE_SECONDS)
    return content
