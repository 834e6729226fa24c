"""List pages: one way to search, filter, sort and paginate (for `includes/pagination.html`).

    rows = search(rows, request.GET.get("q"), "name", "address")
    rows = filter_equal(rows, form.cleaned_data, "room", "status")
    rows, sort = sort_by(request, rows, {"": ["room__order", "name", "pk"], "name": ["name", "pk"]})
    page_obj = paginate(request, rows, 20)

None of them runs a query: the page's query count stays that of the queryset (`for_list()`).
"""

from django import forms
from django.core.paginator import Paginator
from django.db.models import BooleanField, F, Func, Q, Subquery

PAGE_SIZE = 25


def paginate(request, queryset, per_page=PAGE_SIZE, *, count=None):
    """The page that `?page=` asks for: the last one when too high, the first when not a number.

    `count`: the number of rows when the view has counted them already (with its totals, in one
    aggregate query), so that the paginator does not count them again."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: this is its value
    return paginator.get_page(request.GET.get("page"))


class _AmongIds(Func):
    """`id = ANY(ARRAY(subquery))`: the subquery runs once, first, and the outer table is read by
    primary key. (`id IN (subquery)` is a join that PostgreSQL, past join_collapse_limit tables,
    places after the query's other joins: it would join every row of the table first.)"""

    arg_joiner = " = ANY(ARRAY("
    template = "%(expressions)s))"
    output_field = BooleanField()


def among_ids(rows, ids):
    """`rows` (a queryset with its joins, `for_list()`) whose pk is one of `ids` (a sliced
    `.values("pk")` queryset), reading the joined rows of those ids only."""
    return rows.filter(_AmongIds(F("pk"), Subquery(ids)))


def read_page_by_ids(page, rows):
    """The rows of `page` read through `rows` (a queryset with the page's joins, `for_list()`)
    by their ids, in the same single query: `page` was cut from a narrow queryset (no
    select_related), so that PostgreSQL scopes, sorts and cuts the page on narrow rows and joins
    the wide ones for the rows of the page only (issue 15: the volunteer-record list, sorted by
    the volunteer's room and name, joined all the table's rows to seven tables before sorting).
    An empty page (a filter that matches nothing, `.none()`) reads nothing: PostgreSQL has no
    `ANY(ARRAY(NULL))`."""
    if not page.object_list.query.is_empty() and page.paginator.count:
        page.object_list = among_ids(rows, page.object_list.values("pk"))
    else:
        page.object_list = rows.none()
    return page


def sort_by(request, queryset, orderings, default=""):
    """`queryset` ordered by `orderings[?sort=]` (a list of fields), or by `orderings[default]`
    for a missing or unknown key. Returns the queryset and the key as the request gave it."""
    sort = request.GET.get("sort", default)
    return queryset.order_by(*orderings.get(sort, orderings[default])), sort


def search(queryset, text, *fields):
    """Rows where any of `fields` contains `text` (case-insensitive); every row for no text."""
    text = (text or "").strip()
    if not text:
        return queryset
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": text})
    return queryset.filter(condition)


def filter_equal(queryset, data, *names):
    """Rows whose field equals the filter form's value, for each of `names` that was filled in."""
    for name in names:
        if data.get(name):
            queryset = queryset.filter(**{name: data[name]})
    return queryset


def style_filter_fields(form):
    """Bootstrap classes for filter bars rendered field by field (not through crispy)."""
    for field in form.fields.values():
        is_select = isinstance(field.widget, forms.Select)
        field.widget.attrs.setdefault("class", "form-select" if is_select else "form-control")
