"""Documents asked of families: validity, expiry, blocking and the parents' alert table.

A document belongs to one family member (the référent or a child, :class:`MemberKind`) and one
document type. Its state is a :class:`DocumentState`; a type that has no document yet for a
member counts as ``TO_PROVIDE``.

Validity (:class:`Validity`) of a validated document, counted from its validation date:

- ``school_year``: until the end of the school year, which in France ends before 1 September
  (a document validated on 18/02/2025 expires after 31/08/2025, one validated on 02/09/2025 after
  31/08/2026). Families file next year's papers over the summer: a document validated in July or
  August counts for the coming school year (validated on 10/07/2025 → valid up to 31/08/2026);
- ``months``: N months, the last valid day being the day before the same date N months later
  (12 months from 15/01/2026 → valid up to 14/01/2027);
- ``permanent``: never expires.

``expiry_date`` is always the last day on which the document is still valid.

Labels follow the parents' guide: "Validé le : 18/02/25", "À fournir", "Refusé : <raison>",
"Expire le : 31/08/25" (validated, within the reminder window) and "Expiré le : 31/08/25".
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .dates import school_year_bounds, school_year_of, short_date
from .errors import RuleError, parse_enum
from .i18n import _lt


class DocumentState(StrEnum):
    """Where a family member's document of one type stands (Odoo: ``state``)."""

    TO_PROVIDE = "to_provide"
    TO_CHECK = "to_check"
    VALIDATED = "validated"
    REFUSED = "refused"
    EXPIRED = "expired"


class Validity(StrEnum):
    """How long a validated document counts (Odoo: the type's ``validity``)."""

    SCHOOL_YEAR = "school_year"
    MONTHS = "months"
    PERMANENT = "permanent"


class MemberKind(StrEnum):
    """Whom a document type concerns (Odoo: the type's ``target``)."""

    REFERENT = "referent"
    CHILD = "child"


#: First month from which a school-year document counts for the coming school year.
NEXT_SCHOOL_YEAR_FROM_MONTH = 7

#: Days before expiry from which a document is "expiring" (reminder mail, alert).
REMINDER_DAYS = 30

#: States in which a blocking document type prevents new bookings.
BLOCKING_STATES = frozenset(
    {DocumentState.TO_PROVIDE, DocumentState.REFUSED, DocumentState.EXPIRED}
)

#: Largest file a family may send: documents, medical certificates, justifications.
MAX_FILE_SIZE = 10 * 1024 * 1024
#: Types of file accepted, as read from the content (never as the browser names them).
ACCEPTED_MIMETYPES = frozenset({"application/pdf", "image/jpeg", "image/png", "image/webp"})
#: The same types for the ``accept`` attribute of the portal's file inputs.
ACCEPT_ATTRIBUTE = ".pdf,image/jpeg,image/png,image/webp"


def size_label(size: int = MAX_FILE_SIZE) -> str:
    """``"10 Mo"``: a size in bytes as the parents read it."""
    megabytes = f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return _lt("%s Mo", megabytes)


def school_year_end(day: date) -> date:
    """Last day (31 August) of the school year that contains ``day``."""
    return school_year_bounds(school_year_of(day))[1]


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` months, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month_first = date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month_first - timedelta(days=1)).day
    return date(year, month, min(day.day, last_day))


def compute_expiry_date(validity: Validity | str, from_date: date, months: int = 0) -> date | None:
    """Last valid day of a document of the given validity validated on ``from_date``.

    Returns None for a permanent document.
    """
    validity = parse_enum(Validity, validity, _lt("validité"))
    if validity == Validity.PERMANENT:
        return None
    if validity == Validity.SCHOOL_YEAR:
        if NEXT_SCHOOL_YEAR_FROM_MONTH <= from_date.month <= 8:
            return date(from_date.year + 1, 8, 31)
        return school_year_end(from_date)
    if not months or months < 1:
        raise RuleError(_lt("Une validité en mois demande un nombre de mois positif."))
    return add_months(from_date, months) - timedelta(days=1)


def is_past_expiry(expiry_date: date | None, today: date) -> bool:
    """True when ``today`` is after the last valid day."""
    return expiry_date is not None and today > expiry_date


def effective_state(
    state: DocumentState | str | None, expiry_date: date | None, today: date
) -> DocumentState:
    """State as of ``today``: a missing document is to provide, an outdated validated one expired.

    The daily scheduled action writes ``expired``; this keeps the answer right in between.
    """
    if not state:
        return DocumentState.TO_PROVIDE
    state = parse_enum(DocumentState, state, _lt("état du document"))
    if state == DocumentState.VALIDATED and is_past_expiry(expiry_date, today):
        return DocumentState.EXPIRED
    return state


def is_expiring(
    state: DocumentState | str | None,
    expiry_date: date | None,
    today: date,
    days: int = REMINDER_DAYS,
) -> bool:
    """A validated document whose last valid day falls within the next ``days`` days."""
    return (
        effective_state(state, expiry_date, today) == DocumentState.VALIDATED
        and expiry_date is not None
        and today <= expiry_date <= today + timedelta(days=days)
    )


def accepts_upload(
    state: DocumentState | str | None,
    expiry_date: date | None,
    today: date,
    days: int = REMINDER_DAYS,
) -> bool:
    """Whether the family may send a new file for a document in this state: missing, refused,
    expired or expiring within ``days`` days. The portal shows its "Envoyer" button exactly then
    and refuses any other upload (a validated document is not put back to check)."""
    current = effective_state(state, expiry_date, today)
    return current in BLOCKING_STATES or is_expiring(current, expiry_date, today, days)


def reminder_due(
    state: DocumentState | str | None,
    expiry_date: date | None,
    today: date,
    reminded_for: date | None = None,
    days: int = REMINDER_DAYS,
) -> bool:
    """Whether an expiry reminder must be sent today.

    ``reminded_for`` is the expiry date for which a reminder was already sent: a reminder goes
    once per expiry date, and again only after the document has been renewed.
    """
    return is_expiring(state, expiry_date, today, days) and reminded_for != expiry_date


def is_blocking(state: DocumentState | str | None, expiry_date: date | None, today: date) -> bool:
    """Whether a document in this state, of a blocking type, prevents new bookings.

    Missing, refused and expired documents block; one waiting to be checked does not (the family
    has done its part).
    """
    return effective_state(state, expiry_date, today) in BLOCKING_STATES


def cell_label(
    state: DocumentState | str | None,
    today: date,
    validated_on: date | None = None,
    refuse_reason: str | None = None,
    expiry_date: date | None = None,
    days: int = REMINDER_DAYS,
) -> str:
    """Text of one cell of the parents' alert table."""
    current = effective_state(state, expiry_date, today)
    if current == DocumentState.TO_PROVIDE:
        return _lt("À fournir")
    if current == DocumentState.TO_CHECK:
        return _lt("En cours de vérification")
    if current == DocumentState.REFUSED:
        reason = (refuse_reason or "").strip()
        return _lt("Refusé : %s", reason) if reason else _lt("Refusé")
    if current == DocumentState.EXPIRED:
        return _lt("Expiré le : %s", short_date(expiry_date)) if expiry_date else _lt("Expiré")
    if is_expiring(current, expiry_date, today, days):
        return _lt("Expire le : %s", short_date(expiry_date))
    return _lt("Validé le : %s", short_date(validated_on)) if validated_on else _lt("Validé")


@dataclass(frozen=True)
class DocumentStatus:
    """What the alert table needs to know of one stored document."""

    state: DocumentState | str
    validated_on: date | None = None
    refuse_reason: str | None = None
    expiry_date: date | None = None


@dataclass(frozen=True)
class DocumentType:
    key: object
    name: str
    target: MemberKind | str
    blocking: bool = False


@dataclass(frozen=True)
class Member:
    key: object
    name: str
    kind: MemberKind | str


@dataclass(frozen=True)
class Cell:
    label: str
    state: DocumentState
    #: the parent should upload a file here (missing, refused, expired or expiring)
    needs_upload: bool
    #: counted in the "Mes alertes" card
    is_alert: bool


@dataclass(frozen=True)
class Row:
    type: DocumentType
    #: one entry per column; None where the type does not apply to that member
    cells: tuple[Cell | None, ...]


@dataclass(frozen=True)
class AlertTable:
    columns: tuple[Member, ...]
    rows: tuple[Row, ...]

    @property
    def alert_count(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell and cell.is_alert)


Statuses = Mapping[tuple[object, object], DocumentStatus]


def applies_to(doc_type: DocumentType, member: Member) -> bool:
    """A référent document concerns the référent, a child document each child."""
    return doc_type.target == member.kind


def make_cell(status: DocumentStatus | None, today: date, days: int = REMINDER_DAYS) -> Cell:
    """Cell for a stored document, or for a missing one when ``status`` is None."""
    if status is None:
        status = DocumentStatus(state=DocumentState.TO_PROVIDE)
    current = effective_state(status.state, status.expiry_date, today)
    needs_upload = accepts_upload(status.state, status.expiry_date, today, days)
    return Cell(
        label=cell_label(
            status.state,
            today,
            status.validated_on,
            status.refuse_reason,
            status.expiry_date,
            days,
        ),
        state=current,
        needs_upload=needs_upload,
        is_alert=needs_upload,
    )


def alert_table(
    types: Sequence[DocumentType],
    members: Sequence[Member],
    statuses: Statuses,
    today: date,
    days: int = REMINDER_DAYS,
) -> AlertTable:
    """The "Mes alertes" table: one row per document type, one column per family member.

    :param types: ``DocumentType`` sequence, in display order
    :param members: ``Member`` sequence, in display order
    :param statuses: mapping ``(type.key, member.key)`` → ``DocumentStatus``; absent = missing
    :param today: the day the table is shown
    Members concerned by no type get no column; types concerning no member get no row.
    """
    columns = tuple(m for m in members if any(applies_to(t, m) for t in types))
    rows = []
    for doc_type in types:
        if not any(applies_to(doc_type, m) for m in columns):
            continue
        cells = tuple(
            make_cell(statuses.get((doc_type.key, member.key)), today, days)
            if applies_to(doc_type, member)
            else None
            for member in columns
        )
        rows.append(Row(type=doc_type, cells=cells))
    return AlertTable(columns=columns, rows=tuple(rows))


BLOCKER_REASONS = {
    DocumentState.TO_PROVIDE: _lt("à fournir"),
    DocumentState.REFUSED: _lt("refusé, à fournir de nouveau"),
    DocumentState.EXPIRED: _lt("expiré, à renouveler"),
}


@dataclass(frozen=True)
class Blocker:
    type: DocumentType
    member: Member
    state: DocumentState

    @property
    def message(self) -> str:
        return _lt(
            "%(type)s (%(member)s) : %(reason)s",
            type=self.type.name,
            member=self.member.name,
            reason=BLOCKER_REASONS[self.state],
        )


def blocking_documents(
    types: Sequence[DocumentType],
    members: Sequence[Member],
    statuses: Statuses,
    today: date,
) -> list[Blocker]:
    """Blocking document types missing, refused or expired for the given members.

    Same parameters as ``alert_table``; returns ``Blocker`` items in type then member order.
    """
    blockers = []
    for doc_type in types:
        if not doc_type.blocking:
            continue
        for member in members:
            if not applies_to(doc_type, member):
                continue
            status = statuses.get((doc_type.key, member.key))
            state = status.state if status else None
            expiry = status.expiry_date if status else None
            if is_blocking(state, expiry, today):
                blockers.append(Blocker(doc_type, member, effective_state(state, expiry, today)))
    return blockers
