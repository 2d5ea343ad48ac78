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
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "em",
        "h3",
        "h4",
        "i",
        "li",
        "ol",
        "p",
        "pre",
        "strong",
        "ul",
    ],
    # The PDF engine (a subclass of gsef_sessions.pdf.base.Renderer), by dotted path.
    "PDF_RENDERER": "gsef_sessions.pdf.typst.TypstRenderer",
    # Logo, colours and fonts (with the fallback families per script) of every PDF; see
    # gsef_sessions.pdf.base.BRANDING_DEFAULTS.
    "PDF_BRANDING": {},
    # The STORAGES alias used for PDFs when the host defines it (e.g. an S3 bucket).
    "PDF_STORAGE_ALIAS": "gsef_sessions_pdfs",
    # Otherwise a FileSystemStorage here; None = a "gsef_sessions_pdfs" folder beside MEDIA_ROOT.
    # Never inside MEDIA_ROOT or STATIC_ROOT: PDFs of drafts must not be web-served.
    "PDF_ROOT": None,
    # Answer downloads with a redirect to storage.url() (short-lived signed URLs of S3-style
    # storages) instead of streaming the file through Django.
    "PDF_REDIRECT": False,
    # Seconds a render may take (Celery's soft limit; the hard limit is 10 s more). Must stay below
    # the broker's visibility timeout, or Redis hands a running render to a second worker.
    "RENDER_TIME_LIMIT": 120,
    # Redis' visibility timeout (seconds): the host's Celery app sets broker_transport_options
    # from it (see project/celery.py); a system check compares it with RENDER_TIME_LIMIT.
    "BROKER_VISIBILITY_TIMEOUT": 3600,
    # Attempts per render (transient errors are retried with backoff; a dead worker's lease expires).
    "RENDER_MAX_ATTEMPTS": 5,
    # Renders still pending (or with an expired lease) this many seconds after being queued are
    # queued again by the periodic task gsef_sessions.requeue_stale_renders.
    "REQUEUE_AFTER": 300,
    # How often Celery beat runs that task (seconds); see project/settings.py CELERY_BEAT_SCHEDULE.
    "REQUEUE_INTERVAL": 60,
    # Broker publish attempts when a change commits: bounded, so saving never hangs on a dead broker.
    "PUBLISH_MAX_RETRIES": 2,
    # Retry-After (seconds) while a PDF is being prepared.
    "PDF_RETRY_AFTER": 10,
    # API: items per page of every list, and the largest ?page_size= a client may ask for.
    "API_PAGE_SIZE": 50,
    "API_MAX_PAGE_SIZE": 200,
    # API: request rates of anonymous clients (DRF rate strings): "anon" over the whole API,
    # "read" for the JSON endpoints, "export" for schedule and calendar files. None = unlimited.
    "API_THROTTLE_RATES": {"anon": "3000/hour", "read": "1200/hour", "export": "120/hour"},
    # API throttles: reverse proxies in front of the site that append the client to X-Forwarded-For.
    # 0 = the header is ignored (anyone can forge it); N = the Nth address from its right is the client.
    "TRUSTED_PROXIES": 0,
    # API: Cache-Control of answers to anonymous clients (CDN-friendly); signed-in users get "private, no-cache".
    "API_CACHE_CONTROL": "public, max-age=60, s-maxage=300, stale-while-revalidate=60",
    # API: seconds a session report's stored representation (keyed on its version and language) is kept.
    "API_REPORT_CACHE_SECONDS": 86400,
    # Public pages (report, programme, person): Cache-Control of pages shown to anonymous readers, and
    # seconds a rendered page (keyed on the versions it shows, its language and its filters) is kept.
    # Signed-in users always get the current page with "private, no-cache".
    "PAGE_CACHE_CONTROL": "public, max-age=60, s-maxage=300, stale-while-revalidate=60",
    "PAGE_CACHE_SECONDS": 86400,
    # API: the largest request body (bytes) a write accepts; a larger one is a 413 before it is read.
    "API_MAX_BODY_BYTES": 4 * 1024 * 1024,
    # Webhooks: seconds to wait for a receiver (connecting, and each read).
    "WEBHOOK_TIMEOUT": 10,
    # Webhooks: attempts per delivery; network errors, 429 and 5xx are retried, other answers are final.
    "WEBHOOK_MAX_ATTEMPTS": 8,
    # Webhooks: seconds before the first retry, doubled for each next one, at most WEBHOOK_MAX_RETRY_DELAY.
    # Keep that below BROKER_VISIBILITY_TIMEOUT: Redis hands a longer-delayed message out twice.
    "WEBHOOK_RETRY_DELAY": 30,
    "WEBHOOK_MAX_RETRY_DELAY": 1800,
    # Webhooks: hosts that may be called over plain http, e.g. ["localhost", "127.0.0.1", "::1"] for a
    # receiver on the same machine while developing; every other address must be https.
    "WEBHOOK_HTTP_HOSTS": [],
    # Webhooks: allow loopback, private, link-local and reserved addresses (an intranet install). Off,
    # no webhook reaches the machine's or the network's internal services; WEBHOOK_HTTP_HOSTS only
    # allows plain http for its hosts, so a local receiver needs both.
    "WEBHOOK_ALLOW_PRIVATE": False,
    # Webhooks: days the delivery log keeps finished deliveries (pruned by requeue_stale_deliveries).
    "WEBHOOK_LOG_DAYS": 90,
    # Uploaded photos and logos: the largest file (bytes) and image (width × height) accepted. Pillow
    # refuses images over twice PIL.Image.MAX_IMAGE_PIXELS (about 179 million) whatever this says.
    "UPLOAD_MAX_BYTES": 5 * 1024 * 1024,
    "UPLOAD_MAX_PIXELS": 25_000_000,
    # A session's uploaded material (slides, a transcript…), kept in the PDF storage.
    "MATERIAL_MAX_BYTES": 50 * 1024 * 1024,
    # A report imported from a file (.txt, .md, .docx): the largest file (bytes) accepted. A DOCX may
    # also unpack to at most 20 times this (see gsef_sessions.domain.import_sources).
    "IMPORT_MAX_BYTES": 10 * 1024 * 1024,
    # A platform's attendance report (a Zoom CSV): the largest file (bytes) accepted. It waits in the
    # PDF storage until a task has counted it, then it is deleted.
    "ATTENDANCE_MAX_BYTES": 50 * 1024 * 1024,
    # Attendance reports still queued (or counting) this many seconds after their last change are
    # queued again by the periodic task gsef_sessions.requeue_stale_attendance.
    "ATTENDANCE_REQUEUE_AFTER": 900,
}


class _Settings:
    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(f"Unknown gsef_sessions setting: {name}")
        return getattr(django_settings, f"GSEF_SESSIONS_{name}", DEFAULTS[name])


settings = _Settings()
