from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


class RoleCategory(models.TextChoices):
    """What a forum's own role is, for what relies on it (headers, imports, statistics)."""

    MODERATOR = "moderator", _("Moderator")
    SPEAKER = "speaker", _("Speaker")
    OTHER = "other", _("Other")


class RoundKind(models.TextChoices):
    INTRODUCTION = "introduction", _("Introduction")
    ROUND = "round", _("Round")
    CONCLUSIONS = "conclusions", _("Conclusions")
    # Keynotes, opening remarks, open discussion, breakout readouts: named by their title.
    OTHER = "other", _("Other segment")


class OutcomeKind(models.TextChoices):
    TAKEAWAY = "takeaway", _("Key takeaway")
    CALL_TO_ACTION = "call_to_action", _("Call to action")


class AttendanceKind(models.TextChoices):
    """What an attendance count counts. Typed counts are snapshots; an imported platform report
    gives the others (``domain.attendance_import``)."""

    CONNECTED = "connected", _("People connected at a moment")
    ATTENDEES = "attendees", _("Unique attendees")
    PANELISTS = "panelists", _("Unique hosts and panelists")
    PEAK = "peak", _("Peak concurrent")
    PERSON_MINUTES = "person_minutes", _("Person-minutes")
    COUNTRIES = "countries", _("Countries of attendees")


class AttendanceImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    COUNTING = "counting", _("Counting")
    COUNTED = "counted", _("Counted")
    FAILED = "failed", _("Failed")
    REPLACED = "replaced", _("Replaced by a later file of the same meeting")


class DateOrder(models.TextChoices):
    MONTH_FIRST = "mdy", _("Month first (10/21/2020)")
    DAY_FIRST = "dmy", _("Day first (21/10/2020)")


class MaterialKind(models.TextChoices):
    RECORDING = "recording", _("Recording")
    SLIDES = "slides", _("Slides")
    CONCEPT_NOTE = "concept_note", _("Concept note")
    TRANSCRIPT = "transcript", _("Transcript")
    OTHER = "other", _("Other material")


class PartnerRole(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    COOPERATING = "cooperating", _("Cooperating organisation")


class RenderKind(models.TextChoices):
    REPORT = "report", _("Session report")
    PROCEEDINGS = "proceedings", _("Proceedings")


class RenderStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    # A newer change asked for another render before this one ran: it never will.
    SUPERSEDED = "superseded", _("Superseded")
