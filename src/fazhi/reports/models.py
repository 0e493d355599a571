from django.db import models
from django_fsm import FSMField, transition

from fazhi.core.figures import ReportPart
from fazhi.core.models.base import TimeStampedModel
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope


class NarrativeItem(TimeStampedModel):
    """A passage staff write for the annual report.

    A measure (举措), a shortcoming (不足), the leaders' duties (第一责任人), a plan for next
    year (安排) or another matter.
    Departments and towns submit items; the bureau accepts them into the report or returns them.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交"
        ACCEPTED = "accepted", "已采用"
        RETURNED = "returned", "已退回"

    region = models.ForeignKey(
        "core.Region", verbose_name="报告区域", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    part = models.PositiveSmallIntegerField("报告部分", choices=ReportPart.choices)
    chapter = models.CharField("所属章节", max_length=64, blank=True)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    order = models.PositiveSmallIntegerField("排序", default=0)
    organization = models.ForeignKey(
        "core.Organization", verbose_name="报送单位", on_delete=models.PROTECT, related_name="+"
    )
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.DRAFT, protected=True
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "报告素材"
        verbose_name_plural = "报告素材"
        ordering = ["year", "part", "order", "pk"]
        indexes = [models.Index(fields=["region", "year", "status"], name="narrative_report_idx")]

    def __str__(self) -> str:
        return self.title

    def available_transition_names(self) -> set[str]:
        """Names of the transitions the FSM allows from the current state (pages show these)."""
        available = self.get_available_status_transitions()  # type: ignore[attr-defined]
        return {transition.name for transition in available}

    @transition(field=status, source=[Status.DRAFT, Status.RETURNED], target=Status.SUBMITTED)
    def submit(self) -> None:
        """Send the item to the bureau."""

    @transition(field=status, source=Status.SUBMITTED, target=Status.ACCEPTED)
    def accept(self) -> None:
        """Take the item into the report."""

    @transition(field=status, source=Status.SUBMITTED, target=Status.RETURNED)
    def return_for_revision(self) -> None:
        """Send the item back to its author for revision."""


# Scoped by the author organization's region, not the report's: a town's judicial office writes
# passages for the city's report, and must still see them; another town must not.
register_scope(NarrativeItem, Scope(region="organization__region", organization="organization"))
