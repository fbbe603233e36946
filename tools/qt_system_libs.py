"""Make sure this Linux machine has the system libraries Qt's window (xcb) plugin needs, and a
Chinese font, before ``make run`` opens the window.

PySide6's wheels carry Qt itself but not the X11 libraries under it. A fresh Debian or Ubuntu
machine lacks a few of them (libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1 …), and Qt then
stops with "Could not load the Qt platform plugin". This script asks ``ldd`` which libraries
the plugin cannot find (and whether ``libxcb-cursor``, which Qt loads at run time, is there),
maps them to Debian package names and installs them with apt-get: directly as root, through
sudo where there is one (it may ask for the password), and otherwise stops with the exact
command to run. Exit 0 when nothing is missing or all of it was installed, 1 otherwise.
Nothing is checked on Windows or macOS, or when Qt runs without a screen (offscreen).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# What Qt 6's xcb platform plugin links against (Qt's "X11 requirements"), by Debian package.
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}
# Without a CJK font every Chinese character is an empty box.
CJK_FONT_PACKAGE = "fonts-noto-cjk"


def qt_libraries() -> list[Path]:
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    candidates = [
        qt / "plugins" / "platforms" / "libqxcb.so",
        *sorted((qt / "lib").glob("libQt6XcbQpa.so*")),
        *sorted((qt / "lib").glob("libQt6Gui.so*")),
    ]
    return [path for path in candidates if path.exists()]


def missing_sonames(libraries: list[Path]) -> set[str]:
    missing: set[str] = set()
    for library in libraries:
        result = subprocess.run(
            ["ldd", str(library)], capture_output=True, text=True, check=False
        )
        for line in result.stdout.splitlines():
            name, _, where = line.strip().partition(" => ")
            if where.strip() == "not found":
                missing.add(name.strip())
    # Loaded with dlopen at run time, so ldd cannot see it; Qt refuses to start without it.
    cache = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False)
    if "libxcb-cursor.so.0" not in cache.stdout:
        missing.add("libxcb-cursor.so.0")
    return missing


def has_cjk_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    result = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False
    )
    return bool(result.stdout.strip())


def needed_packages() -> tuple[list[str], list[str]]:
    """Debian packages to install, and libraries no package is known for."""
    packages: set[str] = set()
    unknown: list[str] = []
    for soname in sorted(missing_sonames(qt_libraries())):
        if soname in PACKAGES:
            packages.add(PACKAGES[soname])
        else:
            unknown.append(soname)
    if not has_cjk_font():
        packages.add(CJK_FONT_PACKAGE)
    return sorted(packages), unknown


def install(packages: list[str]) -> bool:
    command = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    if os.geteuid() != 0:
        if shutil.which("sudo") is None or not sys.stdin.isatty():
            return False
        command = ["sudo", *command]
        print("需要管理员权限安装系统库，sudo 可能会询问密码。")
    print("正在安装：" + " ".join(packages), flush=True)
    if subprocess.run(command, check=False).returncode == 0:
        return True
    # A fresh machine may have empty package lists: fetch them once and try again.
    update = [*command[: command.index("apt-get")], "apt-get", "update"]
    subprocess.run(update, check=False)
    return subprocess.run(command, check=False).returncode == 0


def main() -> int:
    if not sys.platform.startswith("linux"):
        return 0
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal")):
        return 0
    packages, unknown = needed_packages()
    if unknown:
        print("Qt 的窗口插件缺少这些系统库，请用本机的软件包管理器安装：" + " ".join(unknown))
    if not packages:
        return 1 if unknown else 0
    if shutil.which("apt-get") is None:
        print(
            "缺少 Qt 窗口需要的系统库（Debian/Ubuntu 包名）：" + " ".join(packages)
            + "\n请用本机的软件包管理器安装对应的库后再运行。"
        )
        return 1
    if install(packages):
        return 1 if unknown else 0
    prefix = "" if os.geteuid() == 0 else "sudo "
    print(
        "缺少 Qt 窗口需要的系统库。请先运行：\n\n"
        f"    {prefix}apt-get install -y --no-install-recommends {' '.join(packages)}\n\n"
        "然后再运行 make run。"
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
