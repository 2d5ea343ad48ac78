"""Import a platform's attendance report (a Zoom CSV) into a session's attendance counts."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import formats
from django.utils.translation import gettext as _

from ...domain.attendance_import import count_attendance, receive_attendance_report
from ...enums import AttendanceImportStatus, DateOrder
from ...models import Session
from ..authors import acting_user

BAR = 30  # characters


class Command(BaseCommand):
    help = _(
        "Count a Zoom participants export or webinar attendee report (.csv) into a session's attendance. "
        "The counting runs here, with a progress bar on a terminal; the file is not kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("The report (.csv)."))
        parser.add_argument("--forum", required=True, help=_("The forum (slug)."))
        parser.add_argument("--session", required=True, help=_("The session (slug)."))
        parser.add_argument(
            "--user", help=_("Who imports it (a username; default: the session's rapporteur, if it has one).")
        )
        parser.add_argument(
            "--timezone", help=_("The time zone of the file's times (default: the forum's), e.g. America/Mexico_City.")
        )
        parser.add_argument(
            "--date-order",
            choices=DateOrder.values,
            default="",
            help=_("mdy or dmy: needed only when no date in the file tells the order."),
        )

    def handle(self, *args, file, forum, session, user=None, timezone=None, date_order="", **options):
        found = Session.objects.select_related("forum").filter(forum__slug=forum, slug=session).first()
        if found is None:
            raise CommandError(_("No session %(session)r in forum %(forum)r.") % {"session": session, "forum": forum})
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        try:
            row, new = receive_attendance_report(
                session=found,
                user=acting_user(found, user),
                data=data,
                filename=file.name,
                zone=timezone,
                date_order=date_order,
                queue=False,
            )
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(f"{file}: {' '.join(getattr(error, 'messages', [str(error)]))}") from error
        if not new:
            self.stdout.write(_("This file was already imported: nothing changed."))
        else:
            row = count_attendance(import_id=row.pk, progress=self._bar if self.stdout.isatty() else None)
        if row.status == AttendanceImportStatus.FAILED:
            raise CommandError(f"{file}: {row.error}")
        for line, message in row.notices:
            self.stderr.write(f"{file}:{line}: {message}" if line else f"{file}: {message}")
        for count in row.counts.all():
            self.stdout.write(f"{count.get_kind_display()}: {formats.number_format(count.count, force_grouping=True)}")

    def _bar(self, done, total):
        filled = BAR * done // total if total else BAR
        ending = "\n" if done >= total else ""
        self.stdout.write(f"\r[{'#' * filled}{' ' * (BAR - filled)}] {done}/{total}", ending=ending)
        self.stdout.flush()
