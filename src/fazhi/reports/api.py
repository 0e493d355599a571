"""Reports API: the annual report's figures as JSON."""

from ninja import Router

router = Router(tags=["年度报告"])
