"""Education sessions and public-interest activities (教育学习、公益活动), in hours.

The subject takes part in education and public-interest activities (社区矫正法 art. 42: 社区矫正
机构可以根据社区矫正对象的个人特长，组织其参加公益活动 [R]); the notes' indicators count
教育学时/公益活动时长 (§12.6). The hours required each month are rule parameters (parameters.py):
no national number is known; §12.3 [S] reports 12 hours a month each under strict management.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from fazhi.core.models.base import TimeStampedModel
from fazhi.core.scoping import ScopedQuerySet, register_scope
from fazhi.corrections.models.subjects import CorrectionSubject, corrections_scope


class EducationSession(TimeStampedModel):
    """One session a subject attended: education (教育学习) or public-interest work (公益活动)."""

    class Kind(models.TextChoices):
        EDUCATION = "education", "教育学习"
        PUBLIC_SERVICE = "public_service", "公益活动"

    subject = models.ForeignKey(
        CorrectionSubject, on_delete=models.PROTECT, related_name="education_sessions"
    )
    held_on = models.DateField("日期")
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    hours = models.DecimalField(
        "时长（小时）",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("12"))],
    )
    content = models.CharField("内容", max_length=300)
    organizer = models.CharField("组织单位", max_length=100)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "教育学习、公益活动"
        verbose_name_plural = "教育学习、公益活动"
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["subject", "held_on"], name="corrections_session_month_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=12),
                name="corrections_session_hours_range",
                violation_error_message="每次时长应在0.5至12小时之间",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.held_on:%Y-%m-%d} {self.get_kind_display()}{self.hours}小时"


register_scope(EducationSession, corrections_scope("subject__region"))
