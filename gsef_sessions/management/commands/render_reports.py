"""Render report PDFs (and proceedings) from the command line: queue them, or render them here."""

import shutil
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from ...domain import rendering
from ...enums import RenderKind, RenderStatus, SessionStatus
from ...models import Forum, Render, Session


class Command(BaseCommand):
    help = _(
        "Render the PDFs of session reports (every language each is written in) and of proceedings; "
        "failed renders are tried again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--forum", help=_("Only this forum (slug)."))
        parser.add_argument(
            "--session", help=_("Only this session (slug; with --forum if slugs repeat across forums).")
        )
        parser.add_argument("--language", help=_("Only this language (code, e.g. es)."))
        parser.add_argument("--proceedings", action="store_true", help=_("Also the proceedings of each forum."))
        parser.add_argument("--output-dir", type=Path, help=_("Copy the ready PDFs into this folder."))
        parser.add_argument(
            "--sync", action="store_true", help=_("Render here and now instead of queueing for workers.")
        )

    def handle(
        self, *args, forum=None, session=None, language=None, proceedings=False, output_dir=None, sync=False, **options
    ):
        forums = Forum.objects.all()
        if forum:
            forums = forums.filter(slug=forum)
            if not forums.exists():
                raise CommandError(_("No forum with the slug %(slug)r.") % {"slug": forum})
        sessions = (
            Session.objects.filter(forum__in=forums)
            .select_related("forum")
            .order_by("forum__slug", "starts_at", "slug")
        )
        if session:
            sessions = sessions.filter(slug=session)
            count = sessions.count()
            if count == 0:
                raise CommandError(_("No session with the slug %(slug)r.") % {"slug": session})
            if count > 1:
                raise CommandError(
                    _("Several forums have a session %(slug)r: say which with --forum.") % {"slug": session}
                )
        if language:
            known = {code for f in forums for code in f.languages}
            if language not in known:
                raise CommandError(
                    _("Unknown language %(code)r: the forums' languages are %(known)s.")
                    % {"code": language, "known": ", ".join(sorted(known))}
                )
        if output_dir:
            output_dir.mkdir(parents=True, exist_ok=True)

        # With --sync nothing is queued: workers would only race this process for the same rows.
        queue = not sync
        renders = [
            render
            for s in sessions
            for render in rendering.request_renders(
                session=s, languages=[language] if language else None, force=True, queue=queue
            )
        ]
        if proceedings:
            for f in forums.filter(sessions__status=SessionStatus.PUBLISHED).distinct():
                for code in [language] if language else f.languages:
                    renders.append(rendering.request_proceedings(forum=f, language=code, force=True, queue=queue))
        if sync:
            with tqdm(renders, unit="pdf", disable=not sys.stderr.isatty()) as bar:
                for render in bar:
                    bar.set_description(str(render.session or render.forum))
                    try:
                        rendering.perform(render_id=render.pk)
                    except rendering.TransientRenderError as exc:
                        self.stderr.write(
                            _("Will be retried: %(render)s: %(error)s") % {"render": render, "error": exc}
                        )
        renders = list(Render.objects.filter(pk__in=[r.pk for r in renders]).select_related("session", "forum"))
        failed = [r for r in renders if r.status == RenderStatus.FAILED]
        ready = [r for r in renders if r.status == RenderStatus.READY]
        for render in failed:
            self.stderr.write(_("Failed: %(render)s: %(error)s") % {"render": render, "error": render.error})
        if output_dir:
            for render in ready:
                subject = render.session.slug if render.kind == RenderKind.REPORT else "proceedings"
                target = output_dir / f"{render.forum.slug}-{subject}-{render.language}.pdf"
                with render.file.storage.open(render.file.name, "rb") as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out)
        self.stdout.write(
            ngettext(
                "%(total)d PDF: %(ready)d ready, %(failed)d failed, %(waiting)d queued.",
                "%(total)d PDFs: %(ready)d ready, %(failed)d failed, %(waiting)d queued.",
                len(renders),
            )
            % {
                "total": len(renders),
                "ready": len(ready),
                "failed": len(failed),
                "waiting": len(renders) - len(ready) - len(failed),
            }
        )
        if failed:
            raise CommandError(
                ngettext("%(count)d PDF failed.", "%(count)d PDFs failed.", len(failed)) % {"count": len(failed)}
            )
