from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django_fsm import FSMField, transition

from fazhi.core.models.base import TimeStampedModel
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope


class RandomDraw(TimeStampedModel):
    """A verifiable random draw (随机抽取): spot checks, double-random inspections, case sampling.

    Announced first: the population is frozen (canonical JSON text and its SM3 digest) together
    with the rule fixing the seed (e.g. "2022-11-30 上证指数收盘价"). Drawn later: the public
    seed value is entered and the sample computed by core.draws. Every input is stored, so the
    draw re-runs to the same sample (ADR 0006).
    """

    class Status(models.TextChoices):
        ANNOUNCED = "announced", "已公告"
        DRAWN = "drawn", "已抽取"

    purpose = models.CharField("抽取事由", max_length=200)
    region = models.ForeignKey(
        "core.Region", verbose_name="所属区划", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "core.Organization", verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.ANNOUNCED, protected=True
    )
    announced_at = models.DateTimeField("公告时间")
    seed_rule = models.TextField("随机种子确定规则")
    population = models.TextField("抽取对象（规范化JSON）")
    population_digest = models.CharField("抽取对象SM3摘要", max_length=64)
    population_size = models.PositiveIntegerField("抽取对象数量")
    sample_rule = models.JSONField("抽取数量规则")
    algorithm_version = models.CharField("算法版本", max_length=100)
    seed_value = models.TextField("随机种子值", blank=True)
    seed = models.CharField("随机种子", max_length=64, blank=True)
    selected_keys = models.JSONField("抽取结果", default=list, blank=True)
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)
    subject_type = models.ForeignKey(
        ContentType,
        verbose_name="抽取事项类型",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subject_id = models.PositiveBigIntegerField("抽取事项编号", null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "随机抽取"
        verbose_name_plural = "随机抽取"
        ordering = ["-announced_at", "-pk"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="random_draw_subject_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(drawn_at__isnull=True)
                | models.Q(drawn_at__gt=models.F("announced_at")),
                name="random_draw_drawn_after_announced",
            ),
        ]

    def __str__(self) -> str:
        return self.purpose

    def available_transition_names(self) -> set[str]:
        """Names of the transitions the FSM allows from the current state (pages show these)."""
        available = self.get_available_status_transitions()  # type: ignore[attr-defined]
        return {item.name for item in available}

    @transition(field=status, source=Status.ANNOUNCED, target=Status.DRAWN)
    def draw(self) -> None:
        """Record that the sample has been drawn."""


register_scope(RandomDraw, Scope(region="region", organization="organization"))
