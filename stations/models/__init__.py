from stations.models.base import Certification, Role, Room, Station, User
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
    "Resident",
    "Role",
    "Room",
    "Sex",
    "Station",
    "User",
]
