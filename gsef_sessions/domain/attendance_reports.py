"""A Zoom attendance report (a CSV export) read into attendance figures: plain data, no database.

Two Zoom exports are read: the meeting participants export (with or without its "meeting data"
block, with or without the newer Recording Consent and In Waiting Room columns) and the webinar
attendee report (its summary, then Host, Panelist and Attendee Details sections). Columns, section
titles and Yes/No values are matched by name, folded (``report_reading.fold``: case, accents and
spacing do not matter), in English, Spanish and French. The separator (comma, semicolon or tab) is
the one with which a line of the file reads as the participants' header.

How people and time are counted:

- A person is their email (lower-cased, stripped) when the row has one, else their name, folded.
  Of a "Name (Original Name)" value such as "Jane Doe (Jane D.)", the original name in the trailing
  parentheses is the name: it stays the same when someone renames themselves in the meeting.
- The figures come from the join and leave times only, never from the Duration column. Each row is
  a segment (a reconnection is a new row); a person's segments are merged where they overlap or
  touch, so no time is counted twice.
- In a webinar, hosts and panelists are panelists and the Attendee Details attendees; someone in
  both is a panelist. A meeting export has no roles: everyone is an attendee.
- The peak counts everyone; at one instant a leave counts before a join.
- A person's country is the first Country/Region Name among their counted rows; attendees without
  one are in no country.
- Left out silently: no-shows (Attended = No) and rows in the waiting room (In Waiting Room = Yes:
  not in the meeting). Left out with a notice: a row whose time cannot be read, that leaves before
  it joins or that names no one, and the rows of a section other than Host, Panelist and Attendee
  Details (such as "Other Attended"). Counted with a notice: a Duration that is negative or longer
  than the meeting, a stay longer than the meeting.
- The times carry no zone: they are taken in the zone given. A time in the hour repeated when the
  clocks go back is its first occurrence, unless that puts a leave before its join.
- Numeric dates are month-first or day-first as the file shows it (a first number over 12 is a day,
  a second one over 12 too); a file that does not show it is refused unless the caller chooses.

Every refusal is an ``AttendanceReportRejected`` whose message is shown to the user as it is: no
bytes may end in another exception.
"""

from __future__ import annotations

import csv
import datetime
import math
import re
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .import_sources import LINE_BREAK, OLE_MAGIC, ZIP_MAGIC, ImportRejected, decode_text
from .report_reading import fold


class AttendanceReportRejected(ValueError):
    """The file as a whole is unusable; str(error) is the user-facing message (translated with
    gettext), naming the line where there is one."""


@dataclass(frozen=True)
class Notice:
    line: int | None  # 1-based line number in the file, or None
    message: str  # user-facing, translated


@dataclass(frozen=True)
class AttendanceFigures:
    platform: str  # "Zoom"
    report: str  # "meeting" or "webinar"
    meeting_id: str  # the meeting/webinar ID as written (digits, spaces removed), "" if the file has none
    topic: str  # "" if none
    started_at: datetime.datetime | None  # aware; the meeting's Start Time / webinar's Actual Start Time, if given
    attendees: int  # unique persons with at least one segment, attendees only (for meeting exports: everyone)
    panelists: int | None  # unique hosts + panelists of a webinar (with at least one segment); None for meetings
    peak: int  # peak concurrent persons (everyone: hosts, panelists, attendees)
    peak_at: datetime.datetime | None  # aware, the first instant the peak is reached, in the tz given
    person_seconds: int  # sum over persons of their merged segments, in seconds
    countries: dict[str, int]  # Country/Region Name -> number of distinct attendees; {} without such a column
    rows: int  # participant data rows read
    notices: tuple[Notice, ...]  # per-line warnings (rows skipped or suspicious), in line order


PROGRESS_EVERY = 2000

# --- Names: columns, sections, yes and no ----------------------------------------------------------
#
# Each field lists its names in the order they are preferred within a language: a Spanish webinar
# has both "Nombre de usuario (nombre original)" and "Nombre" (the first name), a French one "Nom"
# (the last name): the full column wins.

# English: Zoom's documented export columns, as in the issue; the newer meeting export (Recording
# Consent, In Waiting Room, day-first dates without seconds) as in microsoft/vivainsights_zoom_int,
# Admin/input/zoom_reports/README.md (offline code corpus).
_ENGLISH_PARTICIPANTS = {
    "name": ("Name (Original Name)", "User Name (Original Name)", "Name", "User Name"),
    "email": ("User Email", "Email"),
    "join": ("Join Time",),
    "leave": ("Leave Time",),
    "duration": ("Duration (Minutes)", "Time in Session (minutes)"),
    "attended": ("Attended",),
    "waiting": ("In Waiting Room",),
    "country": ("Country/Region Name", "Country/Region"),
}
# Spanish: Zoom's wording as public code that reads Spanish Zoom exports spells it (offline code
# corpus, found by exact string; the tool names no repository): meeting exports "Nombre (nombre
# original)", "E-mail del usuario", "Hora para unirse", "Hora para salir", "Duración (minutos)"
# (older) and "Correo electrónico", "Hora de entrada", "Hora de salida", "En sala de espera"
# (newer); webinar attendee reports "Asistió", "Nombre de usuario (nombre original)", "Correo
# electrónico", "Hora de salida", "Tiempo en la sesión (minutos)", "Nombre de país/región". Ours,
# unverified: the other variants. One script reads a Spanish webinar's join time from "Puesto de
# trabajo", which also names a job title: it is not taken.
_SPANISH_PARTICIPANTS = {
    "name": (
        "Nombre (nombre original)",
        "Nombre de usuario (nombre original)",
        "Nombre de usuario",
        "Nombre",
    ),
    "email": ("Correo electrónico", "E-mail del usuario", "Correo electrónico del usuario", "Correo", "E-mail"),
    "join": ("Hora de entrada", "Hora para unirse", "Hora de ingreso", "Hora de unión"),
    "leave": ("Hora de salida", "Hora para salir"),
    "duration": ("Duración (minutos)", "Tiempo en la sesión (minutos)"),
    "attended": ("Asistió",),
    "waiting": ("En sala de espera", "En la sala de espera"),
    "country": ("Nombre de país/región", "País/región"),
}
# French: as a script that writes Zoom's French meeting export spells it (offline code corpus,
# found by exact string; the tool names no repository): "Nom (nom original)", "Adresse e-mail de
# l’utilisateur", "Heure d’arrivée", "Heure de départ", "Durée (minutes)", "Salle d’attente". The
# webinar's columns and the other variants: Zoom's interface wording as translated by us, unverified.
_FRENCH_PARTICIPANTS = {
    "name": ("Nom (nom original)", "Nom d'utilisateur (nom original)", "Nom d'utilisateur", "Nom"),
    "email": ("Adresse e-mail de l'utilisateur", "E-mail de l'utilisateur", "Adresse e-mail", "E-mail", "Courriel"),
    "join": ("Heure d'arrivée", "Heure de connexion", "Heure d'entrée"),
    "leave": ("Heure de départ", "Heure de déconnexion", "Heure de sortie"),
    "duration": ("Durée (minutes)", "Durée de la session (minutes)", "Temps de session (minutes)"),
    "attended": ("A assisté", "Présent"),
    "waiting": ("Salle d'attente", "Dans la salle d'attente"),
    "country": ("Nom du pays/de la région", "Pays/région"),
}

# The meeting data block and the webinar summary. English: as in the issue. Spanish: the webinar's
# "Tema" and "Duración real (minutos)" as public code reading Spanish attendee reports spells them
# (offline code corpus); the rest ours, unverified. French: the meeting data block ("N° de
# réunion", "Sujet", "Heure de début", "Heure de fin", "Durée (minutes)") as the French script above
# spells it; the webinar's ours, unverified.
_ENGLISH_SUMMARY = {
    "topic": ("Topic",),
    "id": ("Meeting ID", "Webinar ID"),
    "start": ("Start Time", "Actual Start Time"),
    "end": ("End Time",),
    "duration": ("Duration (Minutes)", "Actual Duration (minutes)"),
}
_SPANISH_SUMMARY = {
    "topic": ("Tema",),
    "id": ("ID de reunión", "ID de la reunión", "ID del seminario web", "ID de seminario web"),
    "start": ("Hora de inicio", "Hora de inicio real"),
    "end": ("Hora de finalización", "Hora de fin"),
    "duration": ("Duración (minutos)", "Duración real (minutos)"),
}
_FRENCH_SUMMARY = {
    "topic": ("Sujet",),
    "id": ("N° de réunion", "ID de réunion", "ID du webinar", "ID du webinaire"),
    "start": ("Heure de début", "Heure de début réelle"),
    "end": ("Heure de fin",),
    "duration": ("Durée (minutes)", "Durée réelle (minutes)"),
}
# Columns only a webinar's summary has (same sources as above).
WEBINAR_SUMMARY = frozenset(
    fold(name)
    for name in (
        "Webinar ID",
        "Actual Start Time",
        "Actual Duration (minutes)",
        "Unique Viewers",
        "Max Concurrent Views",
        "ID del seminario web",
        "ID de seminario web",
        "Duración real (minutos)",
        "Espectadores exclusivos",
        "Vistas simultáneas máximas",
        "ID du webinar",
        "ID du webinaire",
        "Durée réelle (minutes)",
    )
)

# A webinar's sections. English: as in the issue. Spanish: "Detalles de asistente" as public code
# reading Spanish attendee reports spells it (offline code corpus); the rest, and French: ours,
# unverified.
SECTIONS = {
    fold(title): role
    for role, titles in {
        "panelist": (
            "Host Details",
            "Panelist Details",
            "Detalles del anfitrión",
            "Detalles de anfitrión",
            "Detalles del panelista",
            "Detalles de panelista",
            "Détails de l'hôte",
            "Détails des hôtes",
            "Détails du panéliste",
            "Détails des panélistes",
        ),
        "attendee": (
            "Attendee Details",
            "Detalles de asistente",
            "Detalles del asistente",
            "Détails du participant",
            "Détails des participants",
        ),
    }.items()
    for title in titles
}

# Attended and In Waiting Room: Yes/No, Sí/No (as in the Spanish code above), Oui/Non (as in the
# French script above).
YES = frozenset({"yes", "si", "oui"})
NO = frozenset({"no", "non"})


def _table(*languages: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, int]]:
    """Folded name -> (field, preference: lower is preferred)."""
    table: dict[str, tuple[str, int]] = {}
    for language in languages:
        for field, names in language.items():
            for rank, name in enumerate(names):
                key = fold(name)
                if key not in table or rank < table[key][1]:
                    table[key] = (field, rank)
    return table


PARTICIPANT_COLUMNS = _table(_ENGLISH_PARTICIPANTS, _SPANISH_PARTICIPANTS, _FRENCH_PARTICIPANTS)
SUMMARY_COLUMNS = _table(_ENGLISH_SUMMARY, _SPANISH_SUMMARY, _FRENCH_SUMMARY)
# What a header line must hold somewhere (folded), checked before its cells are folded one by one:
# data lines are most of a file.
HEADER_WORDS = tuple(
    name
    for name, (field, _rank) in (*PARTICIPANT_COLUMNS.items(), *SUMMARY_COLUMNS.items())
    if field in ("join", "topic", "id")
)

# --- Times -------------------------------------------------------------------------------------------

_CLOCK = r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?\s?m\.?)?"
# 10/21/2020 09:55:12 AM, 21/10/2020 09:55, 21.10.20 09:55:12: month or day first.
NUMERIC_DATE = re.compile(rf"(\d{{1,2}})[/.-](\d{{1,2}})[/.-](\d{{4}}|\d{{2}}),?\s+{_CLOCK}", re.IGNORECASE)
# 2020-10-21 09:55:12, 2020-10-21T09:55:12, 2020/10/21 09:55.
YEAR_FIRST_DATE = re.compile(rf"(\d{{4}})[/.-](\d{{1,2}})[/.-](\d{{1,2}})(?:T|,?\s+){_CLOCK}", re.IGNORECASE)
# Oct 21, 2020 09:55:12 AM.
MONTH_NAME_FIRST = re.compile(rf"([^\W\d_]+)\.?\s+(\d{{1,2}}),?\s+(\d{{4}}),?\s+{_CLOCK}", re.IGNORECASE)
# 21 Oct 2020 09:55:12, 21 oct. 2020 09:55, 21 de oct. de 2020 09:55.
DAY_FIRST_NAMED = re.compile(
    rf"(\d{{1,2}})\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{{4}}),?\s+{_CLOCK}", re.IGNORECASE
)
MONTHS = {
    fold(name): number
    for number, names in enumerate(
        (
            ("January", "Jan", "enero", "ene", "janvier", "janv"),
            ("February", "Feb", "febrero", "février", "févr", "fév"),
            ("March", "Mar", "marzo", "mars"),
            ("April", "Apr", "abril", "abr", "avril", "avr"),
            ("May", "mayo", "mai"),
            ("June", "Jun", "junio", "juin"),
            ("July", "Jul", "julio", "juillet", "juil"),
            ("August", "Aug", "agosto", "ago", "août"),
            ("September", "Sep", "Sept", "septiembre", "setiembre", "set", "septembre"),
            ("October", "Oct", "octubre", "octobre"),
            ("November", "Nov", "noviembre", "novembre"),
            ("December", "Dec", "diciembre", "dic", "décembre", "déc"),
        ),
        start=1,
    )
    for name in names
}
TIME_LIKE = re.compile(r"\d:\d\d")
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
ORIGINAL_NAME = re.compile(r"\(([^()]*)\)\s*\Z")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SEPARATORS = (",", ";", "\t")
# Years a time may have: others are slips, and near the calendar's ends converting between zones fails.
MIN_YEAR, MAX_YEAR = 1900, 2999

# A time read into its parts: (first, second, year, hour, minute, second); ``numeric`` when the
# first two are a month and a day in an order the file decides, else they are month, day.
_Stamp = tuple[int, int, int, int, int, int, bool]


def _clock(match: re.Match, at: int) -> tuple[int, int, int] | None:
    hour, minute, second, meridiem = match.group(at, at + 1, at + 2, at + 3)
    hour = int(hour)
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem.lower() == "p" else 0)
    return hour, int(minute), int(second or 0)


def _stamp(text: str) -> _Stamp | None:
    """The parts of a time as Zoom (or a spreadsheet that saved the file) writes it."""
    text = text.strip()
    numeric = False
    if match := NUMERIC_DATE.fullmatch(text):
        first, second, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        year += 2000 if year < 100 else 0
        numeric = True
    elif match := YEAR_FIRST_DATE.fullmatch(text):
        first, second, year = int(match.group(2)), int(match.group(3)), int(match.group(1))
    elif match := MONTH_NAME_FIRST.fullmatch(text):
        first, second, year = MONTHS.get(fold(match.group(1))), int(match.group(2)), int(match.group(3))
    elif match := DAY_FIRST_NAMED.fullmatch(text):
        first, second, year = MONTHS.get(fold(match.group(2))), int(match.group(1)), int(match.group(3))
    else:
        return None
    clock = _clock(match, 4)
    if first is None or clock is None:  # not a month's name, or not an hour of its clock
        return None
    return (first, second, year, *clock, numeric)


class _Clock:
    """Turns times into instants (seconds since the epoch) in one zone and date order, caching
    them: a file repeats its times (everyone leaves when the meeting ends)."""

    def __init__(self, tz: zoneinfo.ZoneInfo, order: str):
        self.tz, self.day_first = tz, order == "dmy"
        self.seconds: dict[str, int | None] = {}

    def moment(self, stamp: _Stamp, fold: int = 0) -> datetime.datetime | None:
        first, second, year, hour, minute, sec, numeric = stamp
        month, day = (second, first) if numeric and self.day_first else (first, second)
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        try:
            return datetime.datetime(year, month, day, hour, minute, sec, tzinfo=self.tz, fold=fold)
        except ValueError:
            return None

    def instant(self, text: str, stamp: _Stamp, fold: int = 0) -> int | None:
        if fold == 0 and text in self.seconds:
            return self.seconds[text]
        moment = self.moment(stamp, fold)
        seconds = None if moment is None else int(moment.timestamp())
        if fold == 0:
            self.seconds[text] = seconds
        return seconds


# --- The file as lines and rows ------------------------------------------------------------------------


def _text(data: bytes) -> str:
    if data.startswith(ZIP_MAGIC) or data.startswith(OLE_MAGIC):
        raise AttendanceReportRejected(
            _("This is an Excel workbook or an archive, not a CSV file: upload the .csv file Zoom exports.")
        )
    try:
        text = decode_text(data)
    except ImportRejected as exc:
        raise AttendanceReportRejected(str(exc)) from None
    if not text.strip():
        raise AttendanceReportRejected(_("The file is empty."))
    found = CONTROL.search(text)
    if found:
        line = len(LINE_BREAK.findall(text, 0, found.start())) + 1
        raise AttendanceReportRejected(
            _("This is not a CSV file: line %(line)s holds a control character (U+%(code)s).")
            % {"line": line, "code": f"{ord(found.group()):04X}"}
        )
    return text


def _not_zoom() -> AttendanceReportRejected:
    return AttendanceReportRejected(
        _(
            "This is not a Zoom attendance report: no line names the participants' columns (a name or an "
            "email, a join time and a leave time)."
        )
    )


def _columns(cells: list[str], table: dict[str, tuple[str, int]]) -> dict[str, int]:
    """Field -> index of its preferred column."""
    found: dict[str, tuple[int, int]] = {}
    for index, cell in enumerate(cells):
        hit = table.get(fold(cell))
        if hit and (hit[0] not in found or hit[1] < found[hit[0]][1]):
            found[hit[0]] = (index, hit[1])
    return {field: index for field, (index, _rank) in found.items()}


def _header(cells: list[str]) -> tuple[str, dict[str, int]] | None:
    """("participants" | "summary", its columns) when the row is a header."""
    joined = "\x1f".join(cells)
    if TIME_LIKE.search(joined):
        return None
    folded = fold.__wrapped__(joined)  # not cached: most rows come here once
    if not any(word in folded for word in HEADER_WORDS):
        return None
    columns = _columns(cells, PARTICIPANT_COLUMNS)
    if "join" in columns and "leave" in columns and ("name" in columns or "email" in columns):
        return "participants", columns
    columns = _columns(cells, SUMMARY_COLUMNS)
    if "topic" in columns or "id" in columns:
        return "summary", columns
    return None


def _separator(lines: list[str]) -> str:
    """The separator with which a line reads as the participants' header."""
    for line in lines:
        for separator in SEPARATORS:
            if separator not in line:
                continue
            try:
                cells = next(csv.reader([line], delimiter=separator))  # a line with a separator is a row
            except csv.Error:  # a value over csv's size limit
                continue
            found = _header(cells)
            if found and found[0] == "participants":
                return separator
    raise _not_zoom()


def _records(lines: list[str], separator: str) -> Iterable[tuple[int, list[str]]]:
    """(number of the record's first line, cells); a quoted value may span lines."""
    reader = csv.reader(lines, delimiter=separator)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error:
        raise AttendanceReportRejected(
            _("Line %(line)s could not be read as CSV: a quoted value is not closed or is too long.") % {"line": start}
        ) from None


@dataclass
class _Block:
    columns: dict[str, int]
    panelist: bool


@dataclass
class _Layout:
    """Where the file's participants' rows are, and its summary."""

    rows: list[tuple[int, list[str], _Block]]
    summary: dict[str, tuple[int, str]]  # field -> (line, value)
    webinar: bool
    countries: bool  # a participants' header has a country column
    notices: list[Notice]


def _layout(records: Iterable[tuple[int, list[str]]]) -> _Layout:
    rows: list[tuple[int, list[str], _Block]] = []
    summary: dict[str, tuple[int, str]] = {}
    notices: list[Notice] = []
    webinar = countries = found = False
    block: _Block | None = None
    section: str | None = None  # "panelist", "attendee", "unknown" (left out) or None (none yet)
    awaiting: dict[str, int] | None = None  # a summary header's columns, until its values
    for line, cells in records:
        if not "".join(cells).strip():
            continue
        title = cells[0].strip() if not "".join(cells[1:]).strip() else None
        if awaiting is not None and title is None:
            for field, index in awaiting.items():
                value = cells[index].strip() if index < len(cells) else ""
                if value and field not in summary:
                    summary[field] = (line, value)
            awaiting = None
            continue
        awaiting = None
        if title is not None:
            role = SECTIONS.get(fold(title))
            if role is not None:
                section, block, webinar = role, None, True
                continue
            if webinar:
                section, block = "unknown", None
                notices.append(
                    Notice(
                        line,
                        _(
                            "The section “%(title)s” is not one of Host, Panelist or Attendee Details: its rows "
                            "are left out."
                        )
                        % {"title": title},
                    )
                )
                continue
            if block is None:
                continue  # the report's title lines
        header = _header(cells)
        if header is not None:
            if section == "unknown":
                continue
            kind, columns = header
            if kind == "participants":
                block = _Block(columns, panelist=section == "panelist")
                found = True
                webinar = webinar or "attended" in columns
                countries = countries or "country" in columns
            else:
                awaiting, block = columns, None
                webinar = webinar or any(fold(cell) in WEBINAR_SUMMARY for cell in cells)
            continue
        if block is not None and section != "unknown":
            rows.append((line, cells, block))
    if not found:
        raise _not_zoom()
    return _Layout(rows, summary, webinar, countries, notices)


# --- Counting ---------------------------------------------------------------------------------------------


def _cell(cells: list[str], columns: dict[str, int], field: str) -> str:
    index = columns.get(field)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _person(cells: list[str], columns: dict[str, int]) -> str:
    email = _cell(cells, columns, "email").lower()
    if "@" in email:
        return email
    name = _cell(cells, columns, "name")
    original = ORIGINAL_NAME.search(name)
    if original and original.group(1).strip() and name[: original.start()].strip():
        name = original.group(1)
    return fold(name)


def _merged(segments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Segments merged where they overlap or touch."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(segments):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _peak(persons: Iterable[list[tuple[int, int]]]) -> tuple[int, int | None]:
    """(peak, its first instant): a join is 2t + 1 and a leave 2t, so that leaves sort first."""
    events = sorted(
        event for segments in persons for start, end in segments if end > start for event in (2 * start + 1, 2 * end)
    )
    count = peak = 0
    at = None
    for event in events:
        if event & 1:
            count += 1
            if count > peak:
                peak, at = count, event >> 1
        else:
            count -= 1
    return peak, at


def _date_order(evidence: dict[str, int], numeric: bool, date_order: str | None) -> str:
    if date_order is not None:
        return date_order
    if "dmy" in evidence and "mdy" in evidence:
        raise AttendanceReportRejected(
            _(
                "The dates mix two orders: line %(day_first)s puts the day first and line %(month_first)s the "
                "month first."
            )
            % {"day_first": evidence["dmy"], "month_first": evidence["mdy"]}
        )
    if "dmy" in evidence or "mdy" in evidence:
        return "dmy" if "dmy" in evidence else "mdy"
    if numeric:
        raise AttendanceReportRejected(
            _(
                "No date in this file shows whether the month or the day comes first (as in 03/04/2021): choose "
                "the date order (month first or day first) and import it again."
            )
        )
    return "mdy"  # no numeric dates: the order plays no part


def _minutes(seconds: float) -> int:
    return math.ceil(seconds / 60)


def read_attendance_report(
    *,
    data: bytes,
    tz: zoneinfo.ZoneInfo,
    date_order: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> AttendanceFigures:
    """The attendance figures of a Zoom report (see the module's docstring).

    ``date_order``: None infers the order of numeric dates from the file; "mdy" or "dmy" force it.
    ``progress(done, total)`` is told the data rows counted: at the start, every 2,000 rows and at the end.
    Raises ``AttendanceReportRejected`` when the file is not a readable Zoom report.
    """
    if date_order not in (None, "mdy", "dmy"):
        raise ValueError(f"date_order is None, 'mdy' or 'dmy', not {date_order!r}.")
    lines = LINE_BREAK.split(_text(bytes(data)))
    layout = _layout(_records(lines, _separator(lines)))
    total = len(layout.rows)
    if progress:
        progress(0, total)
    notices = layout.notices

    # First the times' parts, to learn the date order from them.
    stamps: dict[str, _Stamp | None] = {}
    evidence: dict[str, int] = {}
    numeric = False

    def parts(text: str, line: int) -> _Stamp | None:
        nonlocal numeric
        if text not in stamps:
            stamps[text] = _stamp(text)
        stamp = stamps[text]
        if stamp is not None and stamp[6]:
            numeric = True
            if stamp[0] > 12:
                evidence.setdefault("dmy", line)
            if stamp[1] > 12:
                evidence.setdefault("mdy", line)
        return stamp

    summary_stamps = {
        field: parts(layout.summary[field][1], layout.summary[field][0])
        for field in ("start", "end")
        if field in layout.summary
    }
    counted = []
    for line, cells, block in layout.rows:
        columns = block.columns
        if fold(_cell(cells, columns, "attended")) in NO or fold(_cell(cells, columns, "waiting")) in YES:
            continue  # a no-show, or someone the host never let in
        join, leave = _cell(cells, columns, "join"), _cell(cells, columns, "leave")
        counted.append((line, cells, block, join, parts(join, line), leave, parts(leave, line)))
    clock = _Clock(tz, _date_order(evidence, numeric, date_order))

    # The meeting, from its summary.
    started_at = None
    start = end = None
    for field, stamp in summary_stamps.items():
        line, text = layout.summary[field]
        moment = clock.moment(stamp) if stamp is not None else None
        if moment is None:
            if field == "start":
                message = _("The meeting's start time “%(value)s” could not be read.")
            else:
                message = _("The meeting's end time “%(value)s” could not be read.")
            notices.append(Notice(line, message % {"value": text}))
            continue
        if field == "start":
            started_at, start = moment, clock.instant(text, stamp)
        else:
            end = clock.instant(text, stamp)
    meeting_minutes = _float(layout.summary.get("duration", (0, ""))[1])
    if meeting_minutes is None or meeting_minutes <= 0:
        meeting_minutes = _minutes(end - start) if start is not None and end is not None and end > start else None

    segments: dict[str, list[tuple[int, int]]] = defaultdict(list)
    panelists: set[str] = set()
    country_of: dict[str, str] = {}
    done = total - len(counted)  # the rows left out above are done
    for line, cells, block, join, join_stamp, leave, leave_stamp in counted:
        done += 1
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)
        begin = clock.instant(join, join_stamp) if join_stamp is not None else None
        if begin is None:
            notices.append(Notice(line, _unreadable_join(join)))
            continue
        finish = clock.instant(leave, leave_stamp) if leave_stamp is not None else None
        if finish is None:
            notices.append(Notice(line, _unreadable_leave(leave)))
            continue
        if finish < begin:
            # In the hour the clocks repeat, the leave may be the second occurrence.
            finish = clock.instant(leave, leave_stamp, fold=1)
            if finish is None or finish < begin:
                notices.append(Notice(line, _("The leave time is before the join time: the row is left out.")))
                continue
        person = _person(cells, block.columns)
        if not person:
            notices.append(Notice(line, _("The row has neither a name nor an email: it is left out.")))
            continue
        notices.extend(Notice(line, message) for message in _duration_notices(cells, block, meeting_minutes))
        if meeting_minutes is not None and finish - begin > meeting_minutes * 60:
            notices.append(
                Notice(
                    line,
                    _("This stay (%(minutes)s minutes) is longer than the meeting (%(meeting)s minutes).")
                    % {"minutes": _minutes(finish - begin), "meeting": _number(meeting_minutes)},
                )
            )
        segments[person].append((begin, finish))
        if block.panelist:
            panelists.add(person)
        country = _cell(cells, block.columns, "country")
        if country and person not in country_of:
            country_of[person] = country

    merged = [_merged(person_segments) for person_segments in segments.values()]
    peak, peak_at = _peak(merged)
    attendees = [person for person in segments if person not in panelists]
    countries = Counter(country_of[person] for person in attendees if person in country_of)
    if progress:
        progress(total, total)
    return AttendanceFigures(
        platform="Zoom",
        report="webinar" if layout.webinar else "meeting",
        meeting_id="".join(layout.summary.get("id", (0, ""))[1].split()),
        topic=layout.summary.get("topic", (0, ""))[1],
        started_at=started_at,
        attendees=len(attendees),
        panelists=len(panelists) if layout.webinar else None,
        peak=peak,
        peak_at=None if peak_at is None else datetime.datetime.fromtimestamp(peak_at, tz),
        person_seconds=sum(end - start for person_segments in merged for start, end in person_segments),
        countries=dict(sorted(countries.items(), key=lambda item: (-item[1], item[0]))) if layout.countries else {},
        rows=total,
        notices=tuple(sorted(notices, key=lambda notice: notice.line or 0)),
    )


def _unreadable_join(value: str) -> str:
    if not value:
        return _("The row has no join time: it is left out.")
    return _("The join time “%(value)s” could not be read: the row is left out.") % {"value": value}


def _unreadable_leave(value: str) -> str:
    if not value:
        return _("The row has no leave time: it is left out.")
    return _("The leave time “%(value)s” could not be read: the row is left out.") % {"value": value}


def _float(text: str) -> float | None:
    """A number as Zoom or a spreadsheet writes it: 12, 12.5 or 12,5."""
    match = NUMBER.fullmatch(text)
    return float(match.group().replace(",", ".")) if match else None


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _duration_notices(cells: list[str], block: _Block, meeting_minutes: float | None) -> list[str]:
    """The Duration column is not counted, but a wrong one says the row may be wrong too."""
    text = _cell(cells, block.columns, "duration")
    if not text:
        return []
    minutes = _float(text)
    if minutes is None:
        return [_("The duration “%(value)s” could not be read: the times are counted.") % {"value": text}]
    if minutes < 0:
        return [_("The duration (%(minutes)s minutes) is negative: the times are counted.") % {"minutes": text}]
    if meeting_minutes is not None and minutes > meeting_minutes:
        return [
            _(
                "The duration (%(minutes)s minutes) is longer than the meeting (%(meeting)s minutes): the times "
                "are counted."
            )
            % {"minutes": text, "meeting": _number(meeting_minutes)}
        ]
    return []
