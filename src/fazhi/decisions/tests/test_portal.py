"""The published catalog on the public portal, readable without an account."""

from django.test import Client

from fazhi.decisions import services
from fazhi.decisions.models import DecisionCatalog


def test_published_catalog_is_public_with_its_items(flow):
    flow.item("荣成市农贸市场布局规划")
    client = Client()

    listing = client.get("/portal/decisions/")
    page = client.get(f"/portal/decisions/{flow.catalog.pk}/")

    assert listing.status_code == 200
    assert flow.catalog.title in listing.content.decode()
    assert page.status_code == 200
    html = page.content.decode()
    assert "荣成市农贸市场布局规划" in html
    assert "年度中增补" in html  # included after publication


def test_unpublished_catalog_is_not_found(world, bureau_staff):
    draft = services.catalog_create(acting_user=bureau_staff, region=world.county, year=2023)
    assert draft.status == DecisionCatalog.Status.DRAFT

    assert Client().get(f"/portal/decisions/{draft.pk}/").status_code == 404
    assert draft.title not in Client().get("/portal/decisions/").content.decode()


def test_portal_home_lists_the_public_sections(db):
    html = Client().get("/portal/").content.decode()

    assert "公开征求意见" in html
    assert "重大行政决策目录" in html
    assert 'href="/portal/decisions/"' in html
