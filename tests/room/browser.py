"""Debian's chromium, headless, driven by selenium through /usr/bin/chromedriver.

Nothing downloads a browser: without the system chromium and its driver the browser
tests are skipped with the reason. Each driver gets a fresh profile folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"


def missing() -> str | None:
    """Why no browser test can run here, or None."""
    if not Path(CHROMEDRIVER).is_file() or shutil.which("chromium") is None:
        return (
            "Debian chromium + chromium-driver not installed (apt install chromium chromium-driver)"
        )
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    return None


def chrome(profile: Path, width: int = 390, height: int = 844) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
        "--lang=zh-CN",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    # headless windows are at least 500 px wide: emulate the device's viewport instead
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    return driver


def wait_for(driver: Any, test: Any, timeout: float = 10.0) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(test)
