"""The public legal services chapter of the annual report (公共法律服务), computed from records.

What the figures count. The 2022 report of 荣成 reads "全市22个镇街公共法律服务站……840个村居全部
实现公共法律服务站、室全覆盖", "培养……'法治带头人''法律明白人'3300余人" and "2022年提供各种法律
服务共计近8000件次，其中法律咨询3000多人次，参与人民调解、矛盾纠纷化解2500件次、代书法律文书200多
件次，提供村居治理法律意见166件次".

- The network is counted as it stands on 31 December: `legalservice.town_stations` and
  `legalservice.park_stations` are the open stations of those levels; `legalservice.
  villages_covered` the villages that then have an open room *and* an adviser in term (a room
  without its adviser does not cover a village); `legalservice.liaisons` the liaisons selected
  and not withdrawn.
- `legalservice.services` counts every entry of the service ledger dated in the year at the
  region's stations (centre, town stations, village rooms and park stations), of every kind:
  consultations, mediations, documents drafted, governance opinions and other services (legal
  review of enterprises' matters, policy briefings, help with a legal-aid application …). Each
  mediation a committee takes up has exactly one ledger entry, dated its intake day, so the
  mediations are part of the total, as in the report's "其中". The named kinds do not exhaust
  the total: the rest are the other services. Legal-aid cases and publicity activities are not
  ledger entries; the report counts them apart.
- `legalservice.consultations`, `legalservice.documents_drafted` and `legalservice.
  governance_opinions` count the ledger entries of those kinds; `legalservice.park_services`
  the entries of the park stations (any kind), part of the total.
- `legalservice.mediations` counts the mediations the region's committees took up in the year
  (by intake day), whatever their outcome and whether or not they have ended.
- `legalservice.mediation_success_rate` is the share of the mediations that ended in the year
  with an agreement, written or oral, among all that ended in the year (agreement, failed or
  terminated), in %; mediations still under way are left out.

Legal aid's figures are in aid_figures.py. Each figure costs one query per year (the report
builder's budget).
"""

from fazhi.core.figures import (
    Figure,
    FigureResult,
    ReportPart,
    percent,
    register_chapter,
    register_figure,
    year_end,
)
from fazhi.core.models import Region
from fazhi.legalservice.aid_figures import register_legal_aid_figures
from fazhi.legalservice.models import LegalService, ServiceStation
from fazhi.legalservice.selectors import (
    legal_service_list_given,
    liaison_list_active,
    mediation_agreements,
    mediation_list_concluded,
    mediation_list_received,
    station_list_open,
    village_list_covered,
)

CHAPTER = "legalservice"
# The ledger's counts scan its rows (ten million at province scale): the report reads them from
# the nightly rollup (ADR 0013).
ROLLED_UP = {
    "legalservice.services",
    "legalservice.consultations",
    "legalservice.documents_drafted",
    "legalservice.governance_opinions",
    "legalservice.park_services",
}


def _stations(region: Region, year: int, level: str) -> FigureResult:
    records = station_list_open(region_prefix=region.prefix, level=level, on=year_end(year))
    return FigureResult(records.count(), records)


def park_stations(region: Region, year: int) -> FigureResult:
    """Legal service stations in industrial parks open at the year's end (园区法律服务站)."""
    return _stations(region, year, ServiceStation.Level.PARK)


def town_stations(region: Region, year: int) -> FigureResult:
    """Town public legal service stations open at the year's end (镇街公共法律服务工作站)."""
    return _stations(region, year, ServiceStation.Level.TOWN)


def villages_covered(region: Region, year: int) -> FigureResult:
    """Villages with an open room and an adviser in term at the year's end."""
    records = village_list_covered(region_prefix=region.prefix, on=year_end(year))
    return FigureResult(records.count(), records)


def liaisons(region: Region, year: int) -> FigureResult:
    """Legal liaisons (法律明白人/法治带头人) on the register at the year's end."""
    records = liaison_list_active(region_prefix=region.prefix, on=year_end(year))
    return FigureResult(records.count(), records)


def services(region: Region, year: int) -> FigureResult:
    """Services given in the year, every kind, mediations included (法律服务件次)."""
    records = legal_service_list_given(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def _of_kind(region: Region, year: int, kind: str) -> FigureResult:
    records = legal_service_list_given(region_prefix=region.prefix, year=year).filter(kind=kind)
    return FigureResult(records.count(), records)


def consultations(region: Region, year: int) -> FigureResult:
    """Legal consultations given in the year, every channel (法律咨询人次)."""
    return _of_kind(region, year, LegalService.Kind.CONSULTATION)


def documents_drafted(region: Region, year: int) -> FigureResult:
    """Legal documents drafted for people in the year (代书法律文书)."""
    return _of_kind(region, year, LegalService.Kind.DOCUMENT)


def governance_opinions(region: Region, year: int) -> FigureResult:
    """Legal opinions on village governance given in the year (村居治理法律意见)."""
    return _of_kind(region, year, LegalService.Kind.GOVERNANCE_OPINION)


def park_services(region: Region, year: int) -> FigureResult:
    """Services the park stations gave in the year (园区法律服务站服务人次)."""
    records = legal_service_list_given(region_prefix=region.prefix, year=year).filter(
        station__level=ServiceStation.Level.PARK
    )
    return FigureResult(records.count(), records)


def mediations(region: Region, year: int) -> FigureResult:
    """Mediations the region's committees took up in the year (人民调解件次)."""
    records = mediation_list_received(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def mediation_success_rate(region: Region, year: int) -> FigureResult:
    """Share of the mediations ended in the year that ended in an agreement, in %.

    None when none ended.
    """
    agreed, ended = mediation_agreements(region_prefix=region.prefix, year=year)
    return FigureResult(
        percent(agreed, ended), mediation_list_concluded(region_prefix=region.prefix, year=year)
    )


def register_legalservice_figures() -> None:
    register_chapter(CHAPTER, "公共法律服务", part=ReportPart.MEASURES, order=45)
    for order, (key, label, unit, compute, is_rate, lead) in enumerate(
        (
            (
                "legalservice.town_stations",
                "镇街公共法律服务工作站",
                "个",
                town_stations,
                False,
                "共有",
            ),
            (
                "legalservice.villages_covered",
                "实现公共法律服务工作室和村居法律顾问全覆盖的村居",
                "个",
                villages_covered,
                False,
                "共有",
            ),
            ("legalservice.park_stations", "园区法律服务站", "个", park_stations, False, "共有"),
            (
                "legalservice.park_services",
                "园区法律服务站提供服务",
                "人次",
                park_services,
                False,
                "",
            ),
            ("legalservice.liaisons", "“法律明白人”“法治带头人”", "人", liaisons, False, "共有"),
            ("legalservice.services", "提供各种法律服务", "件次", services, False, ""),
            ("legalservice.consultations", "提供法律咨询", "人次", consultations, False, ""),
            (
                "legalservice.mediations",
                "参与人民调解、矛盾纠纷化解",
                "件次",
                mediations,
                False,
                "",
            ),
            (
                "legalservice.documents_drafted",
                "代书法律文书",
                "件次",
                documents_drafted,
                False,
                "",
            ),
            (
                "legalservice.governance_opinions",
                "提供村居治理法律意见",
                "件次",
                governance_opinions,
                False,
                "",
            ),
            (
                "legalservice.mediation_success_rate",
                "人民调解成功率",
                "%",
                mediation_success_rate,
                True,
                "",
            ),
        ),
        start=1,
    ):
        register_figure(
            Figure(
                key=key,
                label=label,
                lead=lead,
                unit=unit,
                chapter=CHAPTER,
                compute=compute,
                order=order,
                is_rate=is_rate,
                rolled_up=key in ROLLED_UP,
            )
        )
    register_legal_aid_figures(first_order=100)
