"""The officer's preferences for this PC's window: each declared once (key, default, label) and
read through one typed accessor, kept in ``DATA_DIR/window.ini`` with the window's place.

What the window shows of people is one of them (docs/ui.md, "Names on screen"): the officer
knows the villagers, so the station's own lists show names in full; 公共场所模式, for a screen
the public can see (a service counter, a projector), shows only the surname in lists too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QSettings, Signal

from desktop.models.rules.masking import ANONYMOUS, mask_name


@dataclass(frozen=True)
class Preference:
    key: str
    default: bool
    label: str


PUBLIC_PLACE_MODE = Preference(
    "display/public_place_mode",
    False,
    "公共场所模式：列表中的姓名只显示姓（如 张**），屏幕可能被群众看到时使用",
)
GEOMETRY_KEY = "geometry"


class Preferences(QObject):
    changed = Signal(str)  # the preference's key

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = QSettings(str(data_dir / "window.ini"), QSettings.Format.IniFormat)
        # Lists ask for every cell they paint: read each flag once.
        self._flags: dict[str, bool] = {}

    def flag(self, preference: Preference) -> bool:
        cached = self._flags.get(preference.key)
        if cached is not None:
            return cached
        value = self._settings.value(preference.key, preference.default)
        if isinstance(value, str):  # an INI file keeps "true"/"false"
            value = value.lower() in ("true", "1", "yes")
        self._flags[preference.key] = bool(value)
        return bool(value)

    def set_flag(self, preference: Preference, on: bool) -> None:
        if self.flag(preference) == on:
            return
        self._settings.setValue(preference.key, on)
        self._settings.sync()
        self._flags[preference.key] = on
        self.changed.emit(preference.key)

    def geometry(self) -> QByteArray | None:
        value = self._settings.value(GEOMETRY_KEY)
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, geometry: QByteArray) -> None:
        self._settings.setValue(GEOMETRY_KEY, geometry)
        self._settings.sync()

    def shown_name(self, name: str) -> str:
        """A villager's name as a list on screen shows it: in full for the officer, only the
        surname in 公共场所模式."""
        if name == ANONYMOUS or not self.flag(PUBLIC_PLACE_MODE):
            return name
        return mask_name(name)
