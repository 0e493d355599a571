"""Attachments: checked for type (by content, not only name) and size, stored with an SM3 digest."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction

from fazhi.core.audit import audit_record
from fazhi.core.crypto import sm3_hexdigest
from fazhi.core.models import Attachment, AuditLog, User

# Extension → (MIME type, the bytes a real file of that type starts with).
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    ".xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0",)),
    ".ofd": ("application/ofd", (b"PK\x03\x04",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def attachment_check(uploaded: UploadedFile) -> tuple[str, bytes]:
    """The file's MIME type and content, or ValidationError naming the field and the reason."""
    name = uploaded.name or ""
    extension = _extension(name)
    if extension not in ALLOWED_TYPES:
        allowed = "、".join(sorted(ext.lstrip(".") for ext in ALLOWED_TYPES))
        raise ValidationError({"file": f"附件“{name}”的类型不允许上传，仅支持 {allowed}"})
    limit = settings.ATTACHMENT_MAX_BYTES
    if uploaded.size is None or uploaded.size > limit:
        raise ValidationError({"file": f"附件“{name}”超过大小上限 {limit // (1024 * 1024)} MB"})
    if uploaded.size == 0:
        raise ValidationError({"file": f"附件“{name}”是空文件"})
    content = b"".join(uploaded.chunks())
    mime_type, signatures = ALLOWED_TYPES[extension]
    if not content.startswith(signatures):
        raise ValidationError(
            {"file": f"附件“{name}”的内容与扩展名 {extension} 不符，可能已损坏或被改名"}
        )
    return mime_type, content


@transaction.atomic
def attachment_add(
    *, acting_user: User, target: models.Model, uploaded: UploadedFile, description: str = ""
) -> Attachment:
    """Attach a checked file to `target`. The caller has already passed the target's access gate."""
    mime_type, content = attachment_check(uploaded)
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        original_name=(uploaded.name or "")[:255],
        size=len(content),
        mime_type=mime_type,
        digest=sm3_hexdigest(content),
        description=description,
        created_by=acting_user,
    )
    uploaded.seek(0)
    attachment.file.save(uploaded.name or "file", uploaded, save=False)
    attachment.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=target,
        message=(
            f"上传附件 {attachment.original_name} "
            f"({attachment.size} 字节, SM3 {attachment.digest[:16]}…)"
        ),
    )
    return attachment
