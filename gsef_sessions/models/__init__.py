"""Slim models, one module per concept; rules that span models live in ``domain/``."""

from . import history  # noqa: F401  (registers the parts' history, once every model exists)
from .attendance import AttendanceCount, AttendanceImport
from .forums import Forum, ForumPartner, SessionKind
from .materials import Material
from .organisations import Organisation
from .outcomes import Outcome
from .participations import Participation
from .people import Person
from .qa import AudienceQuestion
from .renders import Render
from .roles import ParticipantRole
from .rounds import Contribution, GuidingQuestion, Point, Round
from .sessions import Session, SessionSponsor
from .tombstones import Tombstone
from .webhooks import Delivery, Webhook, WebhookEvent
from .workflow import StatusChange

__all__ = [
    "AttendanceCount",
    "AttendanceImport",
    "AudienceQuestion",
    "Contribution",
    "Forum",
    "ForumPartner",
    "GuidingQuestion",
    "Material",
    "Organisation",
    "Outcome",
    "ParticipantRole",
    "Participation",
    "Person",
    "Point",
    "Render",
    "Round",
    "Session",
    "SessionKind",
    "SessionSponsor",
    "Tombstone",
    "Delivery",
    "Webhook",
    "WebhookEvent",
    "StatusChange",
]
