"""The corrections part of the demo (WIP wiring: the lead replaces it at merge)."""

from collections.abc import Callable

from fazhi.corrections.demo_resettlement import build_resettlement_demo


def build_demo(log: Callable[[str], None]) -> None:
    build_resettlement_demo(log)
