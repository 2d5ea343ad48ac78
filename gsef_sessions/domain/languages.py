"""Which language to show a report in: the reader's if the report has it, else the report's own.

parler's fallbacks are site-wide; a report written in Spanish must fall back to Spanish, which
parler cannot express, hence this module.
"""

from django.conf import settings
from django.utils import translation


def requested_language(request=None):
    code = translation.get_language() if request is None else getattr(request, "LANGUAGE_CODE", None)
    return (code or settings.LANGUAGE_CODE).split("-")[0].lower()


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
