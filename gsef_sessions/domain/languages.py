"""Which language to show a report in: the reader's if the report has it, else the report's own.

parler's fallbacks are site-wide; a report written in Spanish must fall back to Spanish, which
parler cannot express, hence this module.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.utils import translation

if TYPE_CHECKING:
    from django.http import HttpRequest
    from parler.models import TranslatableModel

    from ..models import Session

Translatable = TypeVar("Translatable", bound="TranslatableModel")

# Accept-Language entries read at most: a reader names a few; thousands would only cost work.
ACCEPT_LANGUAGE_ENTRIES = 10


def site_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def site_language(code: str | None) -> str | None:
    """``code``'s base language (``es-MX`` -> ``es``) if the site has it, else None: a reader's code
    reaches ``translation.override`` and cache keys only once checked (``?lang=%`` was a 500)."""
    base = (code or "").strip().split("-")[0].lower()
    return base if base in site_languages() else None


def bounded_accept_language(header: str) -> str:
    """The first ``ACCEPT_LANGUAGE_ENTRIES`` entries of an ``Accept-Language`` header (Django's own
    parse stops at 500 characters, which can still be 250 entries)."""
    return ",".join(header.split(",", ACCEPT_LANGUAGE_ENTRIES)[:ACCEPT_LANGUAGE_ENTRIES])


def requested_language(request: HttpRequest | None = None) -> str:
    """The reader's language (LocaleMiddleware's), else the site's default ``LANGUAGE_CODE``."""
    code = translation.get_language() if request is None else getattr(request, "LANGUAGE_CODE", None)
    return site_language(code) or settings.LANGUAGE_CODE.split("-")[0].lower()


def shown_language(*, available: Collection[str], requested: str | None, original: str) -> str:
    """The language a report is shown in: ``requested`` where it is ``available`` (written), else
    the report's ``original`` one."""
    return requested if requested and requested in available else original


def report_language(*, session: Session, requested: str | None) -> str:
    """``shown_language`` of ``session`` (or anything with its languages and original language)."""
    return shown_language(
        available=session.get_available_languages(), requested=requested, original=session.original_language
    )


def fallback_language(*, available: Collection[str], language: str, fallback: str) -> str:
    """The one fallback rule: ``language`` where it is ``available``, else ``fallback`` (also when
    nothing is), else the first available language in code order (parler lists them so)."""
    if language in available:
        return language
    if fallback in available or not available:
        return fallback
    return min(available)


def localise(obj: Translatable, *, language: str, fallback: str) -> Translatable:
    """Point ``obj``'s translated fields at ``fallback_language``'s choice."""
    available = list(obj.get_available_languages())
    obj.set_current_language(fallback_language(available=available, language=language, fallback=fallback))
    return obj


def localised_texts(
    translations: Mapping[str, Sequence[Any]], *, language: str, fallback: str, width: int = 1
) -> tuple[str, Sequence[Any]]:
    """``localise`` over plain rows: the language chosen and its texts, from ``{language: texts}``
    (``width`` empty texts where there is no translation at all)."""
    chosen = fallback_language(available=translations, language=language, fallback=fallback)
    return chosen, translations.get(chosen, ("",) * width)


def language_name(code: str) -> str:
    """A language's name in the active language ("Spanish", "espagnol")."""
    return str(translation.get_language_info(code)["name_translated"])
