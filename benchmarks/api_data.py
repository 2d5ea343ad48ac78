"""Bulk data for benchmarks/api_load.sh: forums of published sessions, with translations and participants.

    .venv/bin/python benchmarks/api_data.py [--forums 5] [--per-forum 2000]

Adds ``--forums`` forums (``bench-1``, ``bench-2``…) of ``--per-forum`` published sessions each to
the database ``DATABASE_URL`` names (the GSEF fixtures are left as they are): each session has an
English and a Spanish translation, three participants (a moderator and two panelists, drawn from
a pool of 1,000 people with their organisations) and a session kind of its forum. Written with
``bulk_create``, so no signals, no history rows, no renders: this is read-side data only.
Prints one line: what it added and how long it took.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATCH = 2000
KINDS = [("plenary", "Plenary", "Plenaria"), ("workshop", "Workshop", "Taller"), ("panel", "Panel", "Panel")]
ROOMS = ["Main hall", "Room A", "Room B", "Room C", "Zoom 1", "Zoom 2"]
COUNTRIES = ["MX", "FR", "KR", "CA", "ES", "SN", "BR", "IT"]
PEOPLE = 1000
ORGANISATIONS = 100


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")  # api_load.sh sets it; run alone too
    import django

    django.setup()


def translations(model, rows):
    """The parler translation model of ``model``, bulk-created from (master, language, fields) rows."""
    translation_model = model._parler_meta.root_model
    translation_model.objects.bulk_create(
        [translation_model(master=master, language_code=language, **fields) for master, language, fields in rows],
        batch_size=BATCH,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--forums", type=int, default=5)
    parser.add_argument("--per-forum", type=int, default=2000)
    args = parser.parse_args()
    setup_django()
    from django.db import transaction
    from django.utils import timezone

    from gsef_sessions.domain.roles import add_default_roles
    from gsef_sessions.enums import SessionStatus
    from gsef_sessions.models import (
        Forum,
        Organisation,
        Participation,
        Person,
        Session,
        SessionKind,
    )
    from gsef_sessions.models.people import sort_key

    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            [Organisation(slug=f"bench-org-{n}", country=COUNTRIES[n % len(COUNTRIES)]) for n in range(ORGANISATIONS)],
        )
        translations(
            Organisation, [(org, "en", {"name": f"Bench organisation {n}"}) for n, org in enumerate(organisations)]
        )
        people = Person.objects.bulk_create(
            [
                Person(
                    given_name=f"Given{n}",
                    family_name=f"Family {n}",
                    sort_name=sort_key(f"Family {n}", f"Given{n}"),
                    country=COUNTRIES[n % len(COUNTRIES)],
                )
                for n in range(PEOPLE)
            ],
            batch_size=BATCH,
        )
        total = 0
        for f in range(1, args.forums + 1):
            start = datetime.date(2025, 1, 1) + datetime.timedelta(days=30 * f)
            forum = Forum.objects.create(
                slug=f"bench-{f}",
                edition=str(2024 + f),
                start_date=start,
                end_date=start + datetime.timedelta(days=4),
                timezone="America/Mexico_City",
                languages=["en", "es", "fr"],
                name=f"Bench forum {f}",
            )
            add_default_roles(forum=forum)  # as the admin gives a new forum
            roles = {role.slug: role for role in forum.roles.all()}
            kinds = SessionKind.objects.bulk_create(
                [SessionKind(forum=forum, slug=slug, order=order) for order, (slug, _en, _es) in enumerate(KINDS)],
            )
            translations(
                SessionKind,
                [
                    (kind, language, {"name": name})
                    for kind, (_slug, en, es) in zip(kinds, KINDS, strict=True)
                    for language, name in (("en", en), ("es", es))
                ],
            )
            tz = datetime.timezone(datetime.timedelta(hours=-6))
            sessions = Session.objects.bulk_create(
                [
                    Session(
                        forum=forum,
                        slug=f"session-{n}",
                        kind=kinds[n % len(kinds)],
                        number=n // len(kinds) + 1,
                        starts_at=datetime.datetime.combine(
                            start + datetime.timedelta(days=n % 5), datetime.time(8), tzinfo=tz
                        )
                        + datetime.timedelta(minutes=15 * (n // 5 % 40)),
                        ends_at=None
                        if n % 4 == 0
                        else datetime.datetime.combine(
                            start + datetime.timedelta(days=n % 5), datetime.time(9, 30), tzinfo=tz
                        )
                        + datetime.timedelta(minutes=15 * (n // 5 % 40)),
                        languages=["es", "en"],
                        platforms="Zoom, YouTube",
                        room=ROOMS[n % len(ROOMS)],
                        original_language="en",
                        status=SessionStatus.PUBLISHED,
                        published_at=now,
                        updated_at=now,
                    )
                    for n in range(args.per_forum)
                ],
                batch_size=BATCH,
            )
            translations(
                Session,
                [
                    (session, language, fields)
                    for n, session in enumerate(sessions)
                    for language, fields in (
                        (
                            "en",
                            {
                                "title": f"Session {n} of bench forum {f}: the social economy and the future of work",
                                "subtitle": "Local development and solidarity",
                                "description": f"Session **{n}**, a bench session.",
                            },
                        ),
                        (
                            "es",
                            {
                                "title": f"Sesión {n} del foro {f}: la economía social y el futuro del trabajo",
                                "subtitle": "Desarrollo local y solidaridad",
                                "description": f"Sesión **{n}**.",
                            },
                        ),
                    )
                ],
            )
            parts = Participation.objects.bulk_create(
                [
                    Participation(
                        session=session,
                        person=people[(n * 3 + k) % PEOPLE],
                        role=role,
                        order=order,
                        organisation=organisations[(n + k) % ORGANISATIONS],
                        country=COUNTRIES[(n + k) % len(COUNTRIES)],
                    )
                    for n, session in enumerate(sessions)
                    for k, (role, order) in enumerate(
                        ((roles["moderator"], 1), (roles["panelist"], 1), (roles["panelist"], 2))
                    )
                ],
                batch_size=BATCH,
            )
            translations(
                Participation,
                [(part, "en", {"post": "Director", "affiliation": "Bench cooperative"}) for part in parts],
            )
            total += len(sessions)
    seconds = time.perf_counter() - started
    print(
        f"added {total} published sessions in {args.forums} forums "
        f"(bench-1…bench-{args.forums}, {args.per_forum} each), {PEOPLE} people, {3 * total} participants, "
        f"in {seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
