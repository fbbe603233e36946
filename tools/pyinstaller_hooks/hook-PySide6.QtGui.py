"""PyInstaller's own hook for PySide6.QtGui, minus the Qt plugins build.spec leaves out.

build.spec lists them in ``hooksconfig["PySide6"]["drop_plugins"]``: fnmatch patterns on
``"<plugin type>/<file name>"``, e.g. ``"platforms/*qvnc*"``. The plugins have to be dropped here,
before PyInstaller analyses the binaries' dependencies: a plugin removed from ``a.binaries`` in
the spec would still have brought in the libraries only it needs (GTK and its stack for the gtk3
theme, QtNetwork and Kerberos for the VNC and TUIO plugins, QtWaylandClient, ...).
"""

from fnmatch import fnmatch
from pathlib import PurePath

from PyInstaller.depend.imphookapi import PostGraphAPI
from PyInstaller.utils.hooks import get_hook_config, logger
from PyInstaller.utils.hooks.qt import add_qt6_dependencies


def _plugin_key(source: str, dest_dir: str) -> str | None:
    """``"platforms/libqxcb.so"`` for a Qt plugin, None for anything else."""
    parts = PurePath(dest_dir).parts
    if "plugins" not in parts:
        return None
    below = parts[parts.index("plugins") + 1 :]
    return "/".join((*below, PurePath(source).name))


def hook(hook_api: PostGraphAPI) -> None:
    hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
    patterns = get_hook_config(hook_api, "PySide6", "drop_plugins") or []
    kept, dropped = [], []
    for source, dest_dir in binaries:
        key = _plugin_key(source, dest_dir)
        if key is not None and any(fnmatch(key, pattern) for pattern in patterns):
            dropped.append(key)
        else:
            kept.append((source, dest_dir))
    logger.info("PySide6.QtGui: leaving out Qt plugins %s", ", ".join(sorted(dropped)))
    hook_api.add_imports(*hiddenimports)
    hook_api.add_binaries(kept)
    hook_api.add_datas(datas)
