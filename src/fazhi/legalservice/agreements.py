"""The people's mediation agreement (人民调解协议书) as a Word document.

人民调解法 art. 29 says what a written agreement states: the parties' basic information; the
main facts of the dispute, the issues in dispute and each party's liability; the content agreed,
and the way and time limit of performance. It takes effect once the parties sign, seal or put
their fingerprint on it and the mediator signs it with the committee's seal; each party keeps a
copy and the committee keeps one. Built with python-docx in the way of the proofs app's
commitment letter (proofs/letters.py): data in a frozen dataclass, format here.
"""

import datetime
import io
from dataclasses import dataclass

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE = "人民调解协议书"
# The section headings, in the order of art. 29.
PARTIES_HEADING = "一、当事人基本情况"
FACTS_HEADING = "二、纠纷主要事实、争议事项及各方责任"
TERMS_HEADING = "三、经调解，双方当事人自愿达成如下协议"
PERFORMANCE_HEADING = "四、履行方式和期限"
SIGNATURES_HEADING = "五、签名盖章"


@dataclass(frozen=True)
class AgreementParty:
    name: str
    gender: str
    id_number: str
    address: str
    phone: str


@dataclass(frozen=True)
class AgreementDocument:
    """Everything the agreement states, in plain text (personal data decrypted)."""

    number: str
    committee: str
    mediator: str
    parties: tuple[AgreementParty, ...]
    facts: str
    issues: str
    liabilities: str
    terms: str
    performance_method: str
    performance_due_on: datetime.date
    agreed_on: datetime.date
    confirmation_due_on: datetime.date | None

    @property
    def copies(self) -> int:
        """One copy for each party and one the committee keeps (art. 29)."""
        return len(self.parties) + 1


def _chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _party_line(number: int, party: AgreementParty) -> str:
    details = [f"姓名：{party.name}", f"性别：{party.gender}", f"身份证号：{party.id_number}"]
    details.append(f"住址：{party.address}")
    if party.phone:
        details.append(f"联系电话：{party.phone}")
    return f"当事人{number}：" + "，".join(details)


def agreement_lines(document: AgreementDocument) -> list[tuple[str, str]]:
    """The document as (kind, text) lines: kind "heading" or "body", in reading order."""
    lines = [("body", f"编号：{document.number}"), ("heading", PARTIES_HEADING)]
    lines += [
        ("body", _party_line(number, party))
        for number, party in enumerate(document.parties, start=1)
    ]
    lines += [
        ("heading", FACTS_HEADING),
        ("body", f"纠纷主要事实：{document.facts}"),
        ("body", f"争议事项：{document.issues}"),
    ]
    if document.liabilities:
        lines.append(("body", f"各方责任：{document.liabilities}"))
    lines += [("heading", TERMS_HEADING)]
    lines += [("body", line) for line in document.terms.splitlines() if line.strip()]
    lines += [
        ("heading", PERFORMANCE_HEADING),
        ("body", f"履行方式：{document.performance_method}"),
        ("body", f"履行期限：{_chinese_date(document.performance_due_on)}前履行完毕。"),
        (
            "body",
            f"本协议一式{document.copies}份，当事人各执一份，人民调解委员会留存一份。"
            "本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起"
            "生效，对当事人具有法律约束力，当事人应当按照约定履行。",
        ),
    ]
    if document.confirmation_due_on is not None:
        lines.append(
            (
                "body",
                "双方当事人认为有必要的，可以在"
                f"{_chinese_date(document.confirmation_due_on)}前共同向人民法院申请司法确认。",
            )
        )
    lines.append(("heading", SIGNATURES_HEADING))
    lines += [
        ("body", f"当事人（签名、盖章或按指印）：{party.name}　　　　　　")
        for party in document.parties
    ]
    lines += [
        ("body", f"人民调解员（签名）：{document.mediator}　　　　　　"),
        ("body", f"{document.committee}（印章）"),
        ("body", _chinese_date(document.agreed_on)),
    ]
    return lines


def agreement_docx(document: AgreementDocument) -> bytes:
    """The agreement as a Word document (SimSun body, 16 pt title), for printing and signing."""
    word = Document()
    style = word.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(12)
    heading = word.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(TITLE)
    run.bold = True
    run.font.size = Pt(16)
    for kind, text in agreement_lines(document):
        paragraph = word.add_paragraph()
        added = paragraph.add_run(text)
        if kind == "heading":
            added.bold = True
        else:
            paragraph.paragraph_format.first_line_indent = Pt(24)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
