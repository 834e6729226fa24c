"""Forms and form parts every app shares: the login form, the date and text widgets, and the
tick boxes and filter for the shared vocabulary (stations.vocabulary)."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from stations.vocabulary import ServiceArea, TargetPopulation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXT = forms.Textarea(attrs={"rows": 3})
# What a datetime-local input sends, and what people type where it is a plain text box.
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确，请重新输入。注意密码区分大小写。"),
        "inactive": _("该账号已停用，请联系社工站管理员。"),
    }


def tick_boxes(label, choices):
    """A list of tags (an ArrayField of choices) entered as tick boxes."""
    return forms.MultipleChoiceField(
        label=label, choices=choices.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class ServedTagsFilter(forms.Form):
    """The service-area and population filters that the activity and group lists share."""

    service_area = forms.ChoiceField(
        label=_("服务领域"), choices=[("", _("全部领域")), *ServiceArea.choices], required=False
    )
    population = forms.ChoiceField(
        label=_("服务人群"), choices=[("", _("全部人群")), *TargetPopulation.choices],
        required=False,
    )  # fmt: skip

    @staticmethod
    def apply(queryset, data):
        if data.get("service_area"):
            queryset = queryset.filter(service_areas__contains=[data["service_area"]])
        if data.get("population"):
            queryset = queryset.filter(target_populations__contains=[data["population"]])
        return queryset
