"""What a PDF engine receives: a report (or a forum's proceedings) as plain data, in one language.

Everything an engine prints comes from here: the report from ``presentation.printed_report``, the
labels already translated, the branding from settings, and the metadata. Engines get no markup
from user input, so a rapporteur's text can never become layout code. The same data is hashed to
key renders (``rendering.content_hash``).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
import zoneinfo
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from django.utils import formats, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..conf import settings
from ..enums import PartnerRole
from ..models import Forum
from ..pdf.base import BRANDING_DEFAULTS, map_text
from ..validators import printable
from . import read_model
from .languages import localise
from .markdown import markdown_to_paragraphs
from .presentation import printed_report, printed_statistics
from .read_etag import ReportState
from .statistics import forum_statistics

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from ..models import Organisation, Session
    from .read_model import SessionReport


def _local_copy(field_file) -> str:
    """A path on this machine to a stored file's bytes, for engines that read files: its own where
    the storage has paths, else a copy named by its content in the temporary folder, so each machine
    makes it once whatever the storage (S3, …). "" where the file is gone."""
    try:
        return field_file.path
    except NotImplementedError:
        pass
    try:
        with field_file.open("rb") as stored:
            data = stored.read()
    except OSError:
        return ""
    folder = Path(tempfile.gettempdir()) / "gsef_sessions_logos"
    folder.mkdir(exist_ok=True)
    path = folder / f"{hashlib.sha256(data).hexdigest()}{PurePosixPath(field_file.name).suffix}"
    if not path.exists():
        partial = path.with_name(f"{path.name}.{uuid.uuid4().hex}")
        partial.write_bytes(data)
        os.replace(partial, path)  # whole or not at all, whichever process gets there first
    return str(path)


def _forum_branding(forum_slug) -> dict[str, Any]:
    """A forum's own colours and logo, where it has them."""
    forum = Forum.objects.filter(slug=forum_slug).only("logo", "primary_color", "accent_color").first()
    if forum is None:
        return {}
    own = {name: getattr(forum, name) for name in ("primary_color", "accent_color") if getattr(forum, name)}
    logo = _local_copy(forum.logo) if forum.logo else ""
    return {**own, "logo": logo} if logo else own


def branding(*, forum_slug: str | None = None) -> dict[str, Any]:
    """The host's branding settings over the defaults, and the forum's own over those, with the
    logo's checksum (so a new logo re-renders)."""
    merged = {**BRANDING_DEFAULTS, **settings.PDF_BRANDING, **(_forum_branding(forum_slug) if forum_slug else {})}
    merged["font_paths"] = [str(p) for p in merged["font_paths"]]
    merged["fallback_fonts"] = {script: list(families) for script, families in merged["fallback_fonts"].items()}
    logo = str(merged["logo"] or "")
    merged["logo"] = logo
    merged["logo_sha256"] = hashlib.sha256(Path(logo).read_bytes()).hexdigest() if logo else ""
    return merged


def _document(*, forum_slug, **parts):
    """A document from its parts. All but the branding (settings and a forum's colours and logo,
    not text) go through ``printable()``, so no character stored before the validator, or past it,
    can fail a render."""
    return {**map_text(parts, printable), "branding": branding(forum_slug=forum_slug)}


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
        "statistics": _("The forum in figures"),
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


def _printed(report: SessionReport, *, dates_in: str | None = None) -> dict[str, Any]:
    """The report as pages print it, and what engines print that pages do not need: the description
    as plain paragraphs, the change date formatted (in ``dates_in``, the language of the sentence
    that holds it, else the report's)."""
    printed = printed_report(report)
    session = printed["session"]
    session["description_paragraphs"] = markdown_to_paragraphs(session["description"])
    with translation.override(dates_in or report["language"]):
        session["updated"] = formats.date_format(parse_datetime(report["updated_at"]), "DATE_FORMAT")
    return printed


def report_document(*, session: Session, language: str) -> dict[str, Any]:
    """The document of one session's report in ``language`` (with the report's own fallback)."""
    report = _printed(read_model.report(state=ReportState.of(session), requested=language))
    with translation.override(report["language"]):
        title = " — ".join(filter(None, [report["session"]["label"], report["session"]["title"]]))
        return _document(
            forum_slug=report["forum"]["slug"],
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
    # A chapter's version line is the proceedings' sentence: its date is in the proceedings' language.
    reports = [
        _printed(report, dates_in=language)
        for report in read_model.reports(ReportState.all(sessions), requested=language)
    ]
    localise(forum, language=language, fallback=language)
    partners = list(forum.partners.select_related("organisation").prefetch_related("organisation__translations"))
    with translation.override(language):
        latest = max((r["session"]["updated_at"] for r in reports), default=forum.updated_at.isoformat())
        return _document(
            forum_slug=forum.slug,
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
            statistics=printed_statistics(
                forum_statistics(forum=forum, language=language), tz=zoneinfo.ZoneInfo(forum.timezone)
            ),
        )


def _organisation(org: Organisation, language: str) -> dict[str, str]:
    localise(org, language=language, fallback=language)
    return {"uuid": str(org.uuid), "name": str(org.name)}
