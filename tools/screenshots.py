"""Render every page of the main window with demo data to PNG, as the officer sees it.

    python tools/screenshots.py OUT_DIR [--scale 1.5] [--lang en]

Uses a fresh demo database (2,000 demands) at 1366×768, a common office screen, offscreen.
Chinese needs a CJK font: the script picks Noto Sans CJK SC (Debian: fonts-noto-cjk) or
another installed CJK font, says which, and refuses to render boxes when none is installed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

WIDTH, HEIGHT = 1366, 768
PREFERRED_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--scale", default="1", help="QT_SCALE_FACTOR, e.g. 1.5 for 150 %")
    parser.add_argument("--lang", default="zh_CN")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_SCALE_FACTOR"] = args.scale

    from PySide6.QtGui import QFont, QFontDatabase

    from desktop import paths
    from desktop.models.db import open_database
    from desktop.models.demo import DemoSize, generate_demo
    from desktop.ui.app import application, build_context
    from desktop.ui.main_window import MainWindow

    app = application(args.lang)
    families = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    chosen = next((f for f in PREFERRED_FONTS if f in families), None) or next(
        iter(sorted(families)), None
    )
    if chosen is None:
        print("没有找到中文字体（例如 apt-get install fonts-noto-cjk），截图会显示方框，已停止。")
        return 1
    font = QFont(app.font())
    font.setFamily(chosen)
    app.setFont(font)
    print(f"字体：{chosen}")

    args.out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        db = open_database(paths.database_path(data_dir))
        generate_demo(db, DemoSize(demands=2000, contacts=800, activities=60, volunteers=40))
        context = build_context(db, data_dir, data_dir / "log.txt")
        window = MainWindow(context)
        window.resize(WIDTH, HEIGHT)
        window.show()
        for row, page in enumerate(window.pages):
            window.navigation.setCurrentRow(row)
            _settle(app, context)
            name = type(page).__name__.removesuffix("Page").lower()
            target = args.out_dir / f"{row + 1:02d}-{name}.png"
            window.grab().save(str(target))
            print(f"{target}  {page.title()}")
        window.close()
        context.tasks.shutdown()
        db.close()
    return 0


def _settle(app: object, context: object) -> None:
    """Let background loads finish and the page repaint."""
    import time

    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if context.tasks.pending == 0:  # type: ignore[attr-defined]
            break
        time.sleep(0.02)
    for _ in range(5):
        QApplication.processEvents()
        time.sleep(0.02)


if __name__ == "__main__":
    sys.exit(main())
