"""Hostile values posted to every form the site shows on its pages: never a 500.

The forms are found, not listed: every page is opened and each `<form method="post">` on it is
filled from its own fields with each hostile profile (year 1 and 9999 dates, huge and negative
numbers, long strings, NUL bytes, formulas) and posted to its action. Redirects are followed, and
the page is opened again afterwards: a stored year-1 date broke later reads.

The pages: every page without URL arguments, as station staff; and every page of one record (an
edit page, a detail page with its action forms), built from the permission tables: each
`tests/**/test_permissions.py` row that GETs a page with URL arguments and answers 200 gives the
URL (its `kwargs` over the module's own `objects` fixture) and the persona to post as.
`test_every_page_that_shows_a_form_is_fuzzed` walks the URL resolver and fails for a named URL
whose page shows a form but is in neither walk nor in NOT_FORMS (with the reason it is left out).
"""

import importlib
import inspect
import pkgutil
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from _pytest.fixtures import FixtureFunctionDefinition, FixtureLookupError
from django.urls import reverse

import tests
from tests.conftest import PERSONAS
from tests.test_bad_parameters import PAGES
from tests.test_url_coverage import named_urls

ANON, STAFF, W1, W2, SUP, OFF = PERSONAS

PROFILES = {
    "year_one": {"date": "0001-01-01", "datetime-local": "0001-01-01T00:00", "number": "0",
                 "text": "0001-01-01", "time": "00:00"},
    "year_9999": {"date": "9999-12-31", "datetime-local": "9999-12-31T23:59", "number": "1e308",
                  "text": "9999-12-31 23:59", "time": "23:59"},
    "huge": {"date": "2022-02-30", "datetime-local": "2022-06-01T25:61",
             "number": "99999999999999999999999999", "text": "长" * 5000, "time": "99:99"},
    "negative": {"date": "-1", "datetime-local": "-1", "number": "-99999.999", "text": "-1",
                 "time": "-1"},
    "nul": {"date": "2022-06-01\x00", "datetime-local": "2022-06-01T09:00\x00", "number": "1\x00",
            "text": "王\x00", "time": "09:00\x00"},
    "formula": {"date": "=1+1", "datetime-local": "=1+1", "number": "=1+1",
                "text": '=HYPERLINK("http://x","x")', "time": "@SUM(A1)"},
}  # fmt: skip


class FormParser(HTMLParser):
    """The POST forms of a page: action and (name, type, first option) of each field."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": []}
            self.forms.append(self._form)
        elif self._form is None or not attrs.get("name"):
            if tag == "option" and self._select is not None and self._select[2] is None:
                self._select[2] = attrs.get("value", "")
        elif tag == "input":
            self._form["fields"].append(
                [attrs["name"], (attrs.get("type") or "text").lower(), attrs.get("value")]
            )
        elif tag == "textarea":
            self._form["fields"].append([attrs["name"], "text", None])
        elif tag == "select":
            self._select = [attrs["name"], "select", None]
            self._form["fields"].append(self._select)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def hostile_data(fields, profile):
    data = {}
    for name, kind, value in fields:
        if kind in {"hidden", "submit"} or name == "csrfmiddlewaretoken":
            data[name] = value or ""
        elif kind in {"checkbox", "radio"}:
            data[name] = value or "on"
        elif kind == "select":
            data[name] = "999999999" if profile in {"huge", "negative"} else (value or "")
        elif kind == "file":
            continue
        else:
            data[name] = profile_value(profile, kind)
    return data


def profile_value(profile, kind):
    values = PROFILES[profile]
    return values.get(kind, values["text"])


def page_forms(page, url):
    """The POST forms of a 200 HTML response, without the navigation bar's logout and language
    forms, each with its action resolved against `url`."""
    if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
        return []
    parser = FormParser()
    parser.feed(page.content.decode())
    forms = []
    for form in parser.forms:
        action = form["action"] or url
        if "logout" in action or "set_language" in action or "i18n" in action:
            continue
        forms.append({**form, "action": action})
    return forms


def post_forms(client, url):
    """Post every profile to every POST form of `url`; returns the forms' actions."""
    actions = []
    for form in page_forms(client.get(url), url):
        action = form["action"]
        actions.append(action.split("?")[0])
        for profile in PROFILES:
            # Followed: a stored year-1 date answered 302 and broke the page it led to.
            response = client.post(action, hostile_data(form["fields"], profile), follow=True)
            assert response.status_code < 500, (url, action, profile, response.status_code)
    # And what was stored does not break the page that lists it.
    assert client.get(url).status_code < 500, url
    return actions


@pytest.mark.parametrize("url", PAGES)
def test_hostile_values_in_every_form_never_give_a_server_error(client, world, url):
    client.force_login(world.staff)  # station staff see every form a room worker sees, and more
    post_forms(client, url)


def test_the_walk_reaches_the_main_forms(client, world):
    client.force_login(world.staff)
    reached = set()
    for url in PAGES:
        reached.update(post_forms(client, url) if url.endswith("/new/") else [])
    for name in [
        "activities:create",
        "cases:visit_new",
        "charity:disbursement_create",
        "stations:resident_create",
        "volunteers:create",
    ]:
        assert reverse(name) in reached, name


# ------------------------------------------------------------------ pages of one record


def permission_modules():
    for info in pkgutil.walk_packages(tests.__path__, "tests."):
        if info.name.endswith("test_permissions"):
            yield importlib.import_module(info.name)


@dataclass(frozen=True)
class Target:
    """A page with URL arguments, the permission-table row that builds it, who may open it."""

    url_name: str
    module: str
    row: object
    persona: str

    def __str__(self):
        return self.url_name


def record_page_targets():
    """One target per named URL with arguments: its first GET row that some persona opens (200),
    station staff first (they see the most forms), then the supervisor, then room 1's worker."""
    targets = {}
    for module in permission_modules():
        for row in module.ROWS:
            if row.method != "get" or row.kwargs is None or row.url_name in targets:
                continue
            persona = next((p for p in (STAFF, SUP, W1) if row.expect.get(p) == 200), None)
            if persona is not None:
                targets[row.url_name] = Target(row.url_name, module.__name__, row, persona)
    return sorted(targets.values(), key=str)


RECORD_PAGES = record_page_targets()


def _fixture_in(module_name, name):
    """The fixture `name` defined in the module or a conftest of its packages, if any."""
    parts = module_name.split(".")
    for depth in range(len(parts), 0, -1):
        candidate_module = ".".join(parts[:depth])
        if depth < len(parts):
            candidate_module += ".conftest"
        try:
            module = importlib.import_module(candidate_module)
        except ModuleNotFoundError:
            continue
        candidate = getattr(module, name, None)
        if isinstance(candidate, FixtureFunctionDefinition):
            return candidate
    return None


def call_fixture(request, module_name, name):
    """The value of fixture `name` as the permission module `module_name` sees it: fixtures this
    test can see (world, settings, tmp_path…) come from pytest, the module's own (its
    `objects`, an app conftest's `charity`) are called here with theirs."""
    try:
        return request.getfixturevalue(name)
    except FixtureLookupError:
        pass
    fixture = _fixture_in(module_name, name)
    if fixture is None:
        raise LookupError(f"{module_name}: no fixture {name}")
    function = fixture._get_wrapped_function()
    arguments = {
        parameter: call_fixture(request, module_name, parameter)
        for parameter in inspect.signature(function).parameters
    }
    value = function(**arguments)
    return next(value) if inspect.isgenerator(value) else value


def record_page_url(request, world, target):
    row = target.row
    objects = (
        call_fixture(request, target.module, "objects")
        if _fixture_in(target.module, "objects")
        else None
    )
    url = reverse(row.url_name, kwargs=row.kwargs(world, objects))
    return url + (f"?{row.query}" if row.query else "")


@pytest.mark.parametrize("target", RECORD_PAGES, ids=str)
def test_hostile_values_in_the_forms_of_record_pages_never_give_a_server_error(
    client, world, request, settings, tmp_path, target
):
    settings.MEDIA_ROOT = tmp_path / "media"
    url = record_page_url(request, world, target)
    client.force_login(world.persona(target.persona))
    assert client.get(url).status_code == 200, url  # the row said so: the walk reaches the page
    post_forms(client, url)


# Named URLs whose page shows a form that neither walk posts to, each with the reason.
NOT_FORMS = {
    "login": "anonymous only; its limits are tested in test_login_limits.py",
    "two_factor_verify": "shown only to a session that owes its code: fuzzed in test_two_factor.py",
    "two_factor_recovery_codes": "shown only once enrolled: fuzzed in test_two_factor.py",
}


def pages_with_forms(client, world, request, names):
    """Those of the named URLs whose page (opened as staff, supervisor and room 1's worker, with
    the arguments of their first permission row) shows a POST form."""
    rows = {}
    for module in permission_modules():
        for row in module.ROWS:
            rows.setdefault(row.url_name, (module.__name__, row))
    objects_of, found = {}, []
    for name in sorted(names):
        module_name, row = rows[name]
        if row.kwargs and module_name not in objects_of:
            objects_of[module_name] = (
                call_fixture(request, module_name, "objects")
                if _fixture_in(module_name, "objects")
                else None
            )
        kwargs = row.kwargs(world, objects_of[module_name]) if row.kwargs else {}
        url = reverse(name, kwargs=kwargs)
        for persona in (STAFF, SUP, W1):
            client.force_login(world.persona(persona))
            if page_forms(client.get(url), url):
                found.append(f"{name} ({url} as {persona})")
                break
    return found


def test_every_page_that_shows_a_form_is_fuzzed(client, world, request, settings, tmp_path):
    """Walk the URL resolver: a named URL whose page shows a POST form must be walked by one of
    the fuzz tests above, or be in NOT_FORMS. The rest (actions answering POST only, downloads,
    JSON) are opened to make sure they show none."""
    settings.MEDIA_ROOT = tmp_path / "media"
    assert set(NOT_FORMS) <= set(named_urls()), "NOT_FORMS names a URL that does not exist"
    walked = {str(target) for target in RECORD_PAGES}
    walked |= {name for name in named_urls() if _parameterless(name)}
    rest = set(named_urls()) - walked - set(NOT_FORMS)
    assert len(rest) > 20  # the action URLs: the check below looks at something
    uncovered = pages_with_forms(client, world, request, rest)
    assert not uncovered, "pages with a form the fuzz tests do not reach: " + ", ".join(uncovered)
    # and the check finds a form page when it is left out of the walk
    assert pages_with_forms(client, world, request, {"cases:edit", "stations:resident_edit"})


def _parameterless(name):
    try:
        reverse(name)
    except Exception:
        return False
    return True
