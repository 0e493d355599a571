"""Figures of the training and study of enforcement officers (培训与学法).

2022 report: "培训总时长12774学时…印发年度学法责任清单,向26个执法部门布置学法作业…对全市1300余名
执法人员进行6期行政执法典型案例学习培训。组织各镇街、部门开展行政诉讼旁听庭审活动13次,旁听人数263人".

- `enforcement.training_hours`: hours credited at the region's online courses of the year to the
  officers of the region who sat an online exam that year, as the report counts them ("对…563名
  人员进行线上公共法律知识培训考试,培训总时长12774学时"). Departments' own in-person training
  (which counts for the annual review's 60 hours) is not in it.
- `enforcement.training_hours_per_officer`: all hours credited in the year at the region's
  courses, online or not, divided by the officers credited any.
- `enforcement.study_departments`: departments given a study assignment of the year's study list.
- `enforcement.case_trainings` / `case_training_attendees`: case-study trainings held in the year
  and the attendees they recorded (one officer attending two trainings counts twice).
- `enforcement.hearing_observations` / `hearing_attendees`: court-hearing observations and their
  attendees, counted the same way.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from fazhi.core.figures import Figure, FigureResult, register_figure
from fazhi.core.models import Organization, Region
from fazhi.enforcement import selectors
from fazhi.enforcement.models import StudyEvent


def training_hours(region: Region, year: int) -> FigureResult:
    attendances = selectors.online_training_of_examined_in(region=region, year=year)
    total = attendances.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    return FigureResult(total, attendances)


def training_hours_per_officer(region: Region, year: int) -> FigureResult:
    officers = selectors.officers_trained_in(region=region, year=year)
    count = officers.count()
    if not count:
        return FigureResult(None, officers)
    total = selectors.training_hours_in(region=region, year=year)
    return FigureResult((total / count).quantize(Decimal("0.1"), ROUND_HALF_UP), officers)


def study_departments(region: Region, year: int) -> FigureResult:
    assigned = selectors.study_assignments_in(region=region, year=year).values("organization")
    departments = Organization.objects.filter(pk__in=assigned).order_by("code")
    return FigureResult(departments.count(), departments)


def _held(region: Region, year: int, kind: str) -> FigureResult:
    events = selectors.study_events_in(region=region, year=year, kind=kind)
    return FigureResult(events.count(), events)


def _attendees(region: Region, year: int, kind: str) -> FigureResult:
    events = selectors.study_events_in(region=region, year=year, kind=kind)
    return FigureResult(events.aggregate(total=Sum("attendee_count"))["total"] or 0, events)


def case_trainings(region: Region, year: int) -> FigureResult:
    return _held(region, year, StudyEvent.Kind.CASE_TRAINING)


def case_training_attendees(region: Region, year: int) -> FigureResult:
    return _attendees(region, year, StudyEvent.Kind.CASE_TRAINING)


def hearing_observations(region: Region, year: int) -> FigureResult:
    return _held(region, year, StudyEvent.Kind.HEARING_OBSERVATION)


def hearing_attendees(region: Region, year: int) -> FigureResult:
    return _attendees(region, year, StudyEvent.Kind.HEARING_OBSERVATION)


HOURS_FIGURES = frozenset({"training_hours", "training_hours_per_officer"})


def register(chapter: str) -> None:
    for order, (key, label, unit, compute, lead) in enumerate(
        (
            ("training_hours", "线上培训考试人员培训总学时", "学时", training_hours, ""),
            (
                "training_hours_per_officer",
                "参训执法人员人均学时",
                "学时",
                training_hours_per_officer,
                "",
            ),
            ("study_departments", "布置学法作业的部门", "个", study_departments, ""),
            ("case_trainings", "开展行政执法典型案例学习培训", "期", case_trainings, ""),
            (
                "case_training_attendees",
                "典型案例学习培训参训人次",
                "人次",
                case_training_attendees,
                "",
            ),
            ("hearing_observations", "组织行政诉讼旁听庭审", "次", hearing_observations, ""),
            ("hearing_attendees", "旁听庭审人次", "人次", hearing_attendees, ""),
        ),
        start=10,
    ):
        register_figure(
            Figure(
                key=f"enforcement.{key}",
                label=label,
                unit=unit,
                chapter=chapter,
                compute=compute,
                order=order,
                lead=lead,
                # The hours sum every attendance of the year (ADR 0013).
                rolled_up=key in HOURS_FIGURES,
            )
        )
