"""The default home-visit checklists a station starts with (a data migration and the demo give
every station these; the station edits them in the admin afterwards)."""

RISK_CHOICES = "低\n中\n高\n危机"
RISK_ITEM = ("risk", "综合风险等级", "choice", RISK_CHOICES, "高\n危机", 7)

# category → (title, [(topic, question, answer type, choices, answers raising risk, days)])
DEFAULT_CHECKLISTS = {
    "elderly_alone": (
        "空巢/独居老人走访清单",
        [
            ("safety", "居家是否有安全隐患（燃气、用电、防火、防跌倒）？", "yes_no", "", "是", 7),
            ("health", "身体状况", "choice", "良好\n一般\n较差\n需要就医", "需要就医", 7),
            ("living", "日常生活能否自理", "choice", "能自理\n部分自理\n不能自理", "不能自理", 7),
            ("needs", "当前最迫切的需求", "text", "", "", None),
            RISK_ITEM,
        ],
    ),
    "child_in_difficulty": (
        "困境儿童走访清单",
        [
            ("safety", "是否发现受伤、被忽视或受虐待的迹象？", "yes_no", "", "是", 7),
            ("health", "身心健康状况", "choice", "良好\n一般\n较差", "", None),
            ("living", "是否有监护人实际照料？", "yes_no", "", "否", 7),
            ("needs", "学习和生活上的需求", "text", "", "", None),
            RISK_ITEM,
        ],
    ),
    "disabled": (
        "残疾人走访清单",
        [
            ("safety", "居家和出行是否有安全隐患（无障碍、辅具）？", "yes_no", "", "是", 14),
            ("health", "康复和服药情况", "choice", "规律\n不规律\n未康复", "", None),
            ("living", "生活自理能力", "choice", "能自理\n部分自理\n不能自理", "不能自理", 14),
            ("needs", "辅具、康复、就业或补贴方面的需求", "text", "", "", None),
            RISK_ITEM,
        ],
    ),
    "dibao": (
        "低保对象走访清单",
        [
            ("safety", "住房是否有安全问题（危房、漏雨、取暖）？", "yes_no", "", "是", 14),
            ("health", "家庭成员健康状况", "choice", "良好\n有慢性病\n有重病或残疾", "", None),
            ("living", "家庭基本生活", "choice", "能维持\n勉强维持\n难以维持", "难以维持", 14),
            ("needs", "需要链接的救助或资源", "text", "", "", None),
            RISK_ITEM,
        ],
    ),
}


def ensure_default_checklists(station, checklist_model, item_model) -> None:
    """Give `station` the default checklists it does not have yet (idempotent; a checklist the
    station already has, edited or not, is left alone). The models are passed in so that a data
    migration can use its historical ones."""
    for category, (title, items) in DEFAULT_CHECKLISTS.items():
        checklist, created = checklist_model.objects.get_or_create(
            station=station, category=category, defaults={"title": title}
        )
        if not created:
            continue
        item_model.objects.bulk_create(
            item_model(
                checklist=checklist,
                order=order,
                topic=topic,
                question=question,
                answer_type=answer_type,
                choices=choices,
                raises_risk_on=raises,
                risk_visit_days=days,
                risk_level="high",
            )
            for order, (topic, question, answer_type, choices, raises, days) in enumerate(items, 1)
        )
