"""Is the English catalogue complete and current?

    python tools/translate_check.py [--ts resources/i18n/liaison_en.ts]

Chinese is the source language; ``resources/i18n/liaison_en.ts`` holds the English. This checks
that every message has a finished translation, that a fresh ``pyside6-lupdate`` of desktop/ui
finds exactly the catalogue's (context, source) pairs, and that the texts lupdate cannot see by
itself (labels handed to ``translate()`` as variables, ``_tr("…")`` helpers with a module
context, ``other_object.tr("…")``) are all in the catalogue under the context used at run time.
tests/ui/test_translations.py runs the same checks. Prints the problems; exit status 1 if any.
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "desktop" / "ui"
TS_PATH = ROOT / "resources" / "i18n" / "liaison_en.ts"

Key = tuple[str, str]  # (context, source text)


def qt_tool(name: str) -> str:
    """``pyside6-lupdate`` / ``pyside6-lrelease`` of the running virtualenv (else on PATH)."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} not found next to {sys.executable} or on PATH")
    return found


def ui_sources() -> list[Path]:
    return sorted(UI_DIR.rglob("*.py"))


def read_catalogue(path: Path = TS_PATH) -> dict[Key, str | None]:
    """Every message of a .ts: (context, source) -> the translation, None when unfinished."""
    messages: dict[Key, str | None] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            if message.get("numerus") == "yes":
                raise ValueError("numerus messages are not handled by this check")
            source = message.findtext("source") or ""
            translation = message.find("translation")
            finished = (
                translation is not None
                and translation.get("type") not in ("unfinished", "vanished", "obsolete")
                and bool((translation.text or "").strip())
            )
            messages[(name, source)] = (translation.text or "") if finished else None
    return messages


def unfinished(path: Path = TS_PATH) -> list[Key]:
    return [key for key, text in read_catalogue(path).items() if text is None]


def extract(work_dir: Path) -> set[Key]:
    """(context, source) pairs a fresh lupdate run finds in desktop/ui."""
    fresh = work_dir / "fresh.ts"
    subprocess.run(
        [qt_tool("pyside6-lupdate"), *map(str, ui_sources()), "-ts", str(fresh), "-no-obsolete"],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return set(read_catalogue(fresh))


def compile_qm(ts: Path, qm: Path) -> str:
    """Compile ``ts`` with lrelease; returns its report ("Generated N translation(s) …")."""
    done = subprocess.run(
        [qt_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout + done.stderr


# --- texts lupdate cannot see ------------------------------------------------------------------


def runtime_labels() -> dict[str, list[str]]:
    """Labels the UI passes to translate() as variables, by the context it translates them in.
    They come from the Qt-free layers; the UI lists them again with QT_TRANSLATE_NOOP."""
    from desktop.models.labels import ENTITY_LABELS, FIELD_LABELS, FIELD_OVERRIDES
    from desktop.models.roster_import import FIELD_LABELS as ROSTER_LABELS
    from desktop.models.roster_import import PLANNED_LABELS
    from desktop.models.roster_import import STATUS_LABELS as ROW_STATUS_LABELS
    from desktop.models.rules.demand_status import (
        CHANNEL_LABELS,
        EVALUATION_LABELS,
        STATUS_LABELS,
        URGENCY_LABELS,
    )
    from desktop.models.rules.priority_groups import BUILT_IN
    from desktop.ui.common.preferences import PUBLIC_PLACE_MODE
    from desktop.ui.contacts.import_dialog import FILE_FILTER
    from desktop.ui.settings.backup_box import BACKUP_KINDS

    return {
        "DemandLabels": [
            *STATUS_LABELS.values(),
            *CHANNEL_LABELS.values(),
            *URGENCY_LABELS.values(),
            *EVALUATION_LABELS.values(),
        ],
        "ContactEditDialog": list(BUILT_IN.values()),
        "ImportRowsTableModel": [*ROW_STATUS_LABELS.values(), *PLANNED_LABELS.values()],
        "ContactImportDialog": [FILE_FILTER, *ROSTER_LABELS.values()],
        "EntityLabels": list(ENTITY_LABELS.values()),
        "FieldLabels": [*FIELD_LABELS.values(), *FIELD_OVERRIDES.values()],
        "BackupBox": [str(label) for label in BACKUP_KINDS.values()],
        "DisplayBox": [PUBLIC_PLACE_MODE.label],
    }


def _module_constants(tree: ast.Module) -> dict[str, str]:
    constants: dict[str, str] = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            constants[node.targets[0].id] = node.value.value
    return constants


def _tr_helper_context(tree: ast.Module, constants: dict[str, str]) -> str | None:
    """The context of a module-level ``def _tr(text): return translate(CONTEXT, text)``."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "_tr":
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "translate"
                    and call.args
                    and isinstance(call.args[0], ast.Name)
                ):
                    return constants.get(call.args[0].id)
    return None


def hidden_lookups(files: Iterable[Path] | None = None) -> tuple[set[Key], list[str]]:
    """Literal texts translated at run time in a way lupdate does not extract: ``_tr("…")``
    through a module helper, and ``translate(CONSTANT, "…")``. Also returns the places that
    call ``tr()`` on another object than ``self`` (lupdate takes the variable's name as the
    context, PySide the object's class), which cannot work."""
    lookups: set[Key] = set()
    problems: list[str] = []
    for path in ui_sources() if files is None else files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _module_constants(tree)
        helper = _tr_helper_context(tree, constants)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            literal = (
                node.args[-1].value
                if node.args
                and isinstance(node.args[-1], ast.Constant)
                and isinstance(node.args[-1].value, str)
                else None
            )
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(func, ast.Name) and func.id == "_tr" and literal is not None:
                if helper is None:
                    problems.append(f"{where}: _tr() without a module CONTEXT")
                else:
                    lookups.add((helper, literal))
            elif (
                isinstance(func, ast.Attribute) and func.attr == "translate" and len(node.args) >= 2
            ):
                context = node.args[0]
                if isinstance(context, ast.Name) and literal is not None:
                    if context.id in constants:
                        lookups.add((constants[context.id], literal))
                    else:
                        problems.append(f"{where}: translate() with an unknown context")
            elif (
                isinstance(func, ast.Attribute)
                and func.attr == "tr"
                and not (isinstance(func.value, ast.Name) and func.value.id == "self")
            ):
                problems.append(
                    f"{where}: {ast.unparse(func.value)}.tr() — use self.tr() or "
                    "QCoreApplication.translate(context, …)"
                )
    return lookups, problems


def problems(ts: Path = TS_PATH) -> list[str]:
    """Everything wrong with the catalogue, in words (empty when all is well)."""
    found: list[str] = []
    catalogue = read_catalogue(ts)
    found += [
        f"unfinished: [{c}] {s!r}" for c, s in sorted(k for k, t in catalogue.items() if t is None)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        extracted = extract(Path(tmp))
    found += [
        f"not in the catalogue (run make translations): [{c}] {s!r}"
        for c, s in sorted(extracted - set(catalogue))
    ]
    found += [
        f"no longer in the code (run make translations): [{c}] {s!r}"
        for c, s in sorted(set(catalogue) - extracted)
    ]
    lookups, misuse = hidden_lookups()
    found += misuse
    for context, labels in runtime_labels().items():
        lookups |= {(context, label) for label in labels}
    found += [
        f"translated at run time but not extracted (add QT_TRANSLATE_NOOP): [{c}] {s!r}"
        for c, s in sorted(lookups - extracted)
    ]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ts", type=Path, default=TS_PATH)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    found = problems(args.ts)
    for line in found:
        print(line)
    total = len(read_catalogue(args.ts))
    print(f"{total} messages, {total - len(unfinished(args.ts))} finished, {len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
