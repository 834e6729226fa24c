import os

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import (
    Activity,
    ActivityAttachment,
    ActivitySeries,
    ActivityType,
    AttachmentKind,
    ExchangeVisit,
    MediaReport,
    NeedsAssessment,
)
from stations.access import is_station_staff
from stations.concurrency import VersionedFormMixin
from stations.forms import (
    DATE,
    DATETIME,
    DATETIME_FORMATS,
    TEXT,
    ServedTagsFilter,
    ServiceTermsFields,
    UserRoomsMixin,
    room_filter,
    tick_boxes,
)
from stations.models import PartnerUnit, Role, User
from stations.vocabulary import SocialForce

COUNT_ERRORS = {"min_value": _("人数不能为负数。"), "invalid": _("请输入整数人数。")}


def can_choose_whole_station(user) -> bool:
    return is_station_staff(user)


class ActivityForm(UserRoomsMixin, ServiceTermsFields, VersionedFormMixin, forms.ModelForm):
    room_fields = ("rooms",)
    social_forces = tick_boxes(_("参与的“五社”力量"), SocialForce)
    direct_participant_count = forms.IntegerField(
        label=_("直接参与人数（未签到的人头数）"),
        min_value=0,
        initial=0,
        error_messages=COUNT_ERRORS,
        help_text=_("只填没有在系统里逐一签到的人数；已签到的服务对象会自动加上，不要重复计算。"),
    )
    indirect_beneficiaries = forms.IntegerField(
        label=_("间接受益人数"), min_value=0, initial=0, error_messages=COUNT_ERRORS
    )

    class Meta:
        model = Activity
        fields = [
            "title", "activity_type", "series", "starts_at", "ends_at", "place", "rooms",
            "service_areas", "target_populations", "social_forces", "organisers",
            "partner_units", "direct_participant_count", "indirect_beneficiaries", "content",
            "resources_used", "outcome",
        ]  # fmt: skip
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "rooms": forms.CheckboxSelectMultiple,
            "partner_units": forms.CheckboxSelectMultiple,
            "organisers": forms.SelectMultiple(attrs={"size": 6}),
            "content": TEXT,
            "resources_used": TEXT,
            "outcome": TEXT,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["series"].queryset = ActivitySeries.objects.visible_to(user)
        self.fields["partner_units"].queryset = PartnerUnit.objects.visible_to(user)
        self.fields["organisers"].queryset = User.objects.filter(
            station_id=user.station_id, is_active=True,
            role__in=[Role.STATION_STAFF, Role.ROOM_WORKER, Role.SUPERVISOR],
        ).order_by("last_name", "first_name")  # fmt: skip
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = DATETIME_FORMATS
        if self.instance.pk:
            # Only the rooms this user may see are on the form; others are kept by the service.
            self.initial["rooms"] = [
                pk for pk in self.instance.rooms.values_list("pk", flat=True)
                if pk in set(self.rooms.values_list("pk", flat=True))
            ]  # fmt: skip
        if not can_choose_whole_station(user):
            self.fields["rooms"].required = True
            self.fields["rooms"].help_text = _("选择举办活动的社工室（可多选）")
            self.fields["rooms"].error_messages["required"] = _("请至少选择一个社工室。")

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("结束时间不能早于开始时间。"))
        return data


class ActivityFilterForm(UserRoomsMixin, ServedTagsFilter):
    q = forms.CharField(label=_("搜索"), required=False)
    room = room_filter()
    activity_type = forms.ChoiceField(
        label=_("类型"), choices=[("", _("全部类型")), *ActivityType.choices], required=False
    )
    series = forms.ModelChoiceField(label=_("系列/项目"), queryset=None, required=False)
    date_from = forms.DateField(label=_("起"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("止"), required=False, widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["series"].queryset = ActivitySeries.objects.visible_to(user)
        self.fields["series"].empty_label = _("全部")


ALLOWED_EXTENSIONS = {
    AttachmentKind.PHOTO: {".jpg", ".jpeg", ".png", ".webp", ".gif"},
    AttachmentKind.FILE: {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".txt"},
}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def is_image(upload) -> bool:
    """Whether an uploaded photo is a picture Pillow can read, of one of the allowed formats
    (the name's extension says nothing: a script renamed .jpg is not a photo)."""
    from PIL import Image

    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            return image.format in IMAGE_FORMATS
    except Exception:  # Pillow raises many kinds for a broken or hostile file
        return False
    finally:
        upload.seek(0)


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = ActivityAttachment
        fields = ["kind", "file", "caption"]

    def clean(self):
        data = super().clean()
        upload, kind = data.get("file"), data.get("kind")
        if upload and kind:
            extension = os.path.splitext(upload.name)[1].lower()
            if extension not in ALLOWED_EXTENSIONS[kind]:
                allowed = _("、").join(sorted(ALLOWED_EXTENSIONS[kind]))
                self.add_error(
                    "file", _("不支持的文件类型，允许：%(allowed)s") % {"allowed": allowed}
                )
            if upload.size > MAX_UPLOAD_BYTES:
                self.add_error("file", _("文件不能超过 10 MB。"))
            elif kind == AttachmentKind.PHOTO and not is_image(upload):
                self.add_error("file", _("这不是一张可以打开的图片。"))
        return data


class SeriesForm(forms.ModelForm):
    class Meta:
        model = ActivitySeries
        fields = ["name", "description", "start_date", "end_date"]
        widgets = {"start_date": DATE, "end_date": DATE, "description": TEXT}

    def __init__(self, *args, station_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.station_id = station_id

    def clean_name(self):
        name = self.cleaned_data["name"]
        if (
            ActivitySeries.objects.filter(station_id=self.station_id, name=name)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(_("已有同名的系列/项目。"))
        return name

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("结束日期不能早于开始日期。"))
        return data


class NeedsAssessmentForm(UserRoomsMixin, VersionedFormMixin, forms.ModelForm):
    room_required_unless_staff = True

    class Meta:
        model = NeedsAssessment
        fields = [
            "title", "room", "assessed_on", "method", "basic_situation", "key_populations",
            "incubation", "talent_development", "individual_needs", "community_resources",
            "findings", "activities",
        ]  # fmt: skip
        widgets = {
            "assessed_on": DATE,
            "basic_situation": TEXT,
            "key_populations": TEXT,
            "incubation": TEXT,
            "talent_development": TEXT,
            "individual_needs": TEXT,
            "community_resources": TEXT,
            "findings": TEXT,
            "activities": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["activities"].queryset = Activity.objects.visible_to(user).order_by(
            "-starts_at"
        )


class MediaReportForm(UserRoomsMixin, VersionedFormMixin, forms.ModelForm):
    room_required_unless_staff = True
    link = forms.URLField(label=_("链接"), required=False, assume_scheme="https")

    class Meta:
        model = MediaReport
        fields = ["title", "outlet", "published_on", "link", "room", "activity"]
        widgets = {"published_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["activity"].queryset = Activity.objects.visible_to(user).order_by("-starts_at")


class ExchangeVisitForm(UserRoomsMixin, VersionedFormMixin, forms.ModelForm):
    room_required_unless_staff = True

    class Meta:
        model = ExchangeVisit
        fields = ["counterpart", "direction", "visited_on", "topics", "room"]
        widgets = {"visited_on": DATE, "topics": TEXT}
