"""The drill room in a real browser (headless chromium): a seat joins by its link, receives
an inject the console delivers, signs for it and submits a 信息报告 that the console then
has; an evaluator marks a criterion that reaches the hot wash. Script in a submission is
shown as text and never runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.room import browser
from tests.room.support import Room, open_room

pytestmark = pytest.mark.skipif(browser.missing() is not None, reason=str(browser.missing()))

XSS = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>'


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Room]:
    r = open_room(tmp_path)
    yield r
    r.close()


@pytest.fixture
def driver(tmp_path: Path) -> Iterator[Any]:
    d = browser.chrome(tmp_path / "profile")
    yield d
    d.quit()


def _by(driver: Any, css: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, css)


def _button(driver: Any, text: str) -> Any:
    return browser.wait_for(
        driver,
        lambda d: next((b for b in _by(d, "button") if b.text.strip().startswith(text)), None),
    )


def _tab(driver: Any, text: str) -> None:
    driver.execute_script("window.scrollTo(0, 0)")  # the tabs sit under the sticky bar
    _button(driver, text).click()


def _toast(driver: Any, text: str) -> None:
    browser.wait_for(driver, lambda d: text in d.find_element("id", "toast").text)


def test_seat_joins_receives_signs_and_reports(room: Room, driver: Any) -> None:
    driver.get(room.url("u-hq"))
    browser.wait_for(driver, lambda d: "还没有收到注入" in d.page_source)
    assert driver.find_element("id", "me").text == "应急救援指挥部（总经理）"
    browser.wait_for(driver, lambda d: d.find_element("id", "link").text == "在线")
    room.call(lambda s: (s.start(), s.poll()))  # the console delivers i1 at T0
    card = browser.wait_for(driver, lambda d: next(iter(_by(d, "article h2")), None))
    assert card.text == "泄漏报警"
    assert "黄绿色烟雾" in _by(driver, "article .text")[0].text
    _button(driver, "签收").click()
    browser.wait_for(driver, lambda d: "✓ 已签收" in d.page_source)

    _tab(driver, "信息报告")
    items = [
        "示范化工有限公司",
        "9时许储罐区",
        "法兰垫片破损发生泄漏",
        "一人中毒，无死亡",
        "已启动Ⅱ级响应",
        XSS,
    ]
    for i, text in enumerate(items):
        driver.find_element("id", f"rep-{i}").send_keys(text)
    _button(driver, "提交信息报告").click()
    _toast(driver, "已记录")
    actions = room.call(lambda s: [(a.who, a.text, a.inject) for a in s.state.actions])
    report = next(a for a in actions if a[1].startswith("信息报告"))
    assert report[0] == "u-hq"
    assert XSS in report[1]  # kept as typed
    _tab(driver, "我的提交")
    shown = browser.wait_for(driver, lambda d: next(iter(_by(d, ".log .text")), None))
    assert XSS in shown.text  # shown as text…
    assert driver.title != "pwned"  # …and never run
    assert not _by(driver, "main img") and not _by(driver, "main script")


def test_evaluator_mark_reaches_the_hot_wash(room: Room, driver: Any) -> None:
    room.call(lambda s: (s.start(), s.poll()))
    room.call(lambda s: s.record_action(XSS, who="u-hq", inject="i1"))
    driver.get(room.url("u-eval"))
    browser.wait_for(driver, lambda d: "信息接报" in d.page_source)
    field = driver.find_element("id", "score-c1")
    field.send_keys("80")
    driver.find_element("id", "note-c1").send_keys("接报及时")
    buttons = [b for b in _by(driver, "article button") if b.text == "评定"]
    buttons[0].click()
    _toast(driver, "已记录")
    result = room.call(lambda s: s.evaluation())
    assert result.score == 80.0 and result.marked == 1
    _tab(driver, "现场点评")
    big = browser.wait_for(driver, lambda d: next(iter(_by(d, ".score .big")), None))
    assert big.text == "80.0"
    _tab(driver, "行动记录")
    logged = browser.wait_for(driver, lambda d: next(iter(_by(d, ".log .text")), None))
    assert logged.text == XSS.replace("\n", "")
    assert driver.title != "pwned"


def test_presenter_follows_the_drill(room: Room, driver: Any) -> None:
    driver.get(room.url("presenter"))
    browser.wait_for(driver, lambda d: "等待演练开始" in d.page_source)
    room.call(lambda s: (s.start(), s.poll()))
    browser.wait_for(driver, lambda d: "泄漏报警" in d.page_source)
    assert "研判事态" not in driver.page_source  # expected actions never reach the projector


def test_a_dead_link_says_so(room: Room, driver: Any) -> None:
    url = room.url("u-hq")
    room.server.revoke("seat:u-hq")
    driver.get(url)
    assert "链接无效" in driver.page_source  # the refusal, as JSON text: no page at all
