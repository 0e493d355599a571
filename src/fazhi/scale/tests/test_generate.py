import pytest
from django.core.exceptions import ValidationError

from fazhi.core.crypto import blind_index
from fazhi.core.models import Enterprise, Organization, Region
from fazhi.inspections.models import PlanItem
from fazhi.legalservice.aid_models import LegalAidApplication
from fazhi.legalservice.models import LegalService, ServiceStation
from fazhi.publicity.models import PublicityActivity
from fazhi.scale.generate import province_generate
from fazhi.scale.plan import PROVINCE_CODE, Volumes, apportion, province_plan

SMALL = Volumes(
    legal_services=1_000,
    publicity_activities=300,
    legal_aid_cases=200,
    enterprises=50,
    plan_items=150,
)


def test_shares_sum_to_the_total_and_follow_the_weights():
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert apportion(1_000_000, [3, 1]) == [750_000, 250_000]
    plan = province_plan(counties=7)
    shares = plan.shares(12_345)
    assert sum(shares) == 12_345
    heaviest = max(range(7), key=lambda i: plan.counties[i].weight)
    assert shares[heaviest] == max(shares)


def test_the_plan_is_the_same_for_the_same_seed_and_differs_for_another():
    assert province_plan(seed=1, counties=3) == province_plan(seed=1, counties=3)
    assert province_plan(seed=1, counties=3) != province_plan(seed=2, counties=3)


def test_the_province_scales_to_140_counties_with_valid_codes():
    plan = province_plan()
    codes = [county.code for county in plan.counties]
    assert len(codes) == len(set(codes)) == 140
    assert all(code.startswith("99") and code.endswith("000000") for code in codes)
    villages = sum(county.weight for county in plan.counties)
    assert 60_000 < villages < 130_000


@pytest.mark.django_db
def test_a_small_province_is_loaded_with_exactly_the_planned_rows():
    plan = province_plan(seed=7, counties=2)
    lines: list[str] = []

    stats = province_generate(plan, SMALL, lines.append)

    rows = {stat.table: stat.rows for stat in stats}
    assert rows["legalservice_service"] == LegalService.objects.count() == 1_000
    assert rows["publicity_activity"] == PublicityActivity.objects.count() == 300
    assert rows["legalservice_aid"] == LegalAidApplication.objects.count() == 200
    assert Enterprise.objects.filter(uscc__startswith="9199").count() == 50
    assert rows["inspections_planitem"] == PlanItem.objects.count() == 150
    for enterprise in Enterprise.objects.filter(uscc__startswith="9199")[:5]:
        enterprise.full_clean()  # valid credit codes, as an import would demand
    towns = sum(len(county.towns) for county in plan.counties)
    villages = sum(county.weight for county in plan.counties)
    assert ServiceStation.objects.count() == 2 + towns + villages
    assert Region.objects.filter(code__startswith="99", level="village").count() == villages
    # 司法局 and 17 departments per county, a government and a judicial office per town.
    assert Organization.objects.filter(code__startswith="s99").count() == 2 * 18 + 2 * towns
    assert lines[-1].startswith("2/2 ")
    # Services stay inside their county and only consultations carry a channel.
    first = plan.counties[0]
    in_first = LegalService.objects.filter(station__region__code__startswith=first.prefix)
    assert in_first.count() == plan.shares(1_000)[0]
    assert not LegalService.objects.exclude(kind="consultation").exclude(channel="").exists()
    # Legal-aid cases decrypt and are found by their blind index, as entered ones are.
    case = LegalAidApplication.objects.first()
    assert LegalAidApplication.objects.filter(id_number_digest=blind_index(case.id_number)).exists()


@pytest.mark.django_db
def test_a_second_run_is_refused_and_writes_nothing():
    plan = province_plan(seed=7, counties=1)
    province_generate(plan, SMALL, lambda line: None)

    with pytest.raises(ValidationError, match="已存在"):
        province_generate(plan, SMALL, lambda line: None)

    assert Region.objects.filter(code=PROVINCE_CODE).count() == 1
    assert LegalService.objects.count() == 1_000
