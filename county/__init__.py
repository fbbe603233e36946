"""The reference county server (新时代文明实践中心): sync API, admin API and command line."""

__version__ = "0.1.0"
