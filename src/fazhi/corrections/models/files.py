"""One person, one file (一人一档): the execution file, the work file, their checklists, reviews.

社区矫正法 art. 22 (the file is opened at intake) and 实施办法 2020 (two files: the county body
keeps the execution file 执行档案, the judicial office the work file 工作档案; domain notes §12.2
[R]). The 2022 report of 荣成: "2022年共整理入矫执行档案308份，评查案卷66份" — the figures count
execution files compiled at intake and file reviews (评查) dated in the year.
"""

from django.db import models

from fazhi.core.models.base import TimeStampedModel
from fazhi.core.scoping import ScopedQuerySet, register_scope
from fazhi.corrections.models.subjects import CorrectionSubject, corrections_scope


class CorrectionFile(TimeStampedModel):
    """A subject's execution file (执行档案) or work file (工作档案)."""

    class Kind(models.TextChoices):
        EXECUTION = "execution", "执行档案"
        WORK = "work", "工作档案"

    subject = models.ForeignKey(CorrectionSubject, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField("档案类别", max_length=16, choices=Kind.choices)
    compiled_on = models.DateField("建档日期")
    keeper = models.ForeignKey(
        "core.Organization", verbose_name="保管单位", on_delete=models.PROTECT, related_name="+"
    )
    archived_on = models.DateField("归档日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "矫正档案"
        verbose_name_plural = "矫正档案"
        ordering = ["subject", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "kind"], name="corrections_one_file_of_each_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.get_kind_display()}"


register_scope(CorrectionFile, corrections_scope("subject__region"))


class FileDocument(TimeStampedModel):
    """One line of a file's document checklist (文书目录): which document, and when it was filed."""

    file = models.ForeignKey(CorrectionFile, on_delete=models.PROTECT, related_name="documents")
    code = models.CharField("文书代码", max_length=32)
    title = models.CharField("文书名称", max_length=100)
    filed_on = models.DateField("归入日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "档案文书"
        verbose_name_plural = "档案文书"
        ordering = ["file", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["file", "code"], name="corrections_document_once")
        ]

    def __str__(self) -> str:
        return self.title


register_scope(FileDocument, corrections_scope("file__subject__region"))


class FileReview(TimeStampedModel):
    """A review (评查) of a correction file, with its result and the problems found."""

    class Result(models.TextChoices):
        EXCELLENT = "excellent", "优秀"
        QUALIFIED = "qualified", "合格"
        UNQUALIFIED = "unqualified", "不合格"

    file = models.ForeignKey(CorrectionFile, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField("评查日期")
    result = models.CharField("评查结果", max_length=16, choices=Result.choices)
    missing_documents = models.PositiveSmallIntegerField("缺失文书数", default=0)
    problems = models.CharField("发现问题", max_length=500, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "档案评查"
        verbose_name_plural = "档案评查"
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.file} 评查 {self.reviewed_on:%Y-%m-%d}"


register_scope(FileReview, corrections_scope("file__subject__region"))
