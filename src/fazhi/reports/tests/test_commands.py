import io
import json

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from fazhi.core.figures import figures

pytestmark = pytest.mark.django_db


def test_json_to_a_file(world, tmp_path):
    out = tmp_path / "report.json"

    call_command(
        "report", region="371082", year=2022, format="json", out=str(out), stdout=io.StringIO()
    )

    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["region"], data["year"]) == ("371082", 2022)
    values = {figure["key"]: figure["value"] for figure in data["figures"]}
    assert set(values) == {figure.key for figure in figures()}
    assert (values["core.towns"], values["core.villages"]) == (2, 2)
    assert values["core.enforcement_departments"] == 2


def test_docx_to_a_file(world, tmp_path):
    out = tmp_path / "report.docx"

    call_command(
        "report", region="371082", year=2022, format="docx", out=str(out), stdout=io.StringIO()
    )

    headings = [p.text for p in Document(str(out)).paragraphs if p.style.name == "Heading 1"]
    assert len(headings) == 5
    assert headings[0] == "一、2022年推进法治政府建设的主要举措和成效"


@pytest.mark.parametrize("code", ["371082", "371082000000"])
def test_county_code_in_six_or_twelve_digits(world, code):
    stdout = io.StringIO()

    call_command("report", region=code, year=2022, format="json", out="-", stdout=stdout)

    assert json.loads(stdout.getvalue())["region_name"] == "荣成市"


def test_town_code_in_nine_digits(world):
    stdout = io.StringIO()

    call_command("report", region="371082007", year=2022, format="html", out="-", stdout=stdout)

    assert "崖头街道2022年度法治政府建设工作情况报告" in stdout.getvalue()


def test_unknown_region_is_an_error_in_chinese(world, tmp_path):
    out = tmp_path / "report.json"

    with pytest.raises(CommandError, match="区划代码“371099”不存在"):
        call_command("report", region="371099", year=2022, format="json", out=str(out))

    assert not out.exists()


@pytest.mark.parametrize("code", ["3710", "37108A", "3710820"])
def test_malformed_region_code_is_an_error(world, code):
    with pytest.raises(CommandError, match="格式不正确"):
        call_command("report", region=code, year=2022, format="json", out="-")


def test_docx_cannot_go_to_stdout(world):
    with pytest.raises(CommandError, match="Word"):
        call_command("report", region="371082", year=2022, format="docx", out="-")
