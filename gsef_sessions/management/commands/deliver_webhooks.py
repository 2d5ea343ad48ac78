"""Send the webhook deliveries that are due: the worker's job on a site without a broker."""

import math
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ...domain import webhooks


class Command(BaseCommand):
    help = _(
        "Send the webhook deliveries that are due, one attempt each (a failed one is tried again later, "
        "with backoff). Needed only without a Celery broker: requests then never send webhooks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--watch", action="store_true", help=_("Keep going, a pass every --interval seconds, until interrupted.")
        )
        parser.add_argument(
            "--interval", type=float, default=5.0, help=_("Seconds between passes with --watch (default: 5).")
        )

    def handle(self, *args, watch=False, interval=5.0, **options):
        if not (math.isfinite(interval) and interval > 0):
            raise CommandError(_("--interval must be a positive number of seconds."))
        try:
            self.deliver(quiet=False)
            while watch:
                time.sleep(interval)
                # A long-running process: drop a connection the database has closed meanwhile.
                close_old_connections()
                self.deliver(quiet=True)
        except KeyboardInterrupt:
            self.stdout.write(_("Stopped."))

    def deliver(self, *, quiet):
        """One pass; its summary, unless ``quiet`` and nothing was due."""
        done = webhooks.deliver_due()
        if quiet and not done.attempted:
            return
        self.stdout.write(
            ngettext(
                "%(attempted)d delivery attempted: %(delivered)d delivered, %(failed)d failed; %(pending)d pending.",
                "%(attempted)d deliveries attempted: %(delivered)d delivered, %(failed)d failed; %(pending)d pending.",
                done.attempted,
            )
            % {"attempted": done.attempted, "delivered": done.delivered, "failed": done.failed, "pending": done.pending}
        )
