"""What search engines and link previews read about a session page: a schema.org ``Event`` as
JSON-LD and OpenGraph properties, built from the report as pages print it (``presentation.printed_report``).

Values are plain text (a description's Markdown is reduced to its words); ``script_json`` makes
the JSON safe inside a ``<script>`` element.
"""

from __future__ import annotations

import json
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from ..enums import RoleCategory
from .markdown import markdown_to_paragraphs

SCHEMA = "https://schema.org"
# As Django's json_script does: no text can close the <script> element or open a comment in it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
SUMMARY_WORDS = 60


def title(report: dict[str, Any]) -> str:
    return ": ".join(filter(None, [report["session"]["label"], report["session"]["title"]]))


def summary(report: dict[str, Any]) -> str:
    """A plain-text summary: the description's first words, else the subtitle, else the forum's theme."""
    text = " ".join(markdown_to_paragraphs(report["session"]["description"]))
    text = text or report["session"]["subtitle"] or report["forum"]["theme"] or ""
    return Truncator(text).words(SUMMARY_WORDS)


def _location(*, report, url):
    places = []
    if report["session"]["platforms"]:
        places.append({"@type": "VirtualLocation", "url": url})
    if report["session"]["room"]:
        place = {"@type": "Place", "name": report["session"]["room"]}
        if report["forum"]["city"]:
            place["address"] = report["forum"]["city"]
        places.append(place)
    return places


def _attendance_mode(places):
    kinds = {place["@type"] for place in places}
    mode = "Mixed" if len(kinds) > 1 else "Online" if "VirtualLocation" in kinds else "Offline"
    return f"{SCHEMA}/{mode}EventAttendanceMode"


def _organisation(org):
    data = {"@type": "Organization", "name": org["name"]}
    if org["website"]:
        data["url"] = org["website"]
    return data


def session_event(*, report: dict[str, Any], url: str, person_url: Callable[[str], str]) -> dict[str, Any]:
    """The session as a schema.org ``Event``; ``url`` is the page's absolute address and
    ``person_url(person_uuid)`` a participant's."""
    session = report["session"]
    tz = zoneinfo.ZoneInfo(session["time_zone"])
    starts = parse_datetime(session["starts_at"])
    event = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": title(report),
        "description": summary(report),
        "startDate": starts.astimezone(tz).isoformat(),
        # An end only where one was entered: the forum's default slot is a guess, not a fact.
        **({"endDate": parse_datetime(session["ends_at"]).astimezone(tz).isoformat()} if session["ends_at"] else {}),
        "eventStatus": f"{SCHEMA}/EventScheduled",
        "inLanguage": session["interpretation_languages"] or [report["language"]],
        "url": url,
    }
    places = _location(report=report, url=url)
    if places:
        event["eventAttendanceMode"] = _attendance_mode(places)
        event["location"] = places[0] if len(places) == 1 else places
    if report["forum"]["logo"]:
        event["image"] = report["forum"]["logo"]
    if report["forum"]["organisers"]:
        event["organizer"] = [_organisation(org) for org in report["forum"]["organisers"]]
    performers = {}
    # Who performs: moderators and speakers (not rapporteurs, nor other roles).
    for role in (role for role in report["roles"] if role["category"] != RoleCategory.OTHER):
        for person in role["people"]:
            performers.setdefault(
                person["person_uuid"],
                {
                    "@type": "Person",
                    "name": person["name"],
                    "url": person_url(person["person_uuid"]),
                    **({"jobTitle": person["job_title"]} if person["job_title"] else {}),
                    **(
                        {"affiliation": {"@type": "Organization", "name": person["works_for"]}}
                        if person["works_for"]
                        else {}
                    ),
                },
            )
    if performers:
        event["performer"] = list(performers.values())
    return event


# The territory OpenGraph readers expect of a language given without one (``en`` -> ``en_US``).
DEFAULT_TERRITORIES = {"en": "US", "ar": "AR", "zh": "CN", "ja": "JP", "ko": "KR", "sv": "SE", "da": "DK", "el": "GR"}


def og_locale(language: str) -> str:
    """``language`` as OpenGraph writes locales: ``en_US``, ``es_ES``, ``pt_BR``."""
    locale = translation.to_locale(language)
    if "_" in locale:
        return locale
    return f"{locale}_{DEFAULT_TERRITORIES.get(locale, locale.upper())}"


def open_graph(*, report: dict[str, Any], url: str) -> list[tuple[str, str]]:
    """OpenGraph ``(property, content)`` pairs of a session page."""
    language = report["language"]
    pairs = [
        ("og:type", "article"),
        ("og:title", title(report)),
        ("og:url", url),
        ("og:description", summary(report)),
        ("og:site_name", report["forum"]["name"]),
        ("og:locale", og_locale(language)),
    ]
    pairs += [("og:locale:alternate", og_locale(code)) for code in report["available_languages"] if code != language]
    if report["forum"]["logo"]:
        pairs.append(("og:image", report["forum"]["logo"]))
    session = report["session"]
    if session["published_at"]:
        pairs.append(("article:published_time", session["published_at"]))
    pairs.append(("article:modified_time", session["updated_at"]))
    return pairs


def script_json(data: object) -> SafeString:
    """``data`` as JSON that is safe to print inside ``<script type="application/ld+json">``."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES))
