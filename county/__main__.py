"""``liaison-county``: the county server's command line (the server itself arrives with the sync issue)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from county import __version__


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="liaison-county", description="县新时代文明实践中心服务器")
    parser.add_argument("--version", action="version", version=f"liaison-county {__version__}")
    parser.parse_args(argv)
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
