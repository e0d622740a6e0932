import json

import pytest

pytestmark = pytest.mark.e2e


def test_login_page_answers(browser):
    page = browser.open("/web/login")

    assert page.status == 200
    assert 'name="login"' in page.text
    assert 'name="password"' in page.text


def test_demo_parent_lands_on_portal_home(browser, demo_parent):
    page = browser.login(*demo_parent)

    assert page.status == 200
    assert page.path == "/my", f"the demo parent {demo_parent[0]} ended on {page.url}"
    assert "o_portal_my_home" in page.text


def test_wrong_password_stays_on_login_page(browser, demo_parent):
    login, password = demo_parent
    page = browser.login(login, password + "-wrong")

    assert page.path == "/web/login"
    assert "o_portal_my_home" not in page.text


def test_staff_back_office_has_periscolaire_menu(browser, demo_staff):
    page = browser.login(*demo_staff)
    assert page.status == 200
    assert page.path.startswith("/odoo"), f"the staff login ended on {page.url}"

    # The path segment after load_menus is only a cache key.
    menus = json.loads(browser.open("/web/webclient/load_menus/e2e").text)
    root_apps = {menus[str(app_id)]["name"] for app_id in menus["root"]["children"]}

    assert "Périscolaire" in root_apps, f"root menus: {sorted(root_apps)}"
