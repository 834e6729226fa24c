"""Server-rendered SVG charts (pygal): printable, no JavaScript, nothing fetched from a CDN."""

import re

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

# pygal embeds its configuration for the tooltip script; an <img> runs no script, so drop it.
INLINE_SCRIPT = re.compile(rb"<script[^>]*>.*?</script>", re.S)

STYLE = Style(
    background="white",
    plot_background="white",
    font_family='"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif',
    colors=("#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#dc3545"),
    # Drawn 480 units wide and shown at 100 % of a phone's column (about 345 px): these sizes come
    # out at 12-16 px there, legible without zooming; on a desktop the chart is ~560 px wide.
    title_font_size=22,
    label_font_size=17,
    major_label_font_size=17,
    value_font_size=17,
    legend_font_size=17,
)


def _config(title: str, *, horizontal=False):
    return {
        "title": title,
        "style": STYLE,
        "js": [],  # pygal links its tooltip script from a CDN by default: the intranet has none
        "width": 480,
        "height": 400 if not horizontal else 560,
        "show_legend": False,
        "print_values": True,
        "print_zeroes": False,
        "x_label_rotation": 0 if horizontal else 45,
        "truncate_label": -1,
        "margin": 10,
        # pygal measures labels as Latin text; Chinese room names need the extra room on the left.
        "margin_left": 90 if horizontal else 20,
        "no_data_text": _("暂无数据"),
    }


def bar(title: str, labels: list[str], values: list, *, horizontal=False) -> bytes:
    chart = (pygal.HorizontalBar if horizontal else pygal.Bar)(
        **_config(title, horizontal=horizontal)
    )
    if horizontal:
        # pygal draws the first bar at the bottom; a reader expects the list order from the top.
        labels, values = labels[::-1], values[::-1]
    chart.x_labels = labels
    chart.add(title, values)
    return INLINE_SCRIPT.sub(b"", chart.render())
