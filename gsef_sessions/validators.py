"""Field validators shared by models and forms (messages are user-facing)."""

import datetime
import ipaddress
import re
import socket
import zoneinfo
from urllib.parse import urlsplit

from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image

from .conf import settings

# What no output can carry (XML 1.0, iCalendar, PDF/UA text, Atom): C0 controls but tab and line
# breaks, DEL and C1 controls, lone surrogates, and the noncharacters (U+FDD0–U+FDEF and the last
# two code points of every plane).
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
UNPRINTABLE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
LINE_BREAKS = re.compile("[\t\n\r]")


def printable(text):
    """``text`` without what ``UNPRINTABLE`` matches: outputs never fail on rows stored before the
    validator existed, or written past it (fixtures, raw SQL)."""
    return UNPRINTABLE.sub("", text) if text else text


@deconstructible
class PlainTextValidator:
    """Refuses characters that would break an output (see ``UNPRINTABLE``); in a single-line field
    also tabs and line breaks. The models, admin forms and API serializers all use it."""

    def __init__(self, *, multiline=False):
        self.multiline = multiline

    def __call__(self, value):
        if not isinstance(value, str):
            return
        found = UNPRINTABLE.search(value) or (None if self.multiline else LINE_BREAKS.search(value))
        if found is None:
            return
        character = found.group()
        if character in "\t\n\r":
            raise ValidationError(
                _("Tabs and line breaks are not allowed here (position %(position)s)."),
                code="line_break",
                params={"position": found.start() + 1},
            )
        raise ValidationError(
            _(
                "Remove the character U+%(code)s at position %(position)s: a control character or "
                "non-character, which no page, feed or PDF can show."
            ),
            code="unprintable",
            params={"code": f"{ord(character):04X}", "position": found.start() + 1},
        )

    def __eq__(self, other):
        return isinstance(other, PlainTextValidator) and other.multiline == self.multiline


validate_text_line = PlainTextValidator()
validate_text_block = PlainTextValidator(multiline=True)


def validate_language_code(value):
    if value not in LANG_INFO or "fallback" in LANG_INFO[value]:
        raise ValidationError(
            _("“%(code)s” is not a language code Django knows (e.g. en, es, fr)."),
            code="unknown_language",
            params={"code": value},
        )


def validate_language_list(value):
    if not isinstance(value, list):
        raise ValidationError(_("Languages must be a list of codes."), code="invalid")
    for code in value:
        validate_language_code(code)
    if len(set(value)) != len(value):
        raise ValidationError(_("A language is listed twice."), code="duplicate_language")


# Every stored date lies in these years: far enough from datetime's limits that no computation on
# it (a slot added, a time zone converted, a day enumerated) can overflow, and wide enough for any
# forum's history and plans.
SUPPORTED_YEARS = (1900, 2200)
# The longest forum, in days (a forum of a whole leap year).
MAX_FORUM_DAYS = 366


def validate_supported_date(value):
    """A date or time in ``SUPPORTED_YEARS``."""
    first, last = SUPPORTED_YEARS
    if value is not None and not first <= value.year <= last:
        raise ValidationError(
            _("Enter a date between the years %(first)s and %(last)s."),
            code="unsupported_year",
            params={"first": first, "last": last},
        )


def clamp_supported_date(value):
    """``value`` (a date or a time), moved to the nearest moment of ``SUPPORTED_YEARS``."""
    first, last = SUPPORTED_YEARS
    if value is None or first <= value.year <= last:
        return value
    year, month, day = (first, 1, 1) if value.year < first else (last, 12, 31)
    if isinstance(value, datetime.datetime):
        end_of_day = datetime.time(23, 59, 59) if value.year > last else datetime.time()
        return datetime.datetime.combine(datetime.date(year, month, day), end_of_day, tzinfo=value.tzinfo)
    return datetime.date(year, month, day)


def validate_timezone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(tz)s” is not a known time zone (e.g. America/Mexico_City)."),
            code="unknown_timezone",
            params={"tz": value},
        )


validate_color = RegexValidator(r"\A#[0-9a-fA-F]{6}\Z", _("A colour as #rrggbb, e.g. #1f4e79."))


def validate_url_lines(value):
    check = URLValidator(schemes=["http", "https"])
    for number, line in enumerate(value.splitlines(), start=1):
        if line.strip():
            try:
                check(line.strip())
            except ValidationError:
                raise ValidationError(
                    _("Line %(line)s is not a web address: “%(value)s”."),
                    code="invalid_url",
                    params={"line": number, "value": line.strip()},
                ) from None


def is_internal_address(address):
    """True for loopback, private, link-local, multicast, unspecified and reserved addresses, IPv4 or
    IPv6 (an IPv4-mapped IPv6 address counts as the IPv4 one): what a webhook must never reach."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone (fe80::1%eth0) names no other address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_unspecified
        or ip.is_reserved
        or not ip.is_global
    )


def resolve(host, port=None):
    """Every address ``host`` (a name or a literal address) resolves to; raises OSError if none."""
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def validate_public_url(value):
    """Refuses a URL whose host is, or resolves to, an internal address (see ``is_internal_address``),
    unless GSEF_SESSIONS_WEBHOOK_ALLOW_PRIVATE. A name that does not resolve now is accepted: it is
    checked again before each request."""
    if settings.WEBHOOK_ALLOW_PRIVATE:
        return
    host = urlsplit(value).hostname
    if not host:
        return  # no host: the URL validator refuses it
    try:
        addresses = resolve(host)
    except (OSError, UnicodeError):
        return
    if any(is_internal_address(address) for address in addresses):
        raise ValidationError(
            _("This address leads to an internal network (%(host)s); webhooks must reach a public one."),
            code="internal_address",
            params={"host": host},
        )


# What an uploaded photo or logo may be (Pillow's names): what every browser shows.
UPLOAD_IMAGE_FORMATS = ("PNG", "JPEG", "WEBP", "GIF")


def validate_material_size(file):
    """An uploaded material within GSEF_SESSIONS_MATERIAL_MAX_BYTES."""
    if file and file.size > settings.MATERIAL_MAX_BYTES:
        raise ValidationError(
            _("This file is %(size)s; files of up to %(limit)s are accepted.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(settings.MATERIAL_MAX_BYTES)}
        )


def load_uploaded_image(file):
    """``file`` decoded by Pillow, once its header shows it within GSEF_SESSIONS_UPLOAD_MAX_BYTES,
    one of ``UPLOAD_IMAGE_FORMATS`` and within GSEF_SESSIONS_UPLOAD_MAX_PIXELS (``Image.open`` reads
    only the header): a bomb is refused before any pixel is decoded."""
    limit = settings.UPLOAD_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("This file is %(size)s; the largest allowed is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    too_many_pixels = ValidationError(
        _("This image has too many pixels: at most %(limit)s (width × height) are allowed."),
        code="too_many_pixels",
        params={"limit": number_format(settings.UPLOAD_MAX_PIXELS, force_grouping=True)},
    )
    file.seek(0)
    try:
        image = Image.open(file, formats=UPLOAD_IMAGE_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own limit (its warning is an exception where warnings are errors).
        raise too_many_pixels from None
    except (OSError, ValueError):
        raise ValidationError(_("This file is not a PNG, JPEG, WebP or GIF image."), code="invalid_image") from None
    if image.width * image.height > settings.UPLOAD_MAX_PIXELS:
        raise too_many_pixels
    try:
        # verify() finds a cut PNG or WebP even where a library (WeasyPrint does, on import) has set
        # Pillow's LOAD_TRUNCATED_IMAGES, under which load() fills what is missing instead.
        image.verify()
        file.seek(0)
        image = Image.open(file, formats=UPLOAD_IMAGE_FORMATS)
        image.load()
    except (OSError, ValueError, SyntaxError, EOFError):
        raise ValidationError(_("This image is damaged or incomplete."), code="damaged_image") from None
    return image  # not closed: Image.close() would close ``file``, which the caller owns


def validate_image_upload(file):
    """An uploaded image within the limits that decodes whole (see ``load_uploaded_image``)."""
    load_uploaded_image(file)
    file.seek(0)
