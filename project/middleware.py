"""The demo's language choice.

With ``i18n_patterns(prefix_default_language=False)`` Django serves every unprefixed path in
``LANGUAGE_CODE``, ignoring the reader's cookie and ``Accept-Language``. That is right for the
public pages (their address says their language), but the API and the admin are mounted outside
``i18n_patterns`` and choose their language from the request: for them, this middleware chooses as
Django would without language prefixes.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import LocalePrefixPattern, Resolver404, URLResolver, get_resolver
from django.utils import translation

from gsef_sessions.domain.languages import bounded_accept_language


def served_by_i18n_patterns(path, urlconf):
    """Whether the first of the root patterns that matches ``path`` is an ``i18n_patterns`` one."""
    for pattern in get_resolver(urlconf).url_patterns:
        try:
            match = pattern.resolve(path.removeprefix("/"))
        except Resolver404:
            continue
        if match:
            return isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern)
    return False


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_request(self, request):
        # Django parses the header where it finds it, in request.META, wherever it is asked (here, and
        # in get_language_from_request): cut there, once, every parse reads the first entries only.
        if "HTTP_ACCEPT_LANGUAGE" in request.META:
            request.META["HTTP_ACCEPT_LANGUAGE"] = bounded_accept_language(request.META["HTTP_ACCEPT_LANGUAGE"])
        super().process_request(request)
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        if not served_by_i18n_patterns(request.path_info, urlconf):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()
