"""The corrections app's part of the Rongcheng demo (called by `fazhi demo`).

Community corrections (demo_corrections.py); the resettlement half adds its own call here.
"""

from collections.abc import Callable

from fazhi.corrections.demo_corrections import build_corrections_demo


def build_demo(log: Callable[[str], None]) -> None:
    build_corrections_demo(log)
