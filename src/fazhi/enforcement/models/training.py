"""Training and study of enforcement officers (培训与学法).

山东省行政执法监督条例 art. 10: officers are trained in public legal knowledge, specialised legal
knowledge and professional ethics (公共法律知识、专业法律知识、职业素养) before they are examined;
the 2021–2025 outline asks for at least 60 hours a year (parameter
enforcement.training_hours_required). The bureau keeps a ledger of courses and of the hours each
officer is credited, issues the yearly study list (学法责任清单) with assignments to departments,
and records case-study trainings (典型案例学习培训) and court-hearing observations (旁听庭审).
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from fazhi.core.models.base import TimeStampedModel
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope
from fazhi.enforcement.models.officers import ENFORCEMENT_BUREAU_FUNCTIONS, Officer

_POSITIVE_HOURS = [MinValueValidator(Decimal("0.5"), message="学时应不少于0.5")]


class TrainingCourse(TimeStampedModel):
    """A course held for officers of the region (online or in person), in the training ledger."""

    class Kind(models.TextChoices):
        PUBLIC_LAW = "public_law", "公共法律知识"
        PROFESSIONAL_LAW = "professional_law", "专业法律知识"
        ETHICS = "ethics", "职业道德"

    region = models.ForeignKey(
        "core.Region", verbose_name="所属区划", on_delete=models.PROTECT, related_name="+"
    )
    organizer = models.ForeignKey(
        "core.Organization",
        verbose_name="主办单位",
        on_delete=models.PROTECT,
        related_name="enforcement_training_courses",
    )
    title = models.CharField("课程名称", max_length=200)
    kind = models.CharField("培训类别", max_length=32, choices=Kind.choices)
    hours = models.DecimalField(
        "课程学时", max_digits=5, decimal_places=1, validators=_POSITIVE_HOURS
    )
    held_on = models.DateField("培训日期")
    online = models.BooleanField("网上培训", default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "培训课程"
        verbose_name_plural = "培训课程"
        ordering = ["-held_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0), name="enforcement_training_course_hours"
            )
        ]

    def __str__(self) -> str:
        return self.title


register_scope(
    TrainingCourse,
    Scope(
        region="region",
        organization="organizer",
        bureau_functions=ENFORCEMENT_BUREAU_FUNCTIONS,
        shared_with_departments=True,
    ),
)


class TrainingAttendance(TimeStampedModel):
    """An officer's attendance of a course and the hours credited (at most the course's)."""

    course = models.ForeignKey(
        TrainingCourse,
        verbose_name="培训课程",
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    officer = models.ForeignKey(
        Officer,
        verbose_name="执法人员",
        on_delete=models.PROTECT,
        related_name="training_attendances",
    )
    hours = models.DecimalField(
        "认定学时", max_digits=5, decimal_places=1, validators=_POSITIVE_HOURS
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "参训记录"
        verbose_name_plural = "参训记录"
        ordering = ["course", "officer"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "officer"], name="enforcement_training_attendance_once"
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0), name="enforcement_training_attendance_hours"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer.name}参加{self.course.title}"


register_scope(
    TrainingAttendance,
    Scope(
        organization="officer__organization",
        owner="officer__user",
        bureau_functions=ENFORCEMENT_BUREAU_FUNCTIONS,
        sensitive=True,
    ),
)


class StudyList(TimeStampedModel):
    """The yearly study list (年度学法责任清单) the bureau issues to the departments."""

    region = models.ForeignKey(
        "core.Region", verbose_name="所属区划", on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.ForeignKey(
        "core.Organization",
        verbose_name="印发单位",
        on_delete=models.PROTECT,
        related_name="enforcement_study_lists",
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("清单名称", max_length=200)
    content = models.TextField("学法内容", blank=True)
    issued_on = models.DateField("印发日期")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "学法责任清单"
        verbose_name_plural = "学法责任清单"
        ordering = ["-year", "-issued_on"]

    def __str__(self) -> str:
        return self.title


register_scope(
    StudyList,
    Scope(
        region="region",
        organization="issuer",
        bureau_functions=ENFORCEMENT_BUREAU_FUNCTIONS,
        shared_with_departments=True,
    ),
)


class StudyAssignment(TimeStampedModel):
    """A study task (学法作业) of the list given to one department, and its completion."""

    study_list = models.ForeignKey(
        StudyList, verbose_name="学法责任清单", on_delete=models.PROTECT, related_name="assignments"
    )
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name="承担部门",
        on_delete=models.PROTECT,
        related_name="enforcement_study_assignments",
    )
    task = models.CharField("学法作业", max_length=500)
    due_on = models.DateField("完成期限")
    completed_on = models.DateField("完成日期", null=True, blank=True)
    note = models.CharField("完成情况", max_length=500, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "学法作业"
        verbose_name_plural = "学法作业"
        ordering = ["study_list", "organization", "due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["study_list", "organization", "task"],
                name="enforcement_study_assignment_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization.name}：{self.task}"

    @property
    def is_completed(self) -> bool:
        return self.completed_on is not None


register_scope(
    StudyAssignment,
    Scope(organization="organization", bureau_functions=ENFORCEMENT_BUREAU_FUNCTIONS),
)


class StudyEvent(TimeStampedModel):
    """A case-study training (典型案例学习培训) or a court-hearing observation (旁听庭审)."""

    class Kind(models.TextChoices):
        CASE_TRAINING = "case_training", "典型案例学习培训"
        HEARING_OBSERVATION = "hearing_observation", "行政诉讼旁听庭审"

    region = models.ForeignKey(
        "core.Region", verbose_name="所属区划", on_delete=models.PROTECT, related_name="+"
    )
    organizer = models.ForeignKey(
        "core.Organization",
        verbose_name="组织单位",
        on_delete=models.PROTECT,
        related_name="enforcement_study_events",
    )
    kind = models.CharField("活动类型", max_length=32, choices=Kind.choices)
    held_on = models.DateField("活动日期")
    topic = models.CharField("主题", max_length=300)
    attendee_count = models.PositiveIntegerField("参加人数")
    officers = models.ManyToManyField(
        Officer, verbose_name="参加的执法人员", blank=True, related_name="study_events"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "学法活动"
        verbose_name_plural = "学法活动"
        ordering = ["-held_on", "topic"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attendee_count__gt=0), name="enforcement_study_event_attendees"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.topic}"


register_scope(
    StudyEvent,
    Scope(
        region="region",
        organization="organizer",
        bureau_functions=ENFORCEMENT_BUREAU_FUNCTIONS,
        shared_with_departments=True,
    ),
)
