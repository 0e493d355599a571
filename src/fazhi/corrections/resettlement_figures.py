"""Resettlement and remote-visit figures of the corrections chapter, computed from records.

The 2022 report of 荣成 reads "2022年我市共衔接刑满释放人员458人……共开展服刑人员与家属远程视频
会见240人次，协助公、检、法、纪委、海关等单位开庭、提审共计64场". So:

- `corrections.released_received`: released persons handed over (衔接) in the year, by their
  residence;
- `corrections.remote_visits`: remote family visits that took place in the year (held, or
  stopped part-way for a violation), by the applicant's residence;
- `corrections.remote_hearings`: remote hearings and interrogations held in the year;
- `corrections.reoffending_rate`: of the persons on the resettlement register during the year
  (handed over by its end and not closed before it began), the share who reoffended in it, in %.

Each figure costs one query per year. The chapter "corrections" itself is registered with the
community-corrections figures.
"""

from fazhi.core.figures import Figure, FigureResult, percent, register_figure
from fazhi.core.models import Region
from fazhi.corrections.selectors.resettlement import (
    released_person_list_on_register,
    released_person_list_received,
    released_person_reoffending,
    remote_hearing_list_held,
    remote_visit_list_held,
)

CHAPTER = "corrections"


def released_received(region: Region, year: int) -> FigureResult:
    """Released persons handed over in the year (衔接刑满释放人员)."""
    records = released_person_list_received(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def remote_visits(region: Region, year: int) -> FigureResult:
    """Remote family video visits that took place in the year (远程视频会见人次)."""
    records = remote_visit_list_held(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def remote_hearings(region: Region, year: int) -> FigureResult:
    """Remote hearings and interrogations held in the year (协助开庭、提审场次)."""
    records = remote_hearing_list_held(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def reoffending_rate(region: Region, year: int) -> FigureResult:
    """Share of the year's register who reoffended in the year (重新犯罪率), in %."""
    reoffended, on_register = released_person_reoffending(region_prefix=region.prefix, year=year)
    return FigureResult(
        percent(reoffended, on_register),
        released_person_list_on_register(region_prefix=region.prefix, year=year).filter(
            reoffended_on__year=year
        ),
    )


def register_resettlement_figures(*, first_order: int = 50) -> None:
    for order, (key, label, unit, compute, is_rate) in enumerate(
        (
            ("corrections.released_received", "衔接刑满释放人员", "人", released_received, False),
            (
                "corrections.remote_visits",
                "开展服刑人员与家属远程视频会见",
                "人次",
                remote_visits,
                False,
            ),
            (
                "corrections.remote_hearings",
                "协助公、检、法、纪委、海关等单位远程开庭、提审",
                "场",
                remote_hearings,
                False,
            ),
            (
                "corrections.reoffending_rate",
                "安置帮教对象重新犯罪率",
                "%",
                reoffending_rate,
                True,
            ),
        ),
        start=first_order,
    ):
        register_figure(
            Figure(
                # Scans released persons (200,000 at province scale); rolled up (ADR 0013).
                rolled_up=True,
                key=key,
                label=label,
                lead="",
                unit=unit,
                chapter=CHAPTER,
                compute=compute,
                order=order,
                is_rate=is_rate,
            )
        )
