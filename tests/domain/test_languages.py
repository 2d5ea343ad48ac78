"""The one fallback rule, over parler objects (``localise``) and over plain rows (``localised_texts``)."""

import pytest

from gsef_sessions.domain.languages import fallback_language, localise, localised_texts
from tests.factories import SessionFactory


@pytest.mark.parametrize(
    ("available", "language", "fallback", "chosen"),
    [
        (["en", "es"], "es", "en", "es"),
        (["en", "fr"], "es", "fr", "fr"),
        (["fr", "de"], "es", "en", "de"),
        ([], "es", "en", "en"),
    ],
    ids=["requested", "fallback", "first-available", "none"],
)
def test_fallback_language_chooses(available, language, fallback, chosen):
    assert fallback_language(available=available, language=language, fallback=fallback) == chosen


def test_localised_texts_gives_the_chosen_language_and_its_texts():
    rows = {"fr": ("Titre", "Sous-titre"), "de": ("Titel", "Untertitel")}
    assert localised_texts(rows, language="es", fallback="en", width=2) == ("de", ("Titel", "Untertitel"))


def test_localised_texts_without_translations_gives_empty_texts():
    assert localised_texts({}, language="es", fallback="en", width=2) == ("en", ("", ""))


@pytest.mark.django_db
def test_localise_without_requested_or_fallback_shows_first_available():
    session = SessionFactory(title="Titre")
    session.translations.filter(language_code="en").update(language_code="fr")
    session.create_translation("de", title="Titel")
    localise(session, language="es", fallback="en")
    assert (session.get_current_language(), session.title) == ("de", "Titel")
