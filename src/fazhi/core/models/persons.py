from django.db import models

from fazhi.core.crypto import EncryptedTextField, blind_index, mask_id_number, mask_phone
from fazhi.core.models.base import TimeStampedModel
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope
from fazhi.core.validators import validate_id_number, validate_mobile


class Person(TimeStampedModel):
    """A member of the public named in a record. ID number, phone and address are encrypted at rest.

    The *_digest columns are keyed hashes (blind indexes) so that exact-match search works
    without decrypting (PIPL art. 51; 等保 8.1.4.8b).
    """

    class Gender(models.TextChoices):
        MALE = "male", "男"
        FEMALE = "female", "女"
        UNKNOWN = "unknown", "未知"

    name = models.CharField("姓名", max_length=64)
    id_number = EncryptedTextField("身份证号", validators=[validate_id_number])
    id_number_digest = models.CharField(max_length=64, db_index=True, editable=False)
    phone = EncryptedTextField("手机号", blank=True, validators=[validate_mobile])
    phone_digest = models.CharField(max_length=64, db_index=True, blank=True, editable=False)
    address = EncryptedTextField("住址", blank=True)
    gender = models.CharField("性别", max_length=8, choices=Gender.choices, default=Gender.UNKNOWN)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    region = models.ForeignKey(
        "core.Region", verbose_name="所在区划", on_delete=models.PROTECT, related_name="persons"
    )
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name="登记单位",
        on_delete=models.PROTECT,
        related_name="persons",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "自然人"
        verbose_name_plural = "自然人"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def save(self, *args: object, **kwargs: object) -> None:
        self.id_number = self.id_number.strip().upper()
        self.id_number_digest = blind_index(self.id_number)
        self.phone_digest = blind_index(self.phone) if self.phone else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "id_number_digest", "phone_digest"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


register_scope(
    Person,
    Scope(
        region="region",
        organization="organization",
        bureau_functions=frozenset(
            {"bureau_legal_service", "bureau_corrections", "bureau_general"}
        ),
        sensitive=True,
    ),
)
