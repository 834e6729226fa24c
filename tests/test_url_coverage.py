"""Every named URL of the project must have a row in some permission table."""

import importlib
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver

import tests

# Django's own admin pages are covered by the admin rows of each app (changelists) and by the
# admin site's has_permission; their many generated names are not listed one by one.
IGNORED_NAMESPACES = {"admin"}


def named_urls(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            if inner in IGNORED_NAMESPACES:
                continue
            prefix = f"{namespace}{inner}:" if inner else namespace
            yield from named_urls(pattern, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def rows_everywhere():
    for module_info in pkgutil.walk_packages(tests.__path__, "tests."):
        if module_info.name.endswith("test_permissions"):
            module = importlib.import_module(module_info.name)
            yield from getattr(module, "ROWS", [])


def test_every_named_url_has_a_permission_row():
    covered = {row.url_name for row in rows_everywhere()}
    missing = sorted(set(named_urls()) - covered)
    assert not missing, f"URLs without a row in a permission table: {missing}"
