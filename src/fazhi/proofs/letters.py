"""The commitment letter (告知承诺书): its versioned templates, rendering and the .docx.

国办发〔2020〕42号 says what the written notice contains: the matter, the proof it replaces and
what that proof would show, the way of committing, the legal liability of an untrue
commitment, the authority's power to verify and the applicant's duty to cooperate; the
applicant signs and dates it. Each catalog version names the template version in force, so a
letter signed in 2021 can be re-rendered exactly as it was.
"""

import hashlib
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.core.exceptions import ValidationError
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

TEMPLATES: dict[str, str] = {
    "2021版": (
        "{organization}：\n"
        "本人（单位）{applicant_name}（证件号码：{applicant_id}）申请办理“{matter}”，"
        "已知悉该事项需提供“{proof_name}”，设定依据为{legal_basis}，"
        "该证明用于证明申请人符合办理条件。贵单位已书面告知：申请人可以选择以书面承诺代替该证明，"
        "也可以选择提交该证明。\n"
        "本人（单位）选择告知承诺方式，郑重承诺：所承诺的内容真实、准确，符合办理条件；"
        "知悉并同意行政机关在作出决定后依法对承诺内容进行核查，并予以配合。\n"
        "本人（单位）知悉：承诺不实的，行政机关将依法终止办理、责令限期整改或者撤销办理决定，"
        "并将不实承诺记入信用记录；在信用修复前不再适用告知承诺制；涉嫌违法的依法追究法律责任。\n"
        "承诺方式：{signature}\n"
        "承诺人：{applicant_name}\n"
        "日期：{signed_on}"
    ),
}
TEMPLATE_VERSIONS = tuple(TEMPLATES)
PDF_FONT = "STSong-Light"

PLACEHOLDERS = {
    "organization": "（受理单位）",
    "applicant_name": "（申请人姓名或名称）",
    "applicant_id": "（身份证号码或统一社会信用代码）",
    "matter": "（政务服务事项）",
    "proof_name": "（证明名称）",
    "legal_basis": "（设定依据）",
    "signature": "（现场签字或电子签名）",
    "signed_on": "（年月日）",
}


@dataclass(frozen=True)
class Letter:
    template_version: str
    text: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


def template_error(template_version: str) -> str | None:
    if template_version and template_version not in TEMPLATES:
        known = "、".join(TEMPLATE_VERSIONS)
        return f"没有“{template_version}”的告知承诺书模板，现有模板：{known}"
    return None


def letter_render(template_version: str, **details: str) -> Letter:
    """The letter text for `details` (the PLACEHOLDERS keys).

    Raises ValidationError naming template_version for a blank or unknown version.
    """
    if template_version not in TEMPLATES:
        problem = template_error(template_version) or "该证明事项未设定告知承诺书模板版本"
        raise ValidationError({"template_version": problem})
    values = {**PLACEHOLDERS, **{k: v for k, v in details.items() if v}}
    return Letter(template_version, TEMPLATES[template_version].format(**values))


def letter_blank(template_version: str) -> Letter:
    """The template with its blanks, as published on the portal (格式文本)."""
    return letter_render(template_version)


def letter_pdf(letter: Letter, *, title: str = "证明事项告知承诺书") -> bytes:
    """The letter as a PDF (A4), for signing on a pad or archiving.

    Uses the Adobe-GB1 font STSong-Light that PDF readers provide, so nothing is embedded and no
    font file has to be shipped to the intranet.
    """
    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    body = ParagraphStyle(
        "body", fontName=PDF_FONT, fontSize=12, leading=20, firstLineIndent=24, wordWrap="CJK"
    )
    heading = ParagraphStyle(
        "heading", fontName=PDF_FONT, fontSize=16, leading=28, alignment=TA_CENTER
    )
    footer = ParagraphStyle("footer", fontName=PDF_FONT, fontSize=8, leading=12)
    story = [Paragraph(escape(title), heading), Spacer(1, 12)]
    salutation = ParagraphStyle("salutation", parent=body, firstLineIndent=0)
    lines = letter.text.split("\n")
    story += [Paragraph(escape(lines[0]), salutation)]
    story += [Paragraph(escape(line), body) for line in lines[1:]]
    story += [
        Spacer(1, 24),
        Paragraph(
            escape(f"模板版本：{letter.template_version}　文本摘要：{letter.digest[:16]}"), footer
        ),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=title, leftMargin=72, rightMargin=72, topMargin=72
    ).build(story)
    return buffer.getvalue()


def letter_docx(letter: Letter, *, title: str = "证明事项告知承诺书") -> bytes:
    """The letter as a Word document (SimSun body, 16 pt title), for printing and signing."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(12)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold = True
    run.font.size = Pt(16)
    for line in letter.text.split("\n"):
        paragraph = document.add_paragraph(line)
        paragraph.paragraph_format.first_line_indent = Pt(24)
    footer = document.add_paragraph(
        f"模板版本：{letter.template_version}　文本摘要：{letter.digest[:16]}"
    )
    footer.runs[0].font.size = Pt(8)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The downloadable forms of a letter: file extension → (renderer, content type).
LETTER_FORMATS = {
    "docx": (letter_docx, DOCX_CONTENT_TYPE),
    "pdf": (letter_pdf, "application/pdf"),
}
