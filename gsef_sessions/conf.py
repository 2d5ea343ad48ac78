"""The app's settings, read at call time so tests and hosts can override them.

Every setting is ``GSEF_SESSIONS_<NAME>`` in the host's settings; the defaults live here only.
"""

from django.conf import settings as django_settings

DEFAULTS = {
    # Absolute origin used where there is no request (workers, exports).
    "BASE_URL": "http://127.0.0.1:8000",
    # Slot length in minutes for forums that do not set their own.
    "DEFAULT_SLOT_MINUTES": 90,
    # Markdown extensions used to render descriptions and bios.
    "MARKDOWN_EXTENSIONS": ["extra", "sane_lists"],
    # Tags allowed in rendered Markdown (anything else is stripped by nh3).
    "ALLOWED_TAGS": [
        "a", "abbr", "b", "blockquote", "br", "code", "em", "h3", "h4", "i", "li", "ol", "p",
        "pre", "strong", "ul",
    ],
}


class _Settings:
    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(f"Unknown gsef_sessions setting: {name}")
        return getattr(django_settings, f"GSEF_SESSIONS_{name}", DEFAULTS[name])


settings = _Settings()
