"""The shared vocabulary of the station's work: the service areas, target populations, the five
social forces (五社联动) and identity document types that every app and the report speak of, and the
abstract model that tags a record with them. It lives in the base app so that every app can use one
list without importing another domain app.

Each list is a table of codes (`stations.models.Term`, issue 16): the TextChoices below are its
built-in entries, seeded by a migration, and the admin may add local ones. A record stores codes;
`TermCodesValidator` checks them against the table, forms draw their choices from it
(`stations.forms.TermChoicesMixin`) and `term_label()` names a code.
"""

from django.contrib.postgres.fields import ArrayField
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


class ServiceArea(models.TextChoices):
    SOCIAL_ASSISTANCE = "social_assistance", _("社会救助")
    CHILD_WELFARE = "child_welfare", _("儿童福利")
    ELDERLY_CARE = "elderly_care", _("养老服务")
    SOCIAL_AFFAIRS = "social_affairs", _("社会事务")
    COMMUNITY_GOVERNANCE = "community_governance", _("社区治理")
    SAFETY = "safety", _("平安建设")
    EPIDEMIC_PREVENTION = "epidemic_prevention", _("疫情防控")
    DISABILITY = "disability", _("残疾人服务")
    MENTAL_HEALTH = "mental_health", _("精神卫生")
    MEDIATION = "mediation", _("纠纷调解")
    PUBLIC_WELFARE = "public_welfare", _("公益服务")
    ENVIRONMENT = "environment", _("环境治理")
    OTHER = "other", _("其他")


class TargetPopulation(models.TextChoices):
    CHILDREN = "children", _("儿童")
    YOUTH = "youth", _("青少年")
    ELDERLY = "elderly", _("老年人")
    DISABLED = "disabled", _("残疾人")
    HARDSHIP = "hardship", _("困难群众")
    WOMEN = "women", _("妇女")
    FAMILIES = "families", _("家庭")
    VOLUNTEERS = "volunteers", _("志愿者")
    RESIDENTS = "residents", _("社区居民")


class SocialForce(models.TextChoices):
    """五社联动: the five social forces."""

    COMMUNITY = "community", _("社区")
    SOCIAL_WORKERS = "social_workers", _("社工")
    SOCIAL_ORGANIZATIONS = "social_organizations", _("社会组织")
    VOLUNTEERS = "volunteers", _("志愿者")
    CHARITY = "charity", _("慈善资源")


class IdType(models.TextChoices):
    """Identity documents of residents, volunteers and staff (one list since issue 16)."""

    RESIDENT_ID = "resident_id", _("居民身份证")
    HK_MO_TW_PERMIT = "hk_mo_tw_permit", _("港澳台居民居住证")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    PASSPORT = "passport", _("护照")
    OTHER = "other", _("其他")
    NONE = "none", _("无")


# The built-in entries of each list (stations.models.TermKind value → TextChoices).
BUILT_IN = {
    "service_area": ServiceArea,
    "target_population": TargetPopulation,
    "social_force": SocialForce,
    "id_type": IdType,
}

# A resident's key-population tags (stations.models.KeyPopulation) → the target populations a
# case of theirs serves by default (and how charity projects' old population codes were mapped).
KEY_POPULATION_TARGETS = {
    "dibao": ["hardship"],
    "near_dibao": ["hardship"],
    "extreme_poverty": ["hardship"],
    "orphan": ["children"],
    "child_in_difficulty": ["children"],
    "left_behind_child": ["children"],
    "elderly_alone": ["elderly"],
    "disabled_elderly": ["elderly", "disabled"],
    "disabled": ["disabled"],
    "family_planning_special": ["families"],
    "left_behind_adult": ["elderly", "women"],
    "entitled_group": ["residents"],
    "community_correction": ["residents"],
}


def target_populations_for(categories) -> list[str]:
    """The target populations of a resident with these key-population tags, in list order."""
    wanted = {code for category in categories for code in KEY_POPULATION_TARGETS.get(category, ())}
    return [code for code in TargetPopulation.values if code in wanted]


def install_built_in_terms(using="default", **kwargs):
    """Adds the built-in entries of every code list that the table lacks (post_migrate, as Django
    adds content types and permissions): a fresh database, a flushed one (the browser tests) and a
    built-in code added to a TextChoices later all get their rows, in the TextChoices' order.
    Existing rows, and what the admin changed on them (order, active), are left alone."""
    from django.db import connections

    from stations.models import Term

    if Term._meta.db_table not in connections[using].introspection.table_names():
        return  # migrating backwards past the code lists
    present = set(Term.objects.using(using).values_list("kind", "code"))
    with translation.override("zh-hans"):
        missing = [
            Term(
                kind=kind,
                code=code,
                label=str(label),
                order=order * 10,
                built_in=True,
                active=True,
            )
            for kind, choices in BUILT_IN.items()
            for order, (code, label) in enumerate(choices.choices, start=1)
            if (kind, code) not in present
        ]
    if missing:
        Term.objects.using(using).bulk_create(missing)
        forget_local_labels()


_LOCAL_LABELS = "stations.terms.local_labels"


def local_labels() -> dict:
    """{(kind, code): label} of the entries added in the admin; cached (one query when cold),
    cleared when a term is saved or deleted (stations.models.terms signals)."""
    labels = cache.get(_LOCAL_LABELS)
    if labels is None:
        from stations.models import Term

        labels = {
            (kind, code): label
            for kind, code, label in Term.objects.filter(built_in=False).values_list(
                "kind", "code", "label"
            )
        }
        cache.set(_LOCAL_LABELS, labels, 300)
    return labels


def forget_local_labels(**kwargs):
    cache.delete(_LOCAL_LABELS)


def term_label(kind: str, code: str, label: str | None = None) -> str:
    """The name of `code` in the list `kind`: a built-in code's translated label (no query), else
    `label` if given, else the local entry's label (cached), else the code itself."""
    choices = BUILT_IN[kind]
    if code in choices.values:
        return str(choices(code).label)
    if label is not None:
        return label
    return local_labels().get((kind, code), code)


def term_labels(kind: str, codes) -> list[str]:
    return [term_label(kind, code) for code in codes]


def term_choices(kind: str) -> list[tuple[str, str]]:
    """[(code, label)] of the active entries of the list `kind`, in order: one query."""
    from stations.models import Term

    rows = Term.objects.active().filter(kind=kind).values_list("code", "label")
    return [(code, term_label(kind, code, label)) for code, label in rows]


@deconstructible
class TermCodesValidator:
    """Every code of a value (one code or a list of codes) is an entry of the list `kind`."""

    def __init__(self, kind: str):
        self.kind = kind

    def __call__(self, value):
        codes = [value] if isinstance(value, str) else list(value or [])
        codes = [code for code in codes if code]
        if not codes:
            return
        from stations.models import Term

        known = set(
            Term.objects.filter(kind=self.kind, code__in=codes).values_list("code", flat=True)
        )
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise ValidationError(
                _("不在分类代码表中：%(codes)s"),
                code="unknown_term",
                params={"codes": _("、").join(unknown)},
            )

    def __eq__(self, other):
        return isinstance(other, TermCodesValidator) and other.kind == self.kind


def term_codes_field(kind: str, verbose_name):
    """An ArrayField of codes of the list `kind` (a tag list such as 服务领域)."""
    return ArrayField(
        models.CharField(max_length=30),
        verbose_name=verbose_name,
        default=list,
        blank=True,
        validators=[TermCodesValidator(kind)],
    )


class ServedTags(models.Model):
    """The service areas and target populations a record is tagged with: activities, groups, cases
    and volunteer projects carry the same two lists, so that their lists filter, and figures cut,
    them alike."""

    service_areas = term_codes_field("service_area", _("服务领域"))
    target_populations = term_codes_field("target_population", _("服务人群"))

    class Meta:
        abstract = True

    def get_service_areas_display(self):
        return term_labels("service_area", self.service_areas)

    def get_target_populations_display(self):
        return term_labels("target_population", self.target_populations)


# "一老一小" style selections of the target-population rows of the X block (issue 16): each counts
# a record, person-time or person once when it is tagged with any of the populations.
POPULATION_COMBINATIONS = [
    ("elderly_and_young", _("一老一小"), ["elderly", "children", "youth"]),
    ("disabled_and_hardship", _("一残一困"), ["disabled", "hardship"]),
    ("young", _("一小（儿童、青少年）"), ["children", "youth"]),
]
