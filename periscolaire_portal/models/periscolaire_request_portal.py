# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.tools import SQL

from ..rules import dates as rules_dates
from ..rules import deadlines as rules_deadlines
from ..rules import pricing as rules_pricing
from ..rules import recurrence
from ..rules.errors import RuleError
from .periscolaire_family_portal import utc_now

#: Periodic outcomes that add or remove a cart line, by the state before.
_CREATES_LINE = (recurrence.BookingState.NONE, recurrence.BookingState.BOOKED)
_REMOVES_LINE = (recurrence.BookingState.CART_BOOK, recurrence.BookingState.CART_CANCEL)
#: Database backstop of the cart lock: one request in state "cart" per family.
ONE_CART_CONSTRAINT = "periscolaire_request_one_cart"


def _time_of_day(hours):
    """``time`` of an Odoo float hour; an end at 24:00 shows as 23:59."""
    return rules_dates.time_from_hours(min(hours or 0.0, 23 + 59 / 60))


class PeriscolaireRequest(models.Model):
    _inherit = "periscolaire.request"

    def init(self):
        """At most one cart per family, checked at commit: staff bookings and
        exceptional requests go through the cart state within their
        transaction, beside a cart the family may have open."""
        res = super().init()
        self.env.cr.execute(
            SQL("SELECT 1 FROM pg_constraint WHERE conname = %s", ONE_CART_CONSTRAINT)
        )
        if not self.env.cr.fetchone():
            self.env.cr.execute(
                SQL(
                    "ALTER TABLE periscolaire_request ADD CONSTRAINT %s"
                    " EXCLUDE USING btree (family_id WITH =) WHERE (state = 'cart')"
                    " DEFERRABLE INITIALLY DEFERRED",
                    SQL.identifier(ONE_CART_CONSTRAINT),
                )
            )
        return res

    # ------------------------------------------------------------------
    # The cart: the family's request in state "cart"
    # ------------------------------------------------------------------
    @api.model
    def _portal_get_cart(self, family, create=False):
        """The family's cart; created on demand. The family row is locked
        first so that two tabs adding at once share one cart."""
        if create:
            # Under REPEATABLE READ a bare row lock lets the second tab go on
            # with its old snapshot (no cart yet); touching the row makes it
            # fail with a serialization error instead, retried on fresh data.
            self.env.cr.execute(
                SQL(
                    "UPDATE periscolaire_family SET write_date = write_date WHERE id = %s",
                    family.id,
                )
            )
        cart = self.search(
            [("family_id", "=", family.id), ("state", "=", "cart")], order="id", limit=1
        )
        if not cart and create:
            cart = self.create({"family_id": family.id, "company_id": family.company_id.id})
        return cart

    # ------------------------------------------------------------------
    # Periodic and one-off booking / cancelling
    # ------------------------------------------------------------------
    @api.model
    def _portal_expand(
        self,
        family,
        children,
        activity,
        start,
        end,
        weekdays,
        action,
        frequency=recurrence.Frequency.EVERY,
        exceptional=False,
        now=None,
    ):
        """Every day concerned by a booking or a cancellation with its outcome
        (rules core), after the checks that refuse the whole request with a
        French :class:`RuleError`: children of the family, activity offered to
        all of them, weekdays of the activity, dates inside one school year and
        the activity's period, no blocking document missing (bookings).

        Returns ``(expansion, cart_lines)``; nothing is written.
        """
        if not children or children - family.child_ids:
            raise RuleError("Choisissez au moins un enfant de votre famille.")
        try:
            action = recurrence.Action(action)
        except ValueError:
            raise RuleError(f"Action inconnue : « {action} ».") from None
        spec = activity._as_rule_spec()
        weekdays = rules_dates.parse_weekdays(weekdays or ())
        if not weekdays:
            raise RuleError("Choisissez au moins un jour de la semaine.")
        extra = weekdays - spec.weekdays
        if extra:
            names = ", ".join(rules_dates.WEEKDAY_NAMES_FR[day] for day in sorted(extra))
            raise RuleError(
                f"L'activité « {spec.name} » n'a pas lieu le {names} "
                f"(jours de l'activité : {activity.weekday_label.lower()})."
            )
        rules_dates.check_range(start, end, one_school_year=True)
        if start < activity.date_start or end > activity.date_end:
            raise RuleError(
                f"Les dates doivent rester dans la période de l'activité « {spec.name} » "
                f"({spec.period_label})."
            )
        allowed = family._portal_allowed_activities(children)
        refs = [
            recurrence.ChildRef(child.id, child.name, frozenset(allowed[child].ids))
            for child in children
        ]
        if action == recurrence.Action.BOOK:
            blockers = family.sudo()._get_blocking_documents(children=children)
            if blockers:
                raise RuleError(
                    "Réservation impossible tant que ces documents ne sont pas fournis et "
                    "validés : " + " ; ".join(blocker["message"] for blocker in blockers) + "."
                )
        states, _ranks, cart_lines = family._portal_booking_states(children, activity, start, end)
        expansion = recurrence.expand_periodic(
            spec,
            start,
            end,
            weekdays,
            action,
            refs,
            family._portal_town_calendar(start, end),
            now or utc_now(),
            frequency=frequency,
            states={(child_id, day): state for (child_id, _a, day), state in states.items()},
            exceptional=exceptional,
        )
        return expansion, cart_lines

    @api.model
    def _portal_expansion_prices(self, expansion, activity, children_by_id):
        """{(child id, late, day): price} of the lines the expansion creates,
        priced per child in one go."""
        days = {}
        for result in expansion.added:
            if result.previous in _CREATES_LINE:
                days.setdefault((result.child_id, result.late), []).append(result.day)
        prices = {}
        for (child_id, late), child_days in days.items():
            child_prices = activity.sudo()._get_session_prices(
                children_by_id[child_id].sudo(), child_days, late=late
            )
            prices.update({(child_id, late, day): price for day, price in child_prices.items()})
        return prices

    def _portal_write_expansion(self, expansion, activity, cart_lines):
        """Write the days the expansion adds: new lines on ``self`` (the cart,
        or an exceptional request), cart lines taken back out of the cart."""
        self.ensure_one()
        children = self.env["periscolaire.child"].browse(
            {result.child_id for result in expansion.added}
        )
        children_by_id = {child.id: child for child in children}
        prices = self._portal_expansion_prices(expansion, activity, children_by_id)
        to_unlink = self.env["periscolaire.request.line"]
        vals_list = []
        for result in expansion.added:
            if result.previous in _REMOVES_LINE:
                to_unlink |= cart_lines[(result.child_id, activity.id, result.day)]
            elif result.previous in _CREATES_LINE:
                child = children_by_id[result.child_id]
                price = prices[result.child_id, result.late, result.day]
                vals_list.append(
                    {
                        "request_id": self.id,
                        "child_id": child.id,
                        "activity_id": activity.id,
                        "date": result.day,
                        "action": str(result.action),
                        "is_late": result.late,
                        "price": float(price),
                    }
                )
        to_unlink.unlink()
        # Parents may not create lines nor set their lateness and price: these
        # come from the expansion the callers checked.
        return self.env["periscolaire.request.line"].sudo().create(vals_list).sudo(False)

    # ------------------------------------------------------------------
    # Summary and submission
    # ------------------------------------------------------------------
    def _portal_summary(self):
        """The guide's "Résumé": lines per child then per month, with totals."""
        items = [
            rules_pricing.CartItem(
                child_id=line.child_id.id,
                child_name=line.child_id.name,
                activity_name=line.activity_id.display_name,
                day=line.date,
                action=line.action,
                price=line.price or None,
                hour_start=_time_of_day(line.activity_id.hour_start),
                hour_end=_time_of_day(line.activity_id.hour_end),
                late=line.is_late,
                ref=line.id,
            )
            for line in self.line_ids
        ]
        return rules_pricing.cart_summary(items)

    def _portal_check_before_submit(self, now=None):
        """Refuse (French :class:`RuleError`) an empty cart, a cart holding days
        that closed or passed their deadline since they were added, activities
        not offered to the child, or bookings of children blocked by their
        documents."""
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.state == "draft")
        if not lines:
            raise RuleError("Le panier est vide.")
        stale = self._portal_stale_lines(now)
        if stale:
            raise RuleError(
                "Ces jours ne peuvent plus être demandés (fermés ou hors délai) ; retirez-les "
                "du panier : " + " ; ".join(stale.mapped("display_name")) + "."
            )
        allowed = self.family_id._portal_allowed_activities(lines.child_id)
        refused = lines.filtered(lambda line: line.activity_id not in allowed[line.child_id])
        if refused:
            raise RuleError(
                "Ces activités ne sont pas proposées à ces enfants ; retirez-les du panier : "
                + " ; ".join(refused.mapped("display_name"))
                + "."
            )
        booking_children = lines.filtered(lambda line: line.action == "book").child_id
        if booking_children:
            blockers = self.family_id.sudo()._get_blocking_documents(children=booking_children)
            if blockers:
                raise RuleError(
                    "Réservation impossible tant que ces documents ne sont pas fournis et "
                    "validés : " + " ; ".join(blocker["message"] for blocker in blockers) + "."
                )

    def _portal_stale_lines(self, now=None):
        """Cart lines that closed or passed their deadline since they were added."""
        self.ensure_one()
        now = now or utc_now()
        lines = self.line_ids.filtered(lambda line: line.state == "draft" and not line.is_late)
        if not lines:
            return lines
        calendar = self.family_id._portal_town_calendar(
            min(lines.mapped("date")), max(lines.mapped("date"))
        )
        return lines.filtered(
            lambda line: (
                not line.activity_id._get_day_status(line.date, calendar).runs
                or not rules_deadlines.is_open_for_change(
                    line.date, now, line.activity_id.category_id._get_deadline_policy()
                )
            )
        )

    def _portal_line_outcome(self):
        """``{line: label}`` of each line's outcome for the history pages."""
        labels = dict(self.env["periscolaire.request.line"]._fields["state"].selection)
        outcome = {}
        for line in self.line_ids:
            text = labels.get(line.state, line.state)
            if line.state == "waiting" and line.waiting_rank:
                text = f"{text} (rang {line.waiting_rank})"
            elif line.state == "refused" and line.refuse_reason:
                text = f"{text} : {line.refuse_reason}"
            outcome[line] = text
        return outcome
