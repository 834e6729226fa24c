"""`volunteers`: the volunteer registry. The ID number goes through the forms' identity check and
is the key (one registration per station, as the model's unique constraint says); a minor needs
a guardian's consent (`Volunteer.clean`, shared with the form and the admin)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ledger.kinds.residents import IdentityRow, check_identity, fields_shared
from ledger.spec import (
    DATE,
    YESNO,
    Column,
    LedgerKind,
    RowError,
    birth_date_column,
    choice_column,
    date_or_today_column,
    id_number_column,
    id_type_column,
    phone_column,
    pick,
    row_problems,
    several_column,
    sex_column,
    write_changes,
)
from stations.identity import document_hash
from volunteers.models import IdType, Skill, Volunteer, VolunteerStatus


@fields_shared
class VolunteerIdentityRow(IdentityRow):
    missing_number_message = gettext_lazy("请填写证件号码。")
    id_type = forms.ChoiceField(choices=IdType.choices)


class VolunteersKind(LedgerKind):
    name = "volunteers"
    title = gettext_lazy("志愿者")
    columns = [
        Column("room", gettext_lazy("社工室"), ("所属社工室",), example="一号社工室"),
        Column(
            "real_name",
            gettext_lazy("姓名"),
            ("志愿者姓名",),
            required=True,
            max_length=50,
            example="李志强",
        ),
        id_type_column(IdType),
        id_number_column(required=True, example="610303198805060015"),
        birth_date_column(),
        sex_column(),
        phone_column(required=True, example="13891700001"),
        several_column(
            "skills",
            gettext_lazy("技能特长"),
            Skill,
            ("特长",),
            example="助老陪护、宣传摄影",
        ),
        Column("skills_text", gettext_lazy("其他技能说明"), max_length=200),
        Column("availability", gettext_lazy("可服务时间"), max_length=200, example="周末全天"),
        date_or_today_column("registered_on", gettext_lazy("注册日期"), ("登记日期",)),
        choice_column(
            "status",
            gettext_lazy("状态"),
            VolunteerStatus,
            help=gettext_lazy("留空为在册"),
            example="在册",
        ),
        Column("left_on", gettext_lazy("退出日期"), type=DATE),
        Column(
            "has_accident_insurance",
            gettext_lazy("已投保意外险"),
            ("意外险",),
            type=YESNO,
            example="是",
        ),
        Column(
            "guardian_name",
            gettext_lazy("监护人姓名"),
            max_length=50,
            help=gettext_lazy("未满18周岁的志愿者必填"),
        ),
        Column("guardian_relation", gettext_lazy("与监护人关系"), ("监护人关系",), max_length=20),
        Column("guardian_consent_on", gettext_lazy("监护人同意日期"), ("同意日期",), type=DATE),
        Column("notes", gettext_lazy("备注")),
    ]
    instructions = [
        gettext_lazy("每行一位志愿者；第一行是表头。证件号码和联系电话必填。"),
        gettext_lazy("同一证件号码在本站只登记一次：再次导入时有变化的更新，没有变化的跳过。"),
        gettext_lazy("未满18周岁的志愿者须填写监护人姓名、关系和同意日期。"),
        gettext_lazy("不要合并单元格，不要使用公式。"),
    ]
    # What a row writes: every column but the room.
    FIELDS = tuple(column.key for column in columns if column.key != "room")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.room_ids = {room.pk for room in self.rooms}
        self._seen = {}

    def clean_row(self, values):
        problems = self.resolve_room(values)
        problems += check_identity(VolunteerIdentityRow, values)
        if problems:
            raise RowError(problems)
        values["registered_on"] = values["registered_on"] or self.today
        values["status"] = values["status"] or VolunteerStatus.ACTIVE
        values["has_accident_insurance"] = bool(values["has_accident_insurance"])
        data = self._data(values)
        try:
            Volunteer(station=self.station, room=values["room"], **data).clean()
        except ValidationError as error:
            raise RowError(row_problems(error, {})) from None
        values["id_hash"] = document_hash(values["id_number"])
        return values

    def _data(self, values):
        data = pick(values, self.FIELDS)
        for name in ("skills_text", "availability", "guardian_name", "guardian_relation", "notes"):
            data[name] = data[name] or ""
        data["skills"] = list(values["skills"] or [])
        return data

    def _existing(self, rows):
        hashes = [values["id_hash"] for _number, values in rows]
        return {
            volunteer.id_number_hash: volunteer
            for volunteer in Volunteer.objects.filter(
                station=self.station, id_number_hash__in=hashes
            )
        }

    def check_chunk(self, rows):
        existing = self._existing(rows)
        for number, values in rows:
            first = self._seen.setdefault(values["id_hash"][:32], number)
            if first != number:
                yield number, "id_number", _("与第 %(row)d 行的证件号码相同。") % {"row": first}
                continue
            volunteer = existing.get(values["id_hash"])
            if volunteer is not None and volunteer.room_id != values["room"].pk:
                if volunteer.room_id in self.room_ids:
                    yield number, "id_number", _("该证件号码已在另一社工室登记，不能改到本社工室。")
                else:
                    yield number, "id_number", _("该证件号码已在其他社工室登记，请与站长核实。")

    def write_chunk(self, rows, outcome):
        existing = self._existing(rows)
        for _number, values in rows:
            data = self._data(values)
            volunteer = existing.get(values["id_hash"])
            if volunteer is None:
                volunteer = Volunteer(
                    station=self.station, room=values["room"], created_by=self.user, **data
                )
                volunteer.save()
                outcome.created_record(volunteer)
                continue
            write_changes(volunteer, data, outcome)

    def export_rows(self):
        labels = self.choice_labels()
        volunteers = (
            Volunteer.objects.filter(station=self.station, room__in=self.rooms)
            .select_related("room")
            .order_by("room__order", "pk")
        )
        for volunteer in volunteers.iterator(chunk_size=500):
            yield [
                volunteer.room.name,
                volunteer.real_name,
                labels["id_type"].get(volunteer.id_type, ""),
                volunteer.id_number,
                volunteer.birth_date,
                labels["sex"].get(volunteer.sex, ""),
                volunteer.phone,
                "、".join(labels["skills"].get(skill, skill) for skill in volunteer.skills),
                volunteer.skills_text,
                volunteer.availability,
                volunteer.registered_on,
                labels["status"].get(volunteer.status, ""),
                volunteer.left_on,
                "是" if volunteer.has_accident_insurance else "否",
                volunteer.guardian_name,
                volunteer.guardian_relation,
                volunteer.guardian_consent_on,
                volunteer.notes,
            ]
