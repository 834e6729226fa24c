from stations.models.audit import (
    FormToken,
    Notification,
    ReadLog,
    ReadView,
    TokenStatus,
    TwoFactorEvent,
    TwoFactorEventKind,
)
from stations.models.exports import ExportFormat, ExportLog
from stations.models.fields import points_to
from stations.models.meta import RecordedBy, RecordMeta, Timestamped, Versioned
from stations.models.partners import PartnerKind, PartnerUnit
from stations.models.residents import (
    Consent,
    ConsentGiver,
    DisabilityCategory,
    Household,
    IdType,
    KeyPopulation,
    KeyPopulationTag,
    Relation,
    Resident,
    RevealField,
    RevealLog,
    Sex,
)
from stations.models.rosters import ROSTER_ROLES, StaffTerm
from stations.models.station import Certification, District, Role, Room, Station, User
from stations.models.terms import LOCAL_KINDS, Term, TermKind

__all__ = [
    "Certification",
    "Consent",
    "District",
    "ConsentGiver",
    "DisabilityCategory",
    "ExportFormat",
    "ExportLog",
    "FormToken",
    "Household",
    "IdType",
    "KeyPopulation",
    "KeyPopulationTag",
    "points_to",
    "Notification",
    "PartnerKind",
    "PartnerUnit",
    "ReadLog",
    "ReadView",
    "RecordMeta",
    "RecordedBy",
    "Relation",
    "Resident",
    "RevealField",
    "RevealLog",
    "Role",
    "Room",
    "Sex",
    "Timestamped",
    "ROSTER_ROLES",
    "StaffTerm",
    "TokenStatus",
    "TwoFactorEvent",
    "TwoFactorEventKind",
    "Station",
    "LOCAL_KINDS",
    "Term",
    "TermKind",
    "User",
    "Versioned",
]
