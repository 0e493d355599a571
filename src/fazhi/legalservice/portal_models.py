"""The public portal's half-finished online legal-aid applications (网上申请草稿).

An applicant answers one question at a time; each answer is kept here so that the application
can be finished later, on another device, with the resume code shown on screen and the phone
number given in the contact step. Answers hold an ID number, so they are stored encrypted and
dropped once the application is submitted; an unfinished draft expires after 30 days.

Not scoped: no staff page lists drafts; only the code and the phone open one.

Imported by models.py, so `fazhi.legalservice.models` holds every model of the app.
"""

import json
from typing import Any

from django.db import models
from django.utils import timezone

from fazhi.core.crypto import EncryptedTextField


class LegalAidDraft(models.Model):
    """An online legal-aid application being filled in (法律援助网上申请草稿)."""

    code = models.CharField("续填码", max_length=12, unique=True)
    answers_text = EncryptedTextField("已填写内容", blank=True, default="")
    # Keyed hash of the mobile number (blind index): the phone opens the draft with the code.
    phone_digest = models.CharField(max_length=64, blank=True, default="")
    steps_done = models.PositiveSmallIntegerField("已完成步骤", default=0)
    expires_at = models.DateTimeField("过期时间", db_index=True)
    application = models.OneToOneField(
        "legalservice.LegalAidApplication",
        verbose_name="提交的申请",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "法律援助网上申请草稿"
        verbose_name_plural = "法律援助网上申请草稿"

    def __str__(self) -> str:
        return f"网上申请草稿 {self.pk}"

    @property
    def answers(self) -> dict[str, Any]:
        return json.loads(self.answers_text) if self.answers_text else {}

    @answers.setter
    def answers(self, value: dict[str, Any]) -> None:
        self.answers_text = json.dumps(value, ensure_ascii=False) if value else ""

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None
