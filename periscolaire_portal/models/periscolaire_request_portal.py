# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..rules import dates as rules_dates
from ..rules import deadlines as rules_deadlines
from ..rules import pricing as rules_pricing
from ..rules import recurrence
from ..texts import rule_text
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
        """The family's cart; created on demand (as superuser, once the parent
        may read the family). The family row is locked first so that two tabs
        adding at once share one cart."""
        if create:
            family.check_access("read")
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
            cart = (
                self.sudo()
                .create({"family_id": family.id, "company_id": family.company_id.id})
                .sudo(False)
            )
        return cart

    def _portal_check_open(self):
        """Refuse (French UserError) to change a request that is not the family's
        own, still in the cart state; read access (record rules) is checked first."""
        self.check_access("read")
        if self.filtered(lambda request: request.state != "cart"):
            raise UserError(self.env._("Cette demande a déjà été envoyée."))

    def _portal_remove_lines(self, lines):
        """Take ``lines`` out of the cart ``self`` (the family's, still open)."""
        self.ensure_one()
        self._portal_check_open()
        if lines - self.line_ids.filtered(lambda line: line.state == "draft"):
            raise UserError(self.env._("Ces jours ne sont pas dans votre panier."))
        lines.sudo().unlink()
        return True

    def _portal_submit(self):
        """The family sends its cart (or an exceptional request) to the town,
        after the portal's checks; numbered and mailed as superuser."""
        self.ensure_one()
        self._portal_check_open()
        self._portal_check_before_submit()
        return self.sudo().action_submit()

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
        French error: children of the family, activity offered to
        all of them, weekdays of the activity, dates inside one school year and
        the activity's period, no blocking document missing (bookings).

        Returns ``(expansion, cart_lines)``; nothing is written.
        """
        if not children or children - family.household_child_ids:
            raise UserError(self.env._("Choisissez au moins un enfant de votre famille."))
        try:
            action = recurrence.Action(action)
        except ValueError:
            raise UserError(self.env._("Action inconnue : « %s ».", action)) from None
        spec = activity._as_rule_spec()
        weekdays = rules_dates.parse_weekdays(weekdays or ())
        if not weekdays:
            raise UserError(self.env._("Choisissez au moins un jour de la semaine."))
        extra = weekdays - spec.weekdays
        if extra:
            raise UserError(
                self.env._(
                    "L'activité « %(activity)s » n'a pas lieu le %(days)s (jours de "
                    "l'activité : %(activity_days)s).",
                    activity=spec.name,
                    days=", ".join(rules_dates.WEEKDAY_NAMES_FR[day] for day in sorted(extra)),
                    activity_days=activity.weekday_label.lower(),
                )
            )
        rules_dates.check_range(start, end, one_school_year=True)
        if start < activity.date_start or end > activity.date_end:
            raise UserError(
                self.env._(
                    "Les dates doivent rester dans la période de l'activité « %(activity)s » "
                    "(%(period)s).",
                    activity=spec.name,
                    period=spec.period_label,
                )
            )
        allowed = family._portal_allowed_activities(children)
        refs = [
            recurrence.ChildRef(child.id, child.name, frozenset(allowed[child].ids))
            for child in children
        ]
        if action == recurrence.Action.BOOK:
            family._portal_check_blockers(children)
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
            custody=children._custody_by_child(),
            household=family.id,
        )
        return expansion, cart_lines

    def _portal_expansion_prices(self, expansion, activity, children_by_id):
        """{(child id, late, day): price} of the lines the expansion creates,
        priced per child in one go, at the tariff of the request's household."""
        days = {}
        for result in expansion.added:
            if result.previous in _CREATES_LINE:
                days.setdefault((result.child_id, result.late), []).append(result.day)
        prices = {}
        for (child_id, late), child_days in days.items():
            child_prices = activity.sudo()._get_session_prices(
                children_by_id[child_id].sudo(),
                child_days,
                late=late,
                family=self.family_id.sudo(),
            )
            prices.update({(child_id, late, day): price for day, price in child_prices.items()})
        return prices

    def _portal_write_expansion(self, expansion, activity, cart_lines):
        """Write the days the expansion adds: new lines on ``self`` (the cart,
        or an exceptional request), cart lines taken back out of the cart."""
        self.ensure_one()
        self._portal_check_open()
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
        # Parents may not write lines nor set their lateness and price: these
        # come from the expansion the callers checked.
        to_unlink.sudo().unlink()
        return self.env["periscolaire.request.line"].sudo().create(vals_list).sudo(False)

    @api.model
    def _portal_book_one_day(
        self, family, child, activity, day, action, exceptional=False, target=None
    ):
        """Book or cancel one day (one-off or exceptional) in the family's cart,
        or in ``target`` (an exceptional request); French error and nothing
        written unless the day really changes."""
        expansion, cart_lines = self._portal_expand(
            family,
            child,
            activity,
            day,
            day,
            [day.weekday()],
            action,
            exceptional=exceptional,
        )
        result = expansion.days[0]
        if not result.changed:
            label = rule_text(self.env, result.label)
            if result.outcome == recurrence.Outcome.PAST_DEADLINE:
                label = self.env._(
                    "%s : ce jour ne peut plus être modifié en ligne ; faites une demande "
                    "exceptionnelle avec un justificatif.",
                    label,
                )
            raise UserError(
                self.env._(
                    "%(day)s — %(activity)s : %(outcome)s",
                    day=rules_dates.long_date(day),
                    activity=activity.display_name,
                    outcome=label,
                )
            )
        if exceptional and not result.late:
            raise UserError(
                self.env._(
                    "%s est encore ouvert : ajoutez-le au panier sans demande exceptionnelle.",
                    rules_dates.long_date(day),
                )
            )
        target = target or self._portal_get_cart(family, create=True)
        return target._portal_write_expansion(expansion, activity, cart_lines)

    @api.model
    def _portal_submit_exception(
        self, family, child, activity, day, action, reason, comment, files
    ):
        """An exceptional request (past the deadline) of the family for one day,
        with its reason, comment and justifications ``files`` (dicts with
        ``name`` and ``raw``), sent at once; French error and nothing sent when
        the day, the reason or a file is refused.

        The request is created as superuser once the parent may read the
        family; the day goes through the same checks as a cart day."""
        family.check_access("read")
        if day < fields.Date.context_today(family):
            raise UserError(
                self.env._("Une demande exceptionnelle ne peut concerner un jour passé.")
            )
        reason = rules_deadlines.check_exceptional_request(reason, len(files))
        exceptional = (
            self.sudo()
            .create(
                {
                    "family_id": family.id,
                    "company_id": family.company_id.id,
                    "exception_reason": str(reason),
                    "exception_comment": comment,
                }
            )
            .sudo(False)
        )
        self._portal_book_one_day(
            family, child, activity, day, action, exceptional=True, target=exceptional
        )
        attachments = self.env["ir.attachment"]._periscolaire_create_uploads(exceptional, files)
        exceptional.sudo().justification_ids = [Command.link(a.id) for a in attachments]
        exceptional._portal_submit()
        return exceptional

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
        """Refuse (French UserError) an empty cart, a cart holding days
        that closed or passed their deadline since they were added, days of the
        other parent (custody changed since), activities not offered to the
        child, or bookings of children blocked by their documents."""
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.state == "draft")
        if not lines:
            raise UserError(self.env._("Le panier est vide."))
        stale = self._portal_stale_lines(now)
        if stale:
            raise UserError(
                self.env._(
                    "Ces jours ne peuvent plus être demandés (fermés ou hors délai) ; retirez-les "
                    "du panier : %s.",
                    " ; ".join(stale.mapped("display_name")),
                )
            )
        other_days = lines.filtered(
            lambda line: (
                line.action == "book" and not line.child_id._is_own_day(self.family_id, line.date)
            )
        )
        if other_days:
            raise UserError(
                self.env._(
                    "Ces jours sont ceux de l'autre parent ; retirez-les du panier : %s.",
                    " ; ".join(other_days.mapped("display_name")),
                )
            )
        allowed = self.family_id._portal_allowed_activities(lines.child_id)
        refused = lines.filtered(lambda line: line.activity_id not in allowed[line.child_id])
        if refused:
            raise UserError(
                self.env._(
                    "Ces activités ne sont pas proposées à ces enfants ; retirez-les du panier : "
                    "%s.",
                    " ; ".join(refused.mapped("display_name")),
                )
            )
        booking_children = lines.filtered(lambda line: line.action == "book").child_id
        if booking_children:
            self.family_id._portal_check_blockers(booking_children)

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
        # A school year in the cart is hundreds of lines on a few activities.
        specs = {activity: activity._as_rule_spec() for activity in lines.activity_id}
        return lines.filtered(
            lambda line: (
                not calendar.day_status(specs[line.activity_id], line.date).runs
                or not rules_deadlines.is_open_for_change(
                    line.date, now, specs[line.activity_id].deadline_policy
                )
            )
        )

    def _portal_line_outcome(self):
        """``{line: label}`` of each line's outcome for the history pages."""
        state_field = self.env["periscolaire.request.line"]._fields["state"]
        labels = dict(state_field._description_selection(self.env))
        outcome = {}
        for line in self.line_ids:
            text = labels.get(line.state, line.state)
            if line.state == "waiting" and line.waiting_rank:
                text = self.env._("%(state)s (rang %(rank)s)", state=text, rank=line.waiting_rank)
            elif line.state == "refused" and line.refuse_reason:
                text = self.env._("%(state)s : %(reason)s", state=text, reason=line.refuse_reason)
            outcome[line] = text
        return outcome
