"""`residents`: 服务对象 with their household, key-population tags and a guardian's consent.

The ID number, birth date, sex and phone go through the forms' own identity check
(`stations.identity.IdentityFormMixin`); the same person is found again by the hash of their ID
number (`id_number_hash`), or, without a document, by room, name and birth date.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ledger.spec import (
    DATE,
    Column,
    LedgerKind,
    RowError,
    birth_date_column,
    choice_column,
    date_or_today_column,
    id_number_column,
    id_type_column,
    phone_column,
    previous_values,
    several_column,
    sex_column,
)
from stations.identity import IdentityFormMixin, IdType, document_hash
from stations.models import (
    Consent,
    ConsentGiver,
    DisabilityCategory,
    Household,
    KeyPopulation,
    KeyPopulationTag,
    Relation,
    Resident,
    Sex,
)
from stations.models.residents import CHILD_AGE
from stations.services import propose_pseudonym

GRADES = [
    ("1", gettext_lazy("一级")),
    ("2", gettext_lazy("二级")),
    ("3", gettext_lazy("三级")),
    ("4", gettext_lazy("四级")),
]
CONSENT_PURPOSE = gettext_lazy("社工服务（台账导入）")
CONSENT_SCOPE = gettext_lazy("基本信息、家庭情况、重点人群身份")


class SharedFields(dict):
    """A row form's fields, shared by every instance instead of deep-copied for each row (the
    copy was a third of the time to check a file); safe because nothing changes them per row."""

    def __deepcopy__(self, memo):
        return self


def fields_shared(form_class):
    """Class decorator for the identity forms of ledger rows: see SharedFields."""
    form_class.base_fields = SharedFields(form_class.base_fields)
    return form_class


@fields_shared
class IdentityRow(IdentityFormMixin, forms.Form):
    """The identity fields of one row, checked exactly as the resident form checks them."""

    id_type = forms.ChoiceField(choices=IdType.choices)
    id_number = forms.CharField(required=False)
    birth_date = forms.DateField(required=False)
    sex = forms.ChoiceField(choices=Sex.choices, required=False)
    phone = forms.CharField(required=False)


def check_identity(form_class, values) -> list:
    """Check a row's identity columns with `form_class` (an IdentityRow) as the forms do: the
    normalised values go into `values`; returns the problems as (column, message)."""
    identity = form_class(
        data={
            "id_type": values["id_type"] or IdType.RESIDENT_ID,
            "id_number": values["id_number"] or "",
            "birth_date": values["birth_date"].isoformat() if values["birth_date"] else "",
            "sex": values["sex"] or "",
            "phone": values["phone"] or "",
        }
    )
    if identity.is_valid():
        values.update(identity.cleaned_data)
        return []
    problems = []
    for name, messages in identity.errors.items():
        derived = name in ("birth_date", "sex") and not values[name]
        if derived and "id_number" in identity.errors:
            continue  # would have come from the (bad) ID number: one problem, not three
        problems += [(name if name != "__all__" else "", message) for message in messages]
    return problems


class ResidentsKind(LedgerKind):
    name = "residents"
    title = gettext_lazy("服务对象")
    columns = [
        Column("room", gettext_lazy("社工室"), ("所属社工室", "社工室名称"), example="一号社工室"),
        Column(
            "real_name",
            gettext_lazy("姓名"),
            ("服务对象姓名",),
            required=True,
            max_length=50,
            example="张桂兰",
        ),
        Column(
            "pseudonym", gettext_lazy("化名"), max_length=50, help=gettext_lazy("留空则自动拟定")
        ),
        id_type_column(IdType),
        id_number_column(
            help=gettext_lazy("请把这一列设为“文本”格式，以免 Excel 把号码变成科学计数法"),
            example="610303195203120021",
        ),
        birth_date_column(example="1952-03-12"),
        sex_column(example="女"),
        Column("ethnicity", gettext_lazy("民族"), max_length=20, example="汉族"),
        phone_column(example="13991700001"),
        Column(
            "address",
            gettext_lazy("住址"),
            ("家庭住址", "地址", "现住址"),
            max_length=200,
            example="联盟村三组",
        ),
        Column(
            "household",
            gettext_lazy("家庭户"),
            ("户名",),
            max_length=100,
            help=gettext_lazy("同一户的人填写相同户名，如“张桂兰户”"),
            example="张桂兰户",
        ),
        choice_column(
            "relation_to_head",
            gettext_lazy("与户主关系"),
            Relation,
            example="户主",
        ),
        date_or_today_column("registered_on", gettext_lazy("建档日期"), ("登记日期",)),
        several_column(
            "tags",
            gettext_lazy("重点人群"),
            KeyPopulation,
            ("重点人群类别", "人群类别"),
            example="空巢/独居老人、低保对象",
        ),
        Column(
            "tag_start",
            gettext_lazy("认定日期"),
            ("重点人群认定日期",),
            type=DATE,
            help=gettext_lazy("重点人群的开始日期；留空为建档日期"),
            example="2022-03-01",
        ),
        choice_column(
            "disability_category",
            gettext_lazy("残疾类别"),
            DisabilityCategory,
            help=gettext_lazy("仅“残疾人”填写"),
        ),
        choice_column(
            "disability_grade",
            gettext_lazy("残疾等级"),
            GRADES,
            help=gettext_lazy("仅“残疾人”填写"),
        ),
        Column(
            "guardian_name",
            gettext_lazy("监护人姓名"),
            max_length=50,
            help=gettext_lazy("未满十四周岁儿童登记重点人群时必填"),
        ),
        Column(
            "guardian_relation", gettext_lazy("监护人关系"), ("监护人与本人关系",), max_length=20
        ),
        Column(
            "consent_on",
            gettext_lazy("同意日期"),
            ("监护人同意日期", "知情同意日期"),
            type=DATE,
            help=gettext_lazy("监护人签署知情同意书的日期"),
        ),
        Column("notes", gettext_lazy("备注"), example=""),
    ]
    instructions = [
        gettext_lazy(
            "每行一位服务对象；第一行是表头，不要修改列名（常见的别名也能识别，如“公民身份号码”“手机号”）。"
        ),
        gettext_lazy(
            "带 * 的列必填。证件类型为居民身份证时，出生日期和性别可留空，由身份证号自动识别。"
        ),
        gettext_lazy("日期可写成 2022-03-01、2022/3/1、2022.3.1 或 2022年3月1日。"),
        gettext_lazy("同一身份证号再次导入不会重复登记：有变化的更新，没有变化的跳过。"),
        gettext_lazy(
            "未满十四周岁的儿童登记重点人群，须填写监护人姓名和同意日期（监护人对敏感个人信息的单独同意）。"
        ),
        gettext_lazy("不要合并单元格，不要使用公式。"),
    ]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.room_ids = {room.pk for room in self.rooms}
        self._seen = {}  # hash prefix → first row number (duplicates inside the file)
        self._households = {}

    # One row -----------------------------------------------------------------------------------

    def clean_row(self, values):
        problems = self.resolve_room(values)
        problems += check_identity(IdentityRow, values)
        if values["relation_to_head"] and not values["household"]:
            problems.append(("relation_to_head", _("填写与户主关系时请同时填写家庭户。")))
        values["registered_on"] = values["registered_on"] or self.today
        values["tag_start"] = values["tag_start"] or values["registered_on"]
        disabled = KeyPopulation.DISABLED in values["tags"]
        if disabled and not (values["disability_category"] and values["disability_grade"]):
            problems.append(("disability_category", _("残疾人请填写残疾类别和残疾等级。")))
        if not disabled and (values["disability_category"] or values["disability_grade"]):
            problems.append(("disability_category", _("只有“残疾人”才填写残疾类别和等级。")))
        if values["guardian_name"] and not values["consent_on"]:
            problems.append(("consent_on", _("填写监护人时请填写同意日期。")))
        if values["consent_on"] and not values["guardian_name"]:
            problems.append(("guardian_name", _("请填写监护人姓名。")))
        if problems:
            raise RowError(problems)
        values["id_hash"] = document_hash(values["id_number"])
        values["child"] = self._age(values["birth_date"]) < CHILD_AGE
        return values

    def _age(self, birth_date):
        years = self.today.year - birth_date.year
        return years - ((self.today.month, self.today.day) < (birth_date.month, birth_date.day))

    # Rules that need the database --------------------------------------------------------------

    def _existing(self, rows):
        hashes = [values["id_hash"] for _number, values in rows if values["id_hash"]]
        found = {}
        if hashes:
            for resident in Resident.objects.filter(id_number_hash__in=hashes).only(
                "pk", "room_id", "id_number_hash"
            ):
                found[resident.id_number_hash] = resident
        return found

    def check_chunk(self, rows):
        existing = self._existing(rows)
        consented = set(
            Consent.objects.in_force()
            .guardian_sensitive()
            .filter(resident__in=[resident.pk for resident in existing.values()])
            .values_list("resident_id", flat=True)
        )
        for number, values in rows:
            key = values["id_hash"]
            if key:
                first = self._seen.setdefault(key[:32], number)
                if first != number:
                    yield number, "id_number", _("与第 %(row)d 行的证件号码相同。") % {"row": first}
                    continue
                resident = existing.get(key)
                if resident is not None and resident.room_id != values["room"].pk:
                    if resident.room_id in self.room_ids:
                        yield (
                            number,
                            "id_number",
                            _("该证件号码已在另一社工室登记，不能改到本社工室。"),
                        )
                    else:
                        yield number, "id_number", _("该证件号码已在其他社工室登记，请与站长核实。")
                    continue
            else:
                resident = None
            needs_consent = values["child"] and values["tags"] and not values["guardian_name"]
            if needs_consent and (resident is None or resident.pk not in consented):
                yield (
                    number,
                    "guardian_name",
                    _("未满十四周岁的儿童登记重点人群，须填写监护人姓名和同意日期。"),
                )

    # Saving --------------------------------------------------------------------------------------

    FIELDS = (
        "real_name",
        "sex",
        "birth_date",
        "ethnicity",
        "id_type",
        "id_number",
        "phone",
        "address",
        "relation_to_head",
        "registered_on",
        "notes",
    )

    def _household(self, room, name, outcome):
        if not name:
            return None
        key = (room.pk, name)
        if key not in self._households:
            household = Household.objects.filter(room=room, name=name).order_by("pk").first()
            if household is None:
                household = Household.objects.create(room=room, name=name)
                outcome.written.append((household, "created"))
            self._households[key] = household
        return self._households[key]

    def _find(self, values, existing):
        if values["id_hash"]:
            return existing.get(values["id_hash"])
        return (
            Resident.objects.filter(
                room=values["room"], real_name=values["real_name"], birth_date=values["birth_date"]
            )
            .filter(Q(id_number_hash="") | Q(id_type=IdType.NONE))
            .order_by("pk")
            .first()
        )

    def write_chunk(self, rows, outcome):
        hashes = [values["id_hash"] for _number, values in rows if values["id_hash"]]
        existing = (
            {
                resident.id_number_hash: resident
                for resident in Resident.objects.filter(id_number_hash__in=hashes)
            }
            if hashes
            else {}
        )
        found = [(values, self._find(values, existing)) for _number, values in rows]
        tag_owners = [resident.pk for _values, resident in found if resident is not None]
        tags = {}
        consents = set()
        if tag_owners:
            for tag in KeyPopulationTag.objects.filter(
                resident__in=tag_owners, end_date__isnull=True
            ):
                tags.setdefault(tag.resident_id, set()).add(tag.category)
            consents = set(
                Consent.objects.filter(
                    resident__in=tag_owners, given_by=ConsentGiver.GUARDIAN
                ).values_list("resident_id", "given_on", "guardian_name")
            )
        new_residents, new_tags, new_consents = [], [], []
        for values, resident in found:
            previous = None
            room = values["room"]
            household = self._household(room, values["household"], outcome)
            data = {name: values[name] or "" for name in self.FIELDS}
            data["birth_date"] = values["birth_date"]
            data["registered_on"] = values["registered_on"]
            data["ethnicity"] = values["ethnicity"] or "汉族"
            data["household_id"] = household.pk if household else None
            if resident is None:
                resident = Resident(room=room, created_by=self.user, **data)
                resident.pseudonym = values["pseudonym"] or propose_pseudonym()
                resident.refresh_lookup_hashes()
                new_residents.append(resident)
                state = "created"
            else:
                changed = [name for name, value in data.items() if getattr(resident, name) != value]
                if values["pseudonym"] and values["pseudonym"] != resident.pseudonym:
                    changed.append("pseudonym")
                    data["pseudonym"] = values["pseudonym"]
                if changed:
                    previous = previous_values(resident, changed)
                    for name in changed:
                        setattr(resident, name, data[name])
                    resident.version += 1
                    resident.save()
                state = "updated" if changed else "unchanged"
            held = tags.get(resident.pk, set())
            added = False
            for category in values["tags"]:
                if category in held:
                    continue
                disabled = category == KeyPopulation.DISABLED
                new_tags.append(
                    KeyPopulationTag(
                        resident=resident,
                        category=category,
                        start_date=values["tag_start"],
                        source=str(_("台账导入")),
                        disability_category=values["disability_category"] if disabled else "",
                        disability_grade=int(values["disability_grade"]) if disabled else None,
                    )
                )
                added = True
            if (
                values["guardian_name"]
                and (
                    resident.pk,
                    values["consent_on"],
                    values["guardian_name"],
                )
                not in consents
            ):
                new_consents.append(
                    Consent(
                        resident=resident,
                        purpose=str(CONSENT_PURPOSE),
                        scope=str(CONSENT_SCOPE),
                        covers_sensitive=True,
                        given_by=ConsentGiver.GUARDIAN,
                        guardian_name=values["guardian_name"],
                        guardian_relation=values["guardian_relation"] or "",
                        given_on=values["consent_on"],
                        created_by=self.user,
                    )
                )
                added = True
            if state == "unchanged" and added:
                state = "updated"
            if state == "created":
                outcome.created += 1
            elif state == "updated" and previous:
                outcome.updated_record(resident, previous)
            elif state == "updated":  # only tags or a consent added: deleting them undoes it
                outcome.updated += 1
                outcome.written.append((resident, "updated"))
            else:
                outcome.unchanged += 1
        Resident.objects.bulk_create(new_residents)
        outcome.written += [(resident, "created") for resident in new_residents]
        for tag in new_tags:
            tag.resident_id = tag.resident.pk
        for consent in new_consents:
            consent.resident_id = consent.resident.pk
        KeyPopulationTag.objects.bulk_create(new_tags)
        Consent.objects.bulk_create(new_consents)
        outcome.written += [(tag, "created") for tag in new_tags]
        outcome.written += [(consent, "created") for consent in new_consents]

    # Export ------------------------------------------------------------------------------------

    def export_rows(self):
        today = self.today
        residents = (
            Resident.objects.filter(room__in=self.rooms, archived_at__isnull=True)
            .select_related("room", "household")
            .prefetch_related("tags", "consents")
            .order_by("room__order", "pk")
        )
        labels = self.choice_labels()
        for resident in residents.iterator(chunk_size=500):
            current = [tag for tag in resident.tags.all() if tag.in_force_on(today)]
            disabled = next(
                (tag for tag in current if tag.category == KeyPopulation.DISABLED), None
            )
            consent = next(
                (
                    consent
                    for consent in resident.consents.all()
                    if consent.given_by == ConsentGiver.GUARDIAN
                    and consent.covers_sensitive
                    and not consent.is_withdrawn
                ),
                None,
            )
            yield [
                resident.room.name,
                resident.real_name,
                resident.pseudonym,
                labels["id_type"].get(resident.id_type, ""),
                resident.id_number or "",
                resident.birth_date,
                labels["sex"].get(resident.sex, ""),
                resident.ethnicity,
                resident.phone or "",
                resident.address,
                resident.household.name if resident.household else "",
                labels["relation_to_head"].get(resident.relation_to_head, ""),
                resident.registered_on,
                "、".join(labels["tags"][tag.category] for tag in current),
                min((tag.start_date for tag in current), default=None),
                labels["disability_category"].get(disabled.disability_category, "")
                if disabled
                else "",
                labels["disability_grade"].get(str(disabled.disability_grade), "")
                if disabled
                else "",
                consent.guardian_name if consent else "",
                consent.guardian_relation if consent else "",
                consent.given_on if consent else None,
                resident.notes,
            ]
