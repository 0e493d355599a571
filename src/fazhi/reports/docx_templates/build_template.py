"""Build annual_report.docx, the docxtpl template of the annual report (run once, commit both).

    .venv/bin/python src/fazhi/reports/docx_templates/build_template.py

The layout follows the national standard for official documents (GB/T 9704-2012): A4, title in
方正小标宋简体 二号, first-level headings in 黑体 三号, second-level in 楷体_GB2312 三号, body in
仿宋_GB2312 三号 with a fixed 28-point line. The font table names a fallback for each Chinese
font (宋体, 黑体, 楷体, 仿宋), which Word and WPS use on machines without the GB2312 fonts.
"""

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.text.paragraph import Paragraph
from lxml import etree

TEMPLATE = Path(__file__).with_name("annual_report.docx")
LATIN_FONT = "Times New Roman"
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_1_FONT = "黑体"
HEADING_2_FONT = "楷体_GB2312"
# Written to the font table as w:altName: the font Word and WPS use when one is missing.
FALLBACKS = {
    BODY_FONT: "仿宋",
    TITLE_FONT: "宋体",
    HEADING_2_FONT: "楷体",
    HEADING_1_FONT: "SimHei",
    "仿宋": "FangSong",
    "宋体": "SimSun",
    "楷体": "KaiTi",
}
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
LINE = Pt(28)
INDENT_2_CHARACTERS = Pt(32)


def _set_fonts(style: BaseStyle, east_asian: str) -> None:
    properties = style.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:cs"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)


def _paragraph_style(
    document: DocumentObject, name: str, *, east_asian: str, size: Length, base: str | None = None
) -> ParagraphStyle:
    styles = document.styles
    style = (
        styles[name]
        if name in [s.name for s in styles]
        else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    )
    if base is not None:
        style.base_style = styles[base]
    _set_fonts(style, east_asian)
    style.font.size = size
    style.font.bold = False
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    layout = style.paragraph_format
    layout.space_before = Pt(0)
    layout.space_after = Pt(0)
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = LINE
    return style


def _define_styles(document: DocumentObject) -> None:
    normal = _paragraph_style(document, "Normal", east_asian=BODY_FONT, size=SIZE_3)
    normal.paragraph_format.first_line_indent = INDENT_2_CHARACTERS
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    title = _paragraph_style(document, "Title", east_asian=TITLE_FONT, size=SIZE_2)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = LINE
    border = title.element.pPr.find(qn("w:pBdr"))
    if border is not None:
        title.element.pPr.remove(border)

    for name, font in (("Heading 1", HEADING_1_FONT), ("Heading 2", HEADING_2_FONT)):
        heading = _paragraph_style(document, name, east_asian=font, size=SIZE_3)
        heading.paragraph_format.first_line_indent = INDENT_2_CHARACTERS
        heading.paragraph_format.keep_with_next = True

    note = _paragraph_style(document, "数据说明", east_asian=BODY_FONT, size=SIZE_4, base="Normal")
    note.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    note.paragraph_format.first_line_indent = Pt(0)
    note.paragraph_format.space_before = LINE

    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = run_defaults.find(qn("w:rFonts"))
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_defaults.append(language)
    language.set(qn("w:eastAsia"), "zh-CN")


def _add_font_fallbacks(document: DocumentObject) -> None:
    table = next(
        rel.target_part
        for rel in document.part.rels.values()
        if rel.reltype == RELATIONSHIP_TYPE.FONT_TABLE
    )
    root = parse_xml(table.blob)
    for name, fallback in FALLBACKS.items():
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}">'
                f'<w:altName w:val="{fallback}"/><w:charset w:val="86"/>'
                f'<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
            )
        )
    table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_setup(document: DocumentObject) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.paragraph_format.first_line_indent = Pt(0)
    footer.add_run("— ")
    footer._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        )
    )
    footer.add_run(" —")
    for run in footer.runs:
        run.font.size = SIZE_4


def _line(document: DocumentObject, text: str, style: str = "Normal") -> Paragraph:
    return document.add_paragraph(text, style=style)


def _write_body(document: DocumentObject) -> None:
    _line(document, "{{ report.title }}", "Title")
    _line(document, "{{ report.opening }}")
    _line(document, "{%p for part in report.parts %}")
    _line(document, "{{ part.heading }}", "Heading 1")
    _line(document, "{%p if part.is_empty %}")
    _line(document, "{{ part.empty_notice }}")
    _line(document, "{%p endif %}")
    _line(document, "{%p for section in part.sections %}")
    _line(document, "{{ section.heading }}", "Heading 2")
    _line(document, "{%p for paragraph in section.paragraphs %}")
    _line(document, "{{ paragraph }}")
    _line(document, "{%p endfor %}")
    _line(document, "{%p endfor %}")
    _line(document, "{%p endfor %}")
    _line(document, "{{ report.data_as_of_line }}", "数据说明")


def build() -> Path:
    document = Document()
    _define_styles(document)
    _add_font_fallbacks(document)
    _page_setup(document)
    _write_body(document)
    document.core_properties.title = "法治政府建设年度报告"
    document.core_properties.author = "法治政府建设工作平台"
    document.core_properties.language = "zh-CN"
    document.save(str(TEMPLATE))
    return TEMPLATE


if __name__ == "__main__":
    print(f"已生成 {build()}")  # noqa: T201
