"""Hostile values posted to every form the site shows on its pages: never a 500.

The forms are found, not listed: every page without URL arguments is opened as station staff
and each `<form method="post">` on it is filled from its own fields with
each hostile profile (year 1 and 9999 dates, huge and negative numbers, long strings, NUL bytes,
formulas) and posted to its action. A page that shows a form is in the walk by construction;
`test_the_walk_reaches_the_main_forms` fails if discovery stops reaching them. Redirects are
followed, and the page is opened again afterwards: a stored year-1 date broke later reads.

Not walked: forms on pages that take URL arguments (edit pages of one record); their fields are
the create forms' fields, which the walk covers.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.test_bad_parameters import PAGES

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


def post_forms(client, url):
    """Post every profile to every POST form of `url`; returns the forms' actions."""
    page = client.get(url)
    if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
        return []
    parser = FormParser()
    parser.feed(page.content.decode())
    actions = []
    for form in parser.forms:
        action = form["action"] or url
        if "logout" in action or "set_language" in action or "i18n" in action:
            continue
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
