import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from fazhi.rules.models import PrecheckRule
from fazhi.rules.precheck import (
    extract_text,
    flags_by_paragraph,
    flags_for_sentence,
    precheck_text,
    split_sentences,
)
from fazhi.rules.selectors import precheck_rules_enabled
from fazhi.rules.tests.precheck_corpus import CLEAN, CORPUS

pytestmark = pytest.mark.django_db

POSITIVES = [
    pytest.param(code, sentence, id=f"{code}-positive-{index}")
    for code, cases in CORPUS.items()
    for index, sentence in enumerate(cases["positive"])
]
NEGATIVES = [
    pytest.param(code, sentence, id=f"{code}-negative-{index}")
    for code, cases in CORPUS.items()
    for index, sentence in enumerate(cases["negative"])
]


@pytest.fixture
def rules_by_code():
    return {rule.code: rule for rule in precheck_rules_enabled()}


def _codes(text, rules):
    return {flag.rule_code for flag in precheck_text(text, rules)}


# ------------------------------------------------------------------ the default rules and corpus


def test_the_migration_ships_at_least_thirty_enabled_rules():
    assert PrecheckRule.objects.filter(enabled=True).count() >= 30


def test_every_default_rule_has_its_corpus_and_every_corpus_entry_a_rule():
    assert set(PrecheckRule.objects.values_list("code", flat=True)) == set(CORPUS)


@pytest.mark.parametrize("code", sorted(CORPUS))
def test_corpus_has_two_positives_and_a_negative_per_rule(code):
    assert len(CORPUS[code]["positive"]) >= 2
    assert len(CORPUS[code]["negative"]) >= 1


def test_the_clean_set_is_large_enough():
    assert len(CLEAN) >= 20


@pytest.mark.parametrize(("code", "sentence"), POSITIVES)
def test_rule_flags_its_positive_sentences(rules_by_code, code, sentence):
    assert code in _codes(sentence, [rules_by_code[code]])


@pytest.mark.parametrize(("code", "sentence"), NEGATIVES)
def test_rule_stays_silent_on_its_negative_sentences(rules_by_code, code, sentence):
    assert _codes(sentence, [rules_by_code[code]]) == set()


@pytest.mark.parametrize("sentence", CLEAN)
def test_no_rule_flags_a_clean_sentence(rules_by_code, sentence):
    assert _codes(sentence, list(rules_by_code.values())) == set()


def test_a_disabled_rule_is_silent():
    sentence = CORPUS["PC-PEN-01"]["positive"][0]
    assert "PC-PEN-01" in _codes(sentence, precheck_rules_enabled())

    PrecheckRule.objects.filter(code="PC-PEN-01").update(enabled=False)

    assert "PC-PEN-01" not in _codes(sentence, precheck_rules_enabled())


def test_enabled_rules_are_read_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        rules = precheck_rules_enabled()

    assert len(rules) == PrecheckRule.objects.count()


# ------------------------------------------------------------------ the engine


def test_sentences_split_at_chinese_stops_and_lines_and_carry_their_paragraph():
    text = (
        "第一条 为规范管理，制定本办法。第二条 本办法适用于全市；\n\n  各部门应当配合！是否可以？\n"
    )

    sentences = split_sentences(text)

    assert [(sentence.text, sentence.paragraph) for sentence in sentences] == [
        ("第一条 为规范管理，制定本办法。", 1),
        ("第二条 本办法适用于全市；", 1),
        ("各部门应当配合！", 2),
        ("是否可以？", 2),
    ]


def test_a_flag_names_the_sentence_the_rule_and_its_basis(rules_by_code):
    text = "第一章 总则\n违反本办法规定擅自设置摊点的，由城市管理部门处二百元以上一千元以下罚款。"

    [flag] = precheck_text(text, [rules_by_code["PC-PEN-01"]])

    assert flag.paragraph == 2
    assert flag.sentence == text.splitlines()[1]
    assert (flag.rule_code, flag.category, flag.category_label) == (
        "PC-PEN-01",
        "penalty",
        "设定行政处罚",
    )
    assert flag.matched_text == "处二百元以上一千元以下罚款"
    assert flag.rule_name == "设定罚款"
    assert "第十六条" in flag.legal_basis
    assert flag.explanation


def test_flags_group_by_paragraph_and_highlight_every_match(rules_by_code):
    text = "本通知自发布之日起实施。\n外地施工企业不得参与本市政府投资项目投标。"
    rules = [rules_by_code["PC-OTH-02"], rules_by_code["PC-LOC-02"]]

    paragraphs = flags_by_paragraph(precheck_text(text, rules))

    assert [paragraph.number for paragraph in paragraphs] == [1, 2]
    second = paragraphs[1].sentences[0]
    assert [flag.rule_code for flag in second.flags] == ["PC-LOC-02"]
    assert second.segments() == [
        ("外地施工企业不得参与", True),
        ("本市政府投资项目投标。", False),
    ]


def test_overlapping_matches_of_two_rules_are_highlighted_once(rules_by_code):
    sentence = split_sentences("经营者须报经市商务局批准并备案后方可经营。")[0]
    rules = [rules_by_code["PC-LIC-01"], rules_by_code["PC-LIC-04"]]

    flags = flags_for_sentence(sentence, rules)
    paragraph = flags_by_paragraph(flags)[0]

    assert {flag.rule_code for flag in flags} == {"PC-LIC-01", "PC-LIC-04"}
    highlighted = [text for text, matched in paragraph.sentences[0].segments() if matched]
    assert "".join(text for text, _ in paragraph.sentences[0].segments()) == sentence.text
    assert highlighted == ["须报经市商务局批准并备案后方可"]


# ------------------------------------------------------------------ text extraction


def test_docx_paragraphs_and_table_cells_are_extracted_in_order(docx_bytes):
    content = docx_bytes(
        ["荣成市城区摊点管理办法", "违反本办法规定的，处五百元罚款。"],
        table_rows=[("事项", "要求"), ("保证金", "入驻商户须缴纳经营保证金两万元。")],
        closing="本办法自印发之日起施行。",
    )

    text = extract_text(filename="草案.DOCX", content=content)

    assert text.splitlines() == [
        "荣成市城区摊点管理办法",
        "违反本办法规定的，处五百元罚款。",
        "事项",
        "要求",
        "保证金",
        "入驻商户须缴纳经营保证金两万元。",
        "本办法自印发之日起施行。",
    ]
    codes = _codes(text, precheck_rules_enabled())
    assert {"PC-PEN-01", "PC-FEE-02", "PC-OTH-02"} <= codes


def test_merged_table_cells_are_read_once():
    document = Document()
    table = document.add_table(rows=1, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "一律由市环卫集团公司收运。"
    buffer = io.BytesIO()
    document.save(buffer)

    text = extract_text(filename="a.docx", content=buffer.getvalue())

    assert text.splitlines() == ["一律由市环卫集团公司收运。"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_text_files_in_utf8_or_gb18030_are_read(encoding):
    text = "本办法自印发之日起施行。"

    assert extract_text(filename="draft.txt", content=text.encode(encoding)) == text


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("draft.pdf", b"%PDF-1.4", "只支持.docx和.txt文件"),
        ("draft.doc", b"\xd0\xcf\x11\xe0", "不支持旧版Word格式，请另存为.docx后上传"),
        ("draft.docx", b"not a zip", "无法读取该Word文件，请确认是.docx格式且未加密"),
        ("draft.txt", b"   \n", "文件中没有可预审的文字"),
    ],
)
def test_unusable_files_are_refused_in_chinese(filename, content, message):
    with pytest.raises(ValidationError) as refused:
        extract_text(filename=filename, content=content)

    assert refused.value.message_dict == {"file": [message]}
