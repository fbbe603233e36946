"""Entry script of the frozen ``liaison`` executables (see build.spec).

It only starts :func:`desktop.__main__.main`, so the bundle and the ``liaison`` console script
run exactly the same code. Kept outside ``desktop/`` so PyInstaller does not put that package's
own folder on its module search path.
"""

import sys

from desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
