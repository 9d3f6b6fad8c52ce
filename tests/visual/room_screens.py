"""Screenshots of the drill room's pages at phone and tablet sizes (headless chromium).

    python tests/visual/room_screens.py OUT_DIR

A room on the sample drill, a few minutes in: injects delivered to the command, one
signed for, a report and a decision submitted, an evaluator's marks and observation.
Writes seat/evaluator/presenter × 390x844 and 820x1180 (and the seat's report form).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SIZES = ((390, 844), (820, 1180))


def main(out: Path) -> None:
    from tests.room import browser
    from tests.room.support import open_room, submit

    reason = browser.missing()
    if reason:
        raise SystemExit(reason)
    out.mkdir(parents=True, exist_ok=True)
    from PIL import Image, ImageDraw

    from app.storage.drills import load_drill
    from tests.drill_samples import SAMPLE_DRILL

    work = Path(tempfile.mkdtemp(prefix="room-shots-"))
    picture = Image.new("RGB", (480, 300), (226, 232, 214))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((150, 60, 330, 250), outline=(90, 90, 90), width=6)  # a tank
    draw.ellipse((300, 90, 420, 170), fill=(190, 205, 90))  # the yellow-green cloud
    picture.save(work / "罐区监控截图.png")
    drill = load_drill(SAMPLE_DRILL).model
    drill.script[0].attachments = ["罐区监控截图.png"]
    room = open_room(work, drill)
    try:
        room.call(lambda s: (s.start(), s.poll()))
        room.call(lambda s: s.jump_to("i2"))
        room.call(lambda s: s.deliver("i4"))
        hq, ev = room.url("u-hq"), room.url("u-eval")
        submit(hq, {"kind": "receipt", "inject": 1})
        submit(hq, {"kind": "decision", "inject": 1, "option": 0})
        submit(
            hq,
            {
                "kind": "report",
                "items": [
                    "示范化工有限公司",
                    "6月16日9时，储罐区2号液氯储罐",
                    "出料阀法兰垫片破损发生泄漏",
                    "一名巡检工中毒晕倒，无死亡",
                    "已启动Ⅱ级响应，疏散下风向人员",
                    "请求园区消防支援",
                ],
                "inject": 1,
            },
        )
        submit(ev, {"kind": "mark", "criterion": "c1", "score": 85, "note": "接报及时"})
        submit(
            ev, {"kind": "observation", "text": "指挥部 3 分钟内宣布启动Ⅱ级响应", "expected": "e1"}
        )
        room.sync()
        pages = {"seat": hq, "evaluator": ev, "presenter": room.url("presenter")}
        for width, height in SIZES:
            driver = browser.chrome(work / f"profile-{width}", width, height)
            try:
                for role, url in pages.items():
                    driver.get(url)
                    browser.wait_for(driver, lambda d: d.find_element("id", "link").text == "在线")
                    time.sleep(0.3)
                    driver.save_screenshot(str(out / f"{role}-{width}x{height}.png"))
                driver.get(hq)
                browser.wait_for(driver, lambda d: d.find_element("id", "link").text == "在线")
                tab = next(
                    b
                    for b in driver.find_elements("css selector", "button.tab")
                    if b.text == "信息报告"
                )
                driver.execute_script("arguments[0].click()", tab)
                time.sleep(0.3)
                driver.save_screenshot(str(out / f"seat-report-{width}x{height}.png"))
                driver.get(ev)
                browser.wait_for(driver, lambda d: d.find_element("id", "link").text == "在线")
                tab = next(
                    b
                    for b in driver.find_elements("css selector", "button.tab")
                    if b.text == "现场点评"
                )
                driver.execute_script("arguments[0].click()", tab)
                time.sleep(0.3)
                driver.save_screenshot(str(out / f"evaluator-hotwash-{width}x{height}.png"))
            finally:
                driver.quit()
    finally:
        room.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "room-screens"))
