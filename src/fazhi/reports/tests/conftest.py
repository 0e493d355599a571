import pytest

from fazhi.core.figures import ReportPart
from fazhi.reports.services import (
    narrative_item_accept,
    narrative_item_create,
    narrative_item_submit,
)


@pytest.fixture
def make_item(world):
    """A passage created (and optionally submitted and accepted) through the services."""

    def make(
        author,
        *,
        reviewer=None,
        submit=False,
        region=None,
        year=2022,
        part=ReportPart.MEASURES,
        **values,
    ):
        values.setdefault("title", "推行轻微违法行为首违不罚")
        values.setdefault("body", "对初次违法且危害后果轻微的，依法不予处罚。")
        item = narrative_item_create(
            acting_user=author, region=region or world.county, year=year, part=part, **values
        )
        if submit or reviewer is not None:
            item = narrative_item_submit(acting_user=author, item_id=item.pk)
        if reviewer is not None:
            item = narrative_item_accept(acting_user=reviewer, item_id=item.pk)
        return item

    return make
