"""Which render is a report's PDF in a language: the newest requested one, superseded ones aside.

Its own module so that what reads PDF statuses (``read_etag``, the API's answers) and what makes
PDFs (``rendering``) share it without importing each other.
"""

from typing import Any

from django.db.models import OuterRef, Subquery

from ..enums import RenderKind, RenderStatus
from ..models import Render


def latest_render(
    *, field: str = "pk", ready: bool = False, session: Any = None, language: Any = None, forum: Any = None
) -> Subquery:
    """``field`` of the newest requested render of a session's report in a language (of a forum's
    proceedings where ``forum`` is given), superseded ones aside: its status is that PDF's
    (``ready``: the newest good one instead). An expression over the outer query's ``session`` id
    and ``language`` (by default a Render's own), so that a lookup reads the statuses in its own
    query; every reader of a PDF's status goes through it."""
    if forum is None:
        owner = {"kind": RenderKind.REPORT, "session_id": OuterRef("session_id") if session is None else session}
    else:
        owner = {"kind": RenderKind.PROCEEDINGS, "forum_id": forum}
    renders = Render.objects.filter(**owner, language=OuterRef("language") if language is None else language).exclude(
        status=RenderStatus.SUPERSEDED
    )
    if ready:
        renders = renders.filter(status=RenderStatus.READY)
    return Subquery(renders.order_by("-requested_at", "-pk").values(field)[:1])
