"""What the legality review needs of a normative document (ADR 0005)."""

from django.urls import reverse

from fazhi.legality.models import SubjectKind
from fazhi.legality.subjects import Material, ReviewSubject, register_review_subject
from fazhi.rules.models import NormativeDocument
from fazhi.rules.parameters import (
    LEGALITY_REVIEW_MAX_DAYS,
    LEGALITY_REVIEW_MIN_DAYS,
    PUBLIC_COMMENT_DAYS,
)

# 送审材料 (国办发〔2018〕115号; DB3702/T 23-2023 "审核材料").
DOCUMENT_MATERIALS = (
    Material("draft", "文件送审稿"),
    Material("drafting_notes", "起草说明（制定依据、必要性、主要内容）"),
    Material("basis", "制定依据的法律、法规、规章和上级文件"),
    Material("comments", "征求意见及采纳情况"),
    Material("fair_competition", "公平竞争审查材料", required=False),
    Material("department_review", "起草单位法制机构审核意见", required=False),
)


def register_rules_review_subject() -> None:
    register_review_subject(
        ReviewSubject(
            kind=SubjectKind.DOCUMENT,
            model=NormativeDocument,
            materials=DOCUMENT_MATERIALS,
            detail_url=lambda document: reverse("rules:document-detail", args=[document.pk]),
            max_days_parameter=LEGALITY_REVIEW_MAX_DAYS,
            min_days_parameter=LEGALITY_REVIEW_MIN_DAYS,
            comment_days_parameter=PUBLIC_COMMENT_DAYS,
        )
    )
