"""Keeping an uploaded file between the preview and the import, for one user, for 24 hours."""

import dataclasses
import datetime
import os
import re
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from fazhi.core.imports.reading import file_kind
from fazhi.core.imports.spec import ImportFileError, ImportPreview
from fazhi.core.models import User

STAGED_LIFETIME = datetime.timedelta(hours=24)


_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_STAGED_SUFFIXES = (".xlsx", ".csv")


def _staging_dir() -> Path:
    directory = Path(settings.IMPORT_UPLOAD_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


@dataclasses.dataclass(frozen=True)
class StagedUpload:
    """An uploaded file kept between the preview and the import, owned by one user.

    Only the random token, suffix and original name travel (in the session); the path is
    always rebuilt here, so no client-supplied path is ever opened.
    """

    token: str
    suffix: str
    name: str
    user_id: int

    @property
    def path(self) -> Path:
        return _staging_dir() / f"{self.token}{self.suffix}"

    @property
    def preview_path(self) -> Path:
        return _staging_dir() / f"{self.token}.json"

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Any, *, user: User) -> "StagedUpload | None":
        """The upload described by `data` if it is well-formed, `user`'s, and still on disk."""
        if not isinstance(data, dict):
            return None
        token, suffix = data.get("token"), data.get("suffix")
        if not isinstance(token, str) or not _TOKEN.match(token) or suffix not in _STAGED_SUFFIXES:
            return None
        if data.get("user_id") != user.pk:
            return None
        staged = cls(
            token=token, suffix=suffix, name=str(data.get("name", ""))[:200], user_id=user.pk
        )
        return staged if staged.path.is_file() else None


def upload_stage(uploaded: UploadedFile, *, user: User) -> StagedUpload:
    """Keep an uploaded .xlsx (or .csv) under a random name for `user`.

    Raises ImportFileError for an empty file, one over IMPORT_MAX_BYTES, or one that is not an
    .xlsx or .csv (judged by its content, not its name). Old uploads are purged on the way.
    """
    staged_purge()
    size = uploaded.size or 0
    if size == 0:
        raise ImportFileError("文件是空的，请选择填好数据的Excel文件")
    limit_mb = settings.IMPORT_MAX_BYTES // (1024 * 1024)
    if size > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(f"文件超过{limit_mb}MB，请拆分后分批导入")
    uploaded.seek(0)
    head = uploaded.read(8)
    name = Path(uploaded.name or "").name
    suffix = file_kind(head, name)
    staged = StagedUpload(
        token=secrets.token_hex(16), suffix=suffix, name=name[:200], user_id=user.pk
    )
    uploaded.seek(0)
    descriptor = os.open(staged.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as target:
        for chunk in uploaded.chunks():
            target.write(chunk)
    return staged


def preview_store(staged: StagedUpload, preview: ImportPreview) -> None:
    staged.preview_path.write_text(preview.to_json(), encoding="utf-8")


def preview_load(staged: StagedUpload) -> ImportPreview | None:
    try:
        return ImportPreview.from_json(staged.preview_path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def staged_discard(staged: StagedUpload) -> None:
    """Delete the upload and its stored preview."""
    staged.path.unlink(missing_ok=True)
    staged.preview_path.unlink(missing_ok=True)


def staged_purge(*, older_than: datetime.timedelta = STAGED_LIFETIME) -> int:
    """Delete uploads left in IMPORT_UPLOAD_DIR longer than `older_than`; returns how many files.

    Run on every upload and by `fazhi imports_purge` (cron or Celery beat).
    """
    cutoff = timezone.now().timestamp() - older_than.total_seconds()
    removed = 0
    for path in _staging_dir().iterdir():
        if not path.is_file() or not _TOKEN.match(path.stem):
            continue
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed
