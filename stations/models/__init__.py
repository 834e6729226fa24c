from stations.models.audit import (
    FormToken,
    Notification,
    ReadLog,
    ReadView,
    TokenStatus,
)
from stations.models.base import Certification, District, Role, Room, Station, User
from stations.models.exports import ExportFormat, ExportLog
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
    "Notification",
    "PartnerKind",
    "PartnerUnit",
    "ReadLog",
    "ReadView",
    "Relation",
    "Resident",
    "RevealField",
    "RevealLog",
    "Role",
    "Room",
    "Sex",
    "TokenStatus",
    "Station",
    "User",
]
