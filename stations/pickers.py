"""Pickers that find people: one widget and one search endpoint per kind (issue 19, item 4).

A form field that points at a resident, a volunteer or an organization renders `PickerSelect`
(`use_picker(form.fields["volunteer"], "volunteer")`, or `ResidentChoiceField`, which does it
itself). Without JavaScript it is a plain dropdown; static/js/site.js adds a search box above it
that asks `stations:pick` (`/stations/pick/<kind>/?q=…`) as you type and lists the matches as
large buttons, and filters the dropdown's own options when the phone is offline.

The dropdown carries at most `INLINE_OPTIONS` options (plus the chosen one): a station's whole
registry would make the page heavy on a phone, and the search finds everyone else.

Each kind is a `Picker` registered by the app that owns the model, in its `panels.register()`:
`queryset(user)` is already scoped with `visible_to(user)`, `search(queryset, words)` narrows it,
`describe(rows)` says what a result shows. Results never carry an ID number or a phone, and there
are at most `RESULTS` of them.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

RESULTS = 20
INLINE_OPTIONS = 300
MAX_QUERY_LENGTH = 50
MAX_WORDS = 5


@dataclass(frozen=True)
class Picker:
    kind: str
    queryset: Callable  # (user) -> the rows the user may choose, scoped and ordered
    search: Callable  # (queryset, words) -> the rows matching every word
    describe: Callable  # (rows) -> [{"id", "label", "detail"}], a fixed number of queries
    placeholder: str = ""


PICKERS: dict[str, Picker] = {}


def register_picker(picker: Picker) -> None:
    PICKERS[picker.kind] = picker


def search_words(text: str) -> list[str]:
    """The words typed into a picker, bounded: a long paste is cut, not searched in full."""
    return [word for word in (text or "")[:MAX_QUERY_LENGTH].split() if word][:MAX_WORDS]


def picker_results(picker: Picker, user, text: str) -> dict:
    """At most RESULTS matches of `text` among the rows `user` may choose, and whether more match."""
    rows = picker.queryset(user)
    words = search_words(text)
    if words:
        rows = picker.search(rows, words)
    found = list(rows[: RESULTS + 1])
    return {"results": picker.describe(found[:RESULTS]), "more": len(found) > RESULTS}


def age_filter(word: str, field: str = "birth_date") -> Q | None:
    """`72` or `72岁` → born on a day that makes the person 72 today; None for any other word."""
    number = word.removesuffix("岁")
    if not number.isdigit() or len(number) > 3:
        return None
    years = int(number)
    today = timezone.localdate()
    latest = _years_before(today, years)
    earliest = _years_before(today, years + 1) + datetime.timedelta(days=1)
    return Q(**{f"{field}__gte": earliest, f"{field}__lte": latest})


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class PickerSelect(forms.Select):
    """A dropdown that static/js/site.js turns into a search-as-you-type picker of `kind`."""

    def __init__(self, attrs=None, *, kind: str, inline_options: int = INLINE_OPTIONS):
        super().__init__(attrs)
        self.kind = kind
        self.inline_options = inline_options
        self.truncated = False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        picker = PICKERS.get(self.kind)
        context["widget"]["attrs"].update(
            {
                "data-picker": self.kind,
                "data-picker-url": reverse("stations:pick", args=[self.kind]),
                "data-search-placeholder": picker.placeholder if picker else "",
                "data-search-count": gettext("找到 {count} 人")
                if self.kind != "organization"
                else gettext("找到 {count} 个"),
                "data-search-more": gettext("只显示前 {count} 个结果，请多输入几个字"),
                "data-search-offline": gettext("离线：只在本页已有的选项中查找"),
            }
        )
        if self.truncated:
            context["widget"]["attrs"]["data-picker-truncated"] = ""
        return context

    def optgroups(self, name, value, attrs=None):
        """The first `inline_options` choices and the chosen ones; the search finds the rest."""
        choices = self.choices
        queryset = getattr(choices, "queryset", None)
        self.truncated = False
        if queryset is None:  # a list of choices made by the form: shown as it is
            return super().optgroups(name, value, attrs)
        field = choices.field
        rows = list(queryset[: self.inline_options + 1])
        self.truncated = len(rows) > self.inline_options
        rows = rows[: self.inline_options]
        shown = {str(field.prepare_value(row)) for row in rows}
        wanted = [v for v in value if v not in (None, "") and str(v) not in shown]
        wanted = [v for v in wanted if str(v).isdigit()]
        if wanted:
            rows += list(queryset.filter(pk__in=wanted))
        bounded = [("", field.empty_label)] if field.empty_label is not None else []
        bounded += [choices.choice(row) for row in rows]
        self.choices = bounded
        try:
            groups = super().optgroups(name, value, attrs)
        finally:
            self.choices = choices
        if self.truncated:
            more = forms.Select.create_option(
                self,
                name,
                "",
                gettext("…还有更多，请输入姓名查找"),
                False,
                len(groups),
            )
            more["attrs"].update({"disabled": True, "data-picker-more": ""})
            groups.append((None, [more], len(groups)))
        return groups


def use_picker(field: forms.ModelChoiceField, kind: str) -> forms.ModelChoiceField:
    """Give an existing choice field the picker widget of `kind` (keeping its attributes)."""
    field.widget = PickerSelect(attrs=dict(field.widget.attrs), kind=kind)
    field.widget.choices = field.choices
    return field


# The kinds of the base app: residents and partner units (registered in stations/panels.py).


def resident_label(resident) -> str:
    return gettext("%(name)s（%(room)s，%(age)s岁）") % {
        "name": resident.real_name,
        "room": resident.room.name,
        "age": resident.age,
    }


def resident_choices(user):
    """The active residents `user` may see, as `ResidentChoiceField` offers them."""
    from stations.models import Resident

    return (
        Resident.objects.visible_to(user)
        .active()
        .select_related("room")
        .order_by("room__order", "real_name", "pk")
    )


def resident_search(queryset, words):
    """Every word matches the name, the pseudonym, the room, the age or a tag in force."""
    from stations.models import KeyPopulation, KeyPopulationTag

    for word in words:
        match = (
            Q(real_name__icontains=word)
            | Q(pseudonym__icontains=word)
            | Q(room__name__icontains=word)
        )
        age = age_filter(word)
        if age is not None:
            match |= age
        categories = [value for value, label in KeyPopulation.choices if word in str(label)]
        if categories:
            tagged = KeyPopulationTag.objects.in_force().filter(category__in=categories)
            match |= Q(pk__in=tagged.values("resident_id"))
        queryset = queryset.filter(match)
    return queryset


def resident_describe(residents) -> list[dict]:
    """Label (name, room, age) and detail (pseudonym, tags in force): one query for the tags."""
    from stations.models import KeyPopulationTag

    tags: dict[int, list[str]] = {}
    if residents:
        in_force = KeyPopulationTag.objects.in_force().filter(resident__in=residents)
        for tag in in_force.order_by("category"):
            tags.setdefault(tag.resident_id, []).append(tag.get_category_display())
    results = []
    for resident in residents:
        detail = gettext("化名：%(pseudonym)s") % {"pseudonym": resident.pseudonym}
        if tags.get(resident.pk):
            detail += gettext("；") + gettext("、").join(tags[resident.pk])
        results.append({"id": resident.pk, "label": resident_label(resident), "detail": detail})
    return results


def partner_choices(user):
    from stations.models import PartnerUnit

    return PartnerUnit.objects.visible_to(user).order_by("name", "pk")


def partner_search(queryset, words):
    for word in words:
        queryset = queryset.filter(Q(name__icontains=word) | Q(contact_person__icontains=word))
    return queryset


def partner_describe(partners) -> list[dict]:
    return [
        {"id": partner.pk, "label": partner.name, "detail": partner.get_kind_display()}
        for partner in partners
    ]
