"""The report laid out for people: sections of labelled figures with definitions and changes."""

from reports import services
from reports.definitions import FIGURES, SECTIONS


def signed(change) -> str:
    """ "+3", "-2", "0", "+1.5", "+59.50": a change as people read it."""
    if isinstance(change, str):
        return change
    return f"{change:+}" if change else str(change)


def report_sections(report: dict, previous: dict | None = None) -> list[dict]:
    """[{key, title, groups: [{title, rows: [{key, label, help, value, previous, change}]}]}]."""
    current = services.flatten(report)
    before = services.flatten(previous) if previous else {}
    sections = []
    for key, title, groups in SECTIONS:
        section = {"key": key, "title": title, "groups": []}
        for group_title, figure_keys in groups:
            rows = []
            for figure in figure_keys:
                label, help_text = FIGURES[figure]
                row = {
                    "key": figure,
                    "label": label,
                    "help": help_text,
                    "value": current[figure],
                    "previous": before.get(figure),
                    "change": None,
                }
                if figure in before:
                    row["change"] = signed(services.difference(current[figure], before[figure]))
                rows.append(row)
            section["groups"].append({"title": group_title, "rows": rows})
        sections.append(section)
    return sections
