"""The English build (``liaison --lang en``): every message of resources/i18n/liaison_en.ts is
translated, the catalogue matches the code, and the main window comes up in English.

Texts made by the Qt-free layers (validation messages of desktop/models, sync errors) and the
officer's own data stay Chinese in the English build; these tests look only at the UI's texts.
The checks themselves live in tools/translate_check.py (also a command-line tool).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from desktop.models.db import open_database
from desktop.sync import credentials
from desktop.ui.app import build_context
from desktop.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
# Han characters and the CJK/full-width punctuation a Chinese text brings along (，。：（）).
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"\{\d*\}|%\d+|%n")
QUOTED = re.compile(r'"[^"]*"')


def _load_checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "translate_check", ROOT / "tools" / "translate_check.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


check = _load_checker()


# --- the catalogue ---------------------------------------------------------------------------


def test_every_message_has_a_finished_translation() -> None:
    catalogue = check.read_catalogue()
    assert len(catalogue) > 400
    assert check.unfinished() == [], "untranslated (fill in resources/i18n/liaison_en.ts)"


def test_translations_keep_placeholders_and_are_english() -> None:
    wrong = []
    for (context, source), text in check.read_catalogue().items():
        assert text is not None
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            wrong.append((context, source, text, "placeholders differ"))
        # A Chinese word the officer meets as such (a roster's header "姓名") may stay, quoted.
        if CJK.search(QUOTED.sub("", text)):
            wrong.append((context, source, text, "Chinese left in the English"))
    assert wrong == []


def test_catalogue_is_current_with_the_code(tmp_path: Path) -> None:
    """A fresh lupdate of desktop/ui finds exactly the catalogue's (context, source) pairs: a
    new self.tr("…") without an English entry fails here (run `make translations`)."""
    extracted = check.extract(tmp_path)
    catalogue = set(check.read_catalogue())
    assert sorted(extracted - catalogue) == [], "in the code, missing from the catalogue"
    assert sorted(catalogue - extracted) == [], "in the catalogue, gone from the code"


def test_texts_translated_at_run_time_are_extracted(tmp_path: Path) -> None:
    """Labels handed to translate() as variables and ``_tr("…")`` helper calls are invisible to
    lupdate; the QT_TRANSLATE_NOOP lists beside them must keep up with the domain rules."""
    extracted = check.extract(tmp_path)
    lookups, misuse = check.hidden_lookups()
    assert misuse == []
    for context, labels in check.runtime_labels().items():
        assert labels
        lookups |= {(context, label) for label in labels}
    assert sorted(lookups - extracted) == []


def test_lrelease_compiles_every_message(tmp_path: Path) -> None:
    total = len(check.read_catalogue())
    report = check.compile_qm(check.TS_PATH, tmp_path / "liaison_en.qm")
    assert f"Generated {total} translation(s) ({total} finished and 0 unfinished)" in report


# --- the main window in English --------------------------------------------------------------


class RecordingTranslator(QTranslator):
    """The English catalogue, remembering which Chinese texts it was asked for and missed."""

    def __init__(self, catalogue: QTranslator) -> None:
        super().__init__()
        self.catalogue = catalogue
        self.asked: set[tuple[str, str]] = set()
        self.found: set[str] = set()

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        text = self.catalogue.translate(context, source, disambiguation, n)
        if text:
            self.found.add(source)
            return text
        if CJK.search(source):
            self.asked.add((context, source))
        return None  # not found: Qt falls back to the next translator or the source

    def isEmpty(self) -> bool:
        return False

    def missed(self) -> list[tuple[str, str]]:
        # PySide's self.tr() asks the class, then each base class: a miss under a subclass's
        # name is no miss when a base class's context has the text.
        return sorted((c, s) for c, s in self.asked if s not in self.found)


@pytest.fixture
def english(qapp: QApplication, tmp_path: Path) -> Iterator[RecordingTranslator]:
    qm = tmp_path / "liaison_en.qm"
    check.compile_qm(check.TS_PATH, qm)
    catalogue = QTranslator()
    assert catalogue.load(str(qm))
    recorder = RecordingTranslator(catalogue)
    qapp.installTranslator(recorder)
    try:
        yield recorder
    finally:
        qapp.removeTranslator(recorder)


@pytest.fixture(autouse=True)
def _no_os_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(credentials, "_usable_keyring", lambda: None)


def test_english_main_window(qtbot: QtBot, tmp_path: Path, english: RecordingTranslator) -> None:
    assert QCoreApplication.translate("MainWindow", "联络员工作台") == "Liaison Officer Workbench"
    db = open_database(tmp_path / "w.db")
    context = build_context(db, tmp_path, tmp_path / "log.txt")
    window = MainWindow(context)
    try:
        # Visit every page, as the officer would, so each one loads and shows its texts.
        for row in range(window.navigation.count()):
            window.navigation.setCurrentRow(row)
            qtbot.waitUntil(lambda: context.tasks.pending == 0, timeout=30_000)

        titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
        assert titles[0] == "Workbench"
        assert "Settings" in titles and "Sync" in titles
        assert window.windowTitle() == "Liaison Officer Workbench"
        bar = window.statusBar()
        status = [w.text() for w in bar.findChildren(QLabel)]
        status += [w.text() for w in bar.findChildren(QPushButton)]
        assert "Sync now" in status
        visible = [*titles, *status, window.windowTitle()]
        assert [text for text in visible if CJK.search(text)] == []
        assert english.missed() == [], "looked up in Chinese but not in the catalogue"
    finally:
        qtbot.waitUntil(lambda: context.tasks.pending == 0, timeout=30_000)
        window.close()
        window.deleteLater()
        context.tasks.shutdown()
        db.close()
        qtbot.wait(1)
