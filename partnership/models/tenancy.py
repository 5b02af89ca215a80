"""Tenancy: partnerships, OPCC offices, organisations, people, roles and groups."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..audit import audited
from ..querysets import (
    MembershipQuerySet,
    OrganisationQuerySet,
    PartnershipQuerySet,
    SubGroupQuerySet,
)

if TYPE_CHECKING:
    from collections.abc import Iterable


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Partnership coordinator"
    LEAD_OFFICER = "lead_officer", "Lead officer"
    BOARD_MEMBER = "board_member", "Board member"
    FINANCE_OFFICER = "finance_officer", "Finance officer"
    DHR_COORDINATOR = "dhr_coordinator", "DHR coordinator"
    VIEWER = "viewer", "Viewer"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


@audited(exclude=["password", "last_login"])
class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their work email address."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    opcc_office = models.ForeignKey(
        "PccOffice", null=True, blank=True, on_delete=models.PROTECT, related_name="officers",
        help_text="Set for Police and Crime Commissioner's office staff: they see the "
                  "partnerships in their police force area.",
    )
    is_staff = models.BooleanField(default=False, help_text="Can use the Django admin.")
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()


@audited()
class PccOffice(models.Model):
    """The office of a Police and Crime Commissioner (OPCC), one per police force area."""

    name = models.CharField(max_length=200, unique=True)
    police_force_area = models.CharField(max_length=120, unique=True)
    commissioner = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "OPCC office"

    def __str__(self) -> str:
        return self.name


@audited()
class Partnership(models.Model):
    """A Community Safety Partnership: the tenant every other object belongs to."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    area = models.CharField(max_length=200, help_text="The district or borough it covers.")
    local_authorities = models.TextField(blank=True, help_text="One per line.")
    police_force_area = models.CharField(max_length=120)
    pcc_office = models.ForeignKey(PccOffice, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="partnerships")
    contact_email = models.EmailField(blank=True)
    reminder_days = models.PositiveSmallIntegerField(
        "remind lead officers this many days before a deadline", default=5,
        help_text="Lead officers with an update due get a reminder this many days before the "
                  "deadline.")
    comparator_area_description = models.CharField(
        "comparator area", max_length=200, blank=True,
        help_text="The wider area the performance tables compare with, spelled out, e.g. "
                  "“LLR: Leicester, Leicestershire and Rutland”.")
    escalation_working_days = models.PositiveSmallIntegerField(
        "escalate after this many working days", default=3,
        help_text="Updates still missing this many working days after the deadline are listed "
                  "for the coordinator.")

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def partnership(self) -> Partnership:
        return self

    def local_authority_list(self) -> list[str]:
        return [line.strip() for line in self.local_authorities.splitlines() if line.strip()]


class OrganisationKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    POLICE = "police", "Police"
    FIRE_AND_RESCUE = "fire_and_rescue", "Fire and rescue"
    PROBATION = "probation", "Probation"
    HEALTH = "health", "Health (Integrated Care Board)"
    HOUSING = "housing", "Housing"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    EDUCATION = "education", "Education"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    CRIMINAL_JUSTICE = "criminal_justice", "Criminal justice"
    BUSINESS = "business", "Business"
    OTHER = "other", "Other"


RESPONSIBLE_AUTHORITY_KINDS = frozenset({
    OrganisationKind.LOCAL_AUTHORITY, OrganisationKind.POLICE, OrganisationKind.FIRE_AND_RESCUE,
    OrganisationKind.PROBATION, OrganisationKind.HEALTH,
})


@audited()
class Organisation(models.Model):
    """A member organisation of a partnership (responsible authority or co-opted partner)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="organisations")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="organisation_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_responsible_authority(self) -> bool:
        return self.kind in RESPONSIBLE_AUTHORITY_KINDS


def _validate_roles(value: Iterable[str]) -> None:
    allowed = set(Role.values)
    unknown = [role for role in value if role not in allowed]
    if unknown:
        raise ValidationError(f"Unknown role: {', '.join(unknown)}.")
    if not list(value):
        raise ValidationError("Choose at least one role.")


@audited()
class Membership(models.Model):
    """A person's place in a partnership, with one or more roles."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="memberships")
    organisation = models.ForeignKey(Organisation, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="memberships")
    roles = ArrayField(models.CharField(max_length=32, choices=Role.choices),
                       validators=[_validate_roles])

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership"], name="membership_unique_user"),
            models.CheckConstraint(condition=Q(roles__len__gt=0), name="membership_has_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.partnership}"

    def clean(self) -> None:
        if self.organisation is not None and self.organisation.partnership_id != self.partnership_id:
            raise ValidationError({"organisation": "Choose an organisation in this partnership."})

    def role_labels(self) -> list[str]:
        return [Role(role).label for role in self.roles]


class SubGroupKind(models.TextChoices):
    SUBGROUP = "subgroup", "Sub-group"
    TASK_AND_FINISH = "task_and_finish", "Task and finish group"


@audited()
class SubGroup(models.Model):
    """A sub-group or task-and-finish group of the partnership (e.g. CSE, Oxmoor)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="subgroups")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=SubGroupKind.choices,
                            default=SubGroupKind.TASK_AND_FINISH)
    remit = models.TextField(blank=True)
    chair = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="chaired_groups")
    reports_to = models.CharField(max_length=200, blank=True,
                                  help_text="Besides the Partnership, e.g. the LSCB.")
    formed_on = models.DateField(null=True, blank=True)
    disbanded_on = models.DateField(null=True, blank=True)

    objects = SubGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="subgroup_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.disbanded_on is None
