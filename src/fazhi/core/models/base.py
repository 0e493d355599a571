from typing import Any

from django.conf import settings
from django.db import models

from fazhi.core.crypto import blind_index, mask_id_number


class TimeStampedModel(models.Model):
    """created_at, updated_at and created_by, which every model carries (DESIGN conventions)."""

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


class IdNumberIndexed(models.Model):
    """A model naming a person by 身份证号: `id_number` (encrypted) and its blind index.

    The model declares both fields; this keeps the number normalised and the keyed hash
    `id_number_digest` filled on every save, so exact-match search works without decrypting
    (PIPL art. 51; 等保 8.1.4.8b). bulk_create skips save(): call `digest()` on each row first.
    """

    id_number: Any
    id_number_digest: Any

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.digest()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "id_number_digest"}
        super().save(*args, **kwargs)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    def digest(self) -> None:
        """Normalise the ID number and fill its blind index."""
        self.id_number = self.id_number.strip().upper()
        self.id_number_digest = blind_index(self.id_number)
