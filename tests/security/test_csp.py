"""A Content-Security-Policy that forbids inline script, and templates that need none."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"javascript:", re.I)


def project_templates():
    roots = [Path(settings.BASE_DIR) / "templates"]
    roots += [Path(settings.BASE_DIR) / app / "templates" for app in ("stations", "reports")]
    for root in roots:
        yield from root.rglob("*.html")


def test_no_template_has_inline_script_handlers_or_javascript_links():
    found = []
    for path in project_templates():
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, HANDLER, JAVASCRIPT_URL):
            if pattern.search(text):
                found.append((str(path), pattern.pattern))
    assert not found


def test_pages_carry_a_policy_without_inline_script(client, world):
    client.force_login(world.staff)
    for url in [reverse("login"), reverse("home"), reverse("stations:resident_list")]:
        policy = client.get(url)["Content-Security-Policy"]
        script = next(part for part in policy.split(";") if "script-src" in part)
        assert "'self'" in script and "unsafe-inline" not in script, url
        assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
