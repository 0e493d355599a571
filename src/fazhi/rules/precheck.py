"""The legality pre-check (智能预审): scan a draft sentence by sentence against the rules.

Pure functions over text and already-loaded rules; nothing here touches the database, so a
whole document is scanned with the rules read once (`selectors.precheck_rules_enabled`).
The result advises the reviewer; it never decides whether a document is lawful.
"""

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from django.core.exceptions import ValidationError

SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
TEXT_MAX_CHARACTERS = 300_000


class RuleLike(Protocol):
    code: str
    name: str
    category: str
    pattern: str
    exclusion: str
    explanation: str
    legal_basis: str


@dataclass(frozen=True)
class Sentence:
    text: str
    paragraph: int


@dataclass(frozen=True)
class CompiledRule:
    code: str
    name: str
    category: str
    category_label: str
    pattern: re.Pattern[str]
    exclusion: re.Pattern[str] | None
    explanation: str
    legal_basis: str


@dataclass(frozen=True)
class PrecheckFlag:
    """One rule firing on one sentence (预审提示)."""

    sentence: str
    paragraph: int
    rule_code: str
    rule_name: str
    category: str
    matched_text: str
    explanation: str
    legal_basis: str
    category_label: str = ""
    match_start: int = 0


@dataclass
class FlaggedSentence:
    text: str
    flags: list[PrecheckFlag] = field(default_factory=list)

    def segments(self) -> list[tuple[str, bool]]:
        """The sentence cut into (text, is_matched) runs, matched spans of all flags merged."""
        spans = sorted(
            (flag.match_start, flag.match_start + len(flag.matched_text)) for flag in self.flags
        )
        merged: list[list[int]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        pieces: list[tuple[str, bool]] = []
        position = 0
        for start, end in merged:
            if start > position:
                pieces.append((self.text[position:start], False))
            pieces.append((self.text[start:end], True))
            position = end
        if position < len(self.text):
            pieces.append((self.text[position:], False))
        return pieces


@dataclass
class FlaggedParagraph:
    number: int
    sentences: list[FlaggedSentence] = field(default_factory=list)


def compile_rule(rule: RuleLike, *, category_label: str = "") -> CompiledRule:
    return CompiledRule(
        code=rule.code,
        name=rule.name,
        category=rule.category,
        category_label=category_label,
        pattern=re.compile(rule.pattern),
        exclusion=re.compile(rule.exclusion) if rule.exclusion else None,
        explanation=rule.explanation,
        legal_basis=rule.legal_basis,
    )


def split_sentences(text: str) -> list[Sentence]:
    """Sentences ending at 。！？； (or a line break), numbered by their non-blank paragraph."""
    sentences = []
    paragraph = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        paragraph += 1
        for piece in SENTENCE_END.split(line):
            piece = piece.strip()
            if piece:
                sentences.append(Sentence(text=piece, paragraph=paragraph))
    return sentences


def flags_for_sentence(sentence: Sentence, rules: Iterable[CompiledRule]) -> list[PrecheckFlag]:
    flags = []
    for rule in rules:
        match = rule.pattern.search(sentence.text)
        if match is None or not match.group(0):
            continue
        if rule.exclusion is not None and rule.exclusion.search(sentence.text):
            continue
        flags.append(
            PrecheckFlag(
                sentence=sentence.text,
                paragraph=sentence.paragraph,
                rule_code=rule.code,
                rule_name=rule.name,
                category=rule.category,
                matched_text=match.group(0),
                explanation=rule.explanation,
                legal_basis=rule.legal_basis,
                category_label=rule.category_label,
                match_start=match.start(),
            )
        )
    return flags


def precheck_text(text: str, rules: Sequence[CompiledRule]) -> list[PrecheckFlag]:
    """Every flag the rules raise on `text`, in document order, then in rule order."""
    return [
        flag for sentence in split_sentences(text) for flag in flags_for_sentence(sentence, rules)
    ]


def flags_by_paragraph(flags: Iterable[PrecheckFlag]) -> list[FlaggedParagraph]:
    """Group flags by paragraph, then by sentence, keeping document order."""
    paragraphs: dict[int, FlaggedParagraph] = {}
    for flag in flags:
        paragraph = paragraphs.setdefault(flag.paragraph, FlaggedParagraph(flag.paragraph))
        if not paragraph.sentences or paragraph.sentences[-1].text != flag.sentence:
            paragraph.sentences.append(FlaggedSentence(flag.sentence))
        paragraph.sentences[-1].flags.append(flag)
    return list(paragraphs.values())


# Text extraction -------------------------------------------------------------------------------


def _docx_blocks(container: object) -> Iterable[str]:
    from docx.table import Table

    for block in container.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Table):
            # A merged cell is returned once per grid column it spans; the list keeps the
            # elements alive so that their ids stay unique while the table is read.
            seen: list[object] = []
            for row in block.rows:
                for cell in row.cells:
                    if any(element is cell._tc for element in seen):
                        continue
                    seen.append(cell._tc)
                    yield from _docx_blocks(cell)
        else:
            yield block.text


def docx_text(content: bytes) -> str:
    """The text of a .docx: its paragraphs and table cells in document order, one per line."""
    from docx import Document

    try:
        document = Document(io.BytesIO(content))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ValidationError({"file": "无法读取该Word文件，请确认是.docx格式且未加密"}) from error
    return "\n".join(_docx_blocks(document))


def plain_text(content: bytes) -> str:
    """A .txt in UTF-8 (with or without BOM) or GB18030, the encodings Chinese offices use."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError({"file": "无法识别文本文件的编码，请另存为UTF-8或GB18030编码后上传"})


def extract_text(*, filename: str, content: bytes) -> str:
    """The text of an uploaded draft (.docx or .txt).

    Raises:
        ValidationError: on `file` for another type, an unreadable file or an empty one.
    """
    name = filename.lower()
    if name.endswith(".docx"):
        text = docx_text(content)
    elif name.endswith(".txt"):
        text = plain_text(content)
    elif name.endswith((".doc", ".wps")):
        raise ValidationError({"file": "不支持旧版Word格式，请另存为.docx后上传"})
    else:
        raise ValidationError({"file": "只支持.docx和.txt文件"})
    if not text.strip():
        raise ValidationError({"file": "文件中没有可预审的文字"})
    return text


def ensure_text_length(text: str) -> None:
    if len(text) > TEXT_MAX_CHARACTERS:
        raise ValidationError(
            {"text": f"文本过长（{len(text)}字），一次最多预审{TEXT_MAX_CHARACTERS}字"}
        )
