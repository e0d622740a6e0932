/** @odoo-module **/
// "Mes alertes": a file over the size limit is refused in the page, before sending, with an
// accessible message; a file within the limit is then sent.

import { registry } from "@web/core/registry";

const PNG =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

function chooseFile(input, file) {
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("periscolaire_portal_upload_size_tour", {
    url: "/my/alerts",
    steps: () => [
        {
            content: "Open the first upload form",
            trigger: ".o_pf_alerts details summary:first",
            run: "click",
        },
        {
            content: "Choose a file one byte over the limit",
            trigger: ".o_pf_alerts details[open] input[type=file][data-max-size]",
            run({ anchor }) {
                const size = Number(anchor.dataset.maxSize) + 1;
                chooseFile(anchor, new File([new Uint8Array(size)], "scan.pdf", { type: "application/pdf" }));
            },
        },
        {
            content: "The input is marked invalid",
            trigger: ".o_pf_alerts details[open] input[type=file][aria-invalid=true]",
        },
        {
            content: "The message is in the live region the input refers to",
            trigger: ".o_pf_alerts details[open] [role=alert]:contains(Le fichier dépasse 10 Mo)",
            run({ anchor }) {
                const input = anchor.closest("form").querySelector("input[type=file]");
                if (!input.getAttribute("aria-describedby").split(" ").includes(anchor.id)) {
                    throw new Error("the error message is not tied to the file input");
                }
            },
        },
        {
            content: "Sending is stopped in the page",
            trigger: ".o_pf_alerts details[open] form.o_pf_upload_form",
            run({ anchor }) {
                const submit = new SubmitEvent("submit", { bubbles: true, cancelable: true });
                anchor.dispatchEvent(submit);
                if (!submit.defaultPrevented) {
                    throw new Error("a file over the limit would have been sent");
                }
            },
        },
        {
            content: "Choose a small image instead",
            trigger: ".o_pf_alerts details[open] input[type=file][data-max-size]",
            async run({ anchor }) {
                const blob = await (await fetch(`data:image/png;base64,${PNG}`)).blob();
                chooseFile(anchor, new File([blob], "photo.png", { type: "image/png" }));
            },
        },
        {
            content: "The message is gone",
            trigger: ".o_pf_alerts details[open] input[type=file][aria-invalid=false]",
        },
        {
            content: "Send it",
            trigger: ".o_pf_alerts details[open] button[type=submit]",
            run: "click",
        },
        {
            content: "Sent",
            trigger: ".o_pf_flash:contains(envoyé : il sera vérifié)",
        },
    ],
});
