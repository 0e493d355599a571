import io

import pytest
from docx import Document


@pytest.fixture
def docx_bytes():
    """A .docx built with python-docx: paragraphs, then a table, then a closing paragraph."""

    def build(paragraphs, table_rows=(), closing=""):
        document = Document()
        for text in paragraphs:
            document.add_paragraph(text)
        if table_rows:
            table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
            for row_index, row in enumerate(table_rows):
                for column_index, text in enumerate(row):
                    table.cell(row_index, column_index).text = text
        if closing:
            document.add_paragraph(closing)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    return build
