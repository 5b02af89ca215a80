"""The partnership app's models, one module per room; every name is re-exported here.

Migrations reference ``paper_upload_to``, ``board_pack_upload_to``, ``_validate_roles`` and
``UserManager`` as ``partnership.models.<name>``, so they stay importable from this package.
"""

from .board_packs import (
    BoardPack,
    BoardPackDownload,
    BoardPackPart,
    BoardPackStatus,
    board_pack_upload_to,
)
from .meetings import (
    AgendaItem,
    AgendaItemPurpose,
    Meeting,
    MeetingAction,
    MeetingActionStatus,
    Paper,
    PaperStatus,
    paper_upload_to,
)
from .notifications import DigestStatus, EmailDigest, Notification
from .tenancy import (
    RESPONSIBLE_AUTHORITY_KINDS,
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    PccOffice,
    Role,
    SubGroup,
    SubGroupKind,
    User,
    UserManager,
    _validate_roles,
)

__all__ = [
    "RESPONSIBLE_AUTHORITY_KINDS",
    "AgendaItem",
    "AgendaItemPurpose",
    "BoardPack",
    "BoardPackDownload",
    "BoardPackPart",
    "BoardPackStatus",
    "DigestStatus",
    "EmailDigest",
    "Meeting",
    "MeetingAction",
    "MeetingActionStatus",
    "Membership",
    "Notification",
    "Organisation",
    "OrganisationKind",
    "Paper",
    "PaperStatus",
    "Partnership",
    "PccOffice",
    "Role",
    "SubGroup",
    "SubGroupKind",
    "User",
    "UserManager",
    "_validate_roles",
    "board_pack_upload_to",
    "paper_upload_to",
]
