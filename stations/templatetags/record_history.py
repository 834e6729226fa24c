"""`{% history_link record %}`: the link to a record's change history, for those who may see it."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from stations.access import can_see_history
from stations.history import tracked_model

register = template.Library()


def history_url(record, back="") -> str:
    url = reverse(
        "stations:history",
        kwargs={"model": record._meta.label_lower, "pk": record.pk},
    )
    return f"{url}?{urlencode({'next': back})}" if back else url


@register.simple_tag(takes_context=True)
def history_link(context, record, css="btn btn-outline-secondary btn-sm"):
    request = context.get("request")
    if not getattr(record, "pk", None) or request is None or not can_see_history(request.user):
        return ""
    if tracked_model(record._meta.label_lower) is None:
        return ""
    return format_html(
        '<a class="{}" href="{}">{}</a>',
        css,
        history_url(record, request.get_full_path()),
        _("修改记录"),
    )


@register.simple_tag(takes_context=True)
def read_log_link(context, record, css="btn btn-outline-secondary btn-sm"):
    """The link to who opened the record's file (stations.readlog), for those who may see it."""
    from stations.readlog import LOGGED

    request = context.get("request")
    if not getattr(record, "pk", None) or request is None or not can_see_history(request.user):
        return ""
    if record._meta.label_lower not in LOGGED:
        return ""
    url = reverse("stations:read_log", kwargs={"model": record._meta.label_lower, "pk": record.pk})
    return format_html('<a class="{}" href="{}">{}</a>', css, url, _("查阅记录"))
