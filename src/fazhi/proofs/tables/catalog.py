"""Columns of the proof-catalog lists."""

import django_tables2 as tables

from fazhi.core.listing import YesNoColumn
from fazhi.proofs.models import CatalogChange, CatalogRelease, ProofItemVersion


class VersionTable(tables.Table):
    code = tables.Column(
        verbose_name="事项编码",
        accessor="item__code",
        linkify=("proofs:item-detail", {"pk": tables.A("item_id")}),
        attrs={"td": {"class": "text-nowrap proof-row"}},
    )
    name = tables.Column()
    organization = tables.Column(accessor="organization__name", verbose_name="索要单位")
    issuing_authority = tables.Column()
    field = tables.Column()
    handling_mode = tables.Column()
    verification_method = tables.Column()
    exempt_from_verification = YesNoColumn()
    valid_from = tables.Column()

    class Meta:
        model = ProofItemVersion
        fields = (
            "code",
            "name",
            "organization",
            "issuing_authority",
            "field",
            "handling_mode",
            "verification_method",
            "verification_days",
            "exempt_from_verification",
            "legal_basis",
            "valid_from",
        )
        order_by = ("code",)
        empty_text = "该日没有在清单中的证明事项"


class ChangeTable(tables.Table):
    code = tables.Column(
        linkify=("proofs:change-detail", {"pk": tables.A("pk")}),
        attrs={"td": {"class": "text-nowrap change-row"}},
    )
    name = tables.Column(accessor="proposed__name", verbose_name="证明名称", orderable=False)

    class Meta:
        model = CatalogChange
        fields = ("code", "kind", "name", "organization", "status", "release", "created_at")
        order_by = ("-created_at",)
        empty_text = "没有调整申请"


class ReleaseTable(tables.Table):
    number = tables.Column(
        linkify=("proofs:release-detail", {"pk": tables.A("pk")}),
        attrs={"td": {"class": "text-nowrap release-row"}},
    )

    class Meta:
        model = CatalogRelease
        fields = ("number", "region", "status", "published_on", "effective_on", "note")
        order_by = ("-effective_on",)
        empty_text = "没有清单版本"
