"""A forum's roles. Every forum starts with GSEF 2020's, in its header's order; its organisers add
others (co-moderator, online moderator, commentator…) in the admin."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..enums import RoleCategory
from ..models import ParticipantRole

if TYPE_CHECKING:
    from ..models import Forum

# (slug, category, numbered, name, heading): GSEF 2020's roles, in its header's order.
DEFAULT_ROLES = (
    ("moderator", RoleCategory.MODERATOR, False, gettext_noop("Moderator"), gettext_noop("Name of the moderator:")),
    (
        "panelist",
        RoleCategory.SPEAKER,
        True,
        gettext_noop("Panelist / commentator"),
        gettext_noop("Name of the panelists/commentators:"),
    ),
    (
        "opening_speaker",
        RoleCategory.SPEAKER,
        False,
        gettext_noop("Opening speaker"),
        gettext_noop("Opening speakers:"),
    ),
    ("keynote", RoleCategory.SPEAKER, False, gettext_noop("Keynote speaker"), gettext_noop("Keynote speakers:")),
    ("rapporteur", RoleCategory.OTHER, False, gettext_noop("Rapporteur"), gettext_noop("Rapporteurs:")),
)


def create_default_roles(*, forum_id: int, languages: list[str], role_model, translation_model) -> None:
    """Give forum ``forum_id`` the default roles, named in each of ``languages`` and the site's
    language. Takes the models, so a migration passes its historical ones."""
    codes = list(dict.fromkeys([*languages, settings.LANGUAGE_CODE.split("-")[0]]))
    for order, (slug, category, numbered, name, heading) in enumerate(DEFAULT_ROLES, start=1):
        role = role_model.objects.create(
            forum_id=forum_id, slug=slug, category=category, order=order, numbered=numbered
        )
        for code in codes:
            with translation.override(code):
                translation_model.objects.create(master=role, language_code=code, name=_(name), heading=_(heading))


def add_default_roles(*, forum: Forum) -> None:
    """A new forum's roles (none is added where it has some)."""
    with transaction.atomic():
        if not forum.roles.exists():
            create_default_roles(
                forum_id=forum.pk,
                languages=list(forum.languages),
                role_model=ParticipantRole,
                translation_model=ParticipantRole._parler_meta.root_model,
            )


def default_role(*, forum_id: int) -> ParticipantRole | None:
    """The role a participant gets where none is given: the forum's first speaker role."""
    roles = ParticipantRole.objects.filter(forum_id=forum_id).order_by("order", "pk")
    return roles.filter(category=RoleCategory.SPEAKER).first() or roles.first()
