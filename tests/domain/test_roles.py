import pytest

from gsef_sessions.domain.roles import add_default_roles, default_role
from gsef_sessions.models import ParticipantRole
from tests.factories import ForumFactory

pytestmark = pytest.mark.django_db


def headings(forum, language):
    return [
        (role.slug, role.category, role.numbered, role.safe_translation_getter("heading", language_code=language))
        for role in forum.roles.order_by("order")
    ]


def test_new_forum_gets_gsef_2020_roles_named_in_each_of_its_languages():
    forum = ForumFactory(languages=["es", "fr"])
    assert headings(forum, "es") == [
        ("moderator", "moderator", False, "Nombre del moderador:"),
        ("panelist", "speaker", True, "Nombre de los panelistas/comentaristas:"),
        ("opening_speaker", "speaker", False, "Oradores de apertura:"),
        ("keynote", "speaker", False, "Oradores principales:"),
        ("rapporteur", "other", False, "Relatores:"),
    ]
    assert headings(forum, "fr")[1] == ("panelist", "speaker", True, "Nom des panélistes/commentateurs\u00a0:")


def test_default_roles_are_not_added_to_a_forum_that_has_its_own():
    forum = ForumFactory()
    forum.roles.exclude(slug="moderator").delete()
    add_default_roles(forum=forum)
    assert list(forum.roles.values_list("slug", flat=True)) == ["moderator"]


def test_default_role_is_the_first_speaker_role_else_the_first_role():
    forum = ForumFactory()
    ParticipantRole.objects.filter(forum=forum, slug="moderator").update(order=0)
    assert default_role(forum_id=forum.pk).slug == "panelist"
    forum.roles.exclude(slug="moderator").delete()
    assert default_role(forum_id=forum.pk).slug == "moderator"
