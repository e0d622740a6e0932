/** @odoo-module **/
// Upload forms: a file larger than the server's limit is refused before it is sent, with the
// message in the live region under the input (the server checks the same limit again).

import { _t } from "@web/core/l10n/translation";
import publicWidget from "@web/legacy/js/public/public_widget";

publicWidget.registry.PeriscolaireUploadSize = publicWidget.Widget.extend({
    selector: ".o_pf_upload_form",
    events: {
        "change input[type=file][data-max-size]": "_onFileChange",
        submit: "_onSubmit",
    },

    /**
     * Show or clear the size error of one file input.
     *
     * @param {HTMLInputElement} input
     * @returns {boolean} whether a chosen file is too large
     */
    _checkSize(input) {
        const maxSize = Number(input.dataset.maxSize);
        const tooLarge = [...input.files].some((file) => file.size > maxSize);
        input.classList.toggle("is-invalid", tooLarge);
        input.setAttribute("aria-invalid", tooLarge ? "true" : "false");
        const error = document.getElementById(`${input.id}_error`);
        if (error) {
            error.textContent = tooLarge
                ? _t(
                      "Le fichier dépasse %s : choisissez un fichier plus petit.",
                      input.dataset.maxSizeLabel
                  )
                : "";
        }
        return tooLarge;
    },

    _onFileChange(ev) {
        this._checkSize(ev.currentTarget);
    },

    _onSubmit(ev) {
        const inputs = this.el.querySelectorAll("input[type=file][data-max-size]");
        const tooLarge = [...inputs].filter((input) => this._checkSize(input));
        if (tooLarge.length) {
            ev.preventDefault();
            tooLarge[0].focus();
        }
    },
});
