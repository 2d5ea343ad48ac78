"""Mirroring: updated_since on every list, and tombstones for what went away."""

import datetime

import pytest
from django.utils import timezone

from gsef_sessions.domain import tombstones
from gsef_sessions.domain.versioning import touch
from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import Session, Tombstone
from tests.api.conftest import report
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def since(api, url, moment, **params):
    return api.get(url, {"updated_since": moment.isoformat(), **params}).json()["results"]


def test_updated_since_lists_only_what_changed(api):
    report(slug="old")
    changed = report(slug="changed")
    Session.objects.update(updated_at=timezone.now() - datetime.timedelta(days=1))
    moment = timezone.now()
    touch(session=changed)
    assert [s["slug"] for s in since(api, "/api/sessions/", moment)] == ["changed"]
    # People, organisations and quotes of a changed session count as changed: it may show them anew.
    person = changed.participations.get().person
    assert [p["uuid"] for p in since(api, "/api/people/", moment)] == [str(person.uuid)]
    assert {o["uuid"] for o in since(api, "/api/organizations/", moment)} == {
        str(changed.sponsors.get().organisation.uuid)
    }
    assert [q["session"]["slug"] for q in since(api, "/api/quotes/", moment)] == ["changed"]


def test_deleting_a_published_session_leaves_a_tombstone(api):
    session = report(status=SessionStatus.PUBLISHED)
    session.published_at = timezone.now()
    session.save()
    uuid, forum_uuid = str(session.uuid), str(session.forum.uuid)
    moment = timezone.now()
    session.participations.all().delete()
    session.delete()
    [tombstone] = since(api, "/api/tombstones/", moment)
    assert (tombstone["kind"], tombstone["uuid"], tombstone["forum"], tombstone["reason"]) == (
        "session",
        uuid,
        forum_uuid,
        "deleted",
    )


def test_deleted_people_and_organisations_never_public_leave_no_public_tombstone(api):
    """Their UUIDs were never shown: listing them would leak them (issue 11.6)."""
    person, org = PersonFactory(), OrganisationFactory()
    person.delete()
    org.delete()
    assert api.get("/api/tombstones/").json()["results"] == []
    assert api.get("/api/tombstones/", {"kind": "person"}).json()["count"] == 0


def test_unpublished_session_tombstone_disappears_once_republished(api):
    session = report()
    session.published_at = timezone.now()
    session.status = SessionStatus.UNPUBLISHED
    session.save()
    tombstones.record_session(session=session, reason=Tombstone.Reason.UNPUBLISHED)
    assert [t["reason"] for t in api.get("/api/tombstones/").json()["results"]] == ["unpublished"]
    session.status = SessionStatus.PUBLISHED
    session.save()
    assert api.get("/api/tombstones/").json()["results"] == []
