from stations.models.base import Certification, Role, Room, Station, User
from stations.models.partners import PartnerKind, PartnerUnit
from stations.models.residents import (
    Household,
    KeyPopulation,
    KeyPopulationTag,
    Resident,
    Sex,
)

__all__ = [
    "Certification",
    "Household",
    "KeyPopulation",
    "KeyPopulationTag",
    "PartnerKind",
    "PartnerUnit",
    "Resident",
    "Role",
    "Room",
    "Sex",
    "Station",
    "User",
]
