"""In-process child of ``bench/ui_bench.py``: the window on the big database, driven as a user.

    python bench/ui_session.py interact --data-dir D [--quick]
        search keystrokes (1- and 2-character Chinese keywords, pinyin initials) and opening
        demand details, each alternated with its baseline in the same process
    python bench/ui_session.py memory --data-dir D [--quick]
        visit every page, scroll the demand list to the end and back, open a detail, scroll
        the contact list; then the peak RSS

Both print one JSON line (``ui_support.RESULT_PREFIX``) and exit.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import sqlite3
import sys
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ui_support as us
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QInputMethodEvent, QStandardItem, QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QTableView

from desktop import paths
from desktop.models.sqlite_file import readonly_uri
from desktop.ui.activities.page import ActivitiesPage
from desktop.ui.common.dialogs import show_dialog
from desktop.ui.contacts.page import ContactsPage
from desktop.ui.demands.page import DemandsPage
from desktop.ui.demands.table_model import DemandTableModel
from desktop.ui.workbench.page import WorkbenchPage
from liaison_wire.pinyin import pinyin_keys

_CJK = ("\u3400", "\u4dbf"), ("\u4e00", "\u9fff"), ("\uf900", "\ufaff")
FRAME_TIMEOUT_S = 20.0


def _is_cjk(ch: str) -> bool:
    return any(lo <= ch <= hi for lo, hi in _CJK)


# ---------------------------------------------------------------------------------------------
# What to type: chosen from the data itself, so every keyword finds something


@dataclass(frozen=True)
class Case:
    kind: str  # "1 汉字", "2 汉字", "拼音首字母"
    text: str  # the search text once the keystroke is in
    prefix: str  # what the box held before it
    how: str  # "ime" (an input method commits the word) or "key" (one key press)


def choose_cases(db_path: Path, per_kind: int) -> list[Case]:
    """The most frequent, a middling and a rarer 1- and 2-character keyword of the titles, and
    the pinyin initials of common two-character names (typed as letters: the last letter is
    the keystroke measured, its first letter's search has already run)."""
    conn = sqlite3.connect(readonly_uri(db_path), uri=True)
    try:
        rows = conn.execute(
            "SELECT title, requester_name FROM demand WHERE deleted_at IS NULL AND rowid % 40 = 0"
        ).fetchall()
    finally:
        conn.close()
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    initials: Counter[str] = Counter()
    for title, name in rows:
        chars = [ch for ch in title or "" if _is_cjk(ch)]
        uni.update(set(chars))
        text = title or ""
        bi.update(
            {
                text[i : i + 2]
                for i in range(len(text) - 1)
                if _is_cjk(text[i]) and _is_cjk(text[i + 1])
            }
        )
        if name:
            keys = pinyin_keys(name).initials
            if keys and len(keys) >= 2:
                initials[keys[:2]] += 1

    def spread(counter: Counter[str]) -> list[str]:
        ranked = [k for k, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]
        picks = [0, 9, 49, 2, 24, 99][:per_kind]
        return [ranked[min(i, len(ranked) - 1)] for i in picks]

    cases = [Case("1 汉字", w, "", "ime") for w in spread(uni)]
    cases += [Case("2 汉字", w, "", "ime") for w in spread(bi)]
    cases += [Case("拼音首字母", w, w[:-1], "key") for w in spread(initials)]
    return cases


def choose_activity_cases(db_path: Path, per_kind: int) -> list[Case]:
    """As :func:`choose_cases`, from the activities' titles and the initials of the volunteers
    who served."""
    conn = sqlite3.connect(readonly_uri(db_path), uri=True)
    try:
        titles = [t for (t,) in conn.execute(
            "SELECT title FROM activity WHERE deleted_at IS NULL AND rowid % 40 = 0"
        )]  # fmt: skip
        names = [n for (n,) in conn.execute("SELECT name FROM volunteer WHERE deleted_at IS NULL")]
    finally:
        conn.close()
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    for title in titles:
        uni.update({ch for ch in title if _is_cjk(ch)})
        bi.update(
            {title[i : i + 2] for i in range(len(title) - 1)
             if _is_cjk(title[i]) and _is_cjk(title[i + 1])}
        )  # fmt: skip
    initials = Counter(k[:2] for k in (pinyin_keys(n).initials for n in names) if len(k) >= 2)
    ranked = [
        [k for k, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))] for c in (uni, bi, initials)
    ]
    picks = [0, 9, 49][:per_kind]
    cases = [Case("活动 1 汉字", ranked[0][min(i, len(ranked[0]) - 1)], "", "ime") for i in picks]
    cases += [Case("活动 2 汉字", ranked[1][min(i, len(ranked[1]) - 1)], "", "ime") for i in picks]
    cases += [
        Case("志愿者首字母", w, w[:-1], "key")
        for w in (ranked[2][min(i, len(ranked[2]) - 1)] for i in picks)
    ]
    return cases


# ---------------------------------------------------------------------------------------------
# The window


def open_window(data_dir: Path) -> tuple[us.Started, us.JobLog]:
    started = us.start_like_run_app(data_dir)
    log = us.JobLog()
    log.install(started.context)
    workbench = next(p for p in started.window.pages if isinstance(p, WorkbenchPage))
    figure = workbench.figures["open"].value
    us.settle(started.context, lambda: figure.text() != "—")
    return started, log


def page_of(started: us.Started, kind: type) -> Any:
    return next(p for p in started.window.pages if isinstance(p, kind))


def show_demands(started: us.Started) -> DemandsPage:
    page: DemandsPage = started.window.show_page(DemandsPage)  # type: ignore[assignment]
    us.settle(started.context, lambda: not page.model.loading())
    return page


def show_activities(started: us.Started) -> ActivitiesPage:
    page: ActivitiesPage = started.window.show_page(ActivitiesPage)  # type: ignore[assignment]
    us.settle(started.context, lambda: not page.model.loading() and page.model.total > 0)
    return page


def check_failures(started: us.Started) -> None:
    if started.failures:
        raise us.BenchFailure("the window reported an unexpected error:\n" + started.failures[0])


# ---------------------------------------------------------------------------------------------
# Keystroke → list repainted


class Keystrokes:
    """Typing in a list page's search box (群众需求, 实践活动) until its table repaints."""

    def __init__(self, started: us.Started, log: us.JobLog, page: Any) -> None:
        self.started = started
        self.log = log
        self.page = page
        self.model = page.model
        self.viewport = us.FrameProbe(page.table.viewport(), dispatch=page.table.viewportEvent)
        self.timer = us.TimerProbe(page._search_timer)
        self.reset_at: float | None = None
        self.counted_at: float | None = None
        self.model.modelReset.connect(self._reset)
        # The demand list counts after its first page; the activity list with it.
        counted = getattr(self.model, "total_counted", None)
        if counted is not None:
            counted.connect(self._counted)
        self._measuring = False

    def _reset(self) -> None:
        if self._measuring and self.reset_at is None:
            self.reset_at = us.now()
            self.viewport.arm()

    def _counted(self, _total: int) -> None:
        if self._measuring and self.counted_at is None:
            self.counted_at = us.now()

    def prepare(self, prefix: str) -> None:
        """The box holds ``prefix`` and its list is shown and settled."""
        edit = self.page.search_edit
        if edit.text() != prefix:
            edit.setText(prefix)
        self.page.apply_filter()
        us.settle(self.started.context, lambda: not self.model.loading(), quiet_ms=80)

    def type(self, case: Case, profiler: cProfile.Profile | None = None) -> dict[str, Any]:
        """Type ``case``; with ``profiler``, profile the GUI thread from the timer to the frame."""
        self.prepare(case.prefix)
        self.timer.on_fire = profiler.enable if profiler else None
        self.viewport.on_frame = profiler.disable if profiler else None
        edit = self.page.search_edit
        typed = case.text[len(case.prefix) :]
        self.timer.fired_at = None
        self.reset_at = self.counted_at = None
        self.viewport.armed = False
        self.viewport.paint_at = self.viewport.frame_at = None
        self._measuring = True
        t_input = us.now()
        if case.how == "ime":
            event = QInputMethodEvent()
            event.setCommitString(typed)
            QApplication.sendEvent(edit, event)
        else:
            QTest.keyClick(edit, typed)
        t_typed = us.now()
        if edit.text() != case.text:
            raise us.BenchFailure(f"the search box holds {edit.text()!r}, not {case.text!r}")
        if not us.run_loop_until(self.viewport.done, FRAME_TIMEOUT_S, poll_ms=1):
            raise us.BenchFailure(f"the list never repainted after typing {case.text!r}")
        fired = self.timer.fired_at
        if fired is None:
            raise us.BenchFailure("the search timer's event was not seen")
        frame = self.viewport.frame_at
        paint = self.viewport.paint_at
        assert frame is not None and paint is not None and self.reset_at is not None
        us.settle(self.started.context, lambda: not self.model.loading(), quiet_ms=20)
        self._measuring = False
        jobs = self.log.since(fired)
        first = next((j for j in jobs if "reload" in j.name), None)
        count = next((j for j in jobs if "count" in j.name), None)
        ms = _ms
        result: dict[str, Any] = {
            "kind": case.kind,
            "text": case.text,
            "prefix": case.prefix,
            "rows": self.model.total,
            "input_handled_ms": ms(t_typed - t_input),
            "debounce_ms": ms(fired - t_input),
            "response_ms": ms(frame - fired),
            "paint_start_ms": ms(paint - fired),
            "viewport_paint_ms": ms(self.viewport.painted_at - paint)
            if self.viewport.painted_at
            else None,
            "reset_ms": ms(self.reset_at - fired),
            "count_shown_ms": ms(self.counted_at - fired) if self.counted_at else None,
        }
        if first is not None:
            result.update(_job_parts("first_page", first, fired))
        if count is not None:
            result.update(_job_parts("count", count, fired))
        return result


def _job_parts(prefix: str, job: us.Job, t0: float) -> dict[str, float | None]:
    def rel(t: float | None) -> float | None:
        return None if t is None else _ms(t - t0)

    return {
        f"{prefix}_submitted_ms": rel(job.submitted),
        f"{prefix}_started_ms": rel(job.started),
        f"{prefix}_ended_ms": rel(job.ended),
        f"{prefix}_delivered_ms": rel(job.delivered),
        f"{prefix}_handled_ms": rel(job.handled),
    }


def _ms(seconds: float) -> float:
    return round(seconds * 1000.0, 3)


class PlainTable:
    """The keystroke baseline: a QTableView of the same size, columns, row height and font over
    a QStandardItemModel whose rows are replaced by 50 others (already in memory: no SQL)."""

    ROWS = 50

    def __init__(self, page: DemandsPage) -> None:
        source = page.table
        self.model = QStandardItemModel(0, DemandTableModel.COLUMN_COUNT)
        view = QTableView()
        view.setModel(self.model)
        view.setFont(source.font())
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(source.verticalHeader().defaultSectionSize())
        header = view.horizontalHeader()
        for column in range(DemandTableModel.COLUMN_COUNT):
            header.resizeSection(column, source.horizontalHeader().sectionSize(column))
            self.model.setHeaderData(
                column,
                Qt.Orientation.Horizontal,
                page.model.headerData(column, Qt.Orientation.Horizontal),
            )
        view.resize(source.size())
        self.view = view
        self.probe = us.FrameProbe(view.viewport(), dispatch=view.viewportEvent)
        self.paint_ms: list[float] = []
        model = page.model
        self.sets = [
            [
                [str(model.data(model.index(r, c)) or "") for c in range(model.columnCount())]
                for r in range(start, start + self.ROWS)
            ]
            for start in (0, self.ROWS)
        ]
        self.turn = 0
        view.show()

    def replace(self) -> float:
        rows = self.sets[self.turn % 2]
        self.turn += 1
        self.probe.armed = False
        self.probe.paint_at = self.probe.frame_at = None
        t0 = us.now()
        self.model.setRowCount(0)
        for texts in rows:
            self.model.appendRow([QStandardItem(text) for text in texts])
        self.probe.arm()
        if not us.run_loop_until(self.probe.done, FRAME_TIMEOUT_S, poll_ms=1):
            raise us.BenchFailure("the baseline table never repainted")
        assert self.probe.frame_at is not None and self.probe.paint_at is not None
        if self.probe.painted_at is not None:
            self.paint_ms.append(_ms(self.probe.painted_at - self.probe.paint_at))
        return _ms(self.probe.frame_at - t0)


# ---------------------------------------------------------------------------------------------
# Row + Enter → detail painted


class Details:
    """Enter on a list's row until its dialog has painted the record: a demand's detail (its
    heading filled in) or an activity's form (its title filled in)."""

    def __init__(
        self,
        started: us.Started,
        log: us.JobLog,
        page: Any,
        slot: Any,
        content: Any,
    ) -> None:
        self.started = started
        self.log = log
        self.page = page
        self.slot = slot
        self.content = content  # the dialog -> the widget whose text shows the record

    def select(self, row: int) -> None:
        page = self.page
        index = page.model.index(row, 0)
        page.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        page.table.scrollTo(index)
        page.table.setFocus()
        us.settle(self.started.context, lambda: not page.model.loading(), quiet_ms=40)

    def open(self, row: int, profiler: cProfile.Profile | None = None) -> dict[str, Any]:
        """Enter on ``row``; with ``profiler``, profile the GUI thread until the content frame."""
        self.select(row)
        page = self.page
        before = self.slot.dialog
        if profiler is not None:
            profiler.enable()
        t0 = us.now()
        QTest.keyClick(page.table, Qt.Key.Key_Return)
        t_built = us.now()
        dialog = self.slot.dialog
        if dialog is None or dialog is before:
            raise us.BenchFailure(f"Enter on row {row} opened no detail dialog")
        first = us.FrameProbe(dialog)
        first.arm()
        heading = self.content(dialog)
        content = us.FrameProbe(heading)
        content.arm(lambda: bool(heading.text()))
        if profiler is not None:
            content.on_frame = profiler.disable
        if not us.run_loop_until(lambda: first.done() and content.done(), FRAME_TIMEOUT_S, 1):
            raise us.BenchFailure(f"the detail of row {row} never painted its content")
        assert first.frame_at is not None and content.frame_at is not None
        job = next((j for j in self.log.since(t0) if "reload" in j.name), None)
        result: dict[str, Any] = {
            "row": row,
            "number": heading.text().split("\u3000")[0],
            "built_ms": _ms(t_built - t0),
            "first_frame_ms": _ms(first.frame_at - t0),
            "content_frame_ms": _ms(content.frame_at - t0),
        }
        if job is not None:
            result.update(_job_parts("load", job, t0))
        dialog.reject()
        us.settle(self.started.context, quiet_ms=30)
        return result

    def open_empty(self) -> float:
        """The baseline: an empty QDialog of the same size, opened the same way."""
        t0 = us.now()
        dialog = QDialog(self.page)
        dialog.resize(820, 760)
        probe = us.FrameProbe(dialog)
        probe.arm()
        show_dialog(dialog)  # fitted to the screen and opened, as every dialog is
        if not us.run_loop_until(probe.done, FRAME_TIMEOUT_S, 1):
            raise us.BenchFailure("the empty dialog never painted")
        assert probe.frame_at is not None
        elapsed = _ms(probe.frame_at - t0)
        dialog.reject()  # deleted once closed
        us.settle(self.started.context, quiet_ms=30)
        return elapsed


def run_interact(data_dir: Path, quick: bool) -> dict[str, Any]:
    reps = 2 if quick else 5
    cases = choose_cases(paths.database_path(data_dir), 2 if quick else 3)
    started, log = open_window(data_dir)
    page = show_demands(started)
    activity_cases = choose_activity_cases(paths.database_path(data_dir), 2 if quick else 3)
    plain = PlainTable(page)
    keystrokes = Keystrokes(started, log, page)
    # One unmeasured round: the first search of a keyword warms SQLite's cache for it.
    for case in cases:
        keystrokes.type(case)
        plain.replace()
    typed: list[dict[str, Any]] = []
    baseline: list[float] = []
    for rep in range(reps):
        for case in cases:
            if rep % 2:
                baseline.append(plain.replace())
                typed.append(keystrokes.type(case))
            else:
                typed.append(keystrokes.type(case))
                baseline.append(plain.replace())
    check_failures(started)
    plain.view.close()

    keystrokes.prepare("")
    details = Details(started, log, page, page.detail_dialog, lambda d: d.heading)
    rows = [5 * i for i in range(10 if quick else 20)]
    details.open(99)  # warm-up (not measured): the first dialog loads its modules' Qt classes
    details.open_empty()
    opened: list[dict[str, Any]] = []
    empty: list[float] = []
    for i, row in enumerate(rows):
        if i % 2:
            empty.append(details.open_empty())
            opened.append(details.open(row))
        else:
            opened.append(details.open(row))
            empty.append(details.open_empty())
    check_failures(started)

    # Where the GUI thread's time goes (after the measured runs, which ran unprofiled).
    keystroke_profile = cProfile.Profile()
    for case in cases:
        keystrokes.type(case, keystroke_profile)
    keystrokes.prepare("")
    detail_profile = cProfile.Profile()
    for row in rows[:5]:
        details.open(row, detail_profile)
    check_failures(started)
    keystrokes.prepare("")

    # The same on 实践活动: 100,000 activities and their 300,000 service records.
    activities = show_activities(started)
    activity_keys = Keystrokes(started, log, activities)
    for case in activity_cases:  # unmeasured: warms SQLite's cache for each keyword
        activity_keys.type(case)
    activity_typed = [activity_keys.type(case) for _rep in range(reps) for case in activity_cases]
    activity_keys.prepare("")
    forms = Details(started, log, activities, activities.form_dialog, lambda d: d.title_edit)
    forms.open(99)  # warm-up
    activity_opened = [forms.open(row) for row in rows]
    check_failures(started)
    result = {
        "activity_cases": [asdict(c) for c in activity_cases],
        "activity_keystrokes": activity_typed,
        "activity_details": activity_opened,
        "cases": [asdict(c) for c in cases],
        "profile_keystroke": us.profile_rows(keystroke_profile, len(cases)),
        "profile_detail": us.profile_rows(detail_profile, 5),
        "keystrokes": typed,
        "keystroke_baseline_ms": baseline,
        "keystroke_baseline_paint_ms": plain.paint_ms[-len(baseline) :],
        "details": opened,
        "detail_baseline_ms": empty,
        "table_viewport": [page.table.viewport().width(), page.table.viewport().height()],
        "peak_rss_mb": us.peak_rss_mb(),
    }
    us.stop(started)
    return result


# ---------------------------------------------------------------------------------------------
# Memory after browsing everything


def _scroll_through(started: us.Started, table: QTableView, model: Any, steps: int) -> None:
    bar = table.verticalScrollBar()
    targets = [round(bar.maximum() * k / steps) for k in range(1, steps + 1)]
    for value in [*targets, *reversed([0, *targets[:-1]])]:
        bar.setValue(value)
        us.settle(started.context, lambda: not model.loading(), quiet_ms=10)


def run_memory(data_dir: Path, quick: bool) -> dict[str, Any]:
    steps = 12 if quick else 40
    t0 = us.now()
    started, _log = open_window(data_dir)
    window = started.window
    after_start = us.peak_rss_mb()
    visited: dict[str, float] = {}
    for row, page in enumerate(window.pages):
        window.navigation.setCurrentRow(row)
        loading = getattr(getattr(page, "model", None), "loading", None)
        us.settle(started.context, lambda busy=loading: busy is None or not busy())
        visited[page.title()] = round(us.peak_rss_mb(), 1)
    demands = show_demands(started)
    _scroll_through(started, demands.table, demands.model, steps)
    after_scroll = us.peak_rss_mb()
    details = Details(started, _log, demands, demands.detail_dialog, lambda d: d.heading)
    opened = details.open(0)
    contacts: ContactsPage = window.show_page(ContactsPage)  # type: ignore[assignment]
    us.settle(started.context, lambda: not contacts.model.loading())
    _scroll_through(started, contacts.table, contacts.model, steps)
    check_failures(started)
    result = {
        "peak_rss_mb": us.peak_rss_mb(),
        "rss_parts_mb": us.rss_parts_mb(),
        "peak_after_start_mb": after_start,
        "peak_after_each_page_mb": visited,
        "peak_after_demand_scroll_mb": after_scroll,
        "detail_content_ms": opened["content_frame_ms"],
        "demand_rows": demands.model.rowCount(),
        "contact_rows": contacts.model.rowCount(),
        "scroll_steps": steps,
        "seconds": round(us.now() - t0, 1),
    }
    us.stop(started)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("interact", "memory"))
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    data_dir = args.data_dir.resolve()
    if args.mode == "interact":
        result = run_interact(data_dir, args.quick)
    else:
        result = run_memory(data_dir, args.quick)
    us.emit_result(result)
    us.hard_exit(0)


if __name__ == "__main__":
    try:
        main()
    except Exception as error:
        import traceback

        traceback.print_exc()
        us.emit_result({"error": f"{type(error).__name__}: {error}"})
        us.hard_exit(1)
