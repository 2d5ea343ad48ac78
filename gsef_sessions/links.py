"""``reverse()`` for links printed by the thousand (a report's people, every PDF link of the API):
each URL pattern is reversed once per urlconf, script prefix and language, with markers in place of
its arguments, and filled in afterwards. Arguments must be slugs, UUIDs or language codes, which
their converters take as they are: nothing needs quoting."""

import functools
from urllib.parse import urljoin

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import translation

from .conf import settings as app_settings


def _marker(key, index):
    # Each a value the argument's converter accepts (<uuid:> takes UUIDs only), and none a part of another.
    return f"00000000-6765-7365-6600-{index:012d}" if key == "uuid" else f"gsef-mark-{index}-end"


@functools.lru_cache(maxsize=256)
def _template(name, keys, urlconf, prefix, language, base):
    marks = [_marker(key, index) for index, key in enumerate(keys)]
    path = reverse(name, kwargs=dict(zip(keys, marks, strict=True)))
    template = (urljoin(base, path) if base else path).replace("{", "{{").replace("}", "}}")
    for index, mark in enumerate(marks):
        template = template.replace(mark, f"{{{index}}}")
    return template


def url(name, *, base=None, **kwargs):
    """``reverse(name, kwargs=kwargs)`` (joined to the origin ``base``, if given), the reversing done
    once for every such link."""
    return _template(
        name,
        tuple(kwargs),
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        translation.get_language(),
        base,
    ).format(*map(str, kwargs.values()))


def absolute_url(path):
    """``path`` on the configured origin (a URL that is already absolute is kept)."""
    return urljoin(app_settings.BASE_URL, path)


def _mounted(namespace, name, **kwargs):
    try:
        return url(f"{namespace}:{name}", base=app_settings.BASE_URL, **kwargs)
    except NoReverseMatch:
        return ""


def api_url(name, **kwargs):
    """The absolute URL of an API endpoint, wherever the host mounted the API ("" where it did not:
    a site may serve the pages alone, and then prints no API link)."""
    return _mounted("gsef_sessions_api", name, **kwargs)


def page_url(name, **kwargs):
    """The absolute URL of one of the app's pages ("" where the host did not mount them)."""
    return _mounted("gsef_sessions", name, **kwargs)
