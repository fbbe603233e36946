"""Render the main window's pages and every dialog with demo data to PNG, as the officer sees
them, and measure whether each fits the screen.

    python tools/screenshots.py OUT_DIR [--scale 1.5] [--lang en] [--demands N]
                                        [--measure FILE.json] [--only NAME …]

The screen is an office PC's: 1366×768 with a 40-pixel taskbar (1366×728 for windows), or with
``--scale 1.5`` a 1920×1080 screen at 150 % with a 48-pixel taskbar (1280×688 logical pixels).
Everything runs offscreen on a fresh demo database; the dialogs are opened the way an officer
opens them (the page's buttons and shortcuts), filled where that shows more (every error of an
empty form, a long description), and closed again. ``--measure`` writes, for each window, its
frame (with a title bar and borders as Windows draws them), the screen's work area and where its
buttons and status bar are, and the dialog classes of desktop/ui that the tour opened;
tests/ui/test_screen_fit.py checks them at both settings.

Chinese needs a CJK font: the script picks Noto Sans CJK SC (Debian: fonts-noto-cjk) or another
installed CJK font, says which, and refuses to render boxes when none is installed.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PREFERRED_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei")
# Work areas (the screen less the Windows taskbar), in physical pixels.
SCREENS = {
    "1": (1366, 768 - 40),
    "1.5": (1920, 1080 - 48),
}
LONG_DESCRIPTION = (
    "王大爷今年七十八岁，独自住在村东头三组，老伴去年去世，儿子在长春打工，一个月回来一次。"
    "他家的老房子屋顶漏雨，入冬以后西屋的炕不好烧，烟倒灌进屋里，"
    "前天夜里还差点煤烟中毒，幸亏邻居发现得早。他希望村里能帮忙找人修一修屋顶和炕，"
    "最好在下大雪之前修好，请联系他儿子 138 1234 5678。"
)


def configure_screen(scale: str) -> None:
    """Point Qt's offscreen platform at an office screen (before QApplication exists)."""
    width, height = SCREENS.get(scale, SCREENS["1"])
    config = Path(tempfile.gettempdir()) / f"liaison-screen-{width}x{height}.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "office",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ["QT_SCALE_FACTOR"] = scale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--scale", default="1", help="QT_SCALE_FACTOR: 1, or 1.5 for 150 %%")
    parser.add_argument("--lang", default="zh_CN")
    parser.add_argument("--demands", type=int, default=2000)
    parser.add_argument("--measure", type=Path, help="write the windows' geometry here (JSON)")
    parser.add_argument("--only", nargs="*", default=None, help="render only these names")
    args = parser.parse_args(argv)
    configure_screen(args.scale)

    from PySide6.QtGui import QFont, QFontDatabase

    from desktop.ui.app import application

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
    tour = Tour(args.out_dir, args.only)
    with tempfile.TemporaryDirectory() as tmp:
        tour.run(Path(tmp), args.demands)
    if args.measure is not None:
        args.measure.write_text(
            json.dumps(tour.report(), ensure_ascii=False, indent=1), encoding="utf-8"
        )
    return 0


class Tour:
    """Opens everything an officer can open and hands each window, loaded, to :meth:`visit`."""

    def __init__(self, out_dir: Path, only: list[str] | None) -> None:
        self.out_dir = out_dir
        self.only = set(only) if only else None
        self.windows: dict[str, dict[str, Any]] = {}
        self.dialog_classes: set[str] = set()
        self.context: Any = None

    # ---- running ----------------------------------------------------------------------------

    def run(self, data_dir: Path, demands: int) -> None:
        from desktop import paths
        from desktop.demo.generate import DemoSize, generate_demo
        from desktop.models.db import open_database
        from desktop.ui.app import build_context
        from desktop.ui.main_window import MainWindow

        db = open_database(paths.database_path(data_dir))
        generate_demo(db, DemoSize(demands=demands, contacts=400, activities=60, volunteers=40))
        self.context = build_context(db, data_dir, data_dir / "log.txt")
        window = MainWindow(self.context)
        window.show()
        try:
            self.settle()
            self.tour_pages(window)
            self.tour_demands(window)
            self.tour_activities(window, data_dir)
            self.tour_volunteers(window)
            self.tour_statistics(window)
            self.tour_contacts(window, data_dir)
            self.tour_first_run(window)
        finally:
            window.close()
            self.settle()
            self.context.tasks.shutdown()
            db.close()

    def settle(self, until: Callable[[], bool] | None = None, timeout: float = 10.0) -> None:
        """Let background loads finish (and ``until`` come true) and the windows repaint."""
        from PySide6.QtWidgets import QApplication

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            QApplication.processEvents()
            done = self.context is None or self.context.tasks.pending == 0
            if done and (until is None or until()):
                break
            time.sleep(0.02)
        else:
            raise RuntimeError("the window did not settle in time")
        for _ in range(3):
            QApplication.processEvents()
            time.sleep(0.01)

    # ---- what is seen -----------------------------------------------------------------------

    def visit(self, name: str, widget: Any) -> None:
        """Save ``widget``'s window as ``name``.png and note its geometry."""
        from PySide6.QtCore import QRect
        from PySide6.QtWidgets import QAbstractScrollArea, QDialog, QPushButton, QStatusBar

        from desktop.ui.common.dialogs import FRAME_ALLOWANCE, screen_of

        if isinstance(widget, QDialog):
            # A base form (ActionDialog) is opened through the dialogs built on it.
            self.dialog_classes.update(
                cls.__name__
                for cls in type(widget).__mro__
                if issubclass(cls, QDialog) and cls.__module__.startswith("desktop.ui.")
            )
        if self.only is not None and name not in self.only:
            return
        self.settle()
        window = widget.window()
        area = screen_of(window).availableGeometry()
        # Where the window system put the frame, as large as Windows draws it.
        frame = QRect(window.frameGeometry().topLeft(), window.size().grownBy(FRAME_ALLOWANCE))

        def rect(r: Any) -> list[int]:
            return [r.x(), r.y(), r.width(), r.height()]

        def global_rect(w: Any) -> list[int]:
            top_left = w.mapToGlobal(w.rect().topLeft())
            return [top_left.x(), top_left.y(), w.width(), w.height()]

        def scrolls(w: Any) -> bool:
            """Inside a scroll area: reached by scrolling, not on screen all the time."""
            parent = w.parentWidget()
            while parent is not None and parent is not window:
                if isinstance(parent, QAbstractScrollArea):
                    return True
                parent = parent.parentWidget()
            return False

        buttons = [
            {"text": b.text(), "rect": global_rect(b)}
            for b in window.findChildren(QPushButton)
            if b.isVisible() and b.window() is window and not scrolls(b)
        ]
        status = [global_rect(bar) for bar in window.findChildren(QStatusBar) if bar.isVisible()]
        self.windows[name] = {
            "class": type(window).__name__,
            "frame": rect(frame),
            "geometry": rect(window.geometry()),
            "area": rect(area),
            "buttons": buttons,
            "status_bar": status,
        }
        target = self.out_dir / f"{name}.png"
        window.grab().save(str(target))
        print(f"{target}  {window.windowTitle()}")

    def report(self) -> dict[str, Any]:
        return {
            "windows": self.windows,
            "dialog_classes_opened": sorted(self.dialog_classes),
            "dialog_classes_defined": sorted(dialog_classes_defined()),
        }

    # ---- the tour ---------------------------------------------------------------------------

    def tour_pages(self, window: Any) -> None:
        for row, page in enumerate(window.pages):
            window.navigation.setCurrentRow(row)
            self.settle()
            name = type(page).__name__.removesuffix("Page").lower()
            self.visit(f"{row + 1:02d}-{name}", window)
        window.navigation.setCurrentRow(0)

    @contextmanager
    def opened(self, slot: Any, opener: Callable[[], None]) -> Iterator[Any]:
        """Open a dialog through ``opener`` (as the officer would), yield it loaded, close it."""
        opener()
        self.settle(lambda: slot.dialog is not None and slot.dialog.isVisible())
        dialog = slot.dialog
        try:
            yield dialog
        finally:
            if slot.dialog is not None:
                slot.dialog.done(0)
            self.settle(lambda: slot.dialog is None)

    def tour_demands(self, window: Any) -> None:
        from desktop.ui.demands.page import DemandsPage

        page = window.show_page(DemandsPage)
        self.settle(lambda: page.model.rowCount() > 0)
        with self.opened(page.register_dialog, page.open_register_dialog) as form:
            self.settle(lambda: form.ready)
            self.visit("demand-form", form)
            form.description_edit.setPlainText(LONG_DESCRIPTION)
            form.accept()  # nothing else filled in: every error at once
            self.settle(lambda: not form._saving)
            self.visit("demand-form-errors", form)
            form.drafts.clear()
            form._finish()
        with self.opened(page.menu_dialog, page.open_menu_dialog) as menu:
            self.settle(lambda: menu.ready)
            self.visit("menu-order", menu)

        row = self.row_awaiting_evaluation(page)
        with self.opened(page.detail_dialog, lambda: page.open_detail(row)) as detail:
            self.settle(lambda: detail.loaded)
            self.visit("demand-detail", detail)
            with self.opened(detail.evaluation_dialog, detail.evaluate) as evaluation:
                evaluation.accept()  # no choice yet: the error shows
                self.visit("evaluation", evaluation)
            with self.opened(detail.receipt_prompt, detail.print_receipt) as prompt:
                self.visit("receipt-prompt", prompt)

        # Following up: an overdue demand (补充说明, 催办), a new one the county has not taken
        # up yet (撤回).
        page.awaiting_box.setChecked(False)
        page.overdue_box.setChecked(True)
        self.settle(lambda: page.model.total is not None and page.model.rowCount() > 0)
        with self.opened(page.detail_dialog, lambda: page.open_detail(0)) as detail:
            self.settle(lambda: detail.loaded)
            self.visit("demand-detail-overdue", detail)
            with self.opened(detail.follow_up_dialog, detail.add_note) as note:
                self.visit("follow-up-note", note)
            with self.opened(detail.follow_up_dialog, detail.urge) as urge:
                self.visit("follow-up-urge", urge)
        page.overdue_box.setChecked(False)
        page.status_combo.setCurrentIndex(page.status_combo.findText("已上报"))
        self.settle(lambda: page.model.total is not None and page.model.rowCount() > 0)
        with self.opened(page.detail_dialog, lambda: page.open_detail(0)) as detail:
            self.settle(lambda: detail.loaded)
            with self.opened(detail.follow_up_dialog, detail.withdraw) as withdraw:
                withdraw.accept()  # no reason yet: the error shows
                self.visit("follow-up-withdraw", withdraw)
        page.clear_filters()

    def tour_activities(self, window: Any, data_dir: Path) -> None:
        from desktop.ui.activities.page import ActivitiesPage

        page = window.show_page(ActivitiesPage)
        self.settle(lambda: page.model.total > 0)
        with self.opened(page.form_dialog, page.open_register_dialog) as form:
            self.settle(lambda: form.save_button.isEnabled())
            self.visit("activity-form", form)
            form.summary_edit.setPlainText(LONG_DESCRIPTION)
            form.accept()  # nothing else filled in: every error at once
            self.settle(lambda: not form._saving)
            self.visit("activity-form-errors", form)
            form._finish()
        page.table.selectRow(0)
        with self.opened(page.form_dialog, page.open_current) as edit:
            self.settle(lambda: edit.save_button.isEnabled())
            self.visit("activity-edit", edit)
            with self.opened(edit.picker, edit._pick_demand) as picker:
                self.visit("demand-picker", picker)
            edit.photos.add_file(write_demo_photo(data_dir / "活动照片.png"))
            self.settle(lambda: edit.photos.list.count() > 0)
            edit.photos.list.setCurrentRow(0)
            with self.opened(edit.photos.viewer, edit.photos.view_current) as viewer:
                self.visit("photo-view", viewer)
            edit._finish()
        with self.opened(page.hours_dialog, page.open_hours) as hours:
            self.settle(lambda: hours.sheet is not None)
            self.visit("service-hours", hours)
            hours.table.selectRow(0)
            with self.opened(hours.correction, hours.open_correction) as correction:
                correction.accept()  # nothing filled in: both errors
                self.settle(lambda: not correction._saving)
                self.visit("hours-correction", correction)

    def tour_volunteers(self, window: Any) -> None:
        from PySide6.QtCore import Qt

        from desktop.ui.volunteers.page import VolunteersPage

        page = window.show_page(VolunteersPage)
        self.settle(lambda: page.model.rowCount() > 0)
        page.table.selectRow(0)
        with self.opened(page.detail_dialog, page.open_current) as detail:
            self.settle(lambda: detail.detail is not None)
            self.visit("volunteer", detail)
            detail.tabs.setCurrentIndex(1)
            self.visit("volunteer-points", detail)
            with self.opened(detail.action, lambda: detail._points(deduct=True)) as points:
                points.reason_edit.clear()
                points.accept()  # no reason: the error shows
                self.settle(lambda: not points._saving)
                self.visit("points-deduct", points)
            with self.opened(detail.action, detail._redeem) as redeem:
                self.visit("points-redeem", redeem)
            with self.opened(detail.action, detail._award) as award:
                self.visit("star-award", award)
            with self.opened(detail.action, detail._commend) as honour:
                honour.accept()  # nothing filled in: every error
                self.settle(lambda: not honour._saving)
                self.visit("commendation", honour)
        with self.opened(page.form_dialog, lambda: page.open_form(None)) as new:
            self.settle(lambda: new.save_button.isEnabled())
            new.accept()  # no name: the error shows
            self.settle(lambda: not new._saving)
            self.visit("volunteer-new", new)
            new._original = None
        with self.opened(page.form_dialog, page.edit_current) as edit:
            self.settle(lambda: edit.save_button.isEnabled())
            self.visit("volunteer-edit", edit)
        page.tabs.setCurrentIndex(1)
        self.visit("teams", window)
        with self.opened(page.team_dialog, page.new_squad) as squad:
            self.visit("squad-new", squad)
        squads = [n for n in page.nodes if n.editable]
        item = page.tree.findItems(squads[0].name, Qt.MatchFlag.MatchRecursive)[0]
        page.tree.setCurrentItem(item)
        with self.opened(page.team_dialog, page.set_leader) as leader:
            self.visit("squad-leader", leader)
        page.tabs.setCurrentIndex(0)

    def tour_statistics(self, window: Any) -> None:
        from desktop.ui.statistics.page import StatisticsPage

        page = window.show_page(StatisticsPage)
        page.kind_combo.setCurrentIndex(page.kind_combo.findData("year"))
        self.settle(lambda: page.report is not None and page.report.period.kind == "year")
        self.visit("statistics-year", window)
        page.tabs.setCurrentIndex(page.tabs.count() - 1)
        self.visit("statistics-charts", window)
        page.tabs.setCurrentIndex(0)
        table = page.figure_tables["需求办理"]
        with self.opened(page.records_dialog, lambda: page.open_figure(table, 1)) as records:
            self.settle(lambda: records.model.rowCount() > 0)
            self.visit("figure-records", records)
        page.kind_combo.setCurrentIndex(page.kind_combo.findData("custom"))
        page.to_edit.setDate(page.from_edit.date().addDays(-3))
        page.compute()
        self.visit("statistics-bad-range", window)
        page.kind_combo.setCurrentIndex(0)
        self.settle()

    def row_awaiting_evaluation(self, page: Any) -> int:
        """A demand the county resolved (it has the longest timeline and 评价)."""
        page.awaiting_box.setChecked(True)
        self.settle(lambda: page.model.total is not None)
        if page.model.rowCount() == 0:
            page.awaiting_box.setChecked(False)
            self.settle(lambda: page.model.rowCount() > 0)
        return 0

    def tour_contacts(self, window: Any, data_dir: Path) -> None:
        from desktop.ui.contacts.page import ContactsPage

        page = window.show_page(ContactsPage)
        self.settle(lambda: page.model.total > 0)
        with self.opened(page.edit_dialog, page.open_new) as new:
            self.visit("contact-new", new)
        page.table.selectRow(0)
        with self.opened(page.edit_dialog, page.open_current) as edit:
            self.settle(lambda: edit.save_button.isEnabled())
            self.visit("contact-edit", edit)
        with self.opened(page.grid_dialog, page.open_grids) as grids:
            self.visit("grids", grids)
            grids.table.selectRow(0)
            with self.opened(grids.picker, grids._ask_leader) as picker:
                picker.search_edit.setText("zh")
                picker.search()
                self.visit("contact-picker", picker)
        roster = write_demo_roster(data_dir / "花名册.xlsx")
        with self.opened(page.import_dialog, page.open_import) as importer:
            self.visit("import-file", importer)
            importer.load_file(roster)
            self.settle(lambda: importer.sheet is not None)
            self.visit("import-mapping", importer)
            importer._next()
            self.settle(lambda: importer.preview_model.rowCount() > 0)
            self.visit("import-preview", importer)
            importer.start_import()
            self.settle(lambda: importer.report is not None, timeout=30)
            self.visit("import-report", importer)

    def tour_first_run(self, window: Any) -> None:
        from desktop.ui.common.dialogs import fit_to_screen
        from desktop.ui.settings.first_run_dialog import FirstRunDialog

        dialog = FirstRunDialog(self.context)
        fit_to_screen(dialog)
        dialog.show()
        self.visit("first-run", dialog)
        dialog.form.division_code.setText("22012210")
        dialog.save()  # every field's error
        self.visit("first-run-errors", dialog)
        dialog.done(0)
        dialog.deleteLater()
        self.settle()


def write_demo_roster(path: Path) -> Path:
    """A village roster as county templates lay it out: a merged title, a header row, and a
    few villagers (some with the mistakes rosters really have)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append(["陈家店村村民花名册（2026年）"])
    sheet.merge_cells("A1:H1")
    sheet.append(["序号", "姓名", "性别", "身份证号码", "联系电话", "村民小组", "家庭住址", "人员类别"])
    rows = [
        ("刘桂芝", "女", "", "13904311234", "一组", "陈家店村一组12号", "留守老人"),
        ("张德福", "男", "", "0431-84561234", "一组", "陈家店村一组15号", "脱贫户"),
        ("王秀英", "女", "", "1390431", "二组", "陈家店村二组3号", ""),
        ("", "", "", "", "二组", "", ""),
        ("李长青", "男", "", "13756789012", "三组", "陈家店村三组8号", "退役军人"),
    ]
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    book.save(path)
    return path


def write_demo_photo(path: Path) -> Path:
    """A picture to attach (a plain drawing: a stage and a crowd)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 800), (222, 235, 247))
    draw = ImageDraw.Draw(image)
    draw.rectangle((300, 200, 900, 520), fill=(180, 40, 40))
    for n in range(12):
        x = 140 + n * 80
        draw.ellipse((x, 600, x + 50, 650), fill=(60, 60, 60))
    image.save(path)
    return path


def dialog_classes_defined() -> set[str]:
    """Every QDialog subclass defined in desktop/ui (the tour must open each)."""
    from PySide6.QtWidgets import QDialog

    import desktop.ui

    for module in pkgutil.walk_packages(desktop.ui.__path__, "desktop.ui."):
        importlib.import_module(module.name)
    found: set[str] = set()
    pending = list(QDialog.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("desktop.ui."):
            found.add(cls.__name__)
    return found


if __name__ == "__main__":
    sys.exit(main())
