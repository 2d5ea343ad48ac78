"""Which language to show a report in: the reader's if the report has it, else the report's own.

parler's fallbacks are site-wide; a report written in Spanish must fall back to Spanish, which
parler cannot express, hence this module.
"""

from django.conf import settings
from django.utils import translation


# Accept-Language entries read at most: a reader names a few; thousands would only cost work.
ACCEPT_LANGUAGE_ENTRIES = 10


def site_languages():
    return [code for code, _name in settings.LANGUAGES]


def site_language(code):
    """``code``'s base language (``es-MX`` -> ``es``) if the site has it, else None: a reader's code
    reaches ``translation.override`` and cache keys only once checked (``?lang=%`` was a 500)."""
    base = (code or "").strip().split("-")[0].lower()
    return base if base in site_languages() else None


def bounded_accept_language(header):
    """The first ``ACCEPT_LANGUAGE_ENTRIES`` entries of an ``Accept-Language`` header (Django's own
    parse stops at 500 characters, which can still be 250 entries)."""
    return ",".join(header.split(",", ACCEPT_LANGUAGE_ENTRIES)[:ACCEPT_LANGUAGE_ENTRIES])


def requested_language(request=None):
    """The reader's language (LocaleMiddleware's), else the site's default ``LANGUAGE_CODE``."""
    code = translation.get_language() if request is None else getattr(request, "LANGUAGE_CODE", None)
    return site_language(code) or settings.LANGUAGE_CODE.split("-")[0].lower()


def report_language(*, session, requested):
    """``requested`` where the session has that translation, else the report's original language."""
    if requested and requested in session.get_available_languages():
        return requested
    return session.original_language


def localise(obj, *, language, fallback):
    """Point ``obj``'s translated fields at ``language``, or ``fallback`` where it lacks one."""
    available = obj.get_available_languages()
    if language in available:
        obj.set_current_language(language)
    elif fallback in available or not available:
        obj.set_current_language(fallback)
    else:
        obj.set_current_language(available[0])
    return obj
