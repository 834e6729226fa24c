"""The English interface.

The source strings are Chinese; English comes from locale/en/LC_MESSAGES/django.po (compiled to
django.mo, which is committed). These tests switch the language the way a user does (the navbar's
language switch posts to set_language) and guard the catalogue: a string added to the code or the
templates without a translation fails here, with the commands to fix it.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"
HOW_TO_FIX = (
    "Update the English catalogue: `make messages-update`, translate the new or fuzzy entries in "
    "locale/en/LC_MESSAGES/django.po (and remove their `#, fuzzy` flag), then `make messages` "
    "(msgfmt --check) and commit both django.po and django.mo."
)
CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")


def switch_to_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def h1_text(body: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
    assert match, "the page has no <h1>"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


# --- reading the catalogue without a third-party library --------------------------------------


def read_po(path: Path) -> list[dict]:
    """The live entries of a .po file: msgctxt, msgid, msgid_plural, msgstr {index: text}, flags."""
    entries, entry, field = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry, field = None, None
            continue
        if line.startswith("#~"):  # obsolete entry, ignored by gettext
            continue
        if entry is None:
            entry = {"msgctxt": None, "msgid": "", "msgid_plural": None, "msgstr": {}}
            entry["flags"] = set()
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        keyword = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$", line)
        if keyword:
            name, index, literal = keyword.groups()
            text = ast.literal_eval(literal)
            if name.startswith("msgstr"):
                field = ("msgstr", int(index or 0))
                entry["msgstr"][field[1]] = text
            else:
                field = (name, None)
                entry[name] = text
        elif line.startswith('"') and field:
            text = ast.literal_eval(line)
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += text
            else:
                entry[field[0]] += text
    return [e for e in entries if e["msgid"] or e["msgctxt"]]  # skip the header


@pytest.fixture(scope="module")
def catalogue():
    assert PO_FILE.exists(), f"There is no English catalogue. {HOW_TO_FIX}"
    return read_po(PO_FILE)


def label(entry) -> str:
    context = f"[{entry['msgctxt']}] " if entry["msgctxt"] else ""
    return f"{context}{entry['msgid']!r}"


# --- the interface in English ------------------------------------------------------------------


def test_a_room_worker_who_switches_to_english_sees_my_workbench(client, world):
    client.force_login(world.worker1)
    switch_to_english(client)
    body = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in body
    assert h1_text(body) == "My workbench"
    assert "我的工作台" not in body
    assert "Log out" in body


def test_the_interface_stays_chinese_until_the_user_switches(client, world):
    client.force_login(world.worker1)
    body = client.get(reverse("home")).content.decode()
    assert h1_text(body) == "我的工作台"
    assert "My workbench" not in body


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("stations:resident_list", "Residents"),
        ("cases:list", "Cases"),
        ("groups:list", "Group work"),
        ("activities:list", "Community activities"),
        ("volunteers:list", "Volunteers"),
    ],
)
def test_list_pages_have_english_headings_after_the_switch(client, world, url_name, heading):
    client.force_login(world.worker1)
    switch_to_english(client)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    text = h1_text(response.content.decode())
    assert text.startswith(heading)
    assert not CJK.search(text), text


def test_the_navbar_lists_the_sections_in_english(client, world):
    client.force_login(world.worker1)
    switch_to_english(client)
    body = client.get(reverse("home")).content.decode()
    for entry in ("Residents", "Cases", "Groups", "Community activities", "Volunteers"):
        assert entry in body


def test_a_form_error_is_shown_in_english_after_the_switch(client, world):
    from tests.factories import ResidentFactory

    resident = ResidentFactory(room=world.room1)
    client.force_login(world.worker1)
    switch_to_english(client)
    response = client.post(
        reverse("stations:resident_reveal", args=[resident.pk]),
        {"field": "id_number", "reason": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert h1_text(body).startswith("View full information:")
    assert "Please enter the reason for viewing." in body
    assert "请填写查看原因" not in body


# --- the catalogue is complete ----------------------------------------------------------------


def test_every_entry_of_the_english_catalogue_is_translated_and_reviewed(catalogue):
    assert len(catalogue) > 1000
    untranslated = [label(e) for e in catalogue if not e["msgstr"] or not all(e["msgstr"].values())]
    fuzzy = [label(e) for e in catalogue if "fuzzy" in e["flags"]]
    assert not untranslated, f"Untranslated: {untranslated[:20]}. {HOW_TO_FIX}"
    assert not fuzzy, f"Fuzzy (review them): {fuzzy[:20]}. {HOW_TO_FIX}"


def test_plural_entries_have_a_singular_and_a_plural_english_form(catalogue):
    plurals = [e for e in catalogue if e["msgid_plural"] is not None]
    assert plurals
    for entry in plurals:
        assert sorted(entry["msgstr"]) == [0, 1], label(entry)


def test_english_translations_keep_the_placeholders_of_the_chinese_source(catalogue):
    wrong = []
    for entry in catalogue:
        sources = [entry["msgid"], entry["msgid_plural"] or entry["msgid"]]
        for index, text in entry["msgstr"].items():
            source = sources[min(index, 1)]
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                wrong.append((label(entry), text))
    assert not wrong, wrong[:20]


def test_english_translations_are_english(catalogue):
    # The language's own name in the language switch is the one string that stays Chinese.
    still_chinese = [
        label(e)
        for e in catalogue
        if e["msgid"] != "简体中文" and any(CJK.search(t) for t in e["msgstr"].values())
    ]
    assert not still_chinese, still_chinese[:20]


def test_the_committed_compiled_catalogue_matches_the_po_file(catalogue):
    with MO_FILE.open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    for entry in catalogue:
        ctx, msgid = entry["msgctxt"], entry["msgid"]
        if entry["msgid_plural"] is not None:
            got = [compiled.ngettext(msgid, entry["msgid_plural"], n) for n in (1, 2)]
            if ctx:
                got = [compiled.npgettext(ctx, msgid, entry["msgid_plural"], n) for n in (1, 2)]
            want = [entry["msgstr"][0], entry["msgstr"][1]]
        else:
            got = compiled.pgettext(ctx, msgid) if ctx else compiled.gettext(msgid)
            want = entry["msgstr"][0]
        if got != want:
            stale.append(label(entry))
    assert not stale, f"django.mo is older than django.po for {stale[:20]}: run `make messages`."


# --- no string in the code is missing from the catalogue -----------------------------------------

SOURCE_DIRS_SKIPPED = {".venv", "var", "node_modules", "locale", "static", "tests", "migrations"}
GETTEXT_FUNCTIONS = {"_", "gettext", "gettext_lazy", "gettext_noop"}
PGETTEXT_FUNCTIONS = {"pgettext", "pgettext_lazy"}
TEMPLATE_TRANSLATE = re.compile(
    r"""\{%\s*translate\s+(["'])(?P<msgid>.*?)\1(?:\s+context\s+(["'])(?P<ctx>.*?)\3)?"""
)
TEMPLATE_UNDERSCORE = re.compile(r"""_\((["'])(?P<msgid>.*?)\1\)""")
TEMPLATE_BLOCK = re.compile(
    r"\{%\s*blocktranslate\b(?P<options>[^%]*)%\}(?P<singular>.*?)"
    r"(?:\{%\s*plural\s*%\}(?P<plural>.*?))?\{%\s*endblocktranslate\s*%\}",
    re.S,
)
TEMPLATE_VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def block_msgid(text: str) -> str:
    """The msgid makemessages writes for a blocktranslate body: % doubled, {{ x }} as %(x)s."""
    return TEMPLATE_VARIABLE.sub(r"%(\1)s", text.replace("%", "%%"))


def source_files(suffix: str):
    root = Path(settings.BASE_DIR)
    for path in root.rglob(f"*{suffix}"):
        parts = set(path.relative_to(root).parts)
        if not parts & SOURCE_DIRS_SKIPPED and not any(p.startswith(".") for p in parts):
            yield path


def strings_in_python():
    for path in source_files(".py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
            if name in GETTEXT_FUNCTIONS and args and isinstance(args[0], str):
                yield path, None, args[0]
            elif name in PGETTEXT_FUNCTIONS and len(args) >= 2 and all(args[:2]):
                yield path, args[0], args[1]


def strings_in_templates():
    for path in source_files(".html"):
        text = path.read_text(encoding="utf-8")
        for match in TEMPLATE_TRANSLATE.finditer(text):
            yield path, match["ctx"], match["msgid"]
        for match in TEMPLATE_UNDERSCORE.finditer(text):
            yield path, None, match["msgid"]
        for match in TEMPLATE_BLOCK.finditer(text):
            context = re.search(r"""context\s+(["'])(.*?)\1""", match["options"])
            yield path, context and context.group(2), block_msgid(match["singular"])


def test_every_chinese_string_marked_for_translation_is_in_the_english_catalogue(catalogue):
    known = {(e["msgctxt"], e["msgid"]) for e in catalogue}
    found = list(strings_in_python()) + list(strings_in_templates())
    assert len(found) > 1000
    missing = sorted(
        {
            f"{path.relative_to(settings.BASE_DIR)}: {msgid!r}"
            for path, ctx, msgid in found
            if CJK.search(msgid) and (ctx, msgid) not in known
        }
    )
    assert not missing, f"Not in the English catalogue: {missing[:20]}. {HOW_TO_FIX}"
