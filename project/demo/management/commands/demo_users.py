"""Create (or reset the password of) the three demo users and print their logins.

admin       superuser
rapporteur  staff, group "Rapporteurs", rapporteur of GSEF 2020 Plenary 3 (if loaded)
organiser   staff, group "Organisers", organiser of the GSEF 2020 forum (if loaded)

Idempotent: run it after every loaddata. The groups come from gsef_sessions' own migration.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gsef_sessions.models import Forum, Session

DEFAULT_PASSWORD = "gsef-demo-2020"  # a local demo: printed below, never a deployment's password
FORUM_SLUG = "gsef-2020"
SESSION_SLUG = "plenary-3"


class Command(BaseCommand):
    help = "Create the demo users admin, rapporteur and organiser, and print their logins."

    @transaction.atomic
    def handle(self, *args, **options):
        password = os.environ.get("GSEF_DEMO_PASSWORD") or DEFAULT_PASSWORD
        groups = {group.name: group for group in Group.objects.filter(name__in=["Rapporteurs", "Organisers"])}
        missing = {"Rapporteurs", "Organisers"} - groups.keys()
        if missing:
            raise CommandError(
                f"group(s) {', '.join(sorted(missing))} missing: run `manage.py migrate` "
                "(gsef_sessions' migrations create them)"
            )

        self._user("admin", password, is_staff=True, is_superuser=True)
        rapporteur = self._user("rapporteur", password, is_staff=True, group=groups["Rapporteurs"])
        organiser = self._user("organiser", password, is_staff=True, group=groups["Organisers"])

        session = Session.objects.filter(forum__slug=FORUM_SLUG, slug=SESSION_SLUG).first()
        if session is not None:
            session.rapporteurs.add(rapporteur)
        forum = Forum.objects.filter(slug=FORUM_SLUG).first()
        if forum is not None:
            forum.organisers.add(organiser)

        admin_url = settings.GSEF_SESSIONS_BASE_URL.rstrip("/") + "/admin/"
        self.stdout.write(f"Admin login: {admin_url}  user: admin  password: {password}")
        self.stdout.write(
            f"Rapporteur of {FORUM_SLUG}/{SESSION_SLUG}: user: rapporteur  password: {password}"
            + ("" if session else f"  (session {FORUM_SLUG}/{SESSION_SLUG} not loaded)")
        )
        self.stdout.write(
            f"Organiser of {FORUM_SLUG}: user: organiser  password: {password}"
            + ("" if forum else f"  (forum {FORUM_SLUG} not loaded)")
        )

    def _user(self, username, password, *, is_staff, is_superuser=False, group=None):
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.is_active = True
        user.is_staff = is_staff
        user.is_superuser = is_superuser
        user.set_password(password)
        user.save()
        if group is not None:
            user.groups.add(group)
        return user
