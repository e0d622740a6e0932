/** @odoo-module **/
// The parents' guide, step by step: participants, activities, periodic
// booking (even weeks, two weekdays), a one-off day, the summary, submission.

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("periscolaire_portal_booking_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open the Inscriptions card",
            trigger: "#portal_periscolaire_category a[href='/my/booking']",
            run: "click",
        },
        {
            content: "Start a booking",
            trigger: "a.o_pf_hub_start",
            run: "click",
        },
        {
            content: "Choose the first child",
            trigger: "label.o_pf_child:contains('VERINE')",
            run: "click",
        },
        {
            content: "Next: activities",
            trigger: "button.o_pf_next",
            run: "click",
        },
        {
            content: "Choose the lunch activity",
            trigger: "label.o_pf_activity:contains('MIDI ELE TOUR')",
            run: "click",
        },
        {
            content: "The chosen activity turns green",
            trigger: "input.btn-check:checked + label.o_pf_activity:contains('MIDI ELE TOUR')",
        },
        {
            content: "Next: periodic booking",
            trigger: "button.o_pf_next",
            run: "click",
        },
        {
            content: "Even weeks",
            trigger: ".o_pf_periodic select[name=frequency]",
            run: "select even",
        },
        {
            content: "Monday",
            trigger: ".o_pf_periodic input[name=weekdays][value=mon]",
            run: "click",
        },
        {
            content: "Thursday",
            trigger: ".o_pf_periodic input[name=weekdays][value=thu]",
            run: "click",
        },
        {
            content: "Book",
            trigger: ".o_pf_periodic button.o_pf_book",
            run: "click",
        },
        {
            content: "Days went to the cart",
            trigger: ".o_pf_periodic_result .o_pf_outcome_added",
        },
        {
            content: "Next: one-off days",
            trigger: "a.o_pf_next",
            run: "click",
        },
        {
            content: "Add an available day",
            trigger: ".o_pf_grid td.o_pf_state_available button",
            run(actions) {
                // The periodic days are in the cart already: mark this page so that the next
                // step waits for the page the click reloads, not for a cart cell of this one.
                document.body.classList.add("o_pf_tour_day_clicked");
                return actions.click();
            },
        },
        {
            content: "The day is in the cart",
            trigger: "body:not(.o_pf_tour_day_clicked) .o_pf_grid td.o_pf_state_cart",
        },
        {
            content: "Next: summary",
            trigger: "a.o_pf_next",
            run: "click",
        },
        {
            content: "The summary shows a total",
            trigger: ".o_pf_cart_total:contains('Total')",
        },
        {
            content: "Submit",
            trigger: "button.o_pf_submit",
            run: "click",
        },
        {
            content: "The request was sent",
            trigger: ".o_pf_confirmation:contains('a été envoyée')",
        },
    ],
});
