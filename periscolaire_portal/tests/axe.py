# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""axe-core in the Chromium of Odoo's browser tests: the WCAG 2.0 and 2.1 rules of levels A and AA.

axe-core is not in the repository: ``setup/install.sh`` installs the version pinned in
``setup/axe/package-lock.json`` with npm, outside the repository, and ``setup/test.sh`` gives its
path in ``PF_AXE_JS``. Without that variable (Odoo tests run by hand) the check is skipped; with
it, a missing file is a failure.

One Chromium is started per check, the pages are visited at each screen width, and the test fails
listing every violation (rule, impact, page, width and the elements concerned). Each check logs a
line ``axe-core <version>: <n> pages × <widths>, <n> violation(s)`` that ``setup/test.sh`` prints.
Besides axe's rules, a page wider than the screen (WCAG 1.4.10, reflow) counts as a violation.
"""

import json
import logging
import os
import shutil
import time
import unittest
from pathlib import Path
from urllib.parse import urlsplit

from odoo.tests.common import ChromeBrowser, ChromeBrowserException

_logger = logging.getLogger(__name__)

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
#: (name, width, height, mobile): a phone 375 px wide (iPhone SE to 13 mini) and a desktop screen.
SCREENS = (("téléphone", 375, 812, True), ("ordinateur", 1366, 768, False))
PAGE_TIMEOUT = 60

# Ready once the frontend's lazy scripts ran (they change the DOM: portal cards, menus).
READY = """(async () => {
    if (document.readyState !== "complete") { return false; }
    const lazy = window.odoo && odoo.loader && odoo.loader.modules.get(
        "@web/legacy/js/public/lazyloader"
    );
    // Odoo's modules export their default under Symbol.for("default").
    const loader = lazy && lazy[Symbol.for("default")];
    if (loader) { await loader.allScriptsLoaded; }
    return true;
})()"""

# Whether an element matches the selector, in the document or in an open shadow root (Odoo's
# portal chatter renders in one).
FOUND = """((selector) => {
    const found = (root) => Boolean(root.querySelector(selector)) || [...root.querySelectorAll("*")]
        .some((element) => element.shadowRoot && found(element.shadowRoot));
    return found(document);
})(%s)"""

# axe-core's violations, plus one of ours that axe does not test: a page wider than the screen
# (WCAG 1.4.10, reflow), which makes a phone zoom out. No preload: axe would fetch the style
# sheets the website theme imports from Google Fonts, out of reach of a test machine; only the
# orientation-lock rule reads them, and our style sheets lock no orientation.
RUN_AXE = """axe.run(document, {
    runOnly: {type: "tag", values: %(tags)s},
    resultTypes: ["violations"],
    preload: false,
}).then((result) => {
    const violations = result.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        nodes: violation.nodes.map((node) => node.target.join(" ")),
    }));
    const width = document.documentElement.scrollWidth;
    if (width > %(width)d) {
        violations.push({
            id: "reflow",
            impact: "serious",
            help: `Page de ${width} px de large sur un écran de %(width)d px (WCAG 1.4.10)`,
            nodes: [],
        });
    }
    return JSON.stringify({url: location.pathname + location.search, violations});
})"""


class AxePage:
    """A page to check: ``path`` to open, then optionally ``action`` (JavaScript run on it, e.g.
    submitting a form) and ``ready`` (a CSS selector present once the page, or the page the
    action leads to, is complete: a component rendered by JavaScript, even in a shadow root);
    the check runs on the page reached."""

    def __init__(self, path, action=None, ready=None):
        self.path = path
        self.action = action
        self.ready = ready

    def __repr__(self):
        return self.path + (" (puis action)" if self.action else "")


def axe_source():
    """The text of axe.min.js, or SkipTest when no path is given."""
    path = os.environ.get("PF_AXE_JS")
    if not path:
        raise unittest.SkipTest("PF_AXE_JS is not set: run the tests with setup/test.sh.")
    if not Path(path).is_file():
        raise AssertionError(f"axe-core is missing at {path}: run setup/install.sh.")
    return Path(path).read_text(encoding="utf-8")


class AxeMixin:
    """For an ``HttpCase``: ``assertNoAxeViolations(login, pages)``; ``prepare``, when given, is
    called once logged in, before the pages are visited (e.g. to choose in a wizard)."""

    def assertNoAxeViolations(self, login, pages, prepare=None):
        if not any(
            shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")
        ):
            self.skipTest("Chromium is not installed on this machine.")
        source = axe_source()
        version = source.split("axe v", 1)[1].split()[0] if "axe v" in source else "?"
        pages = [page if isinstance(page, AxePage) else AxePage(page) for page in pages]
        browser = ChromeBrowser(self)
        found = []
        try:
            browser._websocket_request(
                "Page.addScriptToEvaluateOnNewDocument", params={"source": source}
            )
            self.authenticate(login, login, browser=browser)
            if prepare:
                prepare()
            for name, width, height, mobile in SCREENS:
                browser._websocket_request(
                    "Emulation.setDeviceMetricsOverride",
                    params={
                        "width": width,
                        "height": height,
                        "deviceScaleFactor": 1,
                        "mobile": mobile,
                    },
                )
                for page in pages:
                    result = self._axe_page(browser, page, width)
                    found += [
                        (result["url"], f"{name} {width} px", violation)
                        for violation in result["violations"]
                    ]
        finally:
            browser.stop()
            self._wait_remaining_requests()
        widths = " et ".join(f"{width} px" for _name, width, _h, _m in SCREENS)
        _logger.info(
            "axe-core %s: %d pages × %s (WCAG 2.0/2.1 A et AA), %d violation(s): %s",
            version,
            len(pages),
            widths,
            len(found),
            ", ".join(page.path for page in pages),
        )
        if found:
            self.fail(
                f"{len(found)} violation(s) axe-core :\n"
                + "\n".join(
                    f"- {url} ({screen}) : {v['id']} ({v['impact']}) {v['help']} → "
                    + " | ".join(v["nodes"][:5])
                    for url, screen, v in found
                )
            )

    def _axe_page(self, browser, page, width):
        browser.navigate_to(self.base_url() + page.path, wait_stop=True)
        self._axe_wait(browser, READY)
        if page.action:
            self._axe_eval(browser, page.action)
        if page.ready:
            ready = FOUND % json.dumps(page.ready) + f" && {READY}"
            self._axe_wait(browser, ready)
        run = RUN_AXE % {"tags": json.dumps(list(WCAG_TAGS)), "width": width}
        result = json.loads(self._axe_eval(browser, run))
        # A redirection (to the login page, to step 1 of the wizard…) would check another page.
        self.assertEqual(
            urlsplit(result["url"]).path, urlsplit(page.path).path, f"{page.path} was redirected"
        )
        return result

    def _axe_wait(self, browser, expression):
        """Poll ``expression`` until true; the page may be navigating meanwhile."""
        deadline = time.monotonic() + PAGE_TIMEOUT
        error = None
        while time.monotonic() < deadline:
            try:
                if self._axe_eval(browser, expression) is True:
                    return
            except (ChromeBrowserException, AssertionError, TimeoutError) as exc:
                # Between two documents the page cannot evaluate anything.
                error = exc
            time.sleep(0.1)
        raise AssertionError(
            f"the page was not ready after {PAGE_TIMEOUT} s ({error}): {expression}"
        )

    def _axe_eval(self, browser, expression):
        response = browser._websocket_request(
            "Runtime.evaluate",
            params={"expression": expression, "awaitPromise": True, "returnByValue": True},
            timeout=PAGE_TIMEOUT,
        )
        if "exceptionDetails" in response:
            raise AssertionError(f"JavaScript error: {response['exceptionDetails']}")
        return response["result"].get("value")
