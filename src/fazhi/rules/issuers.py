"""Who may issue a document that a unit drafts (山东省人民政府令第353号 art. 5)."""

from django.core.exceptions import ValidationError

from fazhi.core.models import Organization

# Governments issue 政府规范性文件 drafted by their departments; any other issuer is the drafting
# unit itself (部门规范性文件).
GOVERNMENT_KINDS = (Organization.Kind.GOVERNMENT, Organization.Kind.TOWN_GOVERNMENT)


def issuer_validate(*, organization: Organization, issuer: Organization) -> None:
    """Raise ValidationError on `issuer` unless it may issue what `organization` drafts."""
    if issuer.pk == organization.pk:
        return
    if issuer.kind not in GOVERNMENT_KINDS:
        raise ValidationError(
            {"issuer": "制定机关应为本单位或本级人民政府（部门不能以其他部门名义制定文件）"}
        )
    if not organization.region.code.startswith(issuer.region.prefix):
        raise ValidationError({"issuer": f"{organization.name}不属于{issuer.name}"})


def is_government(issuer: Organization) -> bool:
    return issuer.kind in GOVERNMENT_KINDS
