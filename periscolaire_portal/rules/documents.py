"""Documents asked of families: validity, expiry, blocking and the parents' alert table.

A document belongs to one family member (the référent or a child) and one document type. Its
state is one of ``to_provide``, ``to_check``, ``validated``, ``refused`` or ``expired``; a type
that has no document yet for a member counts as ``to_provide``.

Validity of a validated document, counted from its validation date:

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

from dataclasses import dataclass
from datetime import date, timedelta

TO_PROVIDE = "to_provide"
TO_CHECK = "to_check"
VALIDATED = "validated"
REFUSED = "refused"
EXPIRED = "expired"

SCHOOL_YEAR = "school_year"
MONTHS = "months"
PERMANENT = "permanent"

REFERENT = "referent"
CHILD = "child"

#: First month from which a school-year document counts for the coming school year.
NEXT_SCHOOL_YEAR_FROM_MONTH = 7

#: Days before expiry from which a document is "expiring" (reminder mail, alert).
REMINDER_DAYS = 30

#: States in which a blocking document type prevents new bookings.
BLOCKING_STATES = frozenset({TO_PROVIDE, REFUSED, EXPIRED})

#: Largest file a family may send: documents, medical certificates, justifications.
MAX_FILE_SIZE = 10 * 1024 * 1024
#: Types of file accepted, as read from the content (never as the browser names them).
ACCEPTED_MIMETYPES = frozenset({"application/pdf", "image/jpeg", "image/png", "image/webp"})
#: The same types for the ``accept`` attribute of the portal's file inputs.
ACCEPT_ATTRIBUTE = ".pdf,image/jpeg,image/png,image/webp"


def size_label(size=MAX_FILE_SIZE):
    """``"10 Mo"``: a size in bytes as the parents read it."""
    megabytes = size / (1024 * 1024)
    return f"{megabytes:.1f}".rstrip("0").rstrip(".").replace(".", ",") + " Mo"


def format_short_date(day):
    """18/02/25, the date format of the parents' portal."""
    return day.strftime("%d/%m/%y")


def school_year_end(day):
    """Last day (31 August) of the school year that contains ``day``."""
    year = day.year + 1 if day.month >= 9 else day.year
    return date(year, 8, 31)


def add_months(day, months):
    """``day`` moved by ``months`` months, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month_first = date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month_first - timedelta(days=1)).day
    return date(year, month, min(day.day, last_day))


def compute_expiry_date(validity, from_date, months=0):
    """Last valid day of a document of the given validity validated on ``from_date``.

    Returns None for a permanent document.
    """
    if validity == PERMANENT:
        return None
    if validity == SCHOOL_YEAR:
        if NEXT_SCHOOL_YEAR_FROM_MONTH <= from_date.month <= 8:
            return date(from_date.year + 1, 8, 31)
        return school_year_end(from_date)
    if validity == MONTHS:
        if not months or months < 1:
            raise ValueError("A validity in months needs a positive number of months.")
        return add_months(from_date, months) - timedelta(days=1)
    raise ValueError(f"Unknown validity {validity!r}.")


def is_past_expiry(expiry_date, today):
    """True when ``today`` is after the last valid day."""
    return expiry_date is not None and today > expiry_date


def effective_state(state, expiry_date, today):
    """State as of ``today``: a missing document is to provide, an outdated validated one expired.

    The daily scheduled action writes ``expired``; this keeps the answer right in between.
    """
    if not state:
        return TO_PROVIDE
    if state == VALIDATED and is_past_expiry(expiry_date, today):
        return EXPIRED
    return state


def is_expiring(state, expiry_date, today, days=REMINDER_DAYS):
    """A validated document whose last valid day falls within the next ``days`` days."""
    return (
        effective_state(state, expiry_date, today) == VALIDATED
        and expiry_date is not None
        and today <= expiry_date <= today + timedelta(days=days)
    )


def accepts_upload(state, expiry_date, today, days=REMINDER_DAYS):
    """Whether the family may send a new file for a document in this state: missing, refused,
    expired or expiring within ``days`` days. The portal shows its "Envoyer" button exactly then
    and refuses any other upload (a validated document is not put back to check)."""
    current = effective_state(state, expiry_date, today)
    return current in BLOCKING_STATES or is_expiring(current, expiry_date, today, days)


def reminder_due(state, expiry_date, today, reminded_for=None, days=REMINDER_DAYS):
    """Whether an expiry reminder must be sent today.

    ``reminded_for`` is the expiry date for which a reminder was already sent: a reminder goes
    once per expiry date, and again only after the document has been renewed.
    """
    return is_expiring(state, expiry_date, today, days) and reminded_for != expiry_date


def is_blocking(state, expiry_date, today):
    """Whether a document in this state, of a blocking type, prevents new bookings.

    Missing, refused and expired documents block; one waiting to be checked does not (the family
    has done its part).
    """
    return effective_state(state, expiry_date, today) in BLOCKING_STATES


def cell_label(
    state, today, validated_on=None, refuse_reason=None, expiry_date=None, days=REMINDER_DAYS
):
    """Text of one cell of the parents' alert table."""
    current = effective_state(state, expiry_date, today)
    if current == TO_PROVIDE:
        return "À fournir"
    if current == TO_CHECK:
        return "En cours de vérification"
    if current == REFUSED:
        reason = (refuse_reason or "").strip()
        return f"Refusé : {reason}" if reason else "Refusé"
    if current == EXPIRED:
        return f"Expiré le : {format_short_date(expiry_date)}" if expiry_date else "Expiré"
    if is_expiring(current, expiry_date, today, days):
        return f"Expire le : {format_short_date(expiry_date)}"
    return f"Validé le : {format_short_date(validated_on)}" if validated_on else "Validé"


@dataclass(frozen=True)
class DocumentStatus:
    """What the alert table needs to know of one stored document."""

    state: str
    validated_on: date = None
    refuse_reason: str = None
    expiry_date: date = None


@dataclass(frozen=True)
class DocumentType:
    key: object
    name: str
    target: str  # REFERENT or CHILD
    blocking: bool = False


@dataclass(frozen=True)
class Member:
    key: object
    name: str
    kind: str  # REFERENT or CHILD


@dataclass(frozen=True)
class Cell:
    label: str
    state: str
    #: the parent should upload a file here (missing, refused, expired or expiring)
    needs_upload: bool
    #: counted in the "Mes alertes" card
    is_alert: bool


@dataclass(frozen=True)
class Row:
    type: DocumentType
    #: one entry per column; None where the type does not apply to that member
    cells: tuple


@dataclass(frozen=True)
class AlertTable:
    columns: tuple
    rows: tuple

    @property
    def alert_count(self):
        return sum(1 for row in self.rows for cell in row.cells if cell and cell.is_alert)


def applies_to(doc_type, member):
    """A référent document concerns the référent, a child document each child."""
    return doc_type.target == member.kind


def make_cell(status, today, days=REMINDER_DAYS):
    """Cell for a stored document, or for a missing one when ``status`` is None."""
    if status is None:
        status = DocumentStatus(state=TO_PROVIDE)
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


def alert_table(types, members, statuses, today, days=REMINDER_DAYS):
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


@dataclass(frozen=True)
class Blocker:
    type: DocumentType
    member: Member
    state: str

    @property
    def message(self):
        reason = {
            TO_PROVIDE: "à fournir",
            REFUSED: "refusé, à fournir de nouveau",
            EXPIRED: "expiré, à renouveler",
        }[self.state]
        return f"{self.type.name} ({self.member.name}) : {reason}"


def blocking_documents(types, members, statuses, today):
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
