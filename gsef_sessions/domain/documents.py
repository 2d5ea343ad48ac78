"""What a PDF engine receives: a report (or a forum's proceedings) as plain data, in one language.

Everything an engine prints comes from here: the report from ``presentation.printed_report``, the
labels already translated, the branding from settings, and the metadata. Engines get no markup
from user input, so a rapporteur's text can never become layout code. The same data is hashed to
key renders (``rendering.content_hash``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils import formats, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..conf import settings
from ..enums import PartnerRole
from ..pdf.base import BRANDING_DEFAULTS, map_text
from ..validators import printable
from . import read_model
from .languages import localise
from .markdown import markdown_to_paragraphs
from .presentation import printed_report
from .read_etag import ReportState

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from ..models import Forum, Organisation, Session
    from .read_model import SessionReport


def branding() -> dict[str, Any]:
    """The host's branding settings over the defaults, with the logo's checksum (so a new logo re-renders)."""
    merged = {**BRANDING_DEFAULTS, **settings.PDF_BRANDING}
    merged["font_paths"] = [str(p) for p in merged["font_paths"]]
    merged["fallback_fonts"] = {script: list(families) for script, families in merged["fallback_fonts"].items()}
    logo = str(merged["logo"] or "")
    merged["logo"] = logo
    merged["logo_sha256"] = hashlib.sha256(Path(logo).read_bytes()).hexdigest() if logo else ""
    return merged


def _document(**parts):
    """A document from its parts. All but the branding (settings, not stored text) go through
    ``printable()``, so no character stored before the validator, or past it, can fail a render."""
    return {**map_text(parts, printable), "branding": branding()}


def labels(sessions: int = 0) -> dict[str, str]:
    """Every fixed string a PDF prints, translated into the active language (``sessions``: how many
    a proceedings has)."""
    return {
        "session_report": _("Session report"),
        "session_title": _("Session title:"),
        "session_type": _("Session type:"),
        "date": _("Date:"),
        "time": _("Time:"),
        "languages": _("Language(s):"),
        "venue": _("Venue:"),
        "attendance": _("Participants (number of people connected)"),
        "description": _("About the session"),
        "guiding_questions": _("Guiding questions"),
        "guiding_question": _("guiding question:"),
        "audience": _("Key questions asked by the audience and answers from the panelists"),
        "materials": _("Materials"),
        "not_recorded": _("This session was not recorded."),
        "key_takeaways": _("Key takeaways"),
        "calls_to_action": _("Calls to action"),
        "answered_by": _("Answered by"),
        "asked_by": _("Asked by"),
        "cooperation": _("With the cooperation of:"),
        # {page} and {total} are filled in by the engine.
        "page_of": _("Page {page} of {total}"),
        "version": _("Version {version}, last changed {date}"),
        "draft": _("Draft: not published"),
        "proceedings": _("Proceedings"),
        "contents": _("Contents"),
        "sessions_count": ngettext("{count} session", "{count} sessions", sessions),
    }


def _meta(*, title, author, language, version, updated_at):
    updated = parse_datetime(updated_at)
    return {
        "title": title,
        "author": author,
        "language": language,
        "version": version,
        "updated": formats.date_format(updated, "DATE_FORMAT"),
        "updated_at": updated_at,
    }


def _printed(report: SessionReport) -> dict[str, Any]:
    """The report as pages print it, and what engines print that pages do not need: the description
    as plain paragraphs, the change date formatted."""
    printed = printed_report(report)
    session = printed["session"]
    session["description_paragraphs"] = markdown_to_paragraphs(session["description"])
    with translation.override(report["language"]):
        session["updated"] = formats.date_format(parse_datetime(report["updated_at"]), "DATE_FORMAT")
    return printed


def report_document(*, session: Session, language: str) -> dict[str, Any]:
    """The document of one session's report in ``language`` (with the report's own fallback)."""
    report = _printed(read_model.report(state=ReportState.of(session), requested=language))
    with translation.override(report["language"]):
        title = " — ".join(filter(None, [report["session"]["label"], report["session"]["title"]]))
        return _document(
            kind="report",
            language=report["language"],
            labels=labels(),
            meta=_meta(
                title=title,
                author=report["forum"]["name"],
                language=report["language"],
                version=report["session"]["version"],
                updated_at=report["session"]["updated_at"],
            ),
            report=report,
        )


def proceedings_document(*, forum: Forum, sessions: QuerySet[Session], language: str) -> dict[str, Any]:
    """The document of a forum's proceedings: ``sessions``' reports, in the queryset's order."""
    reports = [_printed(report) for report in read_model.reports(ReportState.all(sessions), requested=language)]
    localise(forum, language=language, fallback=language)
    partners = list(forum.partners.select_related("organisation").prefetch_related("organisation__translations"))
    with translation.override(language):
        latest = max((r["session"]["updated_at"] for r in reports), default=forum.updated_at.isoformat())
        return _document(
            kind="proceedings",
            language=language,
            labels=labels(sessions=len(reports)),
            meta=_meta(
                title=f"{forum.name} — {_('Proceedings')}",
                author=str(forum.name),
                language=language,
                version=sum(r["session"]["version"] for r in reports),
                updated_at=latest,
            ),
            forum={
                "uuid": str(forum.uuid),
                "slug": forum.slug,
                "edition": forum.edition,
                "name": forum.name,
                "theme": forum.theme,
                "tagline": forum.tagline,
                "city": forum.city,
                "dates": " – ".join(
                    dict.fromkeys(formats.date_format(day, "DATE_FORMAT") for day in (forum.start_date, forum.end_date))
                ),
                "organisers": [
                    _organisation(p.organisation, language) for p in partners if p.role == PartnerRole.ORGANISER
                ],
                "sponsors": [
                    _organisation(p.organisation, language) for p in partners if p.role == PartnerRole.COOPERATING
                ],
            },
            reports=reports,
        )


def _organisation(org: Organisation, language: str) -> dict[str, str]:
    localise(org, language=language, fallback=language)
    return {"uuid": str(org.uuid), "name": str(org.name)}
