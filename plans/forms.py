from django import forms
from django.utils.translation import gettext_lazy as _

from stations.access import visible_rooms
from stations.listing import style_filter_fields
from stations.models import KeyPopulation, Role, User


def workers_of(user):
    """Active room workers of the rooms `user` may see: choices for worker filters and fields."""
    return User.objects.filter(
        is_active=True,
        role=Role.ROOM_WORKER,
        pk__in=User.objects.filter(rooms__in=visible_rooms(user).values("pk")).values("pk"),
    ).order_by("username")


class OverdueFilterForm(forms.Form):
    room = forms.ModelChoiceField(label=_("社工室"), required=False, queryset=None)
    worker = forms.ModelChoiceField(label=_("社工"), required=False, queryset=None)
    category = forms.ChoiceField(label=_("重点人群"), required=False)
    min_days = forms.IntegerField(
        label=_("逾期天数不少于"), required=False, min_value=0, max_value=3650
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = visible_rooms(user).order_by("order", "pk")
        self.fields["room"].empty_label = _("全部社工室")
        self.fields["worker"].queryset = workers_of(user)
        self.fields["worker"].empty_label = _("全部社工")
        self.fields["category"].choices = [("", _("全部重点人群")), *KeyPopulation.choices]
        self.fields["min_days"].widget.attrs["placeholder"] = _("逾期天数不少于")
        style_filter_fields(self)
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label
