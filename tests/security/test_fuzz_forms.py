"""Hostile values posted to every form the site shows on its pages: never a 500.

The forms are found, not listed: every page is opened and each `<form method="post">` on it is
filled from its own fields with each hostile profile (year 1 and 9999 dates, huge and negative
numbers, long strings, NUL bytes, formulas) and posted to its action; and, so that a hostile
value reaches the save and the pages that read it back, field by field: the form as the page
shows it (an edit page) or filled with ordinary values (a create page), one typed field at a time
replaced by each hostile value. Redirects are followed, and the page is opened again afterwards:
a stored year-1 date broke later reads. No answer is a 500, and none shows a CHECK constraint's
raw name (Django's message for a constraint without one of its own).

The pages: every page without URL arguments, as station staff; every page of one record (an
edit page, a detail page with its action forms), built from the permission tables: each
`tests/**/test_permissions.py` row that GETs a page with URL arguments and answers 200 gives the
URL (its `kwargs` over the module's own `objects` fixture) and the roles that open it (each
posts the forms the others did not see); and every admin add form, as the superuser.
`test_every_page_that_shows_a_form_is_fuzzed` walks the URL resolver and fails for a named URL
whose page shows a form but is in neither walk nor in NOT_FORMS (with the reason it is left out).
"""

import importlib
import inspect
import pkgutil
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from _pytest.fixtures import FixtureFunctionDefinition, FixtureLookupError
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

import tests
from tests.conftest import PERSONAS
from tests.factories import UserFactory
from tests.test_bad_parameters import PAGES
from tests.test_url_coverage import named_urls

ANON, STAFF, W1, W2, SUP, OFF, DIST = PERSONAS

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
    """The POST forms of a page: action, (name, type, first option) of each field, and `current`:
    the (name, value) pairs a browser would submit unchanged (checked boxes, selected options,
    textarea text, the first named submit button)."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {
                "action": attrs.get("action") or "",
                "fields": [],
                "current": [],
                "options": {},
            }
            self._submitted = False
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._form["options"].setdefault(self._select[0], []).append(value)
            if self._select[2] is None:
                self._select[2] = value
            if "selected" in attrs:
                self._form["current"].append((self._select[0], value))
                self._select_chosen = True
            elif not self._select_chosen and not self._select_multiple:
                self._select_first = self._select_first if self._select_first else [value]
        elif not attrs.get("name"):
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            self._form["fields"].append([attrs["name"], kind, attrs.get("value")])
            self._current_input(attrs, kind)
        elif tag == "button" and (attrs.get("type") or "submit") == "submit":
            self._current_input(attrs, "submit")
        elif tag == "textarea":
            self._form["fields"].append([attrs["name"], "text", None])
            self._textarea = [attrs["name"], ""]
        elif tag == "select":
            self._select = [attrs["name"], "select", None]
            self._select_chosen, self._select_first = False, None
            self._select_multiple = "multiple" in attrs
            self._form["fields"].append(self._select)

    def _current_input(self, attrs, kind):
        value = attrs.get("value")
        if kind in {"checkbox", "radio"}:
            if "checked" in attrs:
                self._form["current"].append((attrs["name"], value or "on"))
        elif kind == "submit":
            if not self._submitted:
                self._form["current"].append((attrs["name"], value or ""))
                self._submitted = True
        elif kind != "file":
            self._form["current"].append((attrs["name"], value or ""))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            self._form["current"].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if not self._select_chosen and self._select_first:
                self._form["current"].append((self._select[0], self._select_first[0]))
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


# Django's message for a CHECK constraint without a message of its own names the constraint
# ("约束 “project_has_slots” 是无效的"): meaningless to the user, and a peek at the schema.
RAW_CONSTRAINT_MESSAGE = re.compile(r"(约束|Constraint) “[a-z0-9_]+” (是无效的|is violated)")


def assert_no_constraint_name(response, where):
    if response.streaming or "text/html" not in response.get("Content-Type", ""):
        return  # a download
    found = RAW_CONSTRAINT_MESSAGE.search(response.content.decode(errors="replace"))
    assert found is None, (where, found and found.group(0))


def form_key(form):
    return form["action"].split("?")[0], tuple(sorted({field[0] for field in form["fields"]}))


def post_forms(client, url, done=None):
    """Post every profile to every POST form of `url` (but those whose `form_key` is in `done`,
    to which the others are added); returns the forms' actions."""
    actions, done = [], set() if done is None else done
    for form in page_forms(client.get(url), url):
        if form_key(form) in done:
            continue
        done.add(form_key(form))
        action = form["action"]
        actions.append(action.split("?")[0])
        for profile in PROFILES:
            # Followed: a stored year-1 date answered 302 and broke the page it led to.
            response = client.post(action, hostile_data(form["fields"], profile), follow=True)
            assert response.status_code < 500, (url, action, profile, response.status_code)
            assert_no_constraint_name(response, (url, action, profile))
    # And what was stored does not break the page that lists it.
    assert client.get(url).status_code < 500, url
    return actions


@pytest.mark.parametrize("url", PAGES)
def test_hostile_values_in_every_form_never_give_a_server_error(client, world, url):
    client.force_login(world.staff)  # station staff see every form a room worker sees, and more
    post_field_by_field(client, url, fill=True)
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


def as_data(pairs):
    data = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


TYPED_KINDS = {"text", "textarea", "number", "date", "datetime-local", "time", "email", "tel",
               "search", "url", "password"}  # fmt: skip


def plausible_data(form):
    """The form as shown, its empty fields filled with ordinary values (today, 1, the first
    choice…): a create form that then passes, so that one hostile value is all that is wrong."""
    data = as_data(form["current"])
    today = timezone.localdate().isoformat()
    ordinary = {"date": today, "datetime-local": f"{today}T09:00", "time": "09:00",
                "number": "1", "email": "zhang@example.cn", "tel": "13800001111"}  # fmt: skip
    for name, kind, value in form["fields"]:
        if any(data.get(name, [])):
            continue
        if kind == "select":
            choices = [option for option in form["options"].get(name, []) if option]
            if choices:
                data[name] = [choices[0]]
        elif kind == "radio":
            data[name] = [value or "on"]
        elif kind in ordinary:
            data[name] = [ordinary[kind]]
        elif kind in {"text", "search"} and "phone" in name:
            data[name] = ["13800001111"]
        elif kind in {"text", "search"} and "id_number" not in name:
            data[name] = ["测试"]
    return data


def post_field_by_field(client, url, done=frozenset(), *, fill=False):
    """Each form as the page shows it (an edit page: the record's values, which pass), with one
    typed field at a time replaced by each hostile value: the other fields valid, the hostile
    value reaches the model, the database and the pages that read it back. Returns the number of
    posts. After a post that was accepted the page is read again (a new version, a new one-time
    token). `fill`: start from `plausible_data` (a create page) instead of the page as shown."""
    posts = 0
    forms = {form_key(form): form for form in page_forms(client.get(url), url)}
    for key in [key for key in forms if key not in done]:
        if key not in forms:  # an accepted post changed the page (a member removed)
            continue
        names = [name for name, kind, _value in forms[key]["fields"] if kind in TYPED_KINDS]
        for name in dict.fromkeys(names):
            for profile in PROFILES:
                form = forms.get(key)
                if form is None:  # an accepted post changed the page (a closed record)
                    break
                kind = next(kind for field, kind, _v in form["fields"] if field == name)
                data = plausible_data(form) if fill else as_data(form["current"])
                data[name] = [profile_value(profile, kind)]
                response = client.post(form["action"], data, follow=True)
                posts += 1
                assert response.status_code < 500, (url, name, profile, response.status_code)
                assert_no_constraint_name(response, (url, name, profile))
                if response.redirect_chain:
                    page = client.get(url)
                    assert page.status_code < 500, (url, name, profile)
                    forms = {form_key(form): form for form in page_forms(page, url)}
    return posts


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
    personas: tuple

    def __str__(self):
        return self.url_name


def record_page_targets():
    """One target per named URL with arguments: its first GET row that some persona opens (200),
    with every one of station staff, the supervisor and room 1's worker who opens it (the forms
    of a page differ by role: a supervisor's decision, a worker's own record)."""
    targets = {}
    for module in permission_modules():
        for row in module.ROWS:
            if row.method != "get" or row.kwargs is None or row.url_name in targets:
                continue
            personas = tuple(p for p in (STAFF, SUP, W1) if row.expect.get(p) == 200)
            if personas:
                targets[row.url_name] = Target(row.url_name, module.__name__, row, personas)
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
    done = set()
    for persona in target.personas:  # each role's forms; a form already posted is not again
        client.force_login(world.persona(persona))
        status = client.get(url).status_code
        if persona != target.personas[0] and status != 200:
            continue  # an earlier role's posts closed or archived the record
        assert status == 200, (url, persona)  # as its permission row says: the walk reaches it
        # field by field first, on the record as it was made; then whole forms of hostile values
        post_field_by_field(client, url, done)
        post_forms(client, url, done)


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


# ------------------------------------------------------------------ the admin's add forms


def admin_add_pages():
    found = []
    for model in admin.site._registry:
        try:
            found.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add"))
        except NoReverseMatch:
            continue
    return sorted(found)


@pytest.mark.parametrize("url", admin_add_pages())
def test_hostile_values_in_the_admin_add_forms_never_give_a_server_error(
    client, world, settings, tmp_path, url
):
    """Every admin add form (its inlines included), as the superuser, who reaches them all.
    A read-only admin answers 403 and has no form."""
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(UserFactory(username="root", is_superuser=True, role="", station=None))
    post_forms(client, url)


EDIT_PAGES = ["activities:edit", "cases:record_edit", "stations:resident_edit", "volunteers:edit"]


@pytest.mark.parametrize("name", EDIT_PAGES)
def test_an_edit_form_posted_as_shown_saves(client, world, request, settings, tmp_path, name):
    """The field-by-field walk starts from what the page shows; on an edit page that passes, so
    that each hostile value is the only thing wrong with the post."""
    settings.MEDIA_ROOT = tmp_path / "media"
    target = next(target for target in RECORD_PAGES if target.url_name == name)
    url = record_page_url(request, world, target)
    client.force_login(world.persona(target.personas[0]))
    form = page_forms(client.get(url), url)[0]
    response = client.post(form["action"], as_data(form["current"]))
    assert response.status_code == 302, response.content.decode()[:3000]
