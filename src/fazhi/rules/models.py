import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from fazhi.core.models.base import TimeStampedModel

PATTERN_MAX_LENGTH = 1000


def pattern_error(pattern: str) -> str | None:
    """Why `pattern` cannot serve as a pre-check expression, in Chinese; None when it can."""
    if len(pattern) > PATTERN_MAX_LENGTH:
        return f"不能超过{PATTERN_MAX_LENGTH}个字符"
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        return f"不是有效的正则表达式（{error.msg}，位置{error.pos}）"
    if compiled.search("") is not None:
        # A pattern that matches nothing at all would flag every sentence of every draft.
        return "不能匹配空文本，否则每一句都会被提示"
    return None


class PrecheckRule(TimeStampedModel):
    """One rule of the legality pre-check (智能预审): wording a normative document may not use.

    The rule fires on a sentence its `pattern` matches, unless `exclusion` matches the same
    sentence (typically because the sentence cites the law that provides the basis).
    """

    class Category(models.TextChoices):
        LICENCE = "licence", "设定行政许可"
        PENALTY = "penalty", "设定行政处罚"
        COMPULSORY = "compulsory", "设定行政强制"
        FEE = "fee", "违法收费"
        OBLIGATION = "obligation", "增加义务"
        RIGHTS = "rights", "减损权利"
        MARKET_ACCESS = "market_access", "限制市场准入退出"
        DESIGNATION = "designation", "指定交易/供应商"
        LOCAL_PROTECTION = "local_protection", "地方保护/歧视外地经营者"
        OTHER = "other", "其他"

    code = models.CharField(
        "规则编号",
        max_length=32,
        unique=True,
        help_text="如 PC-LIC-01",
        validators=[
            RegexValidator(
                r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$", "规则编号只能由大写字母、数字和连字符组成"
            )
        ],
    )
    name = models.CharField("规则名称", max_length=100)
    category = models.CharField("类别", max_length=32, choices=Category.choices)
    pattern = models.TextField(
        "匹配模式", help_text="正则表达式，逐句匹配；匹配到的文字在预审结果中高亮"
    )
    exclusion = models.TextField(
        "排除模式",
        blank=True,
        help_text="正则表达式；句子同时匹配排除模式时本规则不提示（如句中已写明法律、法规依据）",
    )
    explanation = models.TextField("问题说明")
    legal_basis = models.CharField("依据", max_length=500)
    enabled = models.BooleanField("启用", default=True)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "预审规则"
        verbose_name_plural = "预审规则"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        errors = {}
        for field, label in (("pattern", "匹配模式"), ("exclusion", "排除模式")):
            value = getattr(self, field)
            if not value:
                continue
            problem = pattern_error(value)
            if problem is not None:
                errors[field] = f"{label}{problem}"
        if errors:
            raise ValidationError(errors)

    def save(self, *args: object, **kwargs: object) -> None:
        # A broken expression would break every later pre-check, so it never reaches the table.
        self.clean()
        super().save(*args, **kwargs)  # type: ignore[arg-type]
