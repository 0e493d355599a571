"""Excel imports: declare the columns once; get the template, the row-by-row check and the import.

An app declares each import as an `ImportSpec` in its `resources.py` (STYLE P7): the columns
(Chinese header, field name, parser built on the shared validators) and a `row_writer` that
calls the app's service, so an imported row obeys the same rules as one entered on a page.

    ENTERPRISE_IMPORT = ImportSpec(
        key="core.enterprises",
        title="企业名录",
        columns=[
            Column("统一社会信用代码", "uscc", text(validators=[validate_uscc], upper=True),
                   required=True, unique=True, example="91371082MA3C4TQX1J"),
            Column("所在区划代码", "region", region(levels=["town", "village"]), required=True),
            Column("成立日期", "established_on", date()),
        ],
        row_writer=lambda values, *, acting_user: enterprise_create(
            acting_user=acting_user, **values
        ),
    )

The steps, each a function a view or a Celery task can call:

1. `upload_stage` keeps the uploaded file under IMPORT_UPLOAD_DIR with a random token.
2. `import_preview` reads it, checks the header row, then every row: the column parsers,
   duplicates within the file, and the row writer itself inside a transaction that is rolled
   back. It returns how many rows are valid and each error by line, column and reason.
3. `error_workbook_bytes`: the bad rows with their reasons, to correct and import again.
4. `import_commit` writes every valid row in one transaction, or none, and audits the import.

For services that take a file as a whole, `whole_file_import` writes every row or none and
names each bad row by its line (see `whole_file`).

A file that cannot be imported at all (not a workbook, empty, no header row, too many rows,
wrong columns) raises `ImportFileError` with a message for the user; nothing is written.
"""

from fazhi.core.imports.columns import (
    Cell,
    CellParser,
    Column,
    ImportContext,
    boolean,
    cell_text,
    choice,
    column_prefetch,
    date,
    integer,
    lookup,
    region,
    text,
)
from fazhi.core.imports.reading import (
    ERROR_COLUMN,
    LINE_COLUMN,
    ImportTable,
    SourceRow,
    header_check,
    table_read,
)
from fazhi.core.imports.running import (
    error_workbook_bytes,
    import_commit,
    import_preview,
    import_validate,
    template_workbook_bytes,
)
from fazhi.core.imports.spec import (
    ImportFailed,
    ImportFileError,
    ImportPreview,
    ImportResult,
    ImportSpec,
    RowError,
    RowWriter,
)
from fazhi.core.imports.staging import (
    STAGED_LIFETIME,
    StagedUpload,
    preview_load,
    preview_store,
    staged_discard,
    staged_purge,
    upload_stage,
)
from fazhi.core.imports.whole_file import (
    WholeFileOutcome,
    service_rows_renumbered,
    whole_file_import,
    whole_file_only,
    whole_file_rows_read,
)

__all__ = [
    "ERROR_COLUMN",
    "LINE_COLUMN",
    "STAGED_LIFETIME",
    "Cell",
    "CellParser",
    "Column",
    "ImportContext",
    "ImportFailed",
    "ImportFileError",
    "ImportPreview",
    "ImportResult",
    "ImportSpec",
    "ImportTable",
    "RowError",
    "RowWriter",
    "SourceRow",
    "StagedUpload",
    "WholeFileOutcome",
    "boolean",
    "cell_text",
    "choice",
    "column_prefetch",
    "date",
    "error_workbook_bytes",
    "header_check",
    "import_commit",
    "import_preview",
    "import_validate",
    "integer",
    "lookup",
    "preview_load",
    "preview_store",
    "region",
    "service_rows_renumbered",
    "staged_discard",
    "staged_purge",
    "table_read",
    "template_workbook_bytes",
    "text",
    "upload_stage",
    "whole_file_import",
    "whole_file_only",
    "whole_file_rows_read",
]
