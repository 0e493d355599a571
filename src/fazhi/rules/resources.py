"""Excel imports of the rules app (STYLE P7): historic normative documents.

Rows are written through services.history, which records each document in its final state with
a timeline marked "历史数据导入"; core.imports checks every row first and imports all or none.
"""

from typing import Any

from fazhi.core.imports import Column, ImportSpec, choice, date, text
from fazhi.core.models import User
from fazhi.core.validators import validate_doc_number
from fazhi.rules.models import NormativeDocument
from fazhi.rules.services.documents import REGISTRATION_NUMBER_MAX
from fazhi.rules.services.history import HistoricDocument, document_record_historic

# Service argument → column: the service names its errors by the model's fields.
_FIELDS = {
    "title": "title",
    "issuer": "issuer_name",
    "organization": "organization_name",
    "kind": "kind",
    "doc_number": "doc_number",
    "registration_number": "registration_number",
    "signed_on": "signed_on",
    "published_on": "published_on",
    "effective_on": "effective_on",
    "valid_until": "valid_until",
    "filed_on": "filed_on",
    "signer": "signer",
    "filing_authority": "filing_authority",
}


def _historic_write(values: dict[str, Any], *, acting_user: User) -> NormativeDocument:
    row = HistoricDocument(
        **{_FIELDS[name]: value for name, value in values.items()},
    )
    return document_record_historic(acting_user=acting_user, row=row)


HISTORIC_DOCUMENT_IMPORT = ImportSpec(
    key="rules.historic_documents",
    title="历史规范性文件",
    columns=[
        Column(
            "文件名称",
            "title",
            text(max_length=200),
            required=True,
            example="荣成市农贸市场管理办法",
        ),
        Column(
            "制定机关",
            "issuer",
            text(max_length=128),
            required=True,
            example="荣成市人民政府",
            help="单位全称，与系统中的单位名称一致；以人民政府名义制定的为政府规范性文件",
        ),
        Column(
            "起草单位",
            "organization",
            text(max_length=128),
            example="荣成市市场监督管理局",
            help="单位全称；部门规范性文件可留空(即制定机关)，政府规范性文件必填",
        ),
        Column(
            "文种",
            "kind",
            choice(NormativeDocument.Kind.choices),
            required=True,
            example="办法",
        ),
        Column(
            "文号",
            "doc_number",
            text(max_length=50, validators=[validate_doc_number]),
            required=True,
            example="荣政发〔2021〕3号",
            help="年份用六角括号〔〕，与签发年份一致",
        ),
        Column(
            "登记号",
            "registration_number",
            text(max_length=REGISTRATION_NUMBER_MAX),
            required=True,
            unique=True,
            example="RCDR-2021-0010003",
            help="统一登记编号，不能重复",
        ),
        Column("签发日期", "signed_on", date(), required=True, example="2021-04-28"),
        Column("公布日期", "published_on", date(), required=True, example="2021-04-29"),
        Column("施行日期", "effective_on", date(), example="2021-06-01", help="留空则为公布日期"),
        Column(
            "有效期至",
            "valid_until",
            date(),
            example="2026-06-01",
            help="留空则按规则参数自施行日期起计算(一般5年，暂行、试行2年)",
        ),
        Column("报送备案日期", "filed_on", date(), example="2021-05-20", help="尚未报送备案的留空"),
        Column("签发人", "signer", text(max_length=50), example="张三"),
        Column(
            "备案机关",
            "filing_authority",
            text(max_length=100),
            example="威海市人民政府",
            help="留空则按文件类别默认",
        ),
    ],
    unique_together=[("issuer", "doc_number")],
    row_writer=_historic_write,
)
