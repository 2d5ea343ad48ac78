"""Reading a written report (the GSEF template as text, the Markdown format of
``docs/report-format.md``, or a DOCX turned into lines by ``import_sources``) into a proposed
report: plain data, with every line it did not understand kept with its number and the reason.

Reads no database: the forum's roles and session kinds come in as a ``Vocabulary``. Headings are
recognised in English, Spanish and French; names, labels and headings are compared folded (case,
accents and spacing do not matter).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils import translation
from django.utils.translation import gettext as _

from ..enums import RoundKind
from .paste import BULLET, NUMBERED, ParsedPoint, points_from_lines


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form of a name, label or heading (cached: a reading
    folds the same labels and names for every line)."""
    if text.isascii():  # nothing to decompose
        plain = text.casefold()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w&/+]+", " ", plain).split())


# --- What the forum brings --------------------------------------------------------------------


@dataclass(frozen=True)
class RoleWords:
    slug: str
    category: str
    numbered: bool
    words: frozenset[str]  # folded names and headings, in every language the forum has them


@dataclass(frozen=True)
class Vocabulary:
    """A forum's own words: its roles and session kinds, folded."""

    roles: tuple[RoleWords, ...]
    kinds: dict[str, str]  # folded name or slug -> kind slug
    default_role: str | None  # where a speaker is named nowhere else
    opening_role: str | None  # a speaker first named in the introduction

    def role(self, text: str) -> RoleWords | None:
        key = fold(text)
        for role in self.roles:
            if key in role.words or key.rstrip("s") in role.words:
                return role
        return None


# --- The proposed report ----------------------------------------------------------------------


@dataclass
class Problem:
    line: int | None
    message: str
    text: str = ""
    blocking: bool = False


@dataclass
class ProposedParticipant:
    name: str
    role: str | None
    order: int
    post: str = ""
    line: int | None = None


@dataclass
class Turn:
    speaker: int  # index into ``Proposal.participants``
    lines: list[str] = field(default_factory=list)

    @property
    def points(self) -> list[ParsedPoint]:
        return points_from_lines(self.lines)


@dataclass
class Segment:
    kind: str
    title: str = ""
    questions: list[str] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    line: int | None = None


@dataclass
class ProposedQuestion:
    text: str
    asked_by: str = ""
    answered_by: str = ""
    answer: str = ""


@dataclass
class ProposedAttendance:
    count: int
    platform: str
    time: datetime.time | None
    note: str = ""


@dataclass
class Proposal:
    header: dict = field(default_factory=dict)  # title, subtitle, kind, number, date, time, end_time, …
    participants: list[ProposedParticipant] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    qa_note: str = ""
    questions: list[ProposedQuestion] = field(default_factory=list)
    takeaways: list[str] = field(default_factory=list)
    calls_to_action: list[str] = field(default_factory=list)
    attendance: list[ProposedAttendance] = field(default_factory=list)
    sponsors: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unit: str = "line"

    def is_empty(self) -> bool:
        return not (self.participants or self.segments or self.questions or self.takeaways or self.calls_to_action)


# --- Words of the template, in English, Spanish and French -----------------------------------

HEADER_LABELS = {
    "title": ("session title", "title", "titulo de la sesion", "titulo", "titre de la session", "titre"),
    "subtitle": ("subtitle", "subtitulo", "sous titre"),
    "kind": ("session type", "type", "tipo de sesion", "tipo", "type de session"),
    "number": ("number", "session number", "numero"),
    "date": ("date", "fecha"),
    "time": ("time", "hora", "heure", "horario"),
    "languages": (
        "language s",
        "languages",
        "idioma s",
        "idiomas",
        "idioma",
        "langue s",
        "langues",
        "interpretation",
    ),
    "platforms": ("platform s", "platforms", "platform", "plataforma s", "plataformas", "plateforme s", "plateformes"),
    "room": ("room", "venue", "sala", "lugar", "salle", "lieu"),
    "attendance": (
        "participants number of people connected",
        "participants",
        "attendance",
        "participantes numero de personas conectadas",
        "participantes",
        "asistencia",
        "participants nombre de personnes connectees",
        "nombre de participants",
    ),
    "sponsor": ("sponsor", "sponsors", "with the cooperation of", "con la cooperacion de", "avec la cooperation de"),
    "language": ("language", "report language", "language of the report", "idioma del informe", "langue du rapport"),
}
LABELS = {word: key for key, words in HEADER_LABELS.items() for word in words}
REPEATED = {"attendance", "sponsor"}
# The start of a footer that names the session's sponsor.
FOOTER = re.compile(
    r"^(with the (cooperation|support) of|in cooperation with|sponsored by|con la cooperacion de|con el apoyo de"
    r"|patrocinado por|avec la cooperation de|avec le soutien de)\b"
)
INTRODUCTION = {"introduction", "introduccion", "opening", "opening remarks", "apertura", "ouverture"}
CONCLUSIONS = {"conclusions", "conclusion", "conclusiones", "closing", "closing remarks", "clausura", "cloture"}
TAKEAWAYS = {
    "key takeaways",
    "takeaways",
    "key messages",
    "mensajes clave",
    "ideas clave",
    "points cles",
    "messages cles",
}
CALLS = {
    "calls to action",
    "call to action",
    "llamados a la accion",
    "llamadas a la accion",
    "appels a l action",
    "appels a l'action",
}
MATERIALS = {"materials", "materiales", "materiel", "documents"}
AUDIENCE = re.compile(
    r"(question|pregunta).*(audience|public|publico|asistentes|participant)"
    r"|^q a$|questions? (and|y|et) (answers|respuestas|reponses)"
)
ROUND = re.compile(r"^(round|ronda|tour|mesa)\s+(\d{1,2})(?:\s*[:.\-]\s*(.*))?$", re.IGNORECASE)
ORDINAL = re.compile(r"^(\d{1,2})\s*(st|nd|rd|th|a|o|er|re|e|eme)?\s+(round|ronda|tour)$")
ORDINAL_TAIL = re.compile(r"\s+(\d{1,2})\s*(st|nd|rd|th|a|o|er|re|e|eme)?\s+(round|ronda|tour)$")
GUIDING = re.compile(
    r"^(?:,\s*)?(guiding questions?|preguntas? guias?|preguntas? orientadoras?|questions? directrices?)\s*:\s*", re.I
)
ASKED_BY = {"asked by", "preguntado por", "pregunta de", "posee par"}
ANSWERED_BY = {"answered by", "respondido por", "respondida por", "repondu par", "reponse de"}
ANSWER = {"answer", "respuesta", "reponse"}
PAGE_NUMBER = re.compile(r"^(page|pagina|p)?\.?\s*\d{1,4}(\s*(/|of|de|sur)\s*\d{1,4})?$")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
STRONG = re.compile(r"^(\*\*|__)(.+?)(\*\*|__)$")
TABLE = re.compile(r"^\|(.*)\|$")
LABELLED = re.compile(r"^([^:]{2,60}?)\s*:\s*(.*)$")
TERMINAL = '.!?:;"”»)…'
HONORIFICS = {
    "dr",
    "dra",
    "mr",
    "mrs",
    "ms",
    "sr",
    "sra",
    "srta",
    "mme",
    "mlle",
    "m",
    "prof",
    "lic",
    "ing",
    "mtro",
    "mtra",
}

MONTHS = {
    **dict.fromkeys(("january", "jan", "enero", "ene", "janvier", "janv"), 1),
    **dict.fromkeys(("february", "feb", "febrero", "fevrier", "fev", "fevr"), 2),
    **dict.fromkeys(("march", "mar", "marzo", "mars"), 3),
    **dict.fromkeys(("april", "apr", "abril", "abr", "avril", "avr"), 4),
    **dict.fromkeys(("may", "mayo", "mai"), 5),
    **dict.fromkeys(("june", "jun", "junio", "juin"), 6),
    **dict.fromkeys(("july", "jul", "julio", "juillet", "juil"), 7),
    **dict.fromkeys(("august", "aug", "agosto", "ago", "aout"), 8),
    **dict.fromkeys(("september", "sep", "sept", "septiembre", "setiembre", "set", "septembre"), 9),
    **dict.fromkeys(("october", "oct", "octubre", "octobre"), 10),
    **dict.fromkeys(("november", "nov", "noviembre", "novembre"), 11),
    **dict.fromkeys(("december", "dec", "diciembre", "dic", "decembre"), 12),
}


@lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    """Folded language names in English, Spanish, French and the site's language -> code."""
    names = {}
    codes = {code for code in LANG_INFO if "name" in LANG_INFO[code]}
    for code in codes:
        info = LANG_INFO[code]
        names.setdefault(fold(info["name"]), code)
        names.setdefault(fold(info.get("name_local", "")), code)
        names.setdefault(fold(code), code)
    for language in {"en", "es", "fr", settings.LANGUAGE_CODE.split("-")[0]}:
        with translation.override(language):
            for code in codes:
                names.setdefault(fold(str(translation.get_language_info(code)["name_translated"])), code)
    names.pop("", None)
    return names


def parse_languages(text: str) -> list[str] | None:
    """ "Spanish - English - French" or "es, en, fr": the codes, None where a name is unknown."""
    parts = [fold(part) for part in re.split(r"\s+(?:-|–|/|and|y|et|&)\s+|[,;/]", text) if part.strip(" -")]
    codes = [_language_names().get(part) for part in parts]
    return None if not codes or None in codes else list(dict.fromkeys(codes))


def parse_date(text: str) -> datetime.date | None:
    """ISO, or a written date in English, Spanish or French ("October, 21 st 2020",
    "21 de octubre de 2020", "Oct. 21, 2020"); None where it is not one."""
    text = text.strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if iso:
        numbers = [int(part) for part in iso.groups()]
    else:
        words = re.findall(r"[^\W\d_]+|\d+", fold(text))
        months = [MONTHS[word] for word in words if word in MONTHS]
        digits = [int(word) for word in words if word.isdigit()]
        years = [n for n in digits if n >= 1000]
        days = [n for n in digits if 1 <= n <= 31]
        if len(months) != 1 or len(years) != 1 or len(days) != 1:
            return None
        numbers = [years[0], months[0], days[0]]
    try:
        return datetime.date(*numbers)
    except ValueError:
        return None


CLOCK = re.compile(r"(\d{1,2})\s*(?:[:.h]\s*(\d{2}))?\s*(a\.?\s?m\.?|p\.?\s?m\.?|h|hrs?|horas?)?", re.I)


def _clock(match) -> datetime.time | None:
    hour, minute, suffix = int(match.group(1)), int(match.group(2) or 0), fold(match.group(3) or "")
    if suffix.startswith("p") and hour < 12:
        hour += 12
    elif suffix.startswith("a") and hour == 12:
        hour = 0
    if match.group(2) is None and not suffix:
        return None
    return datetime.time(hour, minute) if hour < 24 and minute < 60 else None


def parse_times(text: str) -> list[datetime.time] | None:
    """ "8:30 a.m.", "08:30", "8h30", "8:30 – 10:00 (Mexico City, UTC−5)": the start (and end)."""
    text = re.sub(r"\(.*?\)", "", text).strip()
    found = [_clock(m) for m in CLOCK.finditer(text) if m.group(0).strip()]
    found = [time for time in found if time is not None]
    return found[:2] or None


def parse_attendance(text: str) -> ProposedAttendance | None:
    """ "441 (Zoom, 9:55 hrs)", "1,234 (YouTube) — peak": count, platform, time, note."""
    match = re.fullmatch(r"([\d][\d.,\s\u00a0\u202f]*)\s*(?:\((.*?)\))?\s*(?:[—–-]\s*(.*))?", text.strip())
    if not match:
        return None
    count = int(re.sub(r"\D", "", match.group(1)))
    platform, time = "", None
    for part in (match.group(2) or "").split(","):
        clock = CLOCK.fullmatch(part.strip())
        if clock and _clock(clock):
            time = _clock(clock)
        elif part.strip():
            platform = ", ".join(filter(None, [platform, part.strip()]))
    return ProposedAttendance(count=count, platform=platform, time=time, note=(match.group(3) or "").strip())


# --- Cleaning what a PDF-to-text conversion leaves --------------------------------------------


def _words(text):
    return set(fold(text).split())


def clean_text_lines(lines: list[tuple[int, str]], proposal: Proposal) -> list[tuple[int, str]]:
    """Drop page furniture (the sponsor's footer, logos' text, page numbers, lines without words),
    keep the sponsor it names, then join words hyphenated across lines and sentences a page end
    cut."""
    folded = [fold(BULLET.sub("", text.strip().lstrip("> "))) for _n, text in lines]
    footers = [i for i, key in enumerate(folded) if FOOTER.match(key)]
    # The footer's words: its text after the label, and what repeatedly follows a bare label.
    vocabulary: set[str] = set()
    following = Counter()
    for i in footers:
        rest = FOOTER.sub("", folded[i]).strip(" :")
        vocabulary |= set(rest.split())
        nxt = next((j for j in range(i + 1, min(i + 4, len(lines))) if folded[j]), None)
        if nxt is not None and not rest:
            following[folded[nxt]] += 1
    for text, count in following.items():
        if count >= 2:
            vocabulary |= set(text.split())
    furniture = set(footers)
    for i in footers:
        j, taken = i + 1, 0
        while j < len(lines) and taken < 3:
            if folded[j]:
                words = set(folded[j].split())
                if not words <= vocabulary | {w for w in words if len(w) == 1}:
                    break
                furniture.add(j)
                taken += 1
            j += 1
    repeated = Counter(key for key in folded if key)
    for i, key in enumerate(folded):
        raw = lines[i][1].strip()
        if not key and raw and not re.search(r"\w", raw):
            furniture.add(i)  # "******* **`**": a logo or rule, no words
        elif PAGE_NUMBER.match(key) and repeated[key] < 3 or (key and repeated[key] >= 3 and FOOTER.match(key)):
            furniture.add(i)
    sponsors = Counter()
    for i in sorted(furniture):
        if FOOTER.match(folded[i]):
            text = re.sub(r"^.*?:\s*", "", lines[i][1].strip()) if ":" in lines[i][1] else ""
            parts = [text] if text else []
            j = i + 1
            while j < len(lines) and (not folded[j] or j in furniture) and not FOOTER.match(folded[j]):
                if folded[j]:
                    parts.append(lines[j][1].strip())
                j += 1
            name = " ".join(parts)
            name = re.sub(r"^[A-Z]\s+", "", name)  # a logo's letter before the name
            if name:
                sponsors[name] += 1
    if sponsors:
        best = max(sponsors.items(), key=lambda item: (len(item[0]) * item[1], item[1]))[0]
        proposal.sponsors.append(best)
    if furniture:
        proposal.problems.append(
            Problem(
                None,
                _("%(count)d lines of page furniture (footers, logos' text, page numbers) were left out.")
                % {"count": len(furniture)},
            )
        )
    kept = [line for i, line in enumerate(lines) if i not in furniture]
    return _join_cut_lines(kept)


def _join_cut_lines(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    joined: list[tuple[int, str]] = []
    for number, text in lines:
        stripped = text.strip()
        previous = next((k for k in range(len(joined) - 1, -1, -1) if joined[k][1].strip()), None)
        if stripped and previous is not None and stripped[0].islower() and not BULLET.match(stripped):
            before = joined[previous][1].rstrip()
            blanks = len(joined) - 1 - previous
            if re.search(r"[^\W\d_]-$", before):
                joined[previous] = (joined[previous][0], before[:-1] + stripped)
                del joined[previous + 1 :]
                continue
            if blanks and before and before[-1] not in TERMINAL:
                joined[previous] = (joined[previous][0], f"{before} {stripped}")
                del joined[previous + 1 :]
                continue
        joined.append((number, text))
    return joined


# --- Names ------------------------------------------------------------------------------------


def name_key(name: str) -> str:
    """A person's name as matched: folded, "FAMILY, Given" turned round, honorifics dropped."""
    if "," in name:
        family, given = name.split(",", 1)
        name = f"{given} {family}"
    words = [word for word in fold(name).split() if word not in HONORIFICS]
    return " ".join(words)


def split_entry(text: str) -> tuple[str, str]:
    """ "Name, post" (or "FAMILY NAME, Given, post") as the header lists people."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) >= 2 and parts[0].isupper() and len(parts[0]) > 1 and parts[1] and not parts[1].isupper():
        return f"{parts[0]}, {parts[1]}", ", ".join(parts[2:]).rstrip(".").strip()
    name, _sep, post = text.partition(",")
    post = post.strip()
    return name.strip(), post[:-1] if post.endswith(".") and not re.search(r"\b\w\.\w\.$", post) else post


def _looks_like_name(text: str) -> bool:
    words = text.split()
    capitalised = all(w[:1].isupper() or w.islower() or not w[:1].isalpha() for w in words)
    return 1 <= len(words) <= 6 and text[-1:] not in TERMINAL and capitalised


# --- The reader -------------------------------------------------------------------------------


class _Reader:
    def __init__(self, *, vocabulary: Vocabulary, unit: str):
        self.vocabulary = vocabulary
        self.proposal = Proposal(unit=unit)
        self.names: dict[str, int] = {}
        self.mode = "header"
        self.role: RoleWords | None = None
        self.role_orders: Counter = Counter()
        self.segment: Segment | None = None
        self.turn: Turn | None = None
        self.by_speaker = False
        self.speaker_round = 0  # in the seed's layout: which numbered round the speaker's points go to
        self.speaker: int | None = None
        self.header_row: tuple[str, str] | None = None
        self.front_matter = False
        self.after_title = False  # the line after a title heading may be its subtitle

    # Problems

    def skip(self, number, text, reason):
        self.proposal.problems.append(Problem(number, reason, text=text[:200]))

    # Participants

    def participant(self, name, *, role=None, post="", number=None, create=True):
        key = name_key(name)
        if key in self.names:
            index = self.names[key]
            found = self.proposal.participants[index]
            if role and found.role is None:
                found.role = role
            if post and not found.post:
                found.post = post
            return index
        if not create:
            return None
        role = role or (self.vocabulary.default_role if create is True else create)
        self.role_orders[role] += 1
        self.proposal.participants.append(
            ProposedParticipant(name=name.strip(), role=role, order=self.role_orders[role], post=post, line=number)
        )
        self.names[key] = len(self.proposal.participants) - 1
        return self.names[key]

    def known_speaker(self, text):
        """The participant a heading-like line names (with a trailing "1st Round"), if any."""
        ordinal = None
        tail = ORDINAL_TAIL.search(fold(text))
        if tail:
            ordinal = int(tail.group(1))
            text = text[: len(text) - len(text.split()[-1]) - 1].rstrip()
            text = re.sub(r"\s+\d{1,2}\s*\S*$", "", text)
        index = self.names.get(name_key(text))
        return (index, ordinal) if index is not None else None

    # Segments and turns

    def start_segment(self, kind, *, title="", number=None):
        self.mode = "body"
        self.turn = None
        self.speaker = None
        previous = self.segment
        if (
            kind == RoundKind.ROUND
            and previous is not None
            and previous.kind == RoundKind.ROUND
            and not previous.turns
            and previous.questions
        ):
            self.by_speaker = True  # rounds' questions first, then each speaker's points by round
        elif kind != RoundKind.ROUND:
            self.by_speaker = False
        existing = next(
            (
                s
                for s in self.proposal.segments
                if s.kind == kind and kind in (RoundKind.INTRODUCTION, RoundKind.CONCLUSIONS)
            ),
            None,
        )
        self.segment = existing or Segment(kind=kind, title=title, line=number)
        if existing is None:
            self.proposal.segments.append(self.segment)

    def rounds(self):
        return [s for s in self.proposal.segments if s.kind == RoundKind.ROUND]

    def start_turn(self, index, ordinal=None):
        self.speaker = index
        self.speaker_round = ordinal or 1
        if self.segment is None:
            self.start_segment(RoundKind.OTHER, title="")
        segment = self.segment
        if self.by_speaker and segment.kind == RoundKind.ROUND:
            rounds = self.rounds()
            segment = rounds[min(self.speaker_round, len(rounds)) - 1]
        self.turn = Turn(speaker=index)
        segment.turns.append(self.turn)

    def switch_round(self, ordinal):
        rounds = self.rounds()
        if self.speaker is None or not rounds or ordinal > len(rounds):
            return False
        self.turn = Turn(speaker=self.speaker)
        rounds[ordinal - 1].turns.append(self.turn)
        return True

    # Lines

    def header_field(self, key, value, number, raw):
        value = value.strip()
        header = self.proposal.header
        if not value:
            return
        if key == "attendance":
            attendance = parse_attendance(value)
            if attendance is None:
                self.skip(number, raw, _("Attendance is a count, then the platform and time in brackets."))
            else:
                self.proposal.attendance.append(attendance)
        elif key == "sponsor":
            self.proposal.sponsors.append(value)
        elif key == "date":
            date = parse_date(value)
            if date is None:
                self.skip(number, raw, _("This date could not be read: write it as 2020-10-21 or 21 October 2020."))
            header["date"] = date
        elif key == "time":
            times = parse_times(value)
            if times is None:
                self.skip(number, raw, _("This time could not be read: write it as 08:30."))
            else:
                header["time"] = times[0]
                if len(times) > 1:
                    header["end_time"] = times[1]
        elif key in ("languages", "language"):
            codes = parse_languages(value)
            if codes is None:
                self.skip(number, raw, _("A language here is unknown."))
            elif key == "language":
                header["language"] = codes[0]
            else:
                header["languages"] = codes
        elif key == "kind":
            header["kind_name"] = value
        elif key == "number":
            if value.isdigit():
                header["number"] = int(value)
            else:
                self.skip(number, raw, _("A session's number is a whole number."))
        else:
            header[key] = value

    def table_row(self, cells, number, raw):
        cells = [cell.strip() for cell in cells]
        if all(re.fullmatch(r":?-{2,}:?|", cell) for cell in cells):
            return
        label, value = (cells + ["", ""])[:2]
        if len(cells) > 2:
            value = " ".join(filter(None, cells[1:]))
        if label and self.header_row and not self.header_row[0].rstrip().endswith(":") and not self.header_row[1]:
            label = f"{self.header_row[0]} {label}"  # a label wrapped over two rows
        elif not label and self.header_row:  # a row under the one before: its second line
            key = LABELS.get(fold(self.header_row[0]))
            if key == "title" and not self.proposal.header.get("subtitle"):
                # The template's title takes two lines: the title, then the subtitle.
                self.proposal.header["title"] = self.proposal.header.get("title", "").rstrip(":").strip()
                self.proposal.header["subtitle"] = value
            elif key:
                self.header_row = (self.header_row[0], f"{self.header_row[1]} {value}".strip())
                self.header_field(key, self.header_row[1], number, raw)
            return
        self.header_row = (label, value)
        key = LABELS.get(fold(label))
        if key is None:
            if value:
                self.skip(number, raw, _("This header field is not one the report has."))
            return
        self.header_field(key, value, number, raw)

    def heading(self, text, level, number, raw):
        """A line that stands for a heading (Markdown, a DOCX style, bold, or a template's line)."""
        if self.segment_heading(text, number):
            return
        if self.mode == "header" and level == 1 and not self.vocabulary.role(text) and not self.known_speaker(text):
            # The document's title, as a DOCX export (and many a rapporteur) puts it first.
            self.proposal.header.setdefault("title", text.strip())
            self.after_title = True
            return
        role = self.vocabulary.role(text) if level in (None, 1) else None  # "## Keynote" is a segment
        if role is not None:
            self.mode, self.role = "roles", role
            return
        speaker = self.known_speaker(text)
        if speaker:
            self.start_turn(*speaker)
            return
        ordinal = ORDINAL.match(fold(text))
        if ordinal:
            if not self.switch_round(int(ordinal.group(1))):
                self.skip(number, raw, _("This round heading comes before any speaker or round."))
            return
        if level is not None and level <= 2 or level is None and not _looks_like_name(text):
            self.start_segment(RoundKind.OTHER, title=text.strip().rstrip(":"), number=number)
        else:
            self.start_turn(self.participant(text, number=number))

    def segment_heading(self, text, number):
        """Introduction, Round N, Conclusions, audience, takeaways, calls to action: with what
        follows a colon on the same line (a guiding question, or the introduction's speaker)."""
        head, _colon, rest = text.partition(":")
        key = fold(head)
        guiding = GUIDING.match(text[len(head.split(",")[0]) :]) if "," in head else None
        if guiding:
            key, rest = fold(head.split(",")[0]), text[len(head.split(",")[0]) + guiding.end() :]
        rest = rest.strip()
        numbered_round = ROUND.match(text.strip())
        if numbered_round:
            self.start_segment(RoundKind.ROUND, title=(numbered_round.group(3) or "").strip(), number=number)
            return True
        if key in INTRODUCTION:
            self.start_segment(RoundKind.INTRODUCTION, number=number)
            if rest:
                self.inline_speaker(rest, number, introduction=True)
            return True
        if key in CONCLUSIONS:
            self.start_segment(RoundKind.CONCLUSIONS, number=number)
            if rest:
                self.segment.questions.append(rest)
            return True
        if AUDIENCE.search(fold(text)):
            self.mode, self.turn, self.segment = "qa", None, None
            return True
        if fold(text) in TAKEAWAYS or fold(text) in CALLS:
            self.mode, self.turn, self.segment = ("takeaways" if fold(text) in TAKEAWAYS else "calls"), None, None
            return True
        if fold(text) in MATERIALS:
            self.mode, self.turn, self.segment = "materials", None, None
            return True
        return False

    def inline_speaker(self, text, number, *, introduction=False):
        """ "Tomas Damerau, Ministry of Labor. The issue of…": a speaker, their post, their first point."""
        for key, index in self.names.items():
            if name_key(text[: len(text.split(",")[0])]) == key:
                rest = text[len(text.split(",")[0]) :].lstrip(", ")
                self.start_turn(index)
                if rest:
                    self.turn.lines.append(rest)
                return
        name, _sep, rest = text.partition(",")
        post, point = rest, ""
        sentence = re.search(r"(?<!\b[A-Z])\.\s+(?=[A-Z“\"])", rest)
        if sentence:
            post, point = rest[: sentence.start()], rest[sentence.end() :]
        role = self.vocabulary.opening_role if introduction else None
        index = self.participant(name.strip(), role=role, post=post.strip().rstrip("."), number=number)
        self.start_turn(index)
        if point:
            self.turn.lines.append(point)

    def role_entry(self, text, number, raw):
        entry = NUMBERED.match(BULLET.sub("", text).strip())
        body = entry.group(2) if entry else BULLET.sub("", text).strip()
        name, post = split_entry(body)
        if not _looks_like_name(name):
            return False
        if name_key(name) in self.names:
            found = self.proposal.participants[self.names[name_key(name)]]
            self.skip(number, raw, _("%(name)s is listed twice: the first entry is kept.") % {"name": found.name})
            return True
        index = self.participant(name, role=self.role.slug, post=post, number=number)
        if entry and self.role.numbered:
            self.proposal.participants[index].order = int(entry.group(1))
            self.role_orders[self.role.slug] = max(self.role_orders[self.role.slug], int(entry.group(1)))
        return True

    def line(self, number, raw):
        text = raw.strip()
        if self.front_matter:
            if text == "---":
                self.front_matter = False
                return
            label = LABELLED.match(text)
            key = LABELS.get(fold(label.group(1))) if label else None
            if key is None:
                if text:
                    self.skip(number, raw, _("This header field is not one the report has."))
                return
            self.header_field(key, label.group(2), number, raw)
            return
        if not text:
            if self.turn is not None:
                self.turn.lines.append("")
            return
        table = TABLE.match(text)
        if table and self.mode == "header":
            self.table_row(table.group(1).split("|"), number, raw)
            return
        heading = HEADING.match(text)
        strong = STRONG.match(BULLET.sub("", text).strip())
        if heading or strong:
            self.heading(
                heading.group(2) if heading else strong.group(2),
                len(heading.group(1)) if heading else None,
                number,
                raw,
            )
            return
        bare = BULLET.sub("", text).strip().lstrip("> ").strip()
        # The template's own headings and a known speaker's name stand on a line of their own.
        if self.template_line(bare, number, raw):
            return
        getattr(self, f"in_{self.mode}")(number, raw, text, bare)

    def template_line(self, bare, number, raw):
        if self.segment_heading(bare, number):
            return True
        label = LABELLED.match(bare)
        if label:
            role = self.vocabulary.role(label.group(1))
            if role is not None and not label.group(2):
                self.mode, self.role = "roles", role
                return True
            if role is not None and self.mode != "header" and _looks_like_name(split_entry(label.group(2))[0]):
                # "Moderator: Marisol Fernández Alonso" — a turn, by role.
                name, post = split_entry(label.group(2))
                self.start_turn(self.participant(name, role=role.slug, post=post, number=number))
                return True
        if self.mode in ("body", "roles") and _looks_like_name(bare):
            speaker = self.known_speaker(bare)
            if speaker:
                self.start_turn(*speaker)
                return True
        ordinal = ORDINAL.match(fold(bare))
        return bool(ordinal and self.mode == "body" and self.switch_round(int(ordinal.group(1))))

    def in_header(self, number, raw, text, bare):
        after_title, self.after_title = self.after_title, False
        label = LABELLED.match(bare)
        key = LABELS.get(fold(label.group(1))) if label else None
        if key is not None:
            self.header_field(key, label.group(2), number, raw)
            return
        cover = re.fullmatch(
            r"(.+?)\s+(\d{1,3})(?:\s+(session report|informe de la sesion|rapport de session))?", fold(bare)
        )
        if cover and cover.group(1) in self.vocabulary.kinds:
            self.proposal.header.setdefault("kind_name", cover.group(1))
            self.proposal.header.setdefault("number", int(cover.group(2)))
            return
        if after_title and not label:
            self.proposal.header.setdefault("subtitle", bare)
            return
        self.skip(number, raw, _("Not part of the report's header: left out."))

    def in_roles(self, number, raw, text, bare):
        if not self.role_entry(text, number, raw):
            self.skip(number, raw, _("Not a person's name followed by their post: left out."))

    def in_body(self, number, raw, text, bare):
        if self.turn is None:
            if self.segment is not None and (not self.segment.turns or self.by_speaker and not self.speaker):
                questions = self.segment.questions
                if questions and questions[-1][-1:] not in "?.!:" and bare[:1].islower():
                    questions[-1] = f"{questions[-1]} {bare}"
                else:
                    questions.append(bare)
                return
            self.skip(number, raw, _("No speaker is named above this text: left out."))
            return
        self.turn.lines.append(raw.rstrip())

    def in_qa(self, number, raw, text, bare):
        questions = self.proposal.questions
        label = LABELLED.match(bare)
        if questions and label and fold(label.group(1)) in ASKED_BY | ANSWERED_BY | ANSWER:
            key = fold(label.group(1))
            field = "asked_by" if key in ASKED_BY else "answered_by" if key in ANSWERED_BY else "answer"
            setattr(questions[-1], field, label.group(2).strip())
            return
        if BULLET.match(text) or NUMBERED.match(text):
            body = NUMBERED.match(bare)
            questions.append(ProposedQuestion(text=body.group(2) if body and not BULLET.match(text) else bare))
        elif questions and questions[-1].answer:
            questions[-1].answer = f"{questions[-1].answer} {bare}"
        elif questions:
            questions[-1].text = f"{questions[-1].text} {bare}"
        else:
            self.proposal.qa_note = " ".join(filter(None, [self.proposal.qa_note, bare]))

    def _statement(self, target, text, bare):
        if BULLET.match(text) or NUMBERED.match(text) or not target:
            body = NUMBERED.match(bare)
            target.append(body.group(2) if body and not BULLET.match(text) else bare)
        else:
            target[-1] = f"{target[-1]} {bare}"

    def in_takeaways(self, number, raw, text, bare):
        self._statement(self.proposal.takeaways, text, bare)

    def in_calls(self, number, raw, text, bare):
        self._statement(self.proposal.calls_to_action, text, bare)

    def in_materials(self, number, raw, text, bare):
        self.skip(number, raw, _("Materials are added in the admin: left out."))


def read_report(*, lines: list[tuple[int, str]], format: str, unit: str, vocabulary: Vocabulary) -> Proposal:
    """The proposed report in ``lines`` (see ``import_sources.Source``)."""
    reader = _Reader(vocabulary=vocabulary, unit=unit)
    if format == "txt":
        lines = clean_text_lines(lines, reader.proposal)
    first = next((i for i, (_n, text) in enumerate(lines) if text.strip()), None)
    if first is not None and lines[first][1].strip() == "---":
        reader.front_matter = True
        lines = lines[first + 1 :]
    for number, raw in lines:
        reader.line(number, raw)
    proposal = reader.proposal
    proposal.sponsors = list(dict.fromkeys(proposal.sponsors))
    for segment in proposal.segments:
        segment.turns = [turn for turn in segment.turns if turn.points] or []
    return proposal
