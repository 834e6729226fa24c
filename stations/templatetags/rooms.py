"""`{{ activity.rooms.all|room_names:_("全站") }}`: the rooms a record serves, as one line.

The names joined with 、, or the given words when the record belongs to the whole station
(no room). What a list row, a detail page and a print sheet say about a record of several rooms.
"""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def room_names(rooms, whole_station: str) -> str:
    names = [room.name for room in rooms]
    return _("、").join(names) if names else whole_station
