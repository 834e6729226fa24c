"""Every list page of the site has an export of its rows, or is exempt here with a reason.

A list page is a view that paginates (`stations.listing.paginate`) or one of the tables named in
TABLE_PAGES. A new list without a `ListExport` in registers/lists.py fails this test."""

import inspect

from django.urls import URLPattern, URLResolver, get_resolver

from registers.lists import LISTS

# Tables that are lists without being paginated.
TABLE_PAGES = {"plans:workload", "plans:targets"}

EXEMPT = {
    "cases:approvals": "a work queue of pending decisions, not a register; decided items move on",
    "stations:notifications": "the user's own inbox",
    "stations:read_log": "an audit trail of one record, read in place by supervisors",
    "activities:signin": "the sign-in form; its rows are exported as activity-signins",
    "volunteers:activity_pick": "a picker for batch entry; the same rows as the activity list",
    "registers:export_log": "the audit log of the exports themselves; read here and in the admin",
    "plans:targets": "a dozen targets of one year whose figures are the report's export",
    "plans:workplans": "a worker's own weekly and monthly plans, reviewed one by one; not yet a register",
}


def list_views(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            if inner == "admin":
                continue
            yield from list_views(pattern, f"{namespace}{inner}:" if inner else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}{pattern.name}"
            view = inspect.unwrap(pattern.callback)
            try:
                source = inspect.getsource(view)
            except (OSError, TypeError):
                continue
            if "paginate(" in source or name in TABLE_PAGES:
                yield name


def test_every_list_page_has_an_export_or_a_reason():
    exported = {spec.list_url for spec in LISTS.values()}
    pages = set(list_views())
    missing = sorted(pages - exported - set(EXEMPT))
    assert not missing, f"list pages without an export (add a ListExport or a reason): {missing}"


def test_the_exemptions_are_list_pages_without_an_export():
    exported = {spec.list_url for spec in LISTS.values()}
    pages = set(list_views())
    assert set(EXEMPT) <= pages - exported
