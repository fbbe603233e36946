"""Layer rules, read from the source (every import, those inside functions too):

- nothing but desktop/ui imports Qt: the models, the sync, the demo generator, the shared wire
  code and the county server stay testable (and the server installable) without it;
- desktop/models imports neither desktop/sync nor desktop/ui (nor the demo generator,
  desktop/demo); desktop/sync never imports desktop/ui or desktop/demo; the county server and the workbench never import each other (both may import
  liaison_wire, which imports neither);
- no import circles among the project's modules (a function-level import does not hide one);
- only desktop/models/rows writes with plain SQL: no other module of desktop/ holds an INSERT,
  UPDATE or DELETE statement, runs a Core (or ORM bulk) insert/update/delete on anything but the
  sync's bookkeeping tables, or touches the driver connection (Alembic migrations excepted).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QT_FREE = ["desktop/models", "desktop/sync", "desktop/demo", "liaison_wire", "county"]
PACKAGES = ("desktop", "county", "liaison_wire")
# (importer prefix, imported prefix): imports that must not exist.
FORBIDDEN = [
    ("desktop.models", "desktop.sync"),
    ("desktop.models", "desktop.ui"),
    ("desktop.sync", "desktop.ui"),
    ("desktop.models", "desktop.demo"),
    ("desktop.sync", "desktop.demo"),
    ("desktop", "county"),
    ("county", "desktop"),
    ("liaison_wire", "desktop"),
    ("liaison_wire", "county"),
]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path, packages: Iterable[str]) -> dict[str, set[str]]:
    """Module -> the project modules it imports (``from a import b`` counts as ``a.b`` when
    that is a module). Alembic migrations are scripts, not modules, and are left out."""
    files = {
        module_name(root, path): path
        for package in packages
        for path in sorted((root / package).rglob("*.py"))
        if "migrations" not in path.parts
    }
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*anchor, *([node.module] if node.module else [])])
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    targets.add(full if full in files else base)
        found = set()
        for target in targets:
            while target and target not in files:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
        graph[name] = found
    return graph


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return circles


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def forbidden_imports(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{importer} imports {imported}"
        for importer, targets in graph.items()
        for imported in targets
        for low, high in FORBIDDEN
        if _within(importer, low) and _within(imported, high)
    )


@pytest.mark.parametrize("package", QT_FREE)
def test_no_qt_below_ui(package: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for name in _imported_modules(path)
        if name.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"}
    ]
    assert offenders == []


def test_checker_sees_qt_imports(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("from PySide6.QtCore import QObject\nimport PySide6.QtWidgets\n")
    assert _imported_modules(probe) == {"PySide6.QtCore", "PySide6.QtWidgets"}


def test_no_import_runs_against_the_floors() -> None:
    assert forbidden_imports(import_graph(ROOT, PACKAGES)) == []


def test_no_import_circles() -> None:
    assert import_circles(import_graph(ROOT, PACKAGES)) == []


def test_checker_sees_circles_and_forbidden_imports(tmp_path: Path) -> None:
    """The checks find what they look for: a circle hidden in a function, a relative import,
    an arrow from models up to the UI, and the county reaching into the workbench."""
    files = {
        "desktop/__init__.py": "",
        "desktop/models/__init__.py": "",
        "desktop/models/db.py": "def open_it():\n    from desktop.models import backup\n",
        "desktop/models/backup.py": "from .db import open_it\n",
        "desktop/models/views.py": "from desktop.ui.main_window import MainWindow\n",
        "desktop/ui/__init__.py": "",
        "desktop/ui/main_window.py": "import liaison_wire\n",
        "county/__init__.py": "",
        "county/api.py": "from desktop.models import views\n",
        "liaison_wire/__init__.py": "",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    graph = import_graph(tmp_path, PACKAGES)
    assert graph["desktop.models.backup"] == {"desktop.models.db"}
    assert import_circles(graph) == [["desktop.models.backup", "desktop.models.db"]]
    assert forbidden_imports(graph) == [
        "county.api imports desktop.models.views",
        "desktop.models.views imports desktop.ui.main_window",
    ]


ROWS = "desktop/models/rows"
# Write SQL is written in capitals (as everywhere in the project): any of these words in capitals
# in a string literal outside desktop/models/rows is refused, wherever it stands in the string.
_WRITE_WORDS = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE|UPSERT)\b")
_CORE_WRITES = {"insert", "update", "delete", "sqlite_insert", "pg_insert"}
# What Core writes may target outside desktop/models/rows: the sync's own bookkeeping tables
# (``_HELD`` is sync_held's table in desktop/sync/apply.py). Anything else, a synced table or a
# table in a variable, is refused.
_BOOKKEEPING = {"SyncConflict", "SyncRejection", "SyncHeld", "SyncState", "_HELD"}
_DRIVER = {"driver_connection", "dbapi_connection"}


def _string_text(node: ast.AST, parts: set[int]) -> str | None:
    """A string literal's text (an f-string's placeholders as ``x``); None for the pieces of
    an f-string (``parts``), which are read with it."""
    if isinstance(node, ast.JoinedStr):
        parts.update(id(value) for value in node.values)
        return "".join(
            value.value if isinstance(value, ast.Constant) else "x" for value in node.values
        )
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in parts:
        return node.value
    return None


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | {
        n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)
    }


def _core_write(node: ast.Call) -> str | None:
    """The kind of Core or ORM bulk write ``node`` is, unless it targets bookkeeping only:
    ``insert(X)``, ``sa.update(X)``, ``X.__table__.delete()``, ``session.query(X).update()``."""
    func = node.func
    if isinstance(func, ast.Name) and func.id in _CORE_WRITES and node.args:
        target = node.args[0]
    elif isinstance(func, ast.Attribute) and func.attr in _CORE_WRITES:
        receiver = func.value
        if isinstance(receiver, ast.Name) and receiver.id in {"sa", "sqlalchemy"} and node.args:
            target = node.args[0]
        elif "__table__" in _names(receiver) or (
            isinstance(receiver, ast.Call)
            and isinstance(receiver.func, ast.Attribute)
            and receiver.func.attr in {"query", "filter", "filter_by", "where"}
        ):
            target = receiver
        else:
            return None  # dict.update, set.update and the like
    else:
        return None
    if _names(target) & _BOOKKEEPING:
        return None
    return func.id if isinstance(func, ast.Name) else func.attr


def _docstrings(tree: ast.AST) -> set[int]:
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def plain_sql_writes(path: Path) -> list[str]:
    """What in ``path`` writes rows around desktop/models/rows, one line each (docstrings and
    pragmas, whose words may be these, are not SQL writes)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    parts = _docstrings(tree)
    for node in ast.walk(tree):
        text = _string_text(node, parts)
        if text is None or text.lstrip().upper().startswith("PRAGMA"):
            pass
        elif word := _WRITE_WORDS.search(text):
            found.append((node.lineno, f"SQL {word.group(1)}"))
        if (isinstance(node, ast.Name) and node.id in _DRIVER) or (
            isinstance(node, ast.Attribute) and node.attr in _DRIVER
        ):
            found.append((node.lineno, "driver connection"))
        if isinstance(node, ast.Call) and (kind := _core_write(node)):
            found.append((node.lineno, f"Core {kind} of a table that is not bookkeeping"))
    return [f"{path.name}:{line}: {what}" for line, what in sorted(found)]


def test_only_rows_writes_with_plain_sql() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in sorted((ROOT / "desktop").rglob("*.py"))
        if "migrations" not in path.parts and not path.is_relative_to(ROOT / ROWS)
        for what in plain_sql_writes(path)
    ]
    assert offenders == []


def test_checker_sees_plain_sql_writes(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        (ROOT / "tests" / "boundary_probe.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert plain_sql_writes(probe) == [
        "probe.py:3: SQL INSERT",
        "probe.py:6: SQL UPDATE",
        "probe.py:7: SQL DELETE",
        "probe.py:9: driver connection",
        "probe.py:10: driver connection",
        "probe.py:11: Core update of a table that is not bookkeeping",
        "probe.py:12: Core delete of a table that is not bookkeeping",
        "probe.py:13: Core delete of a table that is not bookkeeping",
        "probe.py:14: Core update of a table that is not bookkeeping",
        "probe.py:15: Core delete of a table that is not bookkeeping",
        "probe.py:16: Core update of a table that is not bookkeeping",
        "probe.py:22: SQL INSERT",
    ]
