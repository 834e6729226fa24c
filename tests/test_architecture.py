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


# --- App layers (issue 12) -------------------------------------------------------------------

# The base app: every other app may use it; it uses none of them.
BASE_APP = "stations"
# The report reads every domain app, so nothing but the project package may import it.
REPORT_APP = "reports"
# Import dependencies between apps that break the layering today, each with the reason it is not
# fixed yet. The tests fail when one appears that is not listed, and when a listed one is gone (so
# the list only shrinks).
KNOWN_EXCEPTIONS: set[tuple[str, str]] = set()


def local_apps(root: Path = ROOT) -> list[str]:
    return sorted(path.parent.name for path in root.glob("*/apps.py"))


def app_imports(app: str, apps: list[str], root: Path = ROOT) -> dict[str, list[str]]:
    """For each other app that `app` imports (at module level or inside a function: a lazy import
    is still a dependency), the `file:line` places that import it. Tests and migrations left out."""
    found: dict[str, list[str]] = {}
    for path in sorted((root / app).rglob("*.py")):
        if {"migrations", "tests"} & set(path.relative_to(root).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules = [node.module]
            else:
                continue
            for module in modules:
                target = module.split(".")[0]
                if target in apps and target != app:
                    found.setdefault(target, []).append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def import_graph(root: Path = ROOT) -> dict[str, dict[str, list[str]]]:
    apps = local_apps(root)
    return {app: app_imports(app, apps, root) for app in apps}


def cycles(graph) -> set[tuple[str, str]]:
    """The pairs (a, b) where a reaches b and b reaches a: every edge that lies on a cycle."""

    def reach(start):
        seen, todo = set(), [start]
        while todo:
            for nxt in graph[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    reaches = {app: reach(app) for app in graph}
    return {(a, b) for a in graph for b in graph[a] if a in reaches[b]}


def test_the_base_app_imports_no_other_app():
    assert import_graph()[BASE_APP] == {}


def test_only_the_project_package_imports_the_report_app():
    importers = {
        (app, REPORT_APP): places
        for app, imports in import_graph().items()
        for target, places in imports.items()
        if target == REPORT_APP
    }
    assert set(importers) - KNOWN_EXCEPTIONS == set(), importers


def test_apps_import_each_other_one_way_only():
    graph = import_graph()
    found = cycles(graph)
    unexpected = {pair: graph[pair[0]][pair[1]] for pair in found - KNOWN_EXCEPTIONS}
    assert unexpected == {}, "an import cycle between apps (lazy imports count):\n" + "\n".join(
        f"{a} -> {b}: {', '.join(places)}" for (a, b), places in sorted(unexpected.items())
    )


def test_known_exceptions_still_exist():
    """A fixed exception must leave the list, so that it cannot come back unnoticed."""
    graph = import_graph()
    assert {(a, b) for a, b in KNOWN_EXCEPTIONS if b in graph[a]} == KNOWN_EXCEPTIONS


def test_the_layer_check_finds_a_lazy_cycle(tmp_path):
    for app, body in {
        "alpha": "from beta.models import Thing\n",
        "beta": "def later():\n    from alpha import models\n",
        "gamma": "from alpha.models import Other\n",
    }.items():
        (tmp_path / app).mkdir()
        (tmp_path / app / "apps.py").write_text("")
        (tmp_path / app / "models.py").write_text(body)
    graph = import_graph(tmp_path)
    assert cycles(graph) == {("alpha", "beta"), ("beta", "alpha")}
    assert graph["beta"] == {"alpha": ["beta/models.py:2"]}


# --- Record metadata (issue 12) ---------------------------------------------------------------

# Declared once, in stations/models/meta.py (Versioned, Timestamped, RecordedBy, RecordMeta); the
# old names for who recorded a row stay gone.
METADATA_FIELDS = {"version", "created_at", "updated_at", "created_by", "recorded_by", "recorder"}
# Rows that are not records people keep but jobs, tokens and messages, whose columns of these names
# say something else (an upload's time, a token's issuer, a message's sender).
METADATA_EXCEPTIONS = {
    "ledger/models.py ImportBatch.created_by",
    "ledger/models.py ImportBatch.created_at",
    "registers/models.py ExportJob.created_at",
    "reports/models.py ApiToken.created_at",
    "reports/models.py ApiToken.created_by",
    "stations/models/audit.py FormToken.created_at",
    "stations/models/audit.py Notification.created_by",
    "stations/models/audit.py Notification.created_at",
}


def declared_metadata(root: Path = ROOT) -> set[str]:
    """`file Class.field` for every metadata column a model class declares itself."""
    found = set()
    paths = [*root.glob("*/models.py"), *root.glob("*/models/*.py")]
    for path in sorted(paths):
        if path.name == "meta.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.ClassDef):
                continue
            for statement in node.body:
                if (
                    isinstance(statement, ast.Assign)
                    and isinstance(statement.targets[0], ast.Name)
                    and statement.targets[0].id in METADATA_FIELDS
                ):
                    found.add(f"{path.relative_to(root)} {node.name}.{statement.targets[0].id}")
    return found


def test_record_models_inherit_their_metadata():
    assert declared_metadata() - METADATA_EXCEPTIONS == set(), (
        "inherit stations.models.Versioned / Timestamped / RecordedBy / RecordMeta instead"
    )


def test_metadata_exceptions_still_exist():
    assert declared_metadata() >= METADATA_EXCEPTIONS


def test_the_metadata_check_finds_a_hand_written_column(tmp_path):
    (tmp_path / "alpha").mkdir()
    (tmp_path / "alpha" / "models.py").write_text(
        "class Note(models.Model):\n"
        "    recorder = models.ForeignKey(User, on_delete=models.PROTECT)\n"
        "class Tag(Versioned):\n"
        "    name = models.CharField(max_length=10)\n"
    )
    assert declared_metadata(tmp_path) == {"alpha/models.py Note.recorder"}
