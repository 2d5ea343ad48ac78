"""Import a written report (.txt, .md, .docx) into a session's report, or with --dry-run show what
it would become."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ...domain.import_sources import ImportRejected, read_source
from ...domain.report_import import ImportBlocked, ImportResult, import_report, parse_match
from ...models import Session
from ..authors import acting_user


class Command(BaseCommand):
    help = _("Import a written report (.txt, .md or .docx) into a session that is a draft or in review.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("The report: .txt, .md or .docx."))
        parser.add_argument("--forum", required=True, help=_("The forum (slug)."))
        parser.add_argument("--session", required=True, help=_("The session (slug)."))
        parser.add_argument("--language", help=_("The language the report is written in (code; default: its own)."))
        parser.add_argument(
            "--user", help=_("Who imports it (a username; default: the session's rapporteur, if it has one).")
        )
        parser.add_argument("--dry-run", action="store_true", help=_("Show what would be imported; write nothing."))
        parser.add_argument(
            "--match",
            action="append",
            default=[],
            type=parse_match,
            metavar="NAME=UUID",
            help=_("Who an ambiguous name is: the person's id in the directory (repeatable)."),
        )

    def handle(self, *args, file, forum, session, language=None, user=None, dry_run=False, match=(), **options):
        found = Session.objects.select_related("forum", "kind").filter(forum__slug=forum, slug=session).first()
        if found is None:
            raise CommandError(_("No session %(session)r in forum %(forum)r.") % {"session": session, "forum": forum})
        author = acting_user(found, user)
        try:
            source = read_source(data=file.read_bytes(), filename=file.name)
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        except ImportRejected as error:
            raise CommandError(f"{file}: {error}") from error
        try:
            result = import_report(
                session=found,
                user=author,
                source=source,
                expected_version=found.version,
                language=language,
                matches=dict(match),
                dry_run=dry_run,
            )
        except ImportBlocked as error:
            self._problems(error.problems, file)
            raise CommandError(_("Nothing was imported.")) from error
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        self._summary(result)
        self._problems(result.problems, file)
        if result.blocking:
            raise CommandError(_("Nothing was imported."))
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Imported: the report is now at version %(version)d.") % {"version": result.version}
                )
            )

    def _summary(self, result: ImportResult):
        write = self.stdout.write
        header = result.proposal.header
        for name in ("title", "subtitle", "kind_name", "number", "date", "time", "languages"):
            if header.get(name):
                write(f"{name}: {header[name]}")
        for person in result.people:
            write(f"  {person.role} {person.order}: {person.name} — {person.post} [{person.status}]")
        for segment in result.proposal.segments:
            write(f"{segment.kind} {segment.title}".rstrip())
            for question in segment.questions:
                write(f"  ? {question}")
            for turn in segment.turns:
                write(f"  {result.people[turn.speaker].name}: {len(turn.points)}")
        write(f"audience questions: {len(result.proposal.questions)}")
        for count in result.proposal.attendance:
            write(f"attendance: {count.count} ({count.platform}, {count.time or ''})")
        for name, slug in result.sponsors:
            write(f"sponsor: {name} [{slug or 'new'}]")
        if result.replaced:
            write(_("Replaces: %(what)s") % {"what": ", ".join(f"{n} {what}" for what, n in result.replaced.items())})

    def _problems(self, problems, file):
        for problem in problems:
            where = f"{file}:{problem.line}: " if problem.line else f"{file}: "
            text = f" — {problem.text}" if problem.text else ""
            self.stderr.write(f"{where}{problem.message}{text}")
