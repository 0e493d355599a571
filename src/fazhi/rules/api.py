"""Rules API: the legality pre-check (智能预审) of a draft's text."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from fazhi.core.api import ErrorOut
from fazhi.rules import selectors
from fazhi.rules.precheck import TEXT_MAX_CHARACTERS, split_sentences

router = Router(tags=["行政规范性文件"])


class PrecheckIn(Schema):
    text: str = Field(
        min_length=1, max_length=TEXT_MAX_CHARACTERS, description="草案全文，每段一行"
    )


class PrecheckFlagOut(Schema):
    paragraph: int = Field(description="所在段落(从1起，不计空行)")
    sentence: str
    matched_text: str = Field(description="触发规则的文字")
    rule_code: str
    rule_name: str
    category: str
    category_label: str
    explanation: str
    legal_basis: str


class PrecheckOut(Schema):
    notice: str
    sentences: int = Field(description="预审的句子数")
    flags: list[PrecheckFlagOut]


NOTICE = "智能预审仅供审核人员参考，不作为审核结论"


@router.post(
    "/precheck",
    response={200: PrecheckOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="智能预审：逐句提示草案中可能缺乏法律依据的表述",
)
def precheck(request: HttpRequest, payload: PrecheckIn) -> dict[str, Any]:
    user: Any = request.auth  # type: ignore[attr-defined]
    flags = selectors.precheck_run(user=user, text=payload.text)
    return {
        "notice": NOTICE,
        "sentences": len(split_sentences(payload.text)),
        "flags": flags,
    }
