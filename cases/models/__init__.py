"""Casework (个案工作): cases and their stage documents, following MZ/T 094-2017.

A case moves through `Stage` only by the service functions in `cases.services`; every move writes a
`CaseTransition`. Service records (one per contact) may exist without a case: routine home visits
(入户走访) to key populations are service records of form 入户 with `case` empty.
"""

from cases.models.case import (
    OPEN_STAGES,
    Approval,
    ApprovalKind,
    ApprovalStatus,
    Case,
    CaseNumberCounter,
    CaseTransition,
    InterventionModel,
    RiskLevel,
    Source,
    Stage,
)
from cases.models.documents import (
    Addendum,
    Assessment,
    Attainment,
    Closing,
    ClosingReason,
    ConsentBy,
    Evaluation,
    FollowUp,
    Intake,
    PlanTask,
    Referral,
    ServiceGoal,
    ServicePlan,
    SupervisionNote,
)
from cases.models.records import (
    DEFAULT_VISIT_INTERVALS,
    ContactForm,
    ServiceRecord,
    VisitInterval,
)
from cases.models.visits import (
    YES_NO_LABELS,
    AnswerType,
    ChecklistItem,
    ChecklistTopic,
    RecordPhoto,
    ResidentRiskFlag,
    VisitAnswer,
    VisitChecklist,
)

__all__ = [
    "YES_NO_LABELS",
    "Addendum",
    "AnswerType",
    "ChecklistItem",
    "ChecklistTopic",
    "RecordPhoto",
    "ResidentRiskFlag",
    "VisitAnswer",
    "VisitChecklist",
    "DEFAULT_VISIT_INTERVALS",
    "OPEN_STAGES",
    "Approval",
    "ApprovalKind",
    "ApprovalStatus",
    "Assessment",
    "Attainment",
    "Case",
    "CaseNumberCounter",
    "CaseTransition",
    "Closing",
    "ClosingReason",
    "ConsentBy",
    "ContactForm",
    "Evaluation",
    "FollowUp",
    "Intake",
    "InterventionModel",
    "PlanTask",
    "Referral",
    "RiskLevel",
    "ServiceGoal",
    "ServicePlan",
    "ServiceRecord",
    "Source",
    "Stage",
    "SupervisionNote",
    "VisitInterval",
]
