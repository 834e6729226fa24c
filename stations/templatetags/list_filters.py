"""A list page's filter bar of form fields, one markup for every list that filters with a form.

    {% load list_filters %}
    {% filter_row filter_form "q room group_type date_from date_to" wide="date_from date_to" %}

The named fields of the form, in that order, each with its label (crispy-forms), in one grid row
with the 筛选 button: the first (the search box) takes the whole width on a phone and 3 of the 12
columns on a wider screen, like the fields named in `wide`; the others half a phone's width and 2
columns. The markup is `includes/filter_row.html`.
"""

from django import template

register = template.Library()


@register.inclusion_tag("includes/filter_row.html")
def filter_row(form, names: str, wide: str = "") -> dict:
    wide_names = set(wide.split())
    cells = []
    for number, name in enumerate(names.split()):
        if number == 0:
            css = "col-12 col-md-3"
        else:
            css = "col-6 col-md-3" if name in wide_names else "col-6 col-md-2"
        cells.append((form[name], css))
    return {"cells": cells}
