"""Where the workbench keeps its data, and where its bundled resources are.

The data folder is per-user application data (platformdirs), outside the install folder, so
installing a new offline build never touches the officer's records. ``--data-dir`` overrides it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

APP_NAME = "LiaisonWorkbench"
APP_AUTHOR = "CivilizationPractice"
DB_FILE = "workbench.db"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def database_path(data_dir: Path) -> Path:
    return data_dir / DB_FILE


def backup_dir(data_dir: Path) -> Path:
    return data_dir / "backups"


def log_dir(data_dir: Path) -> Path:
    return data_dir / "logs"


def resource_path(*parts: str) -> Path:
    """A file under ``resources/``, from a source checkout or inside the PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return root.joinpath("resources", *parts)
