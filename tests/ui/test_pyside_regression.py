"""PySide6 6.12.0 on Python 3.11 drops a reference to None on every invalid QVariant returned
from a Qt call, until the process aborts with "none_dealloc". pyproject pins PySide6 below
6.12; this test catches the leak if a broken release gets installed anyway."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel


def test_invalid_qvariant_keeps_none_refcount() -> None:
    model = QStandardItemModel(1, 1)
    index = model.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(1000):
        assert model.data(index, Qt.ItemDataRole.DisplayRole) is None
    after = sys.getrefcount(None)
    # A few references may come and go with interpreter internals; the bug loses one per call.
    assert before - after < 100
