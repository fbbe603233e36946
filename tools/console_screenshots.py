"""Screenshots of the county console (docs/console/*.png) on a 1366×768 window: a demo county in
a temporary folder, the real server, Debian's chromium driven by Playwright.

    .venv/bin/python tools/console_screenshots.py [--out docs/console]
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "演示用的控制台密码-2026"


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "console")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        county = [sys.executable, "-m", "county", "--data-dir", folder]
        subprocess.run([*county, "demo"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        subprocess.run([*county, "admin-add", "zhangli", "--password-stdin", "--name", "张主任"],
                       input=PASSWORD + "\n", text=True, check=True, cwd=ROOT)  # fmt: skip
        port = _port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([*county, "serve", "--port", str(port)], cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            for _ in range(100):
                try:
                    if requests.get(url + "/api/v1/health", timeout=1).ok:
                        break
                except requests.RequestException:
                    time.sleep(0.1)
            _shoot(url, args.out)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"screenshots in {args.out}")
    return 0


def _shoot(url: str, out: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        page.goto(url + "/login")
        page.screenshot(path=str(out / "login.png"))
        page.get_by_label("用户名").fill("zhangli")
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_label("密码").press("Enter")
        page.wait_for_url("**/demands")
        page.goto(url + "/demands?urged=1")
        page.screenshot(path=str(out / "demands.png"))
        page.locator("table.queue tbody td.title a").first.click()
        page.wait_for_load_state()
        page.screenshot(path=str(out / "demand.png"))
        page.goto(url + "/demands?status=IN_PROGRESS")
        page.locator("table.queue tbody td.title a").first.click()
        page.wait_for_load_state()
        page.screenshot(path=str(out / "demand-in-progress.png"))
        for name, path in (("assessment", "/assessment?measure=resolution_rate"),
                           ("assessment-service", "/assessment?section=service"), ("teams", "/teams"),
                           ("devices", "/devices"), ("audit", "/audit")):  # fmt: skip
            page.goto(url + path)
            page.screenshot(path=str(out / f"{name}.png"))
        browser.close()


if __name__ == "__main__":
    raise SystemExit(main())
