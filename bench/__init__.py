"""`make bench`: the speed claims, measured as ratios against peers in one run (bench/run.py).

Importing the package puts generated/ (the packages under test) and tests/ (the seed
examples) on sys.path, before any module of it imports them.
"""

import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
for _path in (_ROOT / "generated", _ROOT / "tests"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))
