"""Qt widgets and Qt item models of the workbench (the only layer that imports Qt)."""
