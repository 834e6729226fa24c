from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def yuan(value) -> str:
    """Money as on a Chinese financial statement: 12,345.60 (always two places)."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value):,.2f}"
