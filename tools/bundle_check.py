"""Check a built offline bundle: run the frozen program on a fresh data folder.

    python tools/bundle_check.py dist/liaison

1. the files the program reads at run time are in the bundle (migrations, reference data,
   compiled translations, pypinyin's dictionaries, the offscreen Qt platform plugin);
2. ``liaison self-test`` on a new, empty data folder (creates and migrates the database,
   builds the main window offscreen), then again on the same folder (reopens it);
3. ``liaison backup --out …`` of that database;
4. prints the bundle's size and file count.

The data folder's path has Chinese characters and a space in it, as it will on many village
office PCs. The program runs from a scratch working directory with Python's environment
variables removed, so nothing from the source checkout can stand in for a missing bundle file.
Exits 1 with the reason on the first failure. On Windows it runs ``liaison-cli.exe``, the
console twin of the windowed ``liaison.exe`` (see build.spec).
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SOURCE_ROOT = Path(__file__).resolve().parent.parent
SELF_TEST_PASSED = "自检通过"
SQLITE_HEADER = b"SQLite format 3\x00"
TIMEOUT_SECONDS = 180


class CheckFailed(Exception):
    pass


def executable(dist: Path) -> Path:
    names = ["liaison-cli.exe", "liaison.exe"] if os.name == "nt" else ["liaison"]
    for name in names:
        if not (dist / name).is_file():
            raise CheckFailed(f"{dist / name} is missing: is {dist} a built bundle?")
    return dist / names[0]


def expected_files(internal: Path) -> list[Path]:
    """Files the program reads from disk at run time, where the bundle must have them."""
    models = SOURCE_ROOT / "desktop" / "models"
    sources = [
        models / "migrations" / "env.py",
        *sorted((models / "migrations" / "versions").glob("*.py")),
        *sorted((models / "reference").glob("*.json")),
        *sorted((SOURCE_ROOT / "resources").rglob("*.qm")),
    ]
    return [
        *(internal / source.relative_to(SOURCE_ROOT) for source in sources),
        internal / "pypinyin" / "pinyin_dict.json",
        internal / "pypinyin" / "phrases_dict.json",
    ]


def check_files(dist: Path) -> None:
    internal = dist / "_internal"
    if not internal.is_dir():
        raise CheckFailed(f"{internal} is missing")
    expected = expected_files(internal)
    missing = [str(path.relative_to(dist)) for path in expected if not path.is_file()]
    platforms = internal / "PySide6" / "Qt" / "plugins" / "platforms"
    if not any(platforms.glob("*qoffscreen*")):
        missing.append(f"{platforms.relative_to(dist)}/<the offscreen platform plugin>")
    if missing:
        raise CheckFailed("files missing from the bundle:\n  " + "\n  ".join(missing))
    print(f"ok   {len(expected)} data files (migrations, reference data, translations) in place")


def frozen_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run(exe: Path, args: list[str], workdir: Path, label: str) -> str:
    command = [str(exe), *args]
    started = time.perf_counter()
    try:
        result = subprocess.run(
            command,
            cwd=workdir,
            env=frozen_env(),
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise CheckFailed(f"{label}: no answer after {TIMEOUT_SECONDS} s: {command}") from error
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise CheckFailed(
            f"{label}: exit code {result.returncode}\n  command: {command}\n"
            f"  stdout:\n{indent(result.stdout)}\n  stderr:\n{indent(result.stderr)}"
        )
    print(f"ok   {label} ({elapsed:.1f} s): {first_line(result.stdout)}")
    if result.stderr.strip():
        print(f"     (stderr: {first_line(result.stderr)})")
    return result.stdout


def self_test(exe: Path, data_dir: Path, workdir: Path, label: str) -> None:
    output = run(exe, ["self-test", "--data-dir", str(data_dir)], workdir, label)
    if SELF_TEST_PASSED not in output:
        raise CheckFailed(f"{label}: output lacks “{SELF_TEST_PASSED}”:\n{indent(output)}")


def backup(exe: Path, data_dir: Path, out: Path, workdir: Path) -> None:
    run(exe, ["backup", "--data-dir", str(data_dir), "--out", str(out)], workdir, "backup")
    if not out.is_file() or out.stat().st_size == 0:
        raise CheckFailed(f"backup: {out} was not written")
    with out.open("rb") as fh:
        if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise CheckFailed(f"backup: {out} is not an SQLite database")


def bundle_size(dist: Path) -> tuple[int, int]:
    total = count = 0
    for root, _dirs, files in os.walk(dist):
        for name in files:
            path = Path(root, name)
            if not path.is_symlink():
                total += path.stat().st_size
                count += 1
    return total, count


def indent(text: str) -> str:
    return "\n".join("    " + line for line in text.rstrip().splitlines()) or "    (nothing)"


def first_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[0] if lines else "(no output)"


def check(dist: Path) -> None:
    exe = executable(dist)
    check_files(dist)
    with tempfile.TemporaryDirectory(prefix="liaison-bundle-check-") as tmp:
        scratch = Path(tmp)
        data_dir = scratch / "联络员 数据"
        self_test(exe, data_dir, scratch, "self-test on a fresh data folder")
        if not (data_dir / "workbench.db").is_file():
            raise CheckFailed(f"self-test created no database in {data_dir}")
        self_test(exe, data_dir, scratch, "self-test reopening it")
        backup(exe, data_dir, scratch / "b.db", scratch)


def main(argv: list[str] | None = None) -> int:
    if isinstance(sys.stdout, io.TextIOWrapper):  # a cp1252 console cannot print 自检通过
        sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist", type=Path, help="the bundle folder, e.g. dist/liaison")
    dist = parser.parse_args(argv).dist.resolve()
    if not dist.is_dir():
        print(f"bundle check FAILED: {dist} does not exist; run `make bundle` first")
        return 1
    try:
        check(dist)
    except CheckFailed as error:
        print(f"bundle check FAILED: {error}")
        return 1
    total, count = bundle_size(dist)
    print(f"bundle check passed: {dist} is {total / 1024**2:.1f} MB in {count} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
