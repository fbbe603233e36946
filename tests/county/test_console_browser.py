"""The county console in a real browser (Playwright driving Debian's chromium), end to end with a
real village PC: the village registers a demand and syncs; a county clerk logs in and dispatches
it to a team chosen from the team list; the team's account claims it and resolves it with a
photo; the village PC syncs and holds it as 已办结, with the team, the result and the photo. On a 1366×768 window, with
the keyboard where a clerk would use it."""

from __future__ import annotations

import io
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy import select
from sync_support import LIGHT_PASSWORDS, CountyServer, VillagePC

from county import accounts, actions, demo
from desktop.models.activity import Attachment
from desktop.models.photos import photo_path, photos_dir

PASSWORD = "很长的控制台密码-2026"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        # --no-sandbox: CI runs as root, where chromium's sandbox cannot start.
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def _page(browser: Browser) -> Page:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    return context.new_page()


def _login(page: Page, url: str, user: str) -> None:
    page.goto(url + "/")
    expect(page).to_have_url(url + "/login")
    page.get_by_label("用户名").fill(user)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_label("密码").press("Enter")
    expect(page.get_by_role("heading", name="需求办理")).to_be_visible()


def test_dispatch_claim_resolve_reaches_the_village(
    county: CountyServer, make_village: Callable[..., VillagePC], browser: Browser, tmp_path: Path
) -> None:
    team_id = str(uuid.uuid4())
    with county.db.writing() as session:
        actions.publish(session, "team", [{"id": team_id, "name": "县卫健志愿服务队", "level": "COUNTY"}],
                        actor="测试")  # fmt: skip
    original = accounts.PASSWORDS
    accounts.PASSWORDS = LIGHT_PASSWORDS
    try:
        with county.db.writing() as session:
            accounts.set_admin(session, "县中心", PASSWORD, display_name="张主任")
            accounts.set_admin(session, "卫健队", PASSWORD, role="TEAM", team_id=team_id)
    finally:
        accounts.PASSWORDS = original
    pc = make_village(county)
    demand_id = pc.register("想请医生来村里给老人量血压")
    assert pc.sync().rejected == 0
    number = pc.demand(demand_id).number

    clerk = _page(browser)
    _login(clerk, county.url, "县中心")
    clerk.get_by_label("搜索").fill(number)
    clerk.get_by_label("搜索").press("Enter")
    expect(clerk.locator("table.queue tbody tr")).to_have_count(1)
    clerk.get_by_role("link", name="想请医生来村里给老人量血压").click()
    expect(clerk.locator("#status")).to_have_text("已上报")
    dispatch = clerk.locator("#form-dispatch")
    dispatch.get_by_label("派给队伍").select_option(label="县卫健志愿服务队")
    dispatch.get_by_role("button", name="派单").click()
    expect(clerk.locator("#status")).to_have_text("已派单")
    expect(clerk.locator("#team")).to_have_text("县卫健志愿服务队")
    assert clerk.evaluate("document.documentElement.scrollWidth") <= 1366
    clerk.get_by_role("button", name="退出").click()
    expect(clerk).to_have_url(county.url + "/login")

    team = _page(browser)
    _login(team, county.url, "卫健队")
    team.get_by_role("link", name="想请医生来村里给老人量血压").click()
    team.locator("#form-claim").get_by_role("button", name="接单").click()
    expect(team.locator("#status")).to_have_text("已接单")
    resolve = team.locator("#form-resolve")
    resolve.get_by_label("办理结果").fill("已安排医生于周六上门量血压，共服务 12 位老人")
    photo = tmp_path / "义诊现场.jpg"
    picture = io.BytesIO()
    Image.new("RGB", (320, 240), (30, 120, 200)).save(picture, "JPEG")
    photo.write_bytes(picture.getvalue())
    resolve.get_by_label("现场照片").set_input_files(str(photo))
    resolve.get_by_role("button", name="办结").click()
    expect(team.locator("#status")).to_have_text("已办结")
    expect(team.get_by_text("已安排医生于周六上门量血压，共服务 12 位老人").first).to_be_visible()
    expect(team.locator(".photos img")).to_have_count(1)

    assert pc.sync(photos_dir=photos_dir(pc.data_dir)).pulled >= 1
    local = pc.demand(demand_id)
    assert local.status == "RESOLVED"
    assert (local.assigned_team_id, local.assigned_team_name) == (team_id, "县卫健志愿服务队")
    assert local.result == "已安排医生于周六上门量血压，共服务 12 位老人"
    # The team's photo came with it: its record, and the file the PC downloaded.
    with pc.db.reading() as session:
        [attached] = session.scalars(select(Attachment).where(Attachment.owner_id == demand_id))
    assert (attached.mime, attached.file_name, attached.note) == ("image/jpeg", "义诊现场.jpg", "办结照片")
    assert photo_path(pc.data_dir, attached.sha256).read_bytes() == photo.read_bytes()


@pytest.mark.parametrize(("size", "scale"), [((1366, 768), 1.0), ((1280, 720), 1.5)])
def test_the_pages_fit_an_office_screen(
    county: CountyServer, browser: Browser, size: tuple[int, int], scale: float
) -> None:
    """1366×768, and 1920×1080 at 150 % (a 1280×720 page): no page scrolls sideways."""
    demo.fill(county.db, demands_per_village=6, seed=5)
    original = accounts.PASSWORDS
    accounts.PASSWORDS = LIGHT_PASSWORDS
    try:
        with county.db.writing() as session:
            accounts.set_admin(session, "县中心", PASSWORD)
    finally:
        accounts.PASSWORDS = original
    context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                  device_scale_factor=scale, locale="zh-CN")  # fmt: skip
    page = context.new_page()
    _login(page, county.url, "县中心")
    first = page.locator("table.queue tbody td.title a").first.get_attribute("href")
    for path in ("/demands", first, "/assessment", "/teams", "/resources", "/resources/teams",
                 "/resources/catalog", "/devices", "/audit"):  # fmt: skip
        page.goto(county.url + str(path))
        wide, shown = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert wide <= shown, (path, wide, shown)
    context.close()
