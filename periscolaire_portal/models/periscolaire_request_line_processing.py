# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..rules import capacity as rules_capacity


class PeriscolaireRequestLine(models.Model):
    """Settling the requests: each activity-day ("slot") as a whole, by free
    places and arrival order (rules core, ``capacity``), whoever settles it."""

    _inherit = "periscolaire.request.line"

    def _place_request(self, with_birth_date=True):
        """The line as the rules core sees it (the birth date matters only
        where places follow the staffing ratios)."""
        self.ensure_one()
        return rules_capacity.PlaceRequest(
            (self.request_id.id, self.id),
            self.child_id.id,
            self.submitted_at or fields.Datetime.now(),
            self.child_id.birth_date if with_birth_date else None,
            late=self.is_late,
        )

    def _arrival_key(self):
        """Arrival order (rules core): on-time lines first, then by submission
        time, request and line."""
        return rules_capacity.arrival_key(self._place_request(with_birth_date=False))

    def init(self):
        result = super().init()
        # One row per activity that fillers lock and touch (see _lock_activities). Touching the
        # activity row itself would also fail every transaction that inserts a request line or
        # a reservation of that activity meanwhile (its foreign key check sees the row updated).
        self.env.cr.execute(
            """
            CREATE TABLE IF NOT EXISTS periscolaire_activity_fill_lock (
                activity_id integer PRIMARY KEY
                    REFERENCES periscolaire_activity (id) ON DELETE CASCADE,
                fills integer NOT NULL DEFAULT 0
            )
            """
        )
        return result

    def _lock_activities(self, activities):
        """Lock the activities being filled so that places are counted once.

        Odoo runs transactions in REPEATABLE READ: a row lock alone would let a
        second filler go on with a snapshot taken before the first one
        committed. Touching the activity's lock row makes that second filler fail
        with a serialization error instead, and Odoo retries it on fresh data;
        parents booking the same activity meanwhile are not held up."""
        if not activities:
            return
        ids = sorted(activities.ids)
        self.env.cr.execute(
            SQL(
                "INSERT INTO periscolaire_activity_fill_lock (activity_id)"
                " SELECT unnest(%s::integer[]) ON CONFLICT DO NOTHING",
                ids,
            )
        )
        self.env.cr.execute(
            SQL(
                "SELECT activity_id FROM periscolaire_activity_fill_lock"
                " WHERE activity_id IN %s ORDER BY activity_id FOR UPDATE",
                tuple(ids),
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE periscolaire_activity_fill_lock SET fills = fills + 1"
                " WHERE activity_id IN %s",
                tuple(ids),
            )
        )

    def _search_on_slots(self, slots, domain):
        """Lines matching ``domain`` on ``slots`` ({(activity, day)})."""
        if not slots:
            return self.browse()
        activities = {activity.id for activity, _day in slots}
        days = {day for _activity, day in slots}
        keys = {(activity.id, day) for activity, day in slots}
        lines = self.search(
            [*domain, ("activity_id", "in", list(activities)), ("date", "in", list(days))]
        )
        return lines.filtered(lambda line: (line.activity_id.id, line.date) in keys)

    # ------------------------------------------------------------------
    # Settling the slots
    # ------------------------------------------------------------------
    def _process(self):
        """Settle the slots of the pending lines ``self``: every on-time
        pending line of those slots in arrival order, chosen or not, and the
        chosen late ones (rules core, ``settlement_queue``). Cancellations
        first (they free places), then bookings by free places; what does not
        fit goes to the waiting list or is refused. Requests left without a
        pending line are processed and their family mailed once. Return the
        lines settled."""
        if not self.filtered(lambda line: line.state == "pending"):
            return self.browse()  # nothing to lock for: settled already
        self._lock_activities(self.activity_id)
        # Another transaction may have settled them while we waited.
        self.invalidate_model(["state"])
        chosen = self.filtered(lambda line: line.state == "pending")
        if not chosen:
            return chosen
        slots = {(line.activity_id, line.date) for line in chosen}
        lines = chosen._settlement_queue(slots)
        statuses = lines._day_statuses(slots)
        cancels = lines.filtered(lambda line: line.action == "cancel")
        bookings = lines - cancels
        booked = lines._confirmed_reservations()
        cancels._settle_cancellations(booked)
        new_bookings = defaultdict(self.browse)
        outcomes = _Outcomes(self)
        for line in bookings:
            slot = (line.activity_id, line.date)
            reservation = booked.get((line.child_id.id, line.activity_id.id, line.date))
            if not statuses[slot].runs:
                outcomes.refuse(line, statuses[slot].label)
            elif reservation and reservation.family_id != line.family_id:
                outcomes.refuse(line, line._taken_reason())
            elif reservation:
                outcomes.validate(line, reservation)
            elif not line._age_fits(*slot):
                outcomes.refuse(line, self.env._("Âge hors de la tranche de l'activité"))
            else:
                new_bookings[slot] |= line
        outcomes.save()
        open_slots = {slot for slot in slots if statuses[slot].runs}
        promoted = self._fill_slots(open_slots, new_bookings)
        promoted.request_id._notify_promotion(promoted)
        lines.request_id._check_processed()
        return lines

    def _settlement_queue(self, slots):
        """The lines to settle together with the chosen pending lines ``self``
        on ``slots``: every on-time pending line of those slots and the chosen
        late ones. Staff cannot pass a late line before an earlier late one
        still undecided (see the rules core): that needs "passer devant"."""
        pending = self._search_on_slots(slots, [("state", "=", "pending")]) | self
        chosen = set(self.ids)
        queue = []
        bookings = defaultdict(list)
        for line in pending:
            if line.action == "book":
                bookings[line.activity_id, line.date].append(line)
            elif not line.is_late or line.id in chosen:
                queue.append(line.id)
        held_back = {}
        for slot_lines in bookings.values():
            requests = {line._place_request(with_birth_date=False): line for line in slot_lines}
            slot_queue = rules_capacity.settlement_queue(
                requests, {request.id for request, line in requests.items() if line.id in chosen}
            )
            by_key = {request.id: line for request, line in requests.items()}
            queue += [by_key[request.id].id for request in slot_queue.requests]
            for key, earlier in slot_queue.held_back.items():
                held_back[by_key[key]] = self.union(*(by_key[k] for k in earlier))
        if held_back:
            raise UserError(
                self.env._(
                    "Des demandes hors délai arrivées avant sont toujours en attente "
                    "pour le même jour : décidez-les d'abord (valider ou refuser), ou "
                    "utilisez « Passer devant ».\n%s",
                    "\n".join(
                        self.env._(
                            "%(line)s passerait devant %(earlier)s",
                            line=line.display_name,
                            earlier=", ".join(
                                f"{other.request_id.name} ({other.display_name})"
                                for other in earlier
                            ),
                        )
                        for line, earlier in held_back.items()
                    ),
                )
            )
        return self.browse(queue)

    def _day_statuses(self, slots):
        """{(activity, day): day status}, with one town calendar per company
        built once the activities are locked, so that it sees the closures
        applied meanwhile."""
        calendars = {}
        for company, company_slots in _group(slots, lambda slot: slot[0].company_id).items():
            days = [day for _activity, day in company_slots]
            calendars[company] = company_slots[0][0]._get_town_calendar(min(days), max(days))
        return {
            (activity, day): activity._get_day_status(day, calendar=calendars[activity.company_id])
            for activity, day in slots
        }

    def _confirmed_reservations(self):
        """{(child id, activity id, day): confirmed reservation} for the
        children, activities and days of the lines ``self``, in one query."""
        if not self:
            return {}
        Reservation = self.env["periscolaire.reservation"]
        Reservation.flush_model(["child_id", "activity_id", "date", "state"])
        keys = sorted({(line.child_id.id, line.activity_id.id, line.date) for line in self})
        rows = self.env.execute_query(
            SQL(
                """
                SELECT r.child_id, r.activity_id, r.date, r.id
                  FROM periscolaire_reservation r
                  JOIN (VALUES %s) AS wanted(child_id, activity_id, date)
                    ON wanted.child_id = r.child_id
                   AND wanted.activity_id = r.activity_id
                   AND wanted.date = r.date
                 WHERE r.state = 'confirmed'
                """,
                SQL(", ").join(SQL("(%s, %s, %s::date)", *key) for key in keys),
            )
        )
        # One recordset: what is read of one reservation is read of all at once.
        found = Reservation.browse([row[3] for row in rows])
        return {
            (child, activity, day): reservation
            for (child, activity, day, _rid), reservation in zip(rows, found, strict=True)
        }

    def _settle_cancellations(self, booked):
        """Cancel the reservations that the cancellation lines ``self`` ask
        for (they free places), or take the child off the waiting list;
        ``booked``: {(child id, activity id, day): confirmed reservation}, from which
        the cancelled ones are removed."""
        if not self:
            return
        slots = {(line.activity_id, line.date) for line in self}
        waiting = self._search_on_slots(
            slots,
            [
                ("state", "=", "waiting"),
                ("action", "=", "book"),
                ("child_id", "in", self.child_id.ids),
            ],
        ).grouped(lambda line: (line.child_id, line.activity_id, line.date, line.family_id))
        outcomes = _Outcomes(self)
        cancelled = defaultdict(self.env["periscolaire.reservation"].browse)
        left_waiting = self.browse()
        for line in self:
            # A household cancels its own booking or waiting line, never the other household's.
            key = (line.child_id, line.activity_id, line.date, line.family_id)
            booked_key = (line.child_id.id, line.activity_id.id, line.date)
            reservation = booked.get(booked_key)
            if reservation and reservation.family_id != line.family_id:
                outcomes.refuse(line, line._taken_reason())
            elif reservation:
                del booked[booked_key]
                outcomes.validate(line, reservation)
                cancelled["family_late" if line.is_late else "family"] |= reservation
            elif key in waiting:
                left_waiting |= waiting.pop(key)
                outcomes.validate(line)
            else:
                outcomes.refuse(line, self.env._("Aucune réservation à annuler ce jour-là"))
        outcomes.save()
        now = fields.Datetime.now()
        for reason, reservations in cancelled.items():
            # thousands of cancellations a night: their tracking notes in one go
            reservations._write_tracked_batch(
                {"state": "cancelled", "cancel_reason": reason, "cancelled_at": now}
            )
        left_waiting._refuse(self.env._("Retirée de la liste d'attente à la demande de la famille"))

    def _age_fits(self, activity, day):
        self.ensure_one()
        if not (activity.age_min or activity.age_max):
            return True
        age = self.child_id._age_on(day)
        if activity.age_min and age < activity.age_min:
            return False
        if activity.age_max and age > activity.age_max:
            return False
        return True

    def _fill_slots(self, slots, new_lines=None):
        """Give the free places of ``slots`` ({(activity, day)}) to their
        waiting lines and the new booking lines ``new_lines`` ({slot: lines})
        in arrival order (rules core), counting the places taken in one query;
        return the lines that were waiting and now have a place. The
        activities must be locked."""
        new_lines = new_lines or {}
        slots = set(slots) | set(new_lines)
        waiting = self._search_on_slots(
            slots, [("state", "=", "waiting"), ("action", "=", "book")]
        ).grouped(lambda line: (line.activity_id, line.date))
        occupancy = self.env["periscolaire.activity"]._get_slot_occupancy(slots)
        outcomes = _Outcomes(self)
        promoted = self.browse()
        everyone = self.union(*waiting.values(), *new_lines.values())
        booked = everyone._confirmed_reservations()
        for activity, day in sorted(slots, key=lambda slot: (slot[0].id, slot[1])):
            slot = (activity, day)
            waiting_lines = waiting.get(slot, self.browse())
            candidates = waiting_lines | new_lines.get(slot, self.browse())
            taken = candidates._taken_by_the_other_household(booked)
            for line in taken:
                outcomes.refuse(line, line._taken_reason())
            candidates -= taken
            if not candidates:
                continue
            rules = activity._get_slot_rules()
            staffing = rules.mode == rules_capacity.CapacityMode.STAFFING
            by_key = {}
            for line in candidates:
                by_key[line._place_request(with_birth_date=staffing).id] = line
            result = rules_capacity.decide(
                rules,
                day,
                occupancy[activity.id, day],
                [line._place_request(with_birth_date=staffing) for line in candidates],
            )
            placed = {}
            for decision in result.decisions:
                line = by_key[decision.request.id]
                if decision.decision == rules_capacity.Decision.VALIDATED:
                    # A child gets one reservation: the first validated line
                    # creates it, a second line of the same child is linked.
                    if line.child_id in placed:
                        outcomes.link(line, placed[line.child_id])
                    else:
                        placed[line.child_id] = line
                        outcomes.book(line, activity, day)
                    if line in waiting_lines:
                        promoted |= line
                elif decision.decision == rules_capacity.Decision.WAITING:
                    outcomes.wait(line, decision.waiting_rank)
                else:
                    outcomes.refuse(line, self.env._("Complet"))
        outcomes.save()
        return promoted

    def _jump_the_queue(self, reason):
        """Give each booking line of ``self`` (pending or waiting) a place now,
        ahead of the earlier arrivals of its day that still wait: a manager's
        decision ("passer devant"), with a reason, kept in the request's
        history and chatter. Never beyond the capacity: without a free place
        nothing is done."""
        self._check_priority_rights()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Indiquez le motif du passage devant."))
        self._lock_activities(self.activity_id)
        self.invalidate_model(["state"])
        not_waiting = self.filtered(
            lambda line: line.state not in ("pending", "waiting") or line.action != "book"
        )
        if not_waiting:
            raise UserError(
                self.env._(
                    "Seule une inscription en attente de validation ou en liste d'attente "
                    "peut passer devant : %s",
                    ", ".join(not_waiting.mapped("display_name")),
                )
            )
        slots = {(line.activity_id, line.date) for line in self}
        statuses = self._day_statuses(slots)
        booked = self._confirmed_reservations()
        waiting_on_slots = self._search_on_slots(
            slots, [("state", "in", ("pending", "waiting")), ("action", "=", "book")]
        )
        history = []
        left_waiting_list = set()
        for line in self.sorted(lambda ln: ln._arrival_key()):
            activity, day = slot = (line.activity_id, line.date)
            if not statuses[slot].runs:
                raise UserError(
                    self.env._(
                        "%(line)s : %(reason)s", line=line.display_name, reason=statuses[slot].label
                    )
                )
            if (line.child_id.id, activity.id, day) in booked:
                raise UserError(
                    self.env._("%s : l'enfant a déjà une place ce jour-là.", line.display_name)
                )
            if not line._age_fits(activity, day):
                raise UserError(
                    self.env._("%s : âge hors de la tranche de l'activité.", line.display_name)
                )
            rules = activity._get_slot_rules()
            occupancy = self.env["periscolaire.activity"]._get_slot_occupancy([slot])
            decision = rules_capacity.jump_the_queue(
                rules,
                day,
                occupancy[activity.id, day],
                line._place_request(
                    with_birth_date=rules.mode == rules_capacity.CapacityMode.STAFFING
                ),
            )
            if decision.decision != rules_capacity.Decision.VALIDATED:
                raise UserError(
                    self.env._(
                        "%s : plus aucune place libre ce jour-là. Passer devant ne dépasse "
                        "jamais la capacité : augmentez-la d'abord si l'accueil le permet.",
                        line.display_name,
                    )
                )
            key = line._arrival_key()
            overtaken = waiting_on_slots.filtered(
                lambda other, line=line, key=key, slot=slot: (
                    other != line
                    and (other.activity_id, other.date) == slot
                    and other.state in ("pending", "waiting")
                    and other._arrival_key() < key
                )
            )
            if line.state == "waiting":
                left_waiting_list.add(slot)
            outcomes = _Outcomes(self)
            outcomes.book(line, activity, day)
            outcomes.save()
            history.append(
                {
                    "request_id": line.request_id.id,
                    "line_id": line.id,
                    "reason": reason,
                    "overtaken_line_ids": [Command.set(overtaken.ids)],
                    "overtaken_count": len(overtaken),
                }
            )
        priorities = self.env["periscolaire.request.priority"].create(history)
        for priority in priorities:
            priority.request_id.message_post(
                body=self.env._(
                    "Passe devant l'ordre d'arrivée : %(line)s, décidé par %(user)s. "
                    "Motif : %(reason)s. Demande(s) arrivée(s) avant qui attendai(en)t "
                    "encore : %(count)s.",
                    line=priority.line_id.display_name,
                    user=self.env.user.name,
                    reason=reason,
                    count=priority.overtaken_count,
                ),
                subtype_xmlid="mail.mt_note",
            )
        self._renumber_waiting(left_waiting_list)
        self.request_id._check_processed()
        return priorities

    def _taken_by_the_other_household(self, booked):
        """The booking lines of ``self`` (candidates of one slot) whose child the other
        household holds: it has the day booked (``booked``: {(child id, activity id, day):
        confirmed reservation}) or asked it first. One booking per child, activity and day:
        for a child of two households, the first household to ask has the day."""
        first_family = {}
        for line in self.sorted(lambda ln: ln._arrival_key()):
            reservation = booked.get((line.child_id.id, line.activity_id.id, line.date))
            first_family.setdefault(
                line.child_id, reservation.family_id if reservation else line.family_id
            )
        return self.filtered(lambda line: first_family[line.child_id] != line.family_id)

    def _taken_reason(self):
        return self.env._("Réservé par l'autre foyer")

    def _refuse(self, reason):
        """Refuse lines with a reason (waiting ranks of the days are renumbered)."""
        if not self:
            return
        slots = {(line.activity_id, line.date) for line in self if line.state == "waiting"}
        self.write({"state": "refused", "refuse_reason": reason, "waiting_rank": 0})
        self._renumber_waiting(slots)

    def _renumber_waiting(self, slots):
        """Waiting lists of ``slots`` ranked 1..n again in arrival order."""
        waiting = self._search_on_slots(slots, [("state", "=", "waiting")])
        outcomes = _Outcomes(self)
        for slot_lines in waiting.grouped(lambda line: (line.activity_id, line.date)).values():
            for rank, line in enumerate(slot_lines.sorted(lambda ln: ln._arrival_key()), 1):
                if line.waiting_rank != rank:
                    outcomes.wait(line, rank)
        outcomes.save()


class _Outcomes:
    """Outcomes of lines gathered while settling, then written set-wise: one
    write per distinct set of values, the new reservations created in one go
    and linked to their lines in one query."""

    def __init__(self, lines):
        self.lines = lines.browse()
        self.values = defaultdict(list)
        self.reservation_of = {}
        self.to_book = []
        self.links = []

    def validate(self, line, reservation=None):
        self.values["validated", 0, False].append(line.id)
        if reservation:
            self.reservation_of[line.id] = reservation.id

    def refuse(self, line, reason):
        self.values["refused", 0, reason].append(line.id)

    def wait(self, line, rank):
        self.values["waiting", rank, False].append(line.id)

    def book(self, line, activity, day):
        """Validate ``line`` with a new reservation."""
        self.to_book.append((line, activity, day))

    def link(self, line, booking_line):
        """Validate ``line`` with the reservation made for ``booking_line``."""
        self.links.append((line, booking_line))

    def save(self):
        Line = self.lines
        reservations = (
            Line.env["periscolaire.reservation"]
            .with_context(tracking_disable=True)
            .create(
                [
                    {
                        "child_id": line.child_id.id,
                        "activity_id": activity.id,
                        "date": day,
                        "company_id": activity.company_id.id,
                        "request_line_id": line.id,
                    }
                    for line, activity, day in self.to_book
                ]
            )
        )
        made = {}
        for (line, _activity, _day), reservation in zip(self.to_book, reservations, strict=True):
            made[line] = reservation
            self.validate(line, reservation)
        for line, booking_line in self.links:
            self.validate(line, made[booking_line])
        for (state, rank, reason), ids in self.values.items():
            values = {"state": state, "waiting_rank": rank}
            if reason:
                values["refuse_reason"] = reason
            Line.browse(ids).write(values)
        self._link_reservations()
        self.values.clear()
        self.reservation_of.clear()
        self.to_book.clear()
        self.links.clear()

    def _link_reservations(self):
        """Each validated line points to its reservation: one UPDATE for all
        of them (each its own value, which the ORM writes record by record).
        Nothing stored depends on the link; the cache is told."""
        if not self.reservation_of:
            return
        lines = self.lines.browse(self.reservation_of)
        lines.flush_recordset(["reservation_id"])
        lines.env.execute_query(
            SQL(
                """
                UPDATE periscolaire_request_line AS line
                   SET reservation_id = link.reservation_id
                  FROM (VALUES %s) AS link(id, reservation_id)
                 WHERE line.id = link.id
                """,
                SQL(", ").join(SQL("(%s, %s)", *item) for item in self.reservation_of.items()),
            )
        )
        lines.invalidate_recordset(["reservation_id"])
        lines.modified(["reservation_id"])


def _group(items, key):
    groups = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return groups
