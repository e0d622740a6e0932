"""Booking deadlines: until when a day can be booked, changed or cancelled.

Town rule (parents' guide, Hettange-Grande): a day can be booked, changed or
cancelled until the end of its deadline day, the 2nd working day before it;
working days are Monday to Friday minus public holidays. This gives the town's
table exactly:

==========  =====================================
Day         Deadline day
==========  =====================================
Monday      Thursday of the week before
Tuesday     Friday of the week before
Wednesday   Monday of the same week
Thursday    Tuesday
Friday      Wednesday
==========  =====================================

and moves the deadline back over public holidays (in Moselle, the Wednesday
after Easter closes on the Thursday before Good Friday).

:class:`DeadlinePolicy` holds the settings, per activity category with a town
default: number of working days, cut-off hour on the deadline day (24.0 = end
of the day, 12.0 = noon), whether public holidays count as working days, and
the subdivision whose public holidays apply. Moments are naive datetimes in the
town's local time; aware datetimes (e.g. UTC from the server) are converted to
the policy's time zone first. A change is open while ``now`` is strictly before
the deadline moment.

:func:`deadline_table` gives that table for any policy, as parents see it.

Past the deadline, a request is only possible as an exceptional request with a
reason (family: death, change of custody; professional: new job, job loss,
schedule change) and a justification; it goes to staff and is flagged late.
:data:`EXCEPTION_REASONS` holds the reasons with their labels, for the portal
and for the request's field in Odoo.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

from .dates import ONE_DAY, WEEKDAY_NAMES_FR, hour_label, time_from_hours
from .errors import RuleError
from .i18n import _lt
from .public_holidays import DEFAULT_SUBDIV, is_public_holiday

#: Longest deadline a policy accepts, in working days (about three months of school).
MAX_WORKING_DAYS = 60


@dataclass(frozen=True, slots=True)
class DeadlinePolicy:
    """Deadline settings (Odoo: fields of the activity category)."""

    working_days: int = 2
    cutoff_hour: float = 24.0
    public_holidays_are_working_days: bool = False
    subdiv: str | None = DEFAULT_SUBDIV
    timezone: str = "Europe/Paris"

    def __post_init__(self):
        if isinstance(self.working_days, bool) or not isinstance(self.working_days, int):
            raise RuleError(_lt("Le délai doit être un nombre entier de jours ouvrés."))
        if not 0 <= self.working_days <= MAX_WORKING_DAYS:
            raise RuleError(
                _lt("Le délai doit être compris entre 0 et %s jours ouvrés.", MAX_WORKING_DAYS)
            )
        if not 0 <= self.cutoff_hour <= 24:
            raise RuleError(_lt("L'heure limite doit être comprise entre 0 h et 24 h."))

    @property
    def cutoff(self) -> timedelta:
        """Cut-off as a duration from the start of the deadline day."""
        return timedelta(minutes=round(self.cutoff_hour * 60))


DEFAULT_POLICY = DeadlinePolicy()


def is_working_day(day: date, policy: DeadlinePolicy = DEFAULT_POLICY) -> bool:
    """Monday to Friday, minus public holidays unless the policy counts them."""
    if day.weekday() >= 5:
        return False
    return policy.public_holidays_are_working_days or not is_public_holiday(day, policy.subdiv)


@lru_cache(maxsize=1 << 16)
def deadline_day(day: date, policy: DeadlinePolicy = DEFAULT_POLICY) -> date:
    """The last day on which ``day`` can still be booked, changed or cancelled:
    the ``policy.working_days``-th working day before ``day`` (``day`` itself
    with 0 working days)."""
    current = day
    remaining = policy.working_days
    while remaining:
        current -= ONE_DAY
        if is_working_day(current, policy):
            remaining -= 1
    return current


def deadline_moment(day: date, policy: DeadlinePolicy = DEFAULT_POLICY) -> datetime:
    """Naive local moment from which ``day`` can no longer be changed."""
    return datetime.combine(deadline_day(day, policy), time()) + policy.cutoff


def local_moment(moment: datetime, policy: DeadlinePolicy = DEFAULT_POLICY) -> datetime:
    """``moment`` as a naive datetime in the policy's time zone (naive input is
    taken as already local)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(ZoneInfo(policy.timezone)).replace(tzinfo=None)


def is_open_for_change(day: date, now: datetime, policy: DeadlinePolicy = DEFAULT_POLICY) -> bool:
    """Whether ``day`` can still be booked, changed or cancelled at ``now``."""
    return local_moment(now, policy) < deadline_moment(day, policy)


def first_open_day(now: datetime, policy: DeadlinePolicy = DEFAULT_POLICY) -> date:
    """The earliest day still open for change at ``now`` (deadlines only; the
    day may still be closed for other reasons)."""
    day = local_moment(now, policy).date()
    while not is_open_for_change(day, now, policy):
        day += ONE_DAY
    return day


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    """One line of the deadline table: a day of attendance and its deadline
    day, ``weeks_before`` weeks earlier (0 = the same week)."""

    weekday: int
    deadline_weekday: int
    weeks_before: int
    cutoff_hour: float = 24.0

    @property
    def day_label(self) -> str:
        """``"Lundi"``."""
        return WEEKDAY_NAMES_FR[self.weekday].capitalize()

    @property
    def deadline_label(self) -> str:
        """``"Jeudi de la semaine précédente"``, ``"Lundi de la semaine en
        cours à 12:00"``, ``"Vendredi, 2 semaines avant"``, ``"Le jour même"``."""
        name = WEEKDAY_NAMES_FR[self.deadline_weekday].capitalize()
        if self.weeks_before == 0 and self.deadline_weekday == self.weekday:
            label = _lt("Le jour même")
        elif self.weeks_before == 0:
            label = _lt("%s de la semaine en cours", name)
        elif self.weeks_before == 1:
            label = _lt("%s de la semaine précédente", name)
        else:
            label = _lt("%(day)s, %(weeks)s semaines avant", day=name, weeks=self.weeks_before)
        if self.cutoff_hour < 24:
            hour = hour_label(time_from_hours(self.cutoff_hour))
            if self.weeks_before > 1:
                label = _lt("%(deadline)s, à %(hour)s", deadline=label, hour=hour)
            else:
                label = _lt("%(deadline)s à %(hour)s", deadline=label, hour=hour)
        return label


#: A Monday, the start of an ordinary week for :func:`deadline_table`.
_REFERENCE_MONDAY = date(2001, 1, 1)


def deadline_table(
    policy: DeadlinePolicy = DEFAULT_POLICY, weekdays: Iterable[int] = range(5)
) -> tuple[DeadlineRow, ...]:
    """The deadline of each of ``weekdays`` (0 = Monday) in a week without
    public holidays, as the parents' guide shows it."""
    ordinary = replace(policy, public_holidays_are_working_days=True)
    rows = []
    for weekday in sorted(set(weekdays)):
        day = _REFERENCE_MONDAY + weekday * ONE_DAY
        deadline = deadline_day(day, ordinary)
        monday = deadline - deadline.weekday() * ONE_DAY
        rows.append(
            DeadlineRow(
                weekday,
                deadline.weekday(),
                (_REFERENCE_MONDAY - monday).days // 7,
                policy.cutoff_hour,
            )
        )
    return tuple(rows)


class ExceptionReason(StrEnum):
    """Reasons accepted for a request past its deadline (parents' guide)."""

    DEATH = "death"
    CUSTODY = "custody"
    JOB_START = "job_start"
    JOB_LOSS = "job_loss"
    SCHEDULE = "schedule"


@dataclass(frozen=True, slots=True)
class ExceptionReasonInfo:
    label: str
    group: str
    justification: str


EXCEPTION_REASONS = {
    ExceptionReason.DEATH: ExceptionReasonInfo(
        _lt("Décès"), _lt("Familiale"), _lt("certificat de décès")
    ),
    ExceptionReason.CUSTODY: ExceptionReasonInfo(
        _lt("Changement des droits de garde"),
        _lt("Familiale"),
        _lt("jugement ou ordonnance"),
    ),
    ExceptionReason.JOB_START: ExceptionReasonInfo(
        _lt("Reprise d'emploi"),
        _lt("Professionnelle"),
        _lt("attestation de l'employeur ou notification de début de contrat"),
    ),
    ExceptionReason.JOB_LOSS: ExceptionReasonInfo(
        _lt("Perte d'emploi"),
        _lt("Professionnelle"),
        _lt(
            "attestation de l'employeur ou de France Travail, notification de fin "
            "de contrat ou de licenciement"
        ),
    ),
    ExceptionReason.SCHEDULE: ExceptionReasonInfo(
        _lt("Changement de planning"), _lt("Professionnelle"), _lt("attestation de l'employeur")
    ),
}


def _grouped_reasons() -> dict[str, list[tuple[ExceptionReason, ExceptionReasonInfo]]]:
    groups: dict[str, list[tuple[ExceptionReason, ExceptionReasonInfo]]] = {}
    for reason, info in EXCEPTION_REASONS.items():
        groups.setdefault(info.group, []).append((reason, info))
    return groups


#: The reasons under their group, in order: ``{"Familiale": [(reason, info), …], …}``.
EXCEPTION_REASON_GROUPS = _grouped_reasons()


def check_exceptional_request(reason: str | None, justification_count: int) -> ExceptionReason:
    """Validate an exceptional (late) request: a known reason and at least one
    justification file. Returns the reason; :class:`RuleError` otherwise."""
    if not reason:
        raise RuleError(
            _lt("Une demande hors délai doit indiquer un motif familial ou professionnel.")
        )
    try:
        parsed = ExceptionReason(reason)
    except ValueError:
        raise RuleError(_lt("Motif de demande exceptionnelle inconnu : « %s ».", reason)) from None
    if justification_count < 1:
        info = EXCEPTION_REASONS[parsed]
        raise RuleError(
            _lt("Joignez un justificatif à votre demande hors délai (%s).", info.justification)
        )
    return parsed
