"""Every figure of the station report with its Chinese name and definition, written once.

The summary page (help texts), the Excel export (headings, a definitions column) and the Word
draft read them from here. Keys are the dotted paths of the JSON report.
"""

from django.utils.translation import gettext_lazy as _

FIGURES = {
    # 一个阵地
    "base.rooms": (_("社工室数"), _("本站登记的社区（村）社工室数。")),
    "base.pilot_rooms": (_("试点社区数"), _("标记为试点的社工室数。")),
    "base.station_workers": (
        _("驻站社工"),
        _("在册、启用的驻站社工/站长人数；他们服务全站，按社工室统计时不计入。"),
    ),
    "base.room_workers": (_("社工室专职社工"), _("在册、启用的社工室社工人数（按当前名册）。")),
    "base.supervisors": (
        _("督导"),
        _("在册、启用的督导人数；按社工室统计时为督导该社工室的督导。"),
    ),
    # 五社联动 · 社区
    "base.rooms_covered": (_("已覆盖社工室"), _("至少有一名在册、启用的社工室社工的社工室数。")),
    "base.coverage_percent": (
        _("社工室覆盖率（%）"),
        _("已覆盖社工室 ÷ 社工室数 × 100，保留一位小数。"),
    ),
    "community.needs_assessments": (
        _("社区需求评估"),
        _("期间内完成的社区需求评估（六个维度）份数。"),
    ),
    # 五社联动 · 社工
    "base.certified.junior": (
        _("初级社工师"),
        _("持助理社会工作师（初级）证书的驻站社工和社工室社工人数。"),
    ),
    "base.certified.intermediate": (
        _("中级社工师"),
        _("持社会工作师（中级）证书的驻站社工和社工室社工人数。"),
    ),
    "base.certified.senior": (
        _("高级社工师"),
        _("持高级社会工作师证书的驻站社工和社工室社工人数。"),
    ),
    "base.certified.room_workers.junior": (
        _("社工室社工：初级"),
        _("持助理社会工作师（初级）证书的社工室社工人数。"),
    ),
    "base.certified.room_workers.intermediate": (
        _("社工室社工：中级"),
        _("持社会工作师（中级）证书的社工室社工人数。"),
    ),
    "base.certified.room_workers.senior": (
        _("社工室社工：高级"),
        _("持高级社会工作师证书的社工室社工人数。"),
    ),
    "base.certified.station_staff.junior": (
        _("驻站社工：初级"),
        _("持助理社会工作师（初级）证书的驻站社工人数。"),
    ),
    "base.certified.station_staff.intermediate": (
        _("驻站社工：中级"),
        _("持社会工作师（中级）证书的驻站社工人数。"),
    ),
    "base.certified.station_staff.senior": (
        _("驻站社工：高级"),
        _("持高级社会工作师证书的驻站社工人数。"),
    ),
    # 五社联动 · 社会组织
    "organizations.total": (
        _("社区社会组织"),
        _("期末前开始孵化、期初前未注销的社区社会组织数（按社工室统计时不含站级组织）。"),
    ),
    "organizations.by_category.charity": (_("公益慈善类"), _("其中公益慈善类社区社会组织数。")),
    "organizations.by_category.life_services": (
        _("生活服务类"),
        _("其中生活服务类社区社会组织数。"),
    ),
    "organizations.by_category.community_affairs": (
        _("社区事务类"),
        _("其中社区事务类社区社会组织数。"),
    ),
    "organizations.by_category.culture_sports": (
        _("文体活动类"),
        _("其中文体活动类社区社会组织数。"),
    ),
    "organizations.activities": (
        _("社会组织参与活动"),
        _("期间内社区社会组织参与的不同活动场次。"),
    ),
    "organizations.people_served": (
        _("社会组织服务群众"),
        _("期间内社区社会组织参与活动时登记的服务人数之和。"),
    ),
    # 五社联动 · 志愿者
    "volunteers.registered": (
        _("注册志愿者"),
        _("期末前登记、期初前未退出的志愿者人数。"),
    ),
    "volunteers.active": (
        _("活跃志愿者"),
        _("期间内至少有一条经确认的服务记录的志愿者人数。"),
    ),
    "volunteers.person_times": (
        _("志愿服务人次"),
        _("期间内经确认（或更正）的志愿服务记录条数，一人一次计一人次。"),
    ),
    "volunteers.hours": (
        _("志愿服务时长（小时）"),
        _("期间内经确认的志愿服务实际时长之和（不含路途；待确认和有异议的不计）。"),
    ),
    # 五社联动 · 慈善资源
    "charity.projects": (_("社区慈善项目"), _("项目期与统计周期有重叠的社区慈善项目数。")),
    "charity.cash_raised": (
        _("募集资金（元）"),
        _("期间内入账的现金捐赠之和（冲正记录抵减原记录）。"),
    ),
    "charity.in_kind_value": (_("物资折价（元）"), _("期间内入账的物资捐赠折价之和。")),
    "charity.disbursed": (
        _("支出（元）"),
        _("期间内入账的慈善资金支出之和：现金支出 + 物资支出（折价）。"),
    ),
    "charity.disbursed_cash": (_("现金支出（元）"), _("期间内入账的现金形式支出之和。")),
    "charity.disbursed_in_kind": (
        _("物资支出（折价，元）"),
        _("期间内入账的物资形式支出的折价之和。"),
    ),
    "charity.partners": (_("链接爱心单位"), _("期间内有捐赠的不同共建（爱心）单位数。")),
    # 三种方法 · 个案
    "casework.cases_opened": (_("新开个案"), _("期间内经督导批准开案的个案数。")),
    "casework.cases_open_at_end": (
        _("期末在案个案"),
        _("期末前已开案、截至期末尚未结案的个案数。"),
    ),
    "casework.cases_closed": (_("结案个案"), _("期间内结案（含转介结案）的个案数。")),
    "casework.contacts": (
        _("服务记录"),
        _("期间内的服务记录条数（面谈、电话、网络、陪同和入户走访，有无个案均计）。"),
    ),
    "casework.home_visits": (_("其中入户走访"), _("服务记录中形式为入户走访的条数。")),
    "casework.service_hours": (
        _("社工服务时长（小时）"),
        _("期间内服务记录（含入户走访）的时长之和。"),
    ),
    # 三种方法 · 小组
    "groupwork.groups": (
        _("小组"),
        _("计划已批准且与统计周期重叠的小组，以及期间内开展过活动的小组。"),
    ),
    "groupwork.sessions": (_("小组活动节次"), _("期间内开始的小组活动节数。")),
    "groupwork.members": (
        _("小组成员"),
        _("期间内签到的不同人数（服务对象、社工或志愿者，每人只计一次）。"),
    ),
    "groupwork.attendances": (_("小组签到人次"), _("期间内小组活动的签到人次。")),
    # 三种方法 · 社区工作
    "community.activities": (
        _("社区活动"),
        _("期间内开始的社区活动场次（跨社工室的活动只计一次）。"),
    ),
    "community.direct_participants": (
        _("直接参与人数"),
        _("社区活动签到的服务对象人数加未逐一签到的人头数。"),
    ),
    "community.indirect_beneficiaries": (
        _("间接受益人数"),
        _("社区活动登记的间接受益人数之和。"),
    ),
    # 合计
    "totals.activities": (_("各项社会工作（场次）"), _("社区活动场次 + 小组活动节次。")),
    "totals.person_times": (
        _("直接服务人次"),
        _("服务记录（个案接触和入户走访，有无个案均计）+ 小组签到人次 + 社区活动直接参与人数。"),
    ),
    "totals.people_served": (
        _("服务人数"),
        _(
            "个案服务记录、小组签到、社区活动签到和慈善帮扶中出现的不同服务对象人数（每人只计一次；"
            "未逐一签到的人头数无法对应到人，不计入）。"
        ),
    ),
    "totals.beneficiaries": (_("受益人数"), _("直接服务人次 + 社区活动间接受益人数。")),
    "totals.service_hours": (
        _("服务时长（小时）"),
        _("社工服务记录时长之和；志愿服务时长另列。"),
    ),
    # 五社联动 from records (issue 16): of the community activities starting in the period.
    "linkage.community.activities": (
        _("社区参与的活动"),
        _("期间内关联了村（居）委会（共建单位类型为“村（居）委会”）的社区活动场次。"),
    ),
    "linkage.community.units": (_("参与的村（居）委会"), _("这些活动关联的不同村（居）委会数。")),
    "linkage.social_workers.activities": (
        _("社工组织的活动"),
        _("期间内登记了组织者（本站工作人员）的社区活动场次。"),
    ),
    "linkage.social_workers.person_times": (
        _("社工参与人次"),
        _("这些活动登记的组织者人次（一名社工组织一场活动计一人次）。"),
    ),
    "linkage.social_workers.hours": (
        _("社工活动时长（小时）"),
        _("每名组织者按活动起止时间计的时长之和。"),
    ),
    "linkage.social_organizations.activities": (
        _("社会组织参与的活动"),
        _("期间内有社区社会组织参与记录的社区活动场次。"),
    ),
    "linkage.social_organizations.person_times": (
        _("社会组织参与次数"),
        _("这些活动中社区社会组织的参与记录条数（一个组织参与一场活动计一次）。"),
    ),
    "linkage.social_organizations.people_served": (
        _("社会组织服务人数"),
        _("这些参与记录登记的服务人数之和。"),
    ),
    "linkage.volunteers.activities": (
        _("志愿者参与的活动"),
        _("期间内有经确认（或更正）的志愿服务记录的社区活动场次。"),
    ),
    "linkage.volunteers.person_times": (
        _("活动志愿服务人次"),
        _("这些活动经确认的志愿服务记录条数。"),
    ),
    "linkage.volunteers.hours": (
        _("活动志愿服务时长（小时）"),
        _("这些记录的实际服务时长之和。"),
    ),
    "linkage.charity.activities": (
        _("链接慈善资源的活动"),
        _(
            "期间内关联了爱心单位（村（居）委会和政府部门以外的共建单位）"
            "或由慈善项目资助的社区活动场次。"
        ),
    ),
    "linkage.charity.units": (_("参与的爱心单位"), _("这些活动关联的不同爱心单位数。")),
    "linkage.charity.projects": (
        _("资助活动的慈善项目"),
        _("这些活动中，由慈善项目（在项目中关联了活动）资助的不同项目数。"),
    ),
    "linkage.ticked_without_record.community": (
        _("勾选“社区”但无记录"),
        _("勾选了该力量、却没有相应记录的活动场次：不计入上面的数字，活动页面会提示补录。"),
    ),
    "linkage.ticked_without_record.social_workers": (
        _("勾选“社工”但无记录"),
        _("勾选了该力量、却没有登记组织者的活动场次，不计入。"),
    ),
    "linkage.ticked_without_record.social_organizations": (
        _("勾选“社会组织”但无记录"),
        _("勾选了该力量、却没有社会组织参与记录的活动场次，不计入。"),
    ),
    "linkage.ticked_without_record.volunteers": (
        _("勾选“志愿者”但无记录"),
        _("勾选了该力量、却没有任何志愿服务记录的活动场次，不计入。"),
    ),
    "linkage.ticked_without_record.charity": (
        _("勾选“慈善资源”但无记录"),
        _("勾选了该力量、却没有关联爱心单位的活动场次，不计入。"),
    ),
    # 服务时长与帮扶次数 (issue 16)
    "service_hours.casework": (
        _("个案服务时长（小时）"),
        _("期间内服务记录（面谈、电话、网络、陪同和入户走访）的时长之和。"),
    ),
    "service_hours.groupwork": (
        _("小组活动时长（小时）"),
        _("期间内开始的小组活动节次按起止时间计的时长之和（每节计一次，不乘人数）。"),
    ),
    "service_hours.activities": (
        _("社区活动时长（小时）"),
        _("期间内开始的社区活动按起止时间计的时长之和（每场计一次，不乘人数）。"),
    ),
    "service_hours.volunteers": (
        _("志愿服务时长（小时）"),
        _("期间内经确认的志愿服务实际时长之和（不含路途）。"),
    ),
    "service_hours.total": (
        _("服务总时长（小时）"),
        _("个案 + 小组 + 社区活动 + 志愿服务时长：本站对外可引用的服务时长。"),
    ),
    "help_given.contacts": (
        _("服务记录（人次）"),
        _("期间内与服务对象的服务记录条数（含入户走访，有无个案均计）。"),
    ),
    "help_given.home_visits": (_("其中入户走访"), _("服务记录中形式为入户走访的条数。")),
    "help_given.material_help": (
        _("物资/资金帮扶（人次）"),
        _("期间内已发放、未冲正的慈善支出中受助居民或家庭的签收条数。"),
    ),
    "help_given.total": (
        _("帮扶群众次数"),
        _("服务记录（含入户走访）+ 物资/资金帮扶人次。"),
    ),
    # 宣传交流
    "outreach.media_reports": (_("新闻媒体及简报宣传"), _("期间内发表的宣传报道次数。")),
    "outreach.exchanges": (_("交流"), _("期间内开展的交流考察次数。")),
}

# The page's layout: 1 base, 5 linked forces, 3 methods, (X demands: see the page), totals, outreach.
SECTIONS = [
    (
        "base",
        _("一个阵地"),
        [
            (
                _("阵地与队伍"),
                [
                    "base.rooms",
                    "base.pilot_rooms",
                    "base.station_workers",
                    "base.room_workers",
                    "base.supervisors",
                ],
            )
        ],
    ),
    (
        "forces",
        _("五社联动"),
        [
            (
                _("社区"),
                ["base.rooms_covered", "base.coverage_percent", "community.needs_assessments"],
            ),
            (
                _("社工"),
                [
                    "base.certified.junior",
                    "base.certified.intermediate",
                    "base.certified.senior",
                    "base.certified.room_workers.junior",
                    "base.certified.room_workers.intermediate",
                    "base.certified.room_workers.senior",
                    "base.certified.station_staff.junior",
                    "base.certified.station_staff.intermediate",
                    "base.certified.station_staff.senior",
                ],
            ),
            (
                _("社会组织"),
                [
                    "organizations.total",
                    "organizations.by_category.charity",
                    "organizations.by_category.life_services",
                    "organizations.by_category.community_affairs",
                    "organizations.by_category.culture_sports",
                    "organizations.activities",
                    "organizations.people_served",
                ],
            ),
            (
                _("志愿者"),
                [
                    "volunteers.registered",
                    "volunteers.active",
                    "volunteers.person_times",
                    "volunteers.hours",
                ],
            ),
            (
                _("慈善资源"),
                [
                    "charity.projects",
                    "charity.cash_raised",
                    "charity.in_kind_value",
                    "charity.disbursed",
                    "charity.disbursed_cash",
                    "charity.disbursed_in_kind",
                    "charity.partners",
                ],
            ),
        ],
    ),
    (
        "linkage",
        _("五社联动（按记录）"),
        [
            (
                _("社区"),
                ["linkage.community.activities", "linkage.community.units"],
            ),
            (
                _("社工"),
                [
                    "linkage.social_workers.activities",
                    "linkage.social_workers.person_times",
                    "linkage.social_workers.hours",
                ],
            ),
            (
                _("社会组织"),
                [
                    "linkage.social_organizations.activities",
                    "linkage.social_organizations.person_times",
                    "linkage.social_organizations.people_served",
                ],
            ),
            (
                _("志愿者"),
                [
                    "linkage.volunteers.activities",
                    "linkage.volunteers.person_times",
                    "linkage.volunteers.hours",
                ],
            ),
            (
                _("慈善资源"),
                ["linkage.charity.activities", "linkage.charity.units", "linkage.charity.projects"],
            ),
            (
                _("勾选但无记录（不计入）"),
                [
                    "linkage.ticked_without_record.community",
                    "linkage.ticked_without_record.social_workers",
                    "linkage.ticked_without_record.social_organizations",
                    "linkage.ticked_without_record.volunteers",
                    "linkage.ticked_without_record.charity",
                ],
            ),
        ],
    ),
    (
        "methods",
        _("三种方法"),
        [
            (
                _("个案"),
                [
                    "casework.cases_opened",
                    "casework.cases_open_at_end",
                    "casework.cases_closed",
                    "casework.contacts",
                    "casework.home_visits",
                    "casework.service_hours",
                ],
            ),
            (
                _("小组"),
                [
                    "groupwork.groups",
                    "groupwork.sessions",
                    "groupwork.members",
                    "groupwork.attendances",
                ],
            ),
            (
                _("社区工作"),
                [
                    "community.activities",
                    "community.direct_participants",
                    "community.indirect_beneficiaries",
                ],
            ),
        ],
    ),
    (
        "totals",
        _("合计"),
        [
            (
                _("服务总量"),
                [
                    "totals.activities",
                    "totals.person_times",
                    "totals.people_served",
                    "totals.beneficiaries",
                    "totals.service_hours",
                ],
            )
        ],
    ),
    (
        "service",
        _("服务时长与帮扶次数"),
        [
            (
                _("服务时长"),
                [
                    "service_hours.casework",
                    "service_hours.groupwork",
                    "service_hours.activities",
                    "service_hours.volunteers",
                    "service_hours.total",
                ],
            ),
            (
                _("帮扶次数"),
                [
                    "help_given.contacts",
                    "help_given.home_visits",
                    "help_given.material_help",
                    "help_given.total",
                ],
            ),
        ],
    ),
    (
        "outreach",
        _("宣传交流"),
        [(_("宣传与交流"), ["outreach.media_reports", "outreach.exchanges"])],
    ),
]

# Figures that add up over rooms when every record belongs to exactly one room: the per-room table.
ROOM_TABLE = [
    "base.room_workers",
    "casework.cases_opened",
    "casework.cases_open_at_end",
    "casework.cases_closed",
    "casework.contacts",
    "casework.home_visits",
    "casework.service_hours",
    "groupwork.groups",
    "groupwork.sessions",
    "groupwork.attendances",
    "community.activities",
    "community.direct_participants",
    "community.indirect_beneficiaries",
    "volunteers.person_times",
    "volunteers.hours",
    "totals.activities",
    "totals.person_times",
    "totals.beneficiaries",
]

KEY_POPULATION_HELP = _(
    "在册：期间内带有该重点人群标签（未归档）的不同服务对象人数。按社工室统计时，0～4 人显示为"
    "“<5”，以免识别到个人；全站合计为准确数字。"
)
KEY_POPULATION_SERVED_HELP = _(
    "本期服务：其中期间内接受过个案服务、小组、社区活动签到或慈善帮扶的人数（每人只计一次）。"
    "按社工室统计时，某类人群有社工室为 1～4 人时，各社工室的 0～4 人均显示为“<5”；为防止用全站"
    "合计减去其他社工室推算出人数，必要时另一社工室也显示为“*”。"
)
SERVICE_AREA_HELP = _("期间内按服务领域（X类服务诉求）统计的社区活动场次；一场活动可涉及多个领域。")
FORCE_HELP = _(
    "期间内有各方力量参与的社区活动场次（一场活动可计入多方）。共建单位：期间内参与活动或新登记的"
    "共建单位数；按社工室统计时为参与该社工室活动的单位数。"
)
# The five forces on the page (issue 16): from records, with the ticks that lack one.
LINKAGE_HELP = _(
    "期间内有各方力量实际参与记录的社区活动场次（一场活动可计入多方）：社区＝关联村（居）委会，"
    "社工＝登记组织者，社会组织＝参与记录，志愿者＝经确认的志愿服务记录，慈善资源＝关联爱心单位。"
    "“勾选无记录”为只勾选、没有记录的场次，不计入。共建单位：期间内参与活动或新登记的共建单位数；"
    "按社工室统计时为参与该社工室活动的单位数。"
)
# The tick-based count (activities.activities_by_force), kept in the Excel export for reference.
FORCE_TICKS_HELP = _(
    "期间内在活动上勾选了各方力量的社区活动场次（自行勾选，仅供参考）。报表的五社联动数字按实际记录"
    "统计，见“五社联动（按记录）”。"
)


def label(key: str) -> str:
    return FIGURES[key][0]


# The X block (issue 16): what each of its figures counts, by method and in total.
X_DEFINITIONS = {
    "casework": _(
        "个案：记录数为期间内有服务记录的个案数；人次为这些个案在期间内的服务记录数（每条记录一人次）；"
        "人数为这些记录的不重复服务对象。个案的服务领域、服务人群在个案上登记（服务人群默认取服务对象"
        "的重点人群标签）；无个案的入户走访不计入本表。"
    ),
    "groups": _(
        "小组：记录数为期间内开展的小组节次；人次为这些节次的签到人次（含志愿者、社工成员）；"
        "人数为签到的不重复服务对象。领域、人群取小组计划书的登记。"
    ),
    "activities": _(
        "活动：记录数为期间内开始的社区活动场次；人次为直接参与人数（未签到人头数＋签到服务对象数）；"
        "人数为签到的不重复服务对象（人头数不具名，不计入人数）。"
    ),
    "total": _(
        "合计：记录数、人次为三者之和；人数为三者合并后的不重复服务对象，一人多处接受服务只计一次。"
        "一条记录登记了多个人群或领域时在每一行各计一次，因此各行不能相加。"
    ),
    "combinations": _(
        "组合（如“一老一小”）：登记了其中任一人群的记录；一条记录同时登记了组合中的几个人群只计一次。"
    ),
}
