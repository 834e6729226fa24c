"""Rules about how the code is laid out, checked by reading it (ast): small tests, one rule each."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Apps whose records are written only through their services (issue 11: one write path).
SERVICE_APPS = ["cases", "groups", "activities", "volunteers", "organizations", "charity", "plans"]

# Methods that write a model or queryset, and helpers that save a form.
WRITE_METHODS = {
    "save",
    "create",
    "update",
    "delete",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
    "save_m2m",
}
WRITE_FUNCTIONS = {"save_versioned"}


def view_modules(app):
    folder = ROOT / app
    return sorted([*folder.glob("views*.py"), *folder.glob("views/*.py")])


def direct_writes(path: Path, root: Path = ROOT) -> list[str]:
    """`file:line call` for every call of a write method or form-saving helper in `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = None
        if isinstance(func, ast.Attribute) and func.attr in WRITE_METHODS:
            name = func.attr
        elif isinstance(func, ast.Name) and func.id in WRITE_FUNCTIONS:
            name = func.id
        if name:
            found.append(f"{path.relative_to(root)}:{node.lineno} {ast.unparse(func)}()")
    return found


def test_every_service_app_has_views_to_check():
    assert all(view_modules(app) for app in SERVICE_APPS)


@pytest.mark.parametrize("app", SERVICE_APPS)
def test_views_write_only_through_services(app):
    writes = [line for path in view_modules(app) for line in direct_writes(path)]
    assert writes == [], "views must call a service in <app>/services.py to write:\n" + "\n".join(
        writes
    )


def test_the_write_check_finds_direct_saves(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "def view(form, qs):\n"
        "    obj = form.save(commit=False)\n"
        "    qs.filter(a=1).update(b=2)\n"
        "    save_versioned(form)\n"
        "    services.case_create(x=1)\n"
    )
    assert [line.split(" ")[1] for line in direct_writes(module, root=tmp_path)] == [
        "form.save()",
        "qs.filter(a=1).update()",
        "save_versioned()",
    ]
