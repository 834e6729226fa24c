"""The report API's tokens in the admin (接口令牌): listed, created (the token is shown once, on
the page that follows the save, never in a message cookie) and revoked; and their use log."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from reports.models import ApiRequest, ApiToken
from reports.tokens import api_token_fill_new, api_token_revoke
from stations.access import is_station_staff, visible_stations
from stations.admin_base import ScopedAdmin
from stations.models import District


class ApiTokenForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        if self.instance.pk is None and bool(data.get("station")) == bool(data.get("district")):
            raise ValidationError(_("令牌须属于一个社工站或一个区（县），二者选一。"))
        return data


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedAdmin):
    form = ApiTokenForm
    list_display = [
        "name",
        "station",
        "district",
        "prefix",
        "state",
        "created_at",
        "created_by",
        "last_used_at",
    ]
    list_filter = ["station", "district", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix"]
    list_select_related = ["station", "district", "created_by"]
    actions = ["revoke"]

    @admin.display(description=_("状态"))
    def state(self, obj):
        return pgettext("api token", "有效") if obj.is_active else pgettext("api token", "已撤销")

    def get_fields(self, request, obj=None):
        fields = ["name", "station"]
        if request.user.is_superuser:
            fields.append("district")
        if obj is not None:
            fields += ["prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
            fields.append("revoked_by")
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # A token's scope never changes: revoke it and create another.
        return self.get_fields(request, obj)[1:]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "station":
            kwargs["queryset"] = visible_stations(request.user)
        if db_field.name == "district":
            kwargs["queryset"] = District.objects.all()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return is_station_staff(request.user)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        if not request.user.is_superuser and obj.station_id != request.user.station_id:
            raise PermissionDenied
        request.new_api_token = api_token_fill_new(token=obj, by=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        raw = getattr(request, "new_api_token", None)
        if raw is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "token": obj,
            "raw_token": raw,
            "title": _("接口令牌已创建"),
        }
        response = TemplateResponse(request, "admin/reports/apitoken/created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("撤销所选令牌"))
    def revoke(self, request, queryset):
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(token=token, by=request.user)
            revoked += 1
        self.message_user(
            request,
            ngettext("已撤销 %(count)d 个令牌。", "已撤销 %(count)d 个令牌。", revoked)
            % {"count": revoked},
            messages.SUCCESS,
        )


@admin.register(ApiRequest)
class ApiRequestAdmin(ScopedAdmin):
    read_only = True
    list_display = ["at", "token", "status", "query", "address"]
    list_filter = ["status", "token"]
    search_fields = ["query", "token__name", "token__prefix"]
    list_select_related = ["token"]
    date_hierarchy = "at"
