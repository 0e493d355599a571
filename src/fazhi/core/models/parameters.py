from django.db import models

from fazhi.core.models.base import TimeStampedModel
from fazhi.core.models.calendar import DayUnit


class RuleParameterValue(TimeStampedModel):
    """A dated value of a rule parameter (规则参数) declared in code by `core.parameters`.

    Rows are only ever added: a change is a new row with its own `valid_from`, so a deadline
    computed for an earlier day still uses the value in force on that day.
    """

    key = models.CharField("参数", max_length=100)
    value = models.DecimalField("数值", max_digits=12, decimal_places=4)
    day_unit = models.CharField(
        "计日方式", max_length=16, choices=DayUnit.choices, blank=True, default=""
    )
    valid_from = models.DateField("生效日期")
    legal_basis = models.TextField("法律依据")
    reason = models.TextField("调整理由")

    class Meta:
        verbose_name = "规则参数值"
        verbose_name_plural = "规则参数值"
        ordering = ["key", "valid_from", "pk"]
        indexes = [models.Index(fields=["key", "valid_from"], name="core_ruleparam_key_from")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__gt=0), name="core_ruleparam_value_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value_text}（自{self.valid_from:%Y-%m-%d}起）"

    @property
    def value_text(self) -> str:
        """The value without trailing zeros ("30", "2.5")."""
        return f"{self.value.normalize():f}"
