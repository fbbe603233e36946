"""联络员工作台: the village liaison workbench (desktop program)."""

__version__ = "0.1.0"
