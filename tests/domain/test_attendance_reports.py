"""Zoom attendance reports counted into figures (``domain.attendance_reports``), without a database.

Each file under tests/data/zoom is one format or quirk, written by hand; each test writes out the
figures computed by hand from it (a comment says how). Times are in minutes past the hour unless
said otherwise; a segment's seconds are (leave - join) in minutes × 60.
"""

import csv
import datetime
import io
import random
import zoneinfo
from pathlib import Path

import pytest

from gsef_sessions.domain.attendance_reports import (
    AttendanceFigures,
    AttendanceReportRejected,
    Notice,
    read_attendance_report,
)

ZOOM = Path(__file__).resolve().parent.parent / "data" / "zoom"
MADRID = zoneinfo.ZoneInfo("Europe/Madrid")
LONDON = zoneinfo.ZoneInfo("Europe/London")
MEETING_HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest"
NOT_ZOOM = (
    "This is not a Zoom attendance report: no line names the participants' columns (a name or an email, a "
    "join time and a leave time)."
)
WORKBOOK = "This is an Excel workbook or an archive, not a CSV file: upload the .csv file Zoom exports."
AMBIGUOUS = (
    "No date in this file shows whether the month or the day comes first (as in 03/04/2021): choose the date "
    "order (month first or day first) and import it again."
)


def read(name, tz=MADRID, **kwargs):
    return read_attendance_report(data=(ZOOM / name).read_bytes(), tz=tz, **kwargs)


def rejected(data, **kwargs):
    with pytest.raises(AttendanceReportRejected) as caught:
        read_attendance_report(data=data, tz=kwargs.pop("tz", MADRID), **kwargs)
    return str(caught.value)


def meeting(*rows):
    """A meeting participants export of these rows."""
    return "\n".join([MEETING_HEADER, *rows, ""]).encode()


def figures(**fields):
    """The figures of a meeting export with nothing but ``fields`` to say."""
    defaults = {
        "platform": "Zoom",
        "report": "meeting",
        "meeting_id": "",
        "topic": "",
        "started_at": None,
        "panelists": None,
        "countries": {},
        "notices": (),
    }
    return AttendanceFigures(**{**defaults, **fields})


# meeting_plain.csv, month first (line 2's "10/21/2020": 21 can only be a day), 10:xx on 21 October 2020.
# Host One 09:50–11:00 = 70 min. Ana Pérez by her email (its case and spaces do not matter):
# 10:00–10:30, 10:20–10:45 (overlaps) and 10:45–10:50 (touches) merge into 10:00–10:50 = 50 min.
# "Bob (Robert Smith)" is Robert Smith, his original name: 10:05–10:15 and 10:40–11:00 = 30 min.
# "Carla, Jr." (quoted, with a comma) 10:10–10:20 = 10 min. Total 160 min = 9,600 s.
# Peak: host, Ana (10:00), Robert (10:05), Carla (10:10) = 4 at 10:10; Robert leaves at 10:15.
PLAIN = figures(
    attendees=4,
    peak=4,
    peak_at=datetime.datetime(2020, 10, 21, 10, 10, tzinfo=MADRID),
    person_seconds=160 * 60,
    rows=7,
)


def test_read_meeting_export_merges_reconnects_by_email_and_original_name():
    assert read("meeting_plain.csv") == PLAIN


def _rewritten(data, separator):
    rows = list(csv.reader(io.StringIO(data.decode())))
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


@pytest.mark.parametrize(
    "transform",
    [
        lambda data: _rewritten(data, ";"),  # Excel in Spanish and French locales
        lambda data: _rewritten(data, "\t"),
        lambda data: b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"),  # a BOM and Windows line ends
        lambda data: data.decode().encode("utf-16"),  # Excel's "Unicode text": UTF-16 with its BOM
        lambda data: data.decode().encode("cp1252"),  # saved by an older Windows spreadsheet
    ],
    ids=["semicolon", "tab", "bom-crlf", "utf-16", "cp1252"],
)
def test_read_meeting_export_separator_and_encoding_make_no_difference(transform):
    data = transform((ZOOM / "meeting_plain.csv").read_bytes())
    assert read_attendance_report(data=data, tz=MADRID) == PLAIN


def test_read_meeting_export_with_meeting_data_block_takes_its_id_topic_and_start():
    # Host One 09:55:12–11:25:40 = 1 h 30 min 28 s = 5,428 s. Jane Doe (Jane D.) and Jane D. share an
    # email: 10:00–10:40 and 10:30–11:10 merge into 10:00–11:10 = 4,200 s. Pat Lee 10:02:30–10:30:00 =
    # 1,650 s. Total 11,278 s. Peak 3 when Pat joins at 10:02:30. The meeting lasted 91 minutes: no
    # stay (at most the host's 5,428 s < 5,460 s) nor Duration (at most 91) is longer.
    assert read("meeting_with_meeting_data.csv") == figures(
        meeting_id="85218486288",
        topic="GSEF 2020, Plenary 3",
        started_at=datetime.datetime(2020, 10, 21, 9, 55, 12, tzinfo=MADRID),
        attendees=3,
        peak=3,
        peak_at=datetime.datetime(2020, 10, 21, 10, 2, 30, tzinfo=MADRID),
        person_seconds=5428 + 4200 + 1650,
        rows=4,
    )


def test_read_newer_meeting_export_leaves_out_rows_in_the_waiting_room():
    # Day first, 24-hour clock, no seconds (21/06/2023), in New York. In Waiting Room = Yes: Waiting
    # Person's 13:55–14:02 and all of Only Waited are left out. Host One 14:00–15:00 = 60 min, Waiting
    # Person 14:02–14:30 = 28 min, Lee Chan 14:10–14:50 = 40 min: 128 min. Peak 3 when Lee joins at 14:10.
    new_york = zoneinfo.ZoneInfo("America/New_York")
    assert read("meeting_newer.csv", tz=new_york) == figures(
        attendees=3,
        peak=3,
        peak_at=datetime.datetime(2023, 6, 21, 14, 10, tzinfo=new_york),
        person_seconds=128 * 60,
        rows=5,
    )


def test_read_webinar_report_counts_roles_countries_and_leaves_out_no_shows_and_unknown_sections():
    # Panelists: Host One 09:55–11:00 = 65 min (also listed as an attendee, 10:50–10:58, inside it:
    # a panelist all the same); Panel Ist 10:00–10:30 and 10:25–10:50 = 10:00–10:50 = 50 min.
    # Attendees: Ana 10:00–10:20 and 10:10–10:40 = 40 min; Bruno 10:05–10:35 and 10:45–10:55 = 40 min;
    # Chloé 10:15–10:30 = 15 min; Fay 10:20–10:25 = 5 min. Dan and Eve did not attend (No, "--").
    # Total 65 + 50 + 40 + 40 + 15 + 5 = 215 min. Peak: host, panelist, Ana (10:00), Bruno (10:05),
    # Chloé (10:15), Fay (10:20) = 6 at 10:20. Countries of attendees, the first given: Ana Spain (her
    # second row has none), Bruno Brazil (his first has none), Chloé France, Fay none; the host's
    # Spain and the no-shows' are not counted. "Other Attended" (line 23) and its row are left out.
    # Rows: 1 host, 2 panelist and 9 attendee rows.
    assert read("webinar.csv") == AttendanceFigures(
        platform="Zoom",
        report="webinar",
        meeting_id="98765432100",
        topic="GSEF 2020 Plenary 3",
        started_at=datetime.datetime(2020, 10, 21, 9, 55, tzinfo=MADRID),
        attendees=4,
        panelists=2,
        peak=6,
        peak_at=datetime.datetime(2020, 10, 21, 10, 20, tzinfo=MADRID),
        person_seconds=215 * 60,
        countries={"Spain": 1, "Brazil": 1, "France": 1},
        rows=12,
        notices=(
            Notice(
                23,
                "The section “Other Attended” is not one of Host, Panelist or Attendee Details: its rows are left out.",
            ),
        ),
    )


def test_read_webinar_report_preamble_on_lines_of_their_own_makes_no_difference():
    # "Report Generated:" and its date on two lines: the same figures, the notice a line further down.
    data = (ZOOM / "webinar.csv").read_bytes().replace(b'Generated:,"Oct', b'Generated:\n"Oct')
    result = read_attendance_report(data=data, tz=MADRID)
    assert (result.attendees, result.panelists, result.peak, result.person_seconds, result.rows) == (
        4,
        2,
        6,
        215 * 60,
        12,
    )
    assert [notice.line for notice in result.notices] == [24]


def test_read_spanish_export_with_semicolons_bom_and_day_first_dates():
    # Day first (21/10/2020), in Bogotá (UTC-5, no daylight saving time). "Espera" waited (En sala de
    # espera = Sí): left out. Anfitriona 16:00–17:30 = 90 min; José 16:05–16:45 and 16:40–17:10 =
    # 16:05–17:10 = 65 min; "María (María López)" and "maria lopez" are one person (folded original
    # name): 16:10–16:20 and 16:30–16:50 = 30 min. Total 185 min. Peak 3 when María joins at 16:10.
    bogota = zoneinfo.ZoneInfo("America/Bogota")
    assert read("spanish_semicolon_bom.csv", tz=bogota) == figures(
        meeting_id="85218486288",
        topic="Foro GSEF 2020, plenaria 3",
        started_at=datetime.datetime(2020, 10, 21, 16, 0, tzinfo=bogota),
        attendees=3,
        peak=3,
        peak_at=datetime.datetime(2020, 10, 21, 16, 10, tzinfo=bogota),
        person_seconds=185 * 60,
        rows=6,
    )


def test_read_french_export_with_tabs_and_two_digit_years():
    # Day first (21/10/20), in Paris. Marc waited (Salle d'attente = Oui): left out. Hôte 14:00–15:00 =
    # 60 min; Élodie (one email, whatever its case) 14:05–14:35 and 14:35–14:55 touch: 14:05–14:55 =
    # 50 min. Total 110 min. Peak 2 when Élodie joins at 14:05.
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    assert read("french_tab.csv", tz=paris) == figures(
        meeting_id="91234567890",
        topic="Atelier économie sociale",
        started_at=datetime.datetime(2020, 10, 21, 14, 0, tzinfo=paris),
        attendees=2,
        peak=2,
        peak_at=datetime.datetime(2020, 10, 21, 14, 5, tzinfo=paris),
        person_seconds=110 * 60,
        rows=4,
    )


def test_read_ambiguous_dates_refused_without_date_order():
    assert rejected((ZOOM / "ambiguous_dates.csv").read_bytes()) == AMBIGUOUS


@pytest.mark.parametrize(
    ("date_order", "day"),
    # 03/04/2021: 4 March (London on GMT) month first, 3 April (on BST) day first.
    [("mdy", datetime.date(2021, 3, 4)), ("dmy", datetime.date(2021, 4, 3))],
)
def test_read_ambiguous_dates_accepted_with_date_order(date_order, day):
    # Host One 10:00–11:00 = 60 min, Kim Park 10:15–10:45 = 30 min: 90 min; peak 2 at 10:15.
    assert read("ambiguous_dates.csv", tz=LONDON, date_order=date_order) == figures(
        attendees=2,
        peak=2,
        peak_at=datetime.datetime.combine(day, datetime.time(10, 15), tzinfo=LONDON),
        person_seconds=90 * 60,
        rows=2,
    )


def test_read_forced_date_order_overrides_the_file():
    # Month first, "21/10/2020" has no month 21: the summary's start and end (line 2) and every row's
    # join time cannot be read; line 5 waited in the waiting room and is left out silently.
    bogota = zoneinfo.ZoneInfo("America/Bogota")
    result = read("spanish_semicolon_bom.csv", tz=bogota, date_order="mdy")
    joins = ["16:00", "16:05", "16:40", "16:10", "16:30"]
    assert result.notices == (
        Notice(2, "The meeting's start time “21/10/2020 16:00:00” could not be read."),
        Notice(2, "The meeting's end time “21/10/2020 17:30:00” could not be read."),
        *(
            Notice(line, f"The join time “21/10/2020 {join}:00” could not be read: the row is left out.")
            for line, join in enumerate(joins, start=6)
        ),
    )
    assert (result.started_at, result.attendees, result.peak, result.person_seconds, result.rows) == (None, 0, 0, 0, 6)


def test_read_mixed_date_orders_refused_with_their_lines():
    data = meeting(
        "Ann,ann@example.org,21/10/2020 10:00:00,21/10/2020 10:30:00,30,No",
        "Ben,ben@example.org,10/22/2020 10:00:00,10/22/2020 10:30:00,30,No",
    )
    assert rejected(data) == "The dates mix two orders: line 2 puts the day first and line 3 the month first."


def test_read_odd_rows_give_notices_with_their_lines():
    # The meeting (its data block) lasted 60 minutes, from 10:00. Counted: Host One 10:00–11:00 = 60 min;
    # Neg Dur 10:10–10:20 = 10 min (Duration -5: a notice); Long Dur 10:00–10:30 = 30 min (Duration 75 >
    # 60: a notice); Too Long 09:30–11:15 = 105 min (Duration 105 and the stay: two notices); Weird Dur
    # 10:50–10:55 = 5 min (Duration "abc": a notice). Total 210 min. Left out: line 8 leaves before it
    # joins, line 9's hour 25 and line 10's 30 February cannot be read, line 11 has no leave time, line
    # 14 names no one. Peak: Too Long (09:30), host and Long Dur (10:00), Neg Dur (10:10) = 4 at 10:10.
    assert read("odd_rows.csv") == figures(
        meeting_id="111222333",
        topic="Odd rows",
        started_at=datetime.datetime(2020, 10, 21, 10, 0, tzinfo=MADRID),
        attendees=5,
        peak=4,
        peak_at=datetime.datetime(2020, 10, 21, 10, 10, tzinfo=MADRID),
        person_seconds=210 * 60,
        rows=10,
        notices=(
            Notice(6, "The duration (-5 minutes) is negative: the times are counted."),
            Notice(7, "The duration (75 minutes) is longer than the meeting (60 minutes): the times are counted."),
            Notice(8, "The leave time is before the join time: the row is left out."),
            Notice(9, "The join time “10/21/2020 25:00:00” could not be read: the row is left out."),
            Notice(10, "The join time “02/30/2020 10:00:00” could not be read: the row is left out."),
            Notice(11, "The row has no leave time: it is left out."),
            Notice(12, "The duration (105 minutes) is longer than the meeting (60 minutes): the times are counted."),
            Notice(12, "This stay (105 minutes) is longer than the meeting (60 minutes)."),
            Notice(13, "The duration “abc” could not be read: the times are counted."),
            Notice(14, "The row has neither a name nor an email: it is left out."),
        ),
    )


@pytest.mark.parametrize(
    ("join", "leave", "starts"),
    [
        ("10/21/2020 09:55:12 AM", "10/21/2020 10:55:12 AM", (9, 55, 12)),
        ("10/21/2020 9:55:12 am", "10/21/2020 10:55:12 am", (9, 55, 12)),
        ("10/21/2020 09:55 AM", "10/21/2020 10:55 AM", (9, 55, 0)),
        ("10/21/2020 12:30:00 AM", "10/21/2020 01:30:00 AM", (0, 30, 0)),
        ("10/21/2020 12:30:00 PM", "10/21/2020 01:30:00 PM", (12, 30, 0)),
        ("10/21/20 09:55:12", "10/21/20 10:55:12", (9, 55, 12)),
        ("21/10/2020 09:55:12", "21/10/2020 10:55:12", (9, 55, 12)),
        ("21.10.2020 09:55:12", "21.10.2020 10:55:12", (9, 55, 12)),
        ("21/10/2020 04:00:00 p. m.", "21/10/2020 05:00:00 p. m.", (16, 0, 0)),
        ("2020-10-21 09:55:12", "2020-10-21 10:55:12", (9, 55, 12)),
        ("2020-10-21T09:55:12", "2020-10-21T10:55:12", (9, 55, 12)),
        ("Oct 21, 2020 09:55:12 AM", "Oct 21, 2020 10:55:12 AM", (9, 55, 12)),
        ("October 21, 2020 9:55:12 AM", "October 21, 2020 10:55:12 AM", (9, 55, 12)),
        ("21 oct. 2020 09:55:12", "21 oct. 2020 10:55:12", (9, 55, 12)),
        ("21 de octubre de 2020 09:55", "21 de octubre de 2020 10:55", (9, 55, 0)),
        ("21 déc. 2020 09:55", "21 déc. 2020 10:55", (9, 55, 0)),
    ],
)
def test_read_time_formats_all_read(join, leave, starts):
    # One person for one hour: the peak is 1 when they join.
    day = datetime.date(2020, 12 if "déc" in join else 10, 21)
    data = meeting(f'Host One,host@example.org,"{join}","{leave}",60,No')
    assert read_attendance_report(data=data, tz=MADRID) == figures(
        attendees=1,
        peak=1,
        peak_at=datetime.datetime.combine(day, datetime.time(*starts), tzinfo=MADRID),
        person_seconds=3600,
        rows=1,
    )


def test_read_times_across_the_clocks_going_back_counted_in_real_time():
    # Madrid went from 03:00 CEST back to 02:00 CET on 25 October 2020. Night Owl 01:30 CEST (23:30 UTC)
    # to 03:30 CET (02:30 UTC) = 3 h, not the 2 h the clock shows. Late Leaver joins at 02:50 (the
    # first 02:50, CEST) and leaves at 02:10: the second 02:10 (CET), 20 minutes later, not a leave
    # before the join. Peak 2 at the first 02:50.
    data = meeting(
        "Night Owl,owl@example.org,10/25/2020 01:30:00,10/25/2020 03:30:00,180,No",
        "Late Leaver,late@example.org,10/25/2020 02:50:00,10/25/2020 02:10:00,20,No",
    )
    result = read_attendance_report(data=data, tz=MADRID)
    assert result == figures(
        attendees=2,
        peak=2,
        peak_at=datetime.datetime(2020, 10, 25, 2, 50, tzinfo=MADRID),
        person_seconds=3 * 3600 + 20 * 60,
        rows=2,
    )
    assert result.peak_at.utcoffset() == datetime.timedelta(hours=2)


def test_read_years_outside_1900_to_2999_not_read():
    # Slips; at the calendar's ends a time could not even be converted between zones.
    kiritimati = zoneinfo.ZoneInfo("Pacific/Kiritimati")
    data = meeting(
        "Ann,ann@example.org,0001-01-01 00:00:00,0001-01-01 00:10:00,10,No",
        "Ben,ben@example.org,9999-12-31 23:00:00,9999-12-31 23:50:00,50,No",
    )
    assert read_attendance_report(data=data, tz=kiritimati).notices == (
        Notice(2, "The join time “0001-01-01 00:00:00” could not be read: the row is left out."),
        Notice(3, "The join time “9999-12-31 23:00:00” could not be read: the row is left out."),
    )


def test_read_header_without_rows_gives_zero_figures():
    assert read_attendance_report(data=meeting(), tz=MADRID) == figures(
        attendees=0, peak=0, peak_at=None, person_seconds=0, rows=0
    )


@pytest.mark.parametrize("data", [b"", b" \r\n\t\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n\n"])
def test_read_empty_file_refused(data):
    assert rejected(data) == "The file is empty."


@pytest.mark.parametrize(
    "data",
    [
        b"a,b,c\n1,2,3\n",
        # A registration report: people, but no join or leave times.
        b"First Name,Last Name,Email,Registration Time\nAna,P\xc3\xa9rez,ana@example.org,10/01/2020 10:00:00\n",
        b"Just some text\nwith two lines\n",
    ],
)
def test_read_not_a_zoom_report_refused(data):
    assert rejected(data) == NOT_ZOOM


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "This file is not a text document."),
        (b"\x89PNG\r\n\x1a\nIHDR", "This is not a CSV file: line 2 holds a control character (U+001A)."),
        (
            meeting().replace(b"Guest", b"Gu\x01est"),
            "This is not a CSV file: line 1 holds a control character (U+0001).",
        ),
        (b"PK\x03\x04\x14\x00", WORKBOOK),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", WORKBOOK),
        (b"\xef\xbb\xbf\xff\xfe", "The file is not UTF-8, UTF-16 or Windows-1252 text."),
    ],
    ids=["nul", "png", "control", "xlsx", "xls", "bad-utf-8"],
)
def test_read_binary_file_refused(data, message):
    assert rejected(data) == message


def test_read_unclosed_quote_over_the_csv_limit_refused_with_its_line():
    data = meeting('"Ann' + "x" * 200_000)
    assert rejected(data) == "Line 2 could not be read as CSV: a quoted value is not closed or is too long."


def test_read_progress_reported_at_start_every_2000_rows_and_at_end():
    rows = [f"P{i},p{i}@example.org,10/21/2020 10:00:00 AM,10/21/2020 10:30:00 AM,30,No" for i in range(4500)]
    calls = []
    result = read_attendance_report(data=meeting(*rows), tz=MADRID, progress=lambda *call: calls.append(call))
    assert calls == [(0, 4500), (2000, 4500), (4000, 4500), (4500, 4500)]
    # Everyone 10:00–10:30: 4,500 people at 10:00, 4,500 × 1,800 s.
    assert (result.attendees, result.peak, result.person_seconds) == (4500, 4500, 4500 * 1800)


def test_read_unknown_date_order_is_a_programming_error():
    with pytest.raises(ValueError, match="date_order"):
        read_attendance_report(data=meeting(), tz=MADRID, date_order="ymd")


def _mutated(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    for _edit in range(rng.randint(1, 8)):
        at = rng.randrange(len(data) + 1)
        edit = rng.randrange(5)
        if edit == 0 and data:
            data[min(at, len(data) - 1)] = rng.randrange(256)
        elif edit == 1:
            data[at:at] = bytes(rng.choice(b',;\t"\r\n:/-. 0123456789aApPm') for _ in range(rng.randint(1, 6)))
        elif edit == 2:
            del data[at : at + rng.randint(1, 30)]
        elif edit == 3:
            start = rng.randrange(len(data) + 1)
            data[at:at] = data[start : start + rng.randint(1, 300)]
        else:
            del data[at:]
    return bytes(data)


# Zones with odd offsets at the calendar's ends (local mean time before 1901) and half hours.
ZONES = [MADRID, zoneinfo.ZoneInfo("Pacific/Kiritimati"), zoneinfo.ZoneInfo("America/St_Johns")]


def test_read_random_bytes_and_mutated_reports_refused_or_counted_never_crash():
    fixtures = [path.read_bytes() for path in sorted(ZOOM.glob("*.csv"))]
    fresh = random.SystemRandom().randrange(2**32)
    for seed in [*range(150), fresh]:
        rng = random.Random(seed)
        inputs = [bytes(rng.randrange(256) for _ in range(rng.randrange(400)))]
        inputs += [_mutated(data, rng) for data in fixtures]
        for number, data in enumerate(inputs):
            calls = []
            try:
                result = read_attendance_report(
                    data=data,
                    tz=rng.choice(ZONES),
                    date_order=rng.choice([None, "mdy", "dmy"]),
                    progress=lambda *call, calls=calls: calls.append(call),
                )
            except AttendanceReportRejected as exc:
                assert str(exc), f"seed {seed}, input {number}: an empty message"
                continue
            except Exception as exc:
                pytest.fail(f"seed {seed}, input {number}: {exc!r}")
            assert isinstance(result, AttendanceFigures), f"seed {seed}, input {number}"
            assert calls[0] == (0, result.rows) and calls[-1] == (result.rows, result.rows), f"seed {seed}"
