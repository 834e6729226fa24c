"""The columns the lists (registers/lists.py) and the registers (registers/registers.py) are made
of. A column kind carries its width here once (a date is 12 characters wide, a time 17, a count
10), and the columns many lists show alike (the room, a person's name, sex, ID number) are
written once; a list names its columns in the order of its page."""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from stations.exports import Column, attr, display


def _reader(read: str | Callable) -> Callable:
    """A dotted attribute path (`resident.real_name`) or a function of the row."""
    return attr(read) if isinstance(read, str) else read


def text_column(header, read, width: int = 14, personal: str = "") -> Column:
    return Column(header, _reader(read), width=width, personal=personal)


def choice_column(header, field: str, width: int) -> Column:
    """A choice field's label (`get_<field>_display`)."""
    return Column(header, display(field), width=width)


def date_column(header, read) -> Column:
    return Column(header, _reader(read), kind="date", width=12)


def datetime_column(header, read) -> Column:
    return Column(header, _reader(read), kind="datetime", width=17)


def count_column(header, read, width: int = 10) -> Column:
    return Column(header, _reader(read), kind="int", width=width)


def money_column(header, read, width: int = 12) -> Column:
    return Column(header, _reader(read), kind="money", width=width)


def hours_column(header, read, width: int = 10) -> Column:
    return Column(header, _reader(read), kind="hours", width=width)


def phone_column(header, read="phone") -> Column:
    return text_column(header, read, width=14, personal="phone")


ROOM = text_column(_("社工室"), "room.name", width=16)
REAL_NAME = text_column(_("姓名"), "real_name", width=10)
PSEUDONYM = text_column(_("化名"), "pseudonym", width=10)
SEX = choice_column(_("性别"), "sex", width=6)
BIRTH_DATE = date_column(_("出生日期"), "birth_date")
ID_TYPE = choice_column(_("证件类型"), "id_type", width=12)
ID_NUMBER = text_column(_("证件号码"), "id_number", width=22, personal="id_number")
VOLUNTEER_NAME = text_column(_("姓名"), "volunteer.real_name", width=10)
VOLUNTEER_ROOM = text_column(_("社工室"), "volunteer.room.name", width=16)
START_DATE = date_column(_("开始日期"), "start_date")
END_DATE = date_column(_("结束日期"), "end_date")
