"""Stories for the demo casework that fit the person: an elderly person's case is about health,
loneliness and daily living, a child's about study, family and safety, a disabled person's about
rehabilitation and benefits, a low-income household's about assistance (and employment only for
people of working age).

Every list has the length of the one it replaced in cases/demo.py, so that `rng.choice` and
`rng.sample` draw the same random numbers as before: the 2022 figures (the station's published
ones) depend on those draws and must not move.
"""

from stations.models import KeyPopulation

ELDERLY, CHILD, DISABLED, LOW_INCOME, ADULT = "elderly", "child", "disabled", "low_income", "adult"
WORKING_AGE = range(18, 60)

DISABLED_TAGS = {KeyPopulation.DISABLED}
LOW_INCOME_TAGS = {KeyPopulation.DIBAO, KeyPopulation.NEAR_DIBAO, KeyPopulation.EXTREME_POVERTY}


def profile(age: int, categories) -> str:
    """The story a person's case can tell, from their age then their key populations."""
    categories = set(categories)
    if age < 18:
        return CHILD
    if age >= 60:
        return ELDERLY
    if categories & DISABLED_TAGS:
        return DISABLED
    if categories & LOW_INCOME_TAGS:
        return LOW_INCOME
    return ADULT


# (presenting problem, service areas, intervention model): eight per profile.
PROBLEMS = {
    ELDERLY: [
        ("独居，近期摔倒后行动不便，日常买菜做饭困难", ["elderly_care"], "task_centred"),
        ("子女长期在外，老人独自在家，情绪低落、少与人来往", ["elderly_care"], "psychosocial"),
        ("患高血压、糖尿病，常忘记服药，复诊无人陪同", ["elderly_care"], "task_centred"),
        (
            "患慢性病，长期服药负担重，与子女关系紧张",
            ["elderly_care", "social_assistance"],
            "family",
        ),
        ("老伴去世后独居，夜间害怕，睡眠差", ["elderly_care"], "crisis"),
        ("视力下降，做饭用火不安全，家中无人照看", ["elderly_care"], "support_network"),
        ("冬季取暖困难，房屋年久失修", ["elderly_care", "social_assistance"], "support_network"),
        ("不会使用智能手机，就医挂号和领取补贴困难", ["elderly_care"], "task_centred"),
    ],
    CHILD: [
        ("父母外出务工，孩子学习动力不足、情绪低落", ["child_welfare"], "strengths"),
        ("困境儿童，监护人年迈，缺乏课后照顾", ["child_welfare"], "support_network"),
        ("放学后常独自在家，家中存在用电、用火安全隐患", ["child_welfare"], "task_centred"),
        ("与同学发生冲突后不愿上学，成绩明显下降", ["child_welfare"], "psychosocial"),
        ("父母离异，孩子随祖辈生活，亲子沟通少", ["child_welfare"], "family"),
        ("沉迷手机游戏，作息紊乱，作业常不能完成", ["child_welfare"], "strengths"),
        (
            "家庭经济困难，学习用品和校服费用有困难",
            ["child_welfare", "social_assistance"],
            "support_network",
        ),
        ("暑假期间无人看护，存在溺水、交通等安全风险", ["child_welfare"], "task_centred"),
    ],
    DISABLED: [
        ("肢体残疾，康复训练中断，关节僵硬加重", ["disability"], "task_centred"),
        ("肢体残疾，希望就业但缺乏技能和信息", ["disability"], "person_centred"),
        (
            "不清楚残疾人两项补贴申领条件，材料不全",
            ["disability", "social_assistance"],
            "task_centred",
        ),
        ("需要适配轮椅等辅具，家中无障碍条件差", ["disability"], "support_network"),
        ("长期居家，很少出门，社会交往少、情绪低落", ["disability"], "psychosocial"),
        ("照顾者年老体弱，担心今后无人照料", ["disability"], "family"),
        ("残疾证需换证评残，行动不便无法往返", ["disability"], "task_centred"),
        (
            "康复费用负担重，希望了解医疗救助政策",
            ["disability", "social_assistance"],
            "support_network",
        ),
    ],
    LOW_INCOME: [
        ("家庭收入骤降，申请低保材料不全", ["social_assistance"], "support_network"),
        ("失业后家庭开支困难，希望找到稳定工作", ["social_assistance"], "task_centred"),
        ("家人患大病，医疗费用负担重，需了解临时救助", ["social_assistance"], "support_network"),
        ("低保年审材料不会准备，担心待遇中断", ["social_assistance"], "task_centred"),
        ("子女上学费用压力大，家庭关系紧张", ["social_assistance"], "family"),
        ("房屋漏雨，无力自行维修", ["social_assistance"], "support_network"),
        ("希望参加技能培训，增加家庭收入", ["social_assistance"], "person_centred"),
        ("债务纠纷引发情绪焦虑，失眠", ["social_assistance", "mediation"], "crisis"),
    ],
    ADULT: [
        ("邻里纠纷多次升级，情绪激动", ["mediation"], "crisis"),
        ("独自照顾失能老人，压力大，身心疲惫", ["elderly_care"], "psychosocial"),
        ("夫妻矛盾频繁，担心影响孩子", ["mediation"], "family"),
        ("返乡后求职不顺，情绪低落", ["social_affairs"], "person_centred"),
        ("照顾生病的子女，无法外出工作，家庭开支紧张", ["social_assistance"], "support_network"),
        ("与老人在赡养问题上有分歧，兄弟姐妹关系紧张", ["mediation"], "family"),
        ("丈夫外出务工，独自照顾老人孩子，缺少支持", ["social_affairs"], "support_network"),
        ("家中老人患病，需了解长期照护和医保报销政策", ["elderly_care"], "task_centred"),
    ],
}

# Service goals: five per profile (two are drawn per plan).
GOALS = {
    ELDERLY: [
        "三个月内每周至少两次获得助餐服务",
        "建立由邻居、志愿者组成的每日问候网络",
        "一个月内掌握按时服药的方法，按期到卫生院复诊",
        "每周参加一次社区老年活动，孤独感量表得分改善",
        "完成居家适老化改造，消除跌倒隐患",
    ],
    CHILD: [
        "学习成绩回到班级中等水平，情绪量表得分改善",
        "每周与外出务工的父母视频通话至少两次",
        "每周参加两次四点半课堂，按时完成作业",
        "掌握居家用电、防溺水等安全知识，能说出求助电话",
        "与监护人约定作息时间，每天使用手机不超过一小时",
    ],
    DISABLED: [
        "恢复每周三次的康复训练，关节活动度改善",
        "一个月内完成残疾人两项补贴申领",
        "适配并学会使用轮椅等辅具",
        "每月至少参加一次社区助残活动，扩大社会交往",
        "在志愿者陪同下每月外出一次，恢复出行信心",
    ],
    LOW_INCOME: [
        "一个月内完成低保申请材料并提交",
        "申请临时救助，缓解当月基本生活困难",
        "参加一期职业技能培训，取得结业证书",
        "三个月内通过就业服务找到稳定工作",
        "制订家庭收支计划，按月记账",
    ],
    ADULT: [
        "双方在调解下达成书面协议，纠纷不再升级",
        "每周安排半天喘息时间，照顾压力自评得分下降",
        "学会两种情绪调节方法，睡眠改善",
        "参加一次招聘会并投递简历",
        "家庭成员共同商定照顾分工",
    ],
}

# (first task, second task) per profile.
TASKS = {
    ELDERLY: ("联系镇老年餐桌安排送餐", "组织邻里志愿者建立问候群"),
    CHILD: ("与班主任约定每月沟通一次学习情况", "为孩子报名四点半课堂"),
    DISABLED: ("联系镇卫生院康复科安排康复训练", "协助准备残疾人两项补贴申请材料"),
    LOW_INCOME: ("协助整理低保申请材料", "推荐参加镇人社站技能培训"),
    ADULT: ("约双方到村（居）委会调解室面谈", "链接镇心理咨询志愿者提供情绪支持"),
}

RESOURCES = {
    ELDERLY: "镇老年餐桌；社区志愿者队伍；村卫生室。",
    CHILD: "镇中心小学；四点半课堂；“春蕾”助学会。",
    DISABLED: "镇卫生院康复科；区残联；助残志愿者。",
    LOW_INCOME: "镇民政办；镇人社站；社区慈善基金。",
    ADULT: "村（居）委会调解室；镇司法所；心理咨询志愿者。",
}

# Six service-record contents per profile.
CONTENTS = {
    ELDERLY: [
        "入户了解近况，服务对象精神状态较好，反映腿脚仍不便。",
        "电话跟进助餐服务落实情况，服务对象表示满意。",
        "陪同服务对象到镇卫生院复诊，协助取药。",
        "与服务对象面谈，运用同理、鼓励技巧，倾听其对子女的牵挂。",
        "入户走访，检查居家安全隐患，更换了防滑垫。",
        "邀请服务对象参加社区老年活动，认识了同楼的老人。",
    ],
    CHILD: [
        "入户了解孩子近况，检查作业完成情况，孩子情绪稳定。",
        "联系学校老师了解孩子在校情况，约定每月沟通一次。",
        "陪孩子与外出务工的父母视频通话，商定学习目标。",
        "与监护人面谈，讨论作息安排和手机使用约定。",
        "入户开展居家安全教育，演练拨打求助电话。",
        "陪同孩子参加四点半课堂，孩子主动向老师提问。",
    ],
    DISABLED: [
        "入户了解康复训练情况，服务对象能坚持每天练习。",
        "电话跟进残疾人两项补贴审核进度。",
        "陪同服务对象到镇卫生院康复科评估。",
        "与服务对象面谈，运用同理、鼓励技巧，讨论出行顾虑。",
        "入户指导辅具使用，检查家中通道是否畅通。",
        "联系区残联了解辅具适配和技能培训信息。",
    ],
    LOW_INCOME: [
        "入户了解家庭收支情况，协助整理低保申请材料。",
        "电话跟进临时救助审批进度。",
        "陪同服务对象到镇便民服务中心办理低保复审。",
        "与服务对象面谈，协助制订家庭收支计划。",
        "联系镇人社站，了解近期技能培训和招聘信息。",
        "入户回访，救助金已到账，生活基本稳定。",
    ],
    ADULT: [
        "入户了解近况，服务对象情绪较上次平稳。",
        "电话跟进调解协议落实情况。",
        "陪同服务对象到村（居）委会调解室面谈。",
        "与服务对象面谈，运用同理、鼓励技巧，协助梳理家庭关系。",
        "组织家庭会议，商定照顾老人的分工。",
        "链接心理咨询志愿者，服务对象学习放松方法。",
    ],
}

NEXT_STEPS = {
    ELDERLY: "下周电话回访，跟进送餐情况。",
    CHILD: "下周与班主任沟通，跟进学习情况。",
    DISABLED: "下周电话回访，跟进康复训练和补贴审核。",
    LOW_INCOME: "下周跟进救助审批结果。",
    ADULT: "下周电话回访，了解协议落实情况。",
}

# Four linked resources per profile (the first: none).
LINKED = {
    ELDERLY: ["", "镇老年餐桌", "社区志愿者", "村卫生室"],
    CHILD: ["", "镇中心小学", "四点半课堂", "社区志愿者"],
    DISABLED: ["", "镇卫生院康复科", "区残联", "助残志愿者"],
    LOW_INCOME: ["", "镇民政办", "镇人社站", "社区慈善基金"],
    ADULT: ["", "村（居）委会", "镇司法所", "心理咨询志愿者"],
}

BACKGROUND = {
    ELDERLY: "子女在外地工作，与子女的联系较少，邻里关系一般。",
    CHILD: "父母常年在外务工，由祖辈照看；在镇中心小学就读。",
    DISABLED: "与家人同住，主要由配偶照顾；持有残疾证。",
    LOW_INCOME: "家庭收入来源单一，有子女在读。",
    ADULT: "与配偶、子女同住，家中有需要照顾的老人。",
}

ASSESSMENT = {
    ELDERLY: {
        "physical": "患高血压，行走需扶拐杖。",
        "psychological": "情绪偶有低落，担心给子女添麻烦。",
        "social_support": "子女在外地，邻居偶尔照应。",
        "economy": "每月养老金约一千二百元。",
        "housing": "自建平房，卫生间无扶手。",
        "family": "丧偶，育有一子一女。",
        "entitlements": "高龄津贴；城乡居民医保。",
        "strengths": "性格开朗，愿意与人交流；邻里关系好。",
        "risks": "跌倒风险较高；无自伤风险。",
        "summary": "主要需求为生活照料与社会支持，风险中等。",
    },
    CHILD: {
        "physical": "身体健康，按时接种疫苗。",
        "psychological": "想念父母，遇到困难不愿表达。",
        "social_support": "祖辈照看，班主任较关心。",
        "economy": "依靠父母务工收入，较为紧张。",
        "housing": "与祖辈同住，有独立学习桌。",
        "family": "父母在外务工，每月电话联系几次。",
        "entitlements": "义务教育阶段免学费；困境儿童生活补贴。",
        "strengths": "喜欢画画，愿意参加集体活动。",
        "risks": "放学后无人看护，有安全隐患。",
        "summary": "主要需求为学习支持、亲情陪伴与安全照护，风险中等。",
    },
    DISABLED: {
        "physical": "肢体残疾，需借助拐杖行走，康复训练不规律。",
        "psychological": "对未来有担忧，偶有自卑情绪。",
        "social_support": "配偶照顾，与亲友来往较少。",
        "economy": "家庭收入较低，康复支出较多。",
        "housing": "住房门槛较高，出行不便。",
        "family": "与配偶同住，子女在外地。",
        "entitlements": "残疾人两项补贴待申领；城乡居民医保。",
        "strengths": "意志坚强，愿意学习新技能。",
        "risks": "康复中断导致功能退化的风险。",
        "summary": "主要需求为康复训练、补贴申领与社会参与，风险中等。",
    },
    LOW_INCOME: {
        "physical": "身体状况一般。",
        "psychological": "经济压力大，时常焦虑。",
        "social_support": "亲友能提供少量帮助。",
        "economy": "家庭人均收入低于当地低保标准。",
        "housing": "自有住房，年久失修。",
        "family": "育有子女，其中一人在读。",
        "entitlements": "低保申请中；城乡居民医保。",
        "strengths": "有劳动意愿，家庭成员互相支持。",
        "risks": "收入中断导致基本生活困难。",
        "summary": "主要需求为救助申请与增收，风险中等。",
    },
    ADULT: {
        "physical": "身体健康。",
        "psychological": "压力较大，情绪容易激动。",
        "social_support": "与亲属关系紧张，邻里有一定支持。",
        "economy": "务农及零工收入，基本可以维持。",
        "housing": "自有住房。",
        "family": "与配偶、子女及老人同住。",
        "entitlements": "城乡居民医保。",
        "strengths": "愿意沟通，重视家庭。",
        "risks": "矛盾升级的风险；无自伤风险。",
        "summary": "主要需求为情绪支持与关系调适，风险中等。",
    },
}

SUPERVISION = {
    ELDERLY: "讨论了服务对象的跌倒风险与介入重点。",
    CHILD: "讨论了孩子的安全照护与学习支持，强调与监护人、学校协作。",
    DISABLED: "讨论了康复训练的持续性与补贴申领进度。",
    LOW_INCOME: "讨论了救助政策的衔接与增收路径。",
    ADULT: "讨论了家庭关系调适的介入重点。",
}

FINDINGS = {
    ELDERLY: "生活照料需求基本得到满足，社会支持网络初步建立。",
    CHILD: "孩子情绪稳定，学习习惯改善，监护人照护能力提升。",
    DISABLED: "康复训练恢复规律，补贴已申领，社会交往增加。",
    LOW_INCOME: "救助已落实，家庭基本生活得到保障。",
    ADULT: "家庭矛盾缓和，服务对象掌握了情绪调节方法。",
}

CLOSING = {
    ELDERLY: "经过数月服务，服务对象生活照料问题得到解决，能够自行联系送餐与志愿者。",
    CHILD: "经过数月服务，孩子学习和情绪状况改善，监护人能与学校保持联系。",
    DISABLED: "经过数月服务，服务对象坚持康复训练，两项补贴已按月发放。",
    LOW_INCOME: "经过数月服务，家庭已纳入救助，服务对象能够自行办理年审。",
    ADULT: "经过数月服务，家庭成员达成照顾分工，关系明显缓和。",
}

FOLLOW_UP = {
    ELDERLY: "状况稳定，送餐服务持续。",
    CHILD: "孩子按时上学，情绪稳定。",
    DISABLED: "坚持康复训练，补贴按时到账。",
    LOW_INCOME: "救助按月发放，生活稳定。",
    ADULT: "家庭关系稳定，未再发生纠纷。",
}

# Five routine home-visit notes per profile.
VISIT_NOTES = {
    ELDERLY: [
        "入户走访，老人身体尚可，家中有米面油，暖气正常。",
        "入户走访，提醒按时服药，留下社工联系电话。",
        "入户走访，检查用电、燃气安全，老人情绪较好。",
        "入户走访，了解到屋顶漏雨，已联系村委会协调维修。",
        "入户走访，服务对象外出未遇，与邻居了解近况。",
    ],
    CHILD: [
        "入户走访，孩子在家写作业，监护人反映近期情绪稳定。",
        "入户走访，了解孩子在校表现，提醒假期注意安全。",
        "入户走访，孩子与父母视频通话，学习用品齐全。",
        "入户走访，监护人反映孩子作息规律，按时上学。",
        "入户走访，孩子外出上学未遇，与监护人了解近况。",
    ],
    DISABLED: [
        "入户走访，服务对象坚持康复训练，精神状态较好。",
        "入户走访，补贴已按月到账，辅具使用正常。",
        "入户走访，检查家中通道，提醒雨雪天减少外出。",
        "入户走访，了解到康复器材损坏，已联系区残联。",
        "入户走访，服务对象外出复诊未遇，与家人了解近况。",
    ],
    LOW_INCOME: [
        "入户走访，救助金按月到账，家庭生活基本稳定。",
        "入户走访，提醒按时准备低保年审材料。",
        "入户走访，了解家庭收支变化，告知临时救助政策。",
        "入户走访，了解到房屋漏雨，已联系村委会协调维修。",
        "入户走访，服务对象外出务工未遇，与家人了解近况。",
    ],
    ADULT: [
        "入户走访，家庭情况稳定，服务对象情绪平和。",
        "入户走访，留下社工联系电话，告知社区服务。",
        "入户走访，了解家中老人照顾安排。",
        "入户走访，了解到屋顶漏雨，已联系村委会协调维修。",
        "入户走访，服务对象外出未遇，与邻居了解近况。",
    ],
}
