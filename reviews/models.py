"""Domestic Homicide Reviews: the case, its stages and pauses, its panel, the agencies' returns,
the merged chronology, family contact, documents (every version kept), recommendations, and the
log of every read and change.

Everything here is special-category personal data. The victim is named by pseudonym only
("Adult A"): never a real name in titles, lists, emails or logs. Who may open a review is decided
in ``reviews/access.py`` (need to know), never by these models.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from partnership.audit import audited
from partnership.models import Organisation, Partnership

from . import deadlines
from .querysets import (
    AccessLogQuerySet,
    InformationRequestQuerySet,
    ReviewChildQuerySet,
    ReviewQuerySet,
)
from .stages import DHR_WORKFLOW, DhrStage


class ReviewKind(models.TextChoices):
    DHR = "dhr", "Domestic homicide"
    SUICIDE = "suicide", "Suicide following domestic abuse"
    OTHER = "other", "Other death following domestic abuse"


class AbuseTheme(models.TextChoices):
    COERCIVE_CONTROL = "coercive_control", "Coercive and controlling behaviour"
    PHYSICAL = "physical", "Physical abuse"
    SEXUAL = "sexual", "Sexual abuse"
    ECONOMIC = "economic", "Economic abuse"
    EMOTIONAL = "emotional", "Emotional or psychological abuse"
    STALKING = "stalking", "Stalking and harassment"
    HONOUR = "honour", "So-called honour-based abuse"
    CHILD_TO_PARENT = "child_to_parent", "Child or adolescent to parent abuse"


class Decision(models.TextChoices):
    HOLD = "hold", "Hold a review"
    NOT_HOLD = "not_hold", "Do not hold a review"


@audited()
class Review(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="reviews")
    year = models.PositiveSmallIntegerField(editable=False)
    number = models.PositiveSmallIntegerField(editable=False)
    pseudonym = models.CharField(
        max_length=60, help_text='The name the review uses for the victim, such as "Adult A". '
                                 "Never a real name.")
    kind = models.CharField("type of review", max_length=12, choices=ReviewKind.choices,
                            default=ReviewKind.DHR)
    died_on = models.DateField("date of death")
    notified_on = models.DateField("date of notification")
    notifying_body = models.CharField(max_length=200)
    themes = ArrayField(models.CharField(max_length=20, choices=AbuseTheme.choices), default=list,
                        blank=True, verbose_name="abuse themes")
    stage = models.CharField(max_length=24, choices=DhrStage.choices, default=DhrStage.NOTIFIED)
    decision = models.CharField(max_length=8, choices=Decision.choices, blank=True)
    decision_rationale = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReviewQuerySet.as_manager()
    workflow = DHR_WORKFLOW
    state_field = "stage"

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year", "number"],
                                    name="review_unique_reference"),
            models.CheckConstraint(condition=Q(died_on__lte=models.F("notified_on")),
                                   name="review_death_before_notification"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"DHR-{self.year}-{self.number:02d}"

    @property
    def theme_labels(self) -> list[str]:
        return [str(AbuseTheme(theme).label) for theme in self.themes]

    @property
    def decision_due(self) -> datetime.date:
        return deadlines.decision_due(self.notified_on)


class PauseReason(models.TextChoices):
    CRIMINAL = "criminal", "Criminal proceedings"
    INQUEST = "inquest", "Inquest"
    OTHER = "other", "Other"


@audited()
class ReviewPause(models.Model):
    """A time the completion clock stood still. ``ended_on`` empty: paused now."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField(max_length=10, choices=PauseReason.choices)
    note = models.TextField(blank=True)
    started_on = models.DateField()
    expected_resume_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")

    objects = ReviewChildQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review"], condition=Q(ended_on__isnull=True),
                                    name="review_one_open_pause"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True)
                                   | Q(ended_on__gte=models.F("started_on")),
                                   name="review_pause_ends_after_start"),
        ]


@audited()
class ReviewStep(models.Model):
    """One move of a review's stage: who, when and why."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="steps")
    from_stage = models.CharField(max_length=24, choices=DhrStage.choices, blank=True)
    to_stage = models.CharField(max_length=24, choices=DhrStage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    objects = ReviewChildQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]


class PanelRole(models.TextChoices):
    CHAIR = "chair", "Independent chair"
    MEMBER = "member", "Panel member"
    MINUTES = "minutes", "Minute taker"
    ADVOCATE = "advocate", "Advocate"


@audited()
class PanelMember(models.Model):
    """A person on a review's panel. Their account (``user``) is what opens the review to them."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="panel")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="dhr_panels")
    organisation = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=10, choices=PanelRole.choices, default=PanelRole.MEMBER)
    joined_on = models.DateField(default=datetime.date.today)

    objects = ReviewChildQuerySet.as_manager()

    class Meta:
        ordering = ["role", "pk"]
        constraints = [models.UniqueConstraint(fields=["review", "user"],
                                               name="review_panel_member_once")]


class RequestKind(models.TextChoices):
    IMR = "imr", "Individual Management Review (IMR)"
    REPORT = "report", "Information report"
    CHRONOLOGY = "chronology", "Chronology"


@audited()
class InformationRequest(models.Model):
    """What the review asked an agency for, and by when."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="requests")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    contact_name = models.CharField(max_length=120)
    contact_email = models.EmailField()
    contact = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="dhr_requests")
    kind = models.CharField(max_length=12, choices=RequestKind.choices)
    requested_on = models.DateField()
    due_on = models.DateField()
    received_on = models.DateField(null=True, blank=True)

    objects = InformationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(due_on__gte=models.F("requested_on")),
                                              name="review_request_due_after_request")]

    def is_late(self, today: datetime.date) -> bool:
        return self.received_on is None and self.due_on < today


@audited()
class ChronologyEntry(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="chronology")
    happened_on = models.DateField("date")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    event = models.TextField()
    source = models.ForeignKey(InformationRequest, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="entries")
    source_detail = models.CharField("source", max_length=200, blank=True,
                                     help_text="The record the entry comes from, such as GP notes.")
    significance = models.TextField(blank=True)

    objects = ReviewChildQuerySet.as_manager()

    class Meta:
        ordering = ["happened_on", "organisation__name", "pk"]


class Involvement(models.TextChoices):
    AWAITING = "awaiting", "Awaiting a reply"
    INVOLVED = "involved", "Agreed to take part"
    DECLINED = "declined", "Declined to take part"
    NO_CONTACT = "no_contact", "Could not be reached"


class ContactMethod(models.TextChoices):
    LETTER = "letter", "Letter"
    PHONE = "phone", "Telephone"
    MEETING = "meeting", "Meeting"
    EMAIL = "email", "Email"
    ADVOCATE = "advocate", "Through an advocate"


@audited()
class FamilyContact(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="family_contacts")
    contacted_on = models.DateField()
    who = models.CharField(max_length=120, help_text="By relationship or pseudonym, never a name.")
    method = models.CharField(max_length=10, choices=ContactMethod.choices)
    summary = models.TextField()
    leaflet_sent = models.BooleanField(default=False)
    advocacy_offered = models.BooleanField(default=False)
    involvement = models.CharField("consent and involvement", max_length=10,
                                   choices=Involvement.choices, default=Involvement.AWAITING)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    objects = ReviewChildQuerySet.as_manager()

    class Meta:
        ordering = ["contacted_on", "pk"]


class DocumentKind(models.TextChoices):
    TERMS = "terms", "Terms of reference"
    IMR = "imr", "Individual Management Review"
    REPORT = "report", "Information report"
    CHRONOLOGY = "chronology", "Chronology"
    DRAFT = "draft", "Draft overview report"
    SUMMARY = "summary", "Executive summary"
    QA_LETTER = "qa_letter", "Home Office quality assurance letter"
    FINAL = "final", "Final overview report"
    OTHER = "other", "Other"


@audited()
class ReviewDocument(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=12, choices=DocumentKind.choices)
    title = models.CharField(max_length=200)
    request = models.ForeignKey(InformationRequest, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="documents")

    objects = ReviewChildQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title", "pk"]


def version_upload_to(instance: DocumentVersion, filename: str) -> str:
    # Never the uploaded name (it may carry a real name): a random one under the review.
    return f"reviews/{instance.document.review_id}/{uuid.uuid4().hex}"


@audited()
class DocumentVersion(models.Model):
    """One uploaded version of a document; every version is kept."""

    document = models.ForeignKey(ReviewDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to=version_upload_to, max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"],
                                               name="review_document_version_once")]


class RecommendationScope(models.TextChoices):
    LOCAL = "local", "Local"
    REGIONAL = "regional", "Regional"
    NATIONAL = "national", "National"


@audited()
class Recommendation(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField()
    scope = models.CharField(max_length=10, choices=RecommendationScope.choices)
    lead_agency = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    target_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    objects = ReviewChildQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]


class AccessKind(models.TextChoices):
    READ = "read", "Read"
    CHANGE = "change", "Change"
    DOWNLOAD = "download", "Download"


class AccessLog(models.Model):
    """Every read of a review page or document and every change: who, when, what, from where.

    Append-only (no service updates or deletes a row), so it is not itself tracked by pghistory:
    it *is* the audit of reads, and the changes it names are tracked on their own models.
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="access_log")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=10, choices=AccessKind.choices)
    what = models.CharField(max_length=200)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["review", "-at"], name="review_access_log_recent")]
