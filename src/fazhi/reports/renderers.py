"""The annual report in its three forms: JSON (for programs), HTML (standalone page) and Word.

Renderers only format an `AnnualReport` from the builder; they decide nothing about content.
"""

import datetime
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from docxtpl import DocxTemplate

from fazhi.core.figures import Number
from fazhi.reports.builder import AnnualReport

DOCX_TEMPLATE = Path(__file__).with_name("docx_templates") / "annual_report.docx"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def json_number(value: Number | Decimal | None) -> int | float | None:
    """Ints stay ints; a Decimal becomes an int when whole, else a float (98.5)."""
    if value is None or isinstance(value, int):
        return value
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _moment(moment: datetime.datetime | None) -> str | None:
    return None if moment is None else timezone.localtime(moment).isoformat(timespec="seconds")


def annual_report_as_dict(report: AnnualReport) -> dict[str, Any]:
    """The report as JSON-ready data: every figure with key, label, unit, value, previous, change.

    Figures come in report order (part, chapter, figure order, key), so two runs on the same
    data produce the same document apart from `generated_at`.
    """
    return {
        "region": report.region_short_code,
        "region_code": report.region_code,
        "region_name": report.region_name,
        "year": report.year,
        "title": report.title,
        "data_as_of": report.data_as_of.isoformat(),
        "generated_at": report.generated_at.isoformat(timespec="seconds"),
        "rollups_refreshed_at": _moment(report.rollups_refreshed_at),
        "figures": [
            {
                "key": line.key,
                "label": line.label,
                "unit": line.unit,
                "value": json_number(line.value),
                "previous": json_number(line.previous),
                "change": json_number(line.change),
                "chapter": line.chapter,
                "sentence": str(line.sentence),
                "refreshed_at": _moment(line.refreshed_at),
            }
            for line in report.figures
        ],
        "parts": [
            {
                "part": part.part,
                "heading": part.heading,
                "is_empty": part.is_empty,
                "sections": [
                    {
                        "heading": section.heading,
                        "chapter": section.chapter,
                        "figures": [line.key for line in section.figures],
                        "passages": [
                            {
                                "id": passage.pk,
                                "title": passage.title,
                                "organization": passage.organization,
                            }
                            for passage in section.passages
                        ],
                    }
                    for section in part.sections
                ],
            }
            for part in report.parts
        ],
    }


def annual_report_as_docx(report: AnnualReport) -> bytes:
    """The report as a Word document rendered from the docxtpl template."""
    template = DocxTemplate(str(DOCX_TEMPLATE))
    template.render({"report": report}, autoescape=True)
    template.docx.core_properties.title = report.title
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def annual_report_as_html(report: AnnualReport) -> str:
    """A standalone HTML page of the report (no site navigation, no links), for the command line."""
    return render_to_string(
        "reports/annual_report_standalone.html", {"report": report, "link_figures": False}
    )


def annual_report_filename(report: AnnualReport, extension: str) -> str:
    return f"{report.title}.{extension}"
