"""`{% form_token %}`: the one-time token of a create form (see stations.once)."""

from django import template
from django.utils.html import format_html

from stations.once import FIELD, new_token

register = template.Library()


@register.simple_tag
def form_token():
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
