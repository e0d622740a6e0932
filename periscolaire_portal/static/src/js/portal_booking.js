/** @odoo-module **/
// Small comforts of the booking pages; every choice is checked again on the server.

import publicWidget from "@web/legacy/js/public/public_widget";

publicWidget.registry.PeriscolaireFilters = publicWidget.Widget.extend({
    selector: ".o_pf_filters",
    events: {
        "change select, input[type=checkbox]": "_onChange",
    },

    start() {
        // Filters apply on change: the button is only needed without JavaScript.
        this.el.querySelector(".o_pf_filter_submit")?.classList.add("d-none");
        return this._super(...arguments);
    },

    _onChange() {
        this.el.submit();
    },
});

publicWidget.registry.PeriscolaireIcalUrl = publicWidget.Widget.extend({
    selector: ".o_pf_ical_url",
    events: {
        focus: "_onFocus",
    },

    _onFocus() {
        this.el.select();
    },
});
