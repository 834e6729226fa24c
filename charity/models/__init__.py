"""Community charity resources (社区慈善资源): funds, projects, donations, disbursements, ledger.

Money rules (see services.py for the writes):
- Every donation and every applied disbursement is a `LedgerEntry`. Entries are append-only: the
  model refuses save() on an existing row and delete(), and a PostgreSQL trigger (pgtrigger.Protect)
  refuses UPDATE and DELETE even from `QuerySet.update()` or raw SQL. A mistake is corrected by a
  reversal entry pointing at the original (at most one per entry).
- Balances are computed from entries, separately for cash and for goods (valued in CNY): donated
  school supplies cannot pay a cash grant.
- A fund has no bank account of its own: it is hosted by a charitable organization, either a
  registered partner unit (kind 社会组织) or, when it is not in the registry, a free-text name.

Funds and projects are not personal data: every user of the station (officials included) sees them
and their figures. Donor names, beneficiaries and disbursement details are internal (personal data).
"""

from charity.models.common import (
    CENT,
    MONEY,
    Form,
    ImmutableLedgerError,
)
from charity.models.funds import CharityProject, Fund, ProjectStatus
from charity.models.gifts import (
    Beneficiary,
    Disbursement,
    DisbursementStatus,
    Donation,
    DonorType,
)
from charity.models.ledger import (
    Direction,
    Disclosure,
    DisclosureKind,
    EntrySource,
    LedgerEntry,
    signed_amount,
)

__all__ = [
    "CENT",
    "MONEY",
    "Beneficiary",
    "CharityProject",
    "Direction",
    "Disbursement",
    "DisbursementStatus",
    "Disclosure",
    "DisclosureKind",
    "Donation",
    "DonorType",
    "EntrySource",
    "Form",
    "Fund",
    "ImmutableLedgerError",
    "LedgerEntry",
    "ProjectStatus",
    "signed_amount",
]
