from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from stations.access import (
    STAFF_MANAGED_ROLES,
    can_manage_account,
    can_manage_staff,
    can_manage_terms,
    scope_to_station,
    visible_rooms,
    visible_stations,
)
from stations.admin_base import ScopedAdmin
from stations.identity import IdentityFormMixin
from stations.models import (
    LOCAL_KINDS,
    District,
    ExportLog,
    PartnerUnit,
    Role,
    Room,
    StaffTerm,
    Station,
    Term,
    TwoFactorEvent,
    User,
)
from stations.rosters import roster_record


@admin.register(District)
class DistrictAdmin(ScopedAdmin):
    """Districts (区/县): the superuser adds them; station staff see their own station's."""

    list_display = ["name", "code"]
    search_fields = ["name", "code"]

    def get_queryset(self, request):
        if request.user.is_superuser:
            return District.objects.all()
        return District.objects.filter(stations__in=visible_stations(request.user)).distinct()

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Station)
class StationAdmin(ScopedAdmin):
    list_display = ["name", "code", "township", "district"]
    list_filter = ["district", "township"]
    search_fields = ["name", "township", "district__name"]
    list_select_related = ["district"]

    def get_queryset(self, request):
        return visible_stations(request.user).select_related("district")

    def has_add_permission(self, request):
        return request.user.is_superuser

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "district" and not request.user.is_superuser:
            kwargs["queryset"] = District.objects.filter(
                stations__in=visible_stations(request.user)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Room)
class RoomAdmin(ScopedAdmin):
    list_display = ["name", "community", "code", "station", "is_pilot", "order"]
    list_filter = ["station", "is_pilot"]
    search_fields = ["name", "community", "code"]
    list_select_related = ["station"]

    def get_queryset(self, request):
        return visible_rooms(request.user).select_related("station")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "station":
            kwargs["queryset"] = visible_stations(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StaffFormChecks(IdentityFormMixin, forms.ModelForm):
    """Both user forms: a role needs a station, and the rooms must be that station's. The phone
    is encrypted at rest: normalised, and on the change form shown masked, an empty entry
    keeping it (IdentityFormMixin, phone only)."""

    identity_fields = {
        "id_type": None,
        "id_number": None,
        "birth_date": None,
        "sex": None,
        "phone": "phone",
    }
    phone = forms.CharField(label=_("电话"), max_length=20, required=False)

    def clean(self):
        cleaned = super().clean()
        station, rooms = cleaned.get("station"), cleaned.get("rooms")
        role = cleaned.get("role")
        if role == Role.DISTRICT_OFFICIAL:
            if "district" in self.fields and not cleaned.get("district"):
                self.add_error("district", _("区（县）民政官员须属于一个区（县）。"))
        elif role and "station" in self.fields and not station:
            self.add_error("station", _("有角色的工作人员须属于一个社工站。"))
        if station and rooms and any(room.station_id != station.pk for room in rooms):
            self.add_error("rooms", _("负责的社工室须属于所选的社工站。"))
        return cleaned


class StaffChangeForm(StaffFormChecks, UserChangeForm):
    pass


class StaffCreationForm(StaffFormChecks, AdminUserCreationForm):
    pass


@admin.register(User)
class StaffAdmin(ScopedAdmin, UserAdmin):
    """Staff accounts.

    - The superuser manages every account with Django's full user admin.
    - Station staff (站长) manage the room workers and officials of their own station: add them,
      assign rooms, set a new password (…/password/, Django's password validators apply) and
      deactivate one who left (is_active; deleting stays with the superuser, because records
      point at the people who wrote them). The roles they may give: STAFF_MANAGED_ROLES, whose
      comment says why supervisors and station staff are not among them. They see their
      station's supervisors, fellow station staff and their own account read-only, so they cannot
      raise their own rights; superusers and other stations' people are not in their list at all
      (the admin sends them to the index, the password page answers 404).
      They never see is_superuser, is_staff, groups or user_permissions: who enters the admin and
      what they may do follows from the role (stations.access.can_use_admin), not from those flags.
    - Supervisors look at their station's accounts, read-only.
    """

    form = StaffChangeForm
    add_form = StaffCreationForm
    list_display = ["username", "display_name", "role", "room_names", "is_active", "last_login"]
    list_filter = ["role", "is_active", "rooms", "certification"]
    # Not the phone: it is encrypted (a search would compare ciphertext).
    search_fields = ["username", "first_name", "last_name"]
    filter_horizontal = ["rooms", "groups", "user_permissions"]
    fieldsets = UserAdmin.fieldsets + (
        (
            _("社工站"),
            {
                "fields": (
                    "role",
                    "station",
                    "district",
                    "rooms",
                    "certification",
                    "phone",
                    "roster_terms",
                )
            },
        ),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        (
            _("社工站"),
            {"fields": ("role", "station", "district", "rooms", "certification", "phone")},
        ),
    )
    # Everyone else: no Django permission flags, dates read-only.
    station_fieldsets = (
        (None, {"fields": ("username", "password", "is_active")}),
        (_("个人信息"), {"fields": ("last_name", "first_name", "email", "phone")}),
        (_("社工站"), {"fields": ("role", "station", "rooms", "certification", "roster_terms")}),
        (_("登录记录"), {"fields": ("last_login", "date_joined")}),
    )
    station_add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2"),
            },
        ),
        (_("个人信息"), {"fields": ("last_name", "first_name", "phone")}),
        (_("社工站"), {"fields": ("role", "station", "rooms", "certification")}),
    )

    @admin.display(description=_("姓名"))
    def display_name(self, obj):
        return str(obj)

    @admin.display(description=_("负责的社工室"))
    def room_names(self, obj):
        return "、".join(room.name for room in obj.rooms.all())

    def get_queryset(self, request):
        queryset = User.objects.select_related("station").prefetch_related("rooms")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(station__in=visible_stations(request.user), is_superuser=False)

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            filters.insert(1, ("station", admin.RelatedOnlyFieldListFilter))
        return filters

    def get_list_display(self, request):
        if request.user.is_superuser:
            return [*self.list_display[:3], "station", *self.list_display[3:]]
        return self.list_display

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.station_fieldsets if obj else self.station_add_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return [*super().get_readonly_fields(request, obj), "roster_terms"]
        return ["last_login", "date_joined", "roster_terms"]

    @admin.display(description=_("在岗记录"))
    def roster_terms(self, obj):
        """The person's place on the roster over time (issue 16), written by `roster_record`
        when the role, rooms, certificate or activity change."""
        terms = (
            StaffTerm.objects.filter(user=obj).select_related("room").order_by("started_on", "pk")
        )
        return (
            format_html_join(
                mark_safe("<br>"),
                "{} · {} · {} · {} – {}",
                (
                    (
                        term.get_role_display(),
                        term.room.name if term.room else _("全站"),
                        term.get_certification_display(),
                        term.started_on or "…",
                        term.ended_on or _("至今"),
                    )
                    for term in terms
                ),
            )
            or "—"
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The rooms are saved now: the roster follows the account from today (issue 16).
        roster_record(user=form.instance, effective_on=timezone.localdate())

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [(role.value, role.label) for role in STAFF_MANAGED_ROLES]
            field = super().formfield_for_choice_field(db_field, request, **kwargs)
            field.required = True
            return field
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "station":
            kwargs["queryset"] = visible_stations(request.user)
            if not request.user.is_superuser:
                kwargs["required"] = True
                kwargs["empty_label"] = None
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "rooms":
            kwargs["queryset"] = visible_rooms(request.user).select_related("station")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return can_manage_staff(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return can_manage_staff(request.user)
        return can_manage_account(request.user, obj)

    actions = ["reset_two_factor"]

    def has_reset_two_factor_permission(self, request):
        return can_manage_staff(request.user)

    @admin.action(
        description=_("重置两步验证（手机丢失或更换时）"), permissions=["reset_two_factor"]
    )
    def reset_two_factor(self, request, queryset):
        """Remove the selected accounts' authenticators and recovery codes: the station head for
        the accounts they manage, the superuser for anyone. Each reset is audited."""
        from stations.two_factor import two_factor_reset

        done, refused = 0, 0
        for account in queryset:
            if can_manage_account(request.user, account):
                two_factor_reset(user=account, by=request.user, request=request)
                done += 1
            else:
                refused += 1
        if done:
            self.message_user(
                request,
                _("已重置 %(count)d 个账号的两步验证，他们下次登录时须重新启用。")
                % {"count": done},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                _("%(count)d 个账号不归您管理，未重置。") % {"count": refused},
                messages.WARNING,
            )


@admin.register(PartnerUnit)
class PartnerUnitAdmin(ScopedAdmin):
    list_display = ["name", "kind", "contact_person", "station"]
    list_filter = ["kind", "station"]
    search_fields = ["name", "contact_person"]
    list_select_related = ["station"]
    # The encrypted phone shows masked; it is changed on the site's partner form.
    exclude = ["contact_phone"]
    readonly_fields = ["masked_phone"]

    @admin.display(description=_("联系电话"))
    def masked_phone(self, obj):
        return obj.masked_phone


@admin.register(TwoFactorEvent)
class TwoFactorEventAdmin(ScopedAdmin):
    """The audit of two-factor login: enrolments, resets, recovery codes used, wrong codes."""

    read_only = True
    list_display = ["at", "user", "kind", "by", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["user__username", "user__last_name", "user__first_name"]
    list_select_related = ["user", "by"]
    date_hierarchy = "at"

    def scope(self, queryset, user):
        if user.is_superuser:
            return queryset
        return scope_to_station(queryset, user, "user__station")


# django-otp's own device admins would show the secrets; devices are managed by the owner's
# enrolment page and reset by the action above.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


from stations import admin_residents  # noqa: E402,F401  residents, tags, consents, reveal log


@admin.register(ExportLog)
class ExportLogAdmin(ScopedAdmin):
    """Who downloaded which records, with which filters, how many rows, masked or full and why.
    Audit rows: nobody changes them."""

    read_only = True
    list_display = [
        "exported_at",
        "exported_by",
        "title",
        "format",
        "row_count",
        "unmasked",
        "reason",
    ]
    list_filter = ["unmasked", "format", "kind"]
    search_fields = ["title", "kind", "reason", "exported_by__username"]
    list_select_related = ["exported_by"]
    date_hierarchy = "exported_at"
    readonly_fields = [
        "exported_by",
        "station",
        "kind",
        "title",
        "format",
        "filters",
        "row_count",
        "unmasked",
        "reason",
        "exported_at",
    ]


@admin.register(Term)
class TermAdmin(ScopedAdmin):
    """The shared code lists (issue 16). Station staff and the superuser add local service areas
    and target populations; a built-in entry's code and label stay as the code has them (it is
    shown translated), but it can be switched off or moved. Codes are never changed once saved:
    records store them."""

    list_display = ["kind", "code", "label", "order", "active", "built_in"]
    list_filter = ["kind", "active", "built_in"]
    search_fields = ["code", "label"]
    list_editable = ["order", "active"]
    ordering = ["kind", "order", "pk"]

    def scope(self, queryset, user):
        return queryset

    def has_module_permission(self, request):
        return can_manage_terms(request.user)

    def has_view_permission(self, request, obj=None):
        return can_manage_terms(request.user)

    def has_add_permission(self, request):
        return can_manage_terms(request.user)

    def has_change_permission(self, request, obj=None):
        return can_manage_terms(request.user)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and (obj is None or not obj.built_in)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["built_in"]
        if obj.built_in:
            return ["kind", "code", "label", "built_in"]
        return ["kind", "code", "built_in"]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kwargs["choices"] = [(kind.value, kind.label) for kind in LOCAL_KINDS]
        return super().formfield_for_choice_field(db_field, request, **kwargs)
