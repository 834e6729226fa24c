"""Forms and form parts every app shares: the login form, the date and text widgets, the room
choices limited to the user's rooms (UserRoomsMixin), and the tick boxes and filter for the
shared vocabulary (stations.vocabulary)."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stations.listing import style_filter_fields
from stations.vocabulary import term_label

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


def room_filter():
    """A list's room filter, empty for every room; the form's __init__ sets its queryset to the
    rooms the user may see."""
    return forms.ModelChoiceField(
        label=_("社工室"), queryset=None, required=False, empty_label=_("全部社工室")
    )


class UserRoomsMixin:
    """A form filled in by `user` (kept as `self.user`) whose room fields, `room_fields`, offer
    only the rooms the user may see, in the rooms' order; `self.rooms` is that queryset.

    With `room_required_unless_staff`, only station staff may leave the room empty (a
    station-wide record): anyone else records for a room, so that they can correct the record
    later; the room is then required, without the model's "leave empty for the whole station"
    hint."""

    room_fields = ("room",)
    room_required_unless_staff = False

    def __init__(self, *args, user, **kwargs):
        from stations.access import is_station_staff, visible_rooms

        super().__init__(*args, **kwargs)
        self.user = user
        self.rooms = visible_rooms(user).order_by("order", "pk")
        for name in self.room_fields:
            self.fields[name].queryset = self.rooms
            if self.room_required_unless_staff and not is_station_staff(user):
                self.fields[name].required = True
                self.fields[name].help_text = ""


def period_filter():
    """The optional first and last day of a list's or register's period: `date_from, date_to`."""
    return (
        forms.DateField(label=_("起始日期"), required=False, widget=DATE),
        forms.DateField(label=_("截止日期"), required=False, widget=DATE),
    )


def term_boxes(label, kind: str, help_text=""):
    """A list of codes of the table `kind` (stations.models.Term) entered as tick boxes; the form
    mixes in TermChoicesMixin, which fills in the choices."""
    field = forms.MultipleChoiceField(
        label=label,
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )
    field.term_kind = kind
    return field


def term_select(label, kind: str, empty_label):
    """One code of the table `kind` chosen from a dropdown (a filter), "" for all."""
    field = forms.ChoiceField(label=label, choices=[], required=False)
    field.term_kind = kind
    field.empty_label = empty_label
    return field


class TermChoicesMixin:
    """Fills the choices of the form's `term_boxes`/`term_select` fields from the code tables in
    one query: the active entries in their order, plus any code the edited record already holds
    (an entry switched off later stays ticked rather than being dropped on the next save)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from stations.models import Term

        fields = {name: field for name, field in self.fields.items() if hasattr(field, "term_kind")}
        if not fields:
            return
        instance = getattr(self, "instance", None)
        held = {}
        for name, field in fields.items():
            value = getattr(instance, name, None) if instance is not None else None
            if isinstance(value, list | tuple):
                held.setdefault(field.term_kind, set()).update(value)
        kinds = {field.term_kind for field in fields.values()}
        wanted = Q(active=True)
        for kind, codes in held.items():
            wanted |= Q(kind=kind, code__in=codes)
        rows = Term.objects.filter(wanted, kind__in=kinds).values_list("kind", "code", "label")
        choices = {kind: [] for kind in kinds}
        for kind, code, label in rows:
            choices[kind].append((code, term_label(kind, code, label)))
        for field in fields.values():
            options = choices[field.term_kind]
            if isinstance(field, forms.MultipleChoiceField):
                field.choices = options
            else:
                field.choices = [("", field.empty_label), *options]


class SearchFilterForm(forms.Form):
    """A list's filters that start with a search box (`search_hint` its placeholder) and the
    room, of the rooms the user may see; the subclass adds its own choices after them."""

    q = forms.CharField(label=_("搜索"), required=False)
    room = room_filter()
    search_hint = ""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from stations.models import Room

        self.fields["room"].queryset = Room.objects.visible_to(user)
        self.fields["q"].widget.attrs["placeholder"] = self.search_hint
        style_filter_fields(self)


class ServiceTermsFields(TermChoicesMixin, forms.Form):
    """The service areas and populations a record is tagged with (cases, groups, activities,
    charity and volunteer projects): tick boxes of the shared code tables. A ModelForm mixes this in
    first and lists both in its Meta.fields, which keeps their place among its fields."""

    service_areas = term_boxes(_("服务领域"), "service_area")
    target_populations = term_boxes(_("服务人群"), "target_population")


class ServedTagsFilter(TermChoicesMixin, forms.Form):
    """The service-area and population filters that the activity and group lists share."""

    service_area = term_select(_("服务领域"), "service_area", _("全部领域"))
    population = term_select(_("服务人群"), "target_population", _("全部人群"))

    @staticmethod
    def apply(queryset, data):
        if data.get("service_area"):
            queryset = queryset.filter(service_areas__contains=[data["service_area"]])
        if data.get("population"):
            queryset = queryset.filter(target_populations__contains=[data["population"]])
        return queryset
