from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import (
    AgendaItem,
    EmailDigest,
    Meeting,
    MeetingAction,
    Membership,
    Notification,
    Organisation,
    Paper,
    Partnership,
    PccOffice,
    SubGroup,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["partnership"]
    fk_name = "user"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "opcc_office", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "opcc_office"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title", "phone", "opcc_office")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",),
                             "fields": ("email", "full_name", "password1", "password2")}),)
    inlines = [MembershipInline]


@admin.register(PccOffice)
class PccOfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "police_force_area", "commissioner"]
    search_fields = ["name", "police_force_area"]


class OrganisationInline(admin.TabularInline):
    model = Organisation
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "police_force_area", "pcc_office"]
    search_fields = ["name", "area"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "partnership"]
    list_filter = ["kind", "partnership"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "partnership", "organisation", "roles"]
    list_filter = ["partnership"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user", "partnership"]


@admin.register(SubGroup)
class SubGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "partnership", "formed_on", "disbanded_on"]
    list_filter = ["kind", "partnership"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "group", "starts_at"]
    list_filter = ["partnership"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline]


@admin.register(Paper)
class PaperAdmin(admin.ModelAdmin):
    list_display = ["title", "agenda_item", "content_type", "size", "uploaded_at"]
    readonly_fields = ["content_type", "size", "original_name", "uploaded_by", "uploaded_at"]


@admin.register(MeetingAction)
class MeetingActionAdmin(admin.ModelAdmin):
    list_display = ["description", "meeting", "owner", "due_on", "status"]
    list_filter = ["status"]


@admin.register(EmailDigest)
class EmailDigestAdmin(admin.ModelAdmin):
    """Read-only view of the outbox; an *unconfirmed* digest may need a manual check."""

    list_display = ["recipient", "day", "status", "attempts", "sent_at"]
    list_filter = ["status", "day"]
    readonly_fields = [f.name for f in EmailDigest._meta.fields]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "period", "partnership", "created_at", "digest"]
    list_filter = ["kind", "partnership"]
    readonly_fields = [f.name for f in Notification._meta.fields]
