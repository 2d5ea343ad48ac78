"""Who a command acts as: the user named, else the session's one rapporteur."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def acting_user(session, username):
    users = get_user_model()
    if username:
        author = users.objects.filter(**{users.USERNAME_FIELD: username}).first()
        if author is None:
            raise CommandError(_("No user %(name)r.") % {"name": username})
        return author
    rapporteurs = list(session.rapporteurs.all()[:2])
    if len(rapporteurs) != 1:
        raise CommandError(_("Say who imports the report with --user."))
    return rapporteurs[0]
