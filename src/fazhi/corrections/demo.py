"""The corrections app's part of the Rongcheng demo (called by `fazhi demo`).

Community corrections (demo_corrections.py), then resettlement, remote visits and remote
hearings (demo_resettlement.py).
"""

from collections.abc import Callable

from fazhi.corrections.demo_corrections import build_corrections_demo
from fazhi.corrections.demo_resettlement import build_resettlement_demo


def build_demo(log: Callable[[str], None]) -> None:
    build_corrections_demo(log)
    build_resettlement_demo(log)
