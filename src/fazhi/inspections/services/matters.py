"""Keeping a department's inspection-matters list (检查事项清单).

Only matters on the list may be planned (鲁政办发〔2025〕3号: 清单之外无检查); a matter in the
double-random scheme carries its sampling rate per risk grade (e.g. 河南 2021: high 30 %,
medium-high 10 %, medium 2 %, low 1 %).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.models import AuditLog, Organization
from fazhi.inspections.models import InspectionMatter
from fazhi.inspections.permissions import require_plans_for


@transaction.atomic
def matter_create(
    *,
    acting_user: Any,
    organization: Organization,
    code: str,
    name: str,
    legal_basis: str,
    category: str,
    double_random: bool = False,
    sampling_rates: dict[str, int] | None = None,
    frequency_per_year: int = 1,
    qualification: str = "",
) -> InspectionMatter:
    """Add a matter to the department's list. ValidationError names the field at fault."""
    require_plans_for(acting_user, organization)
    if InspectionMatter.objects.filter(organization=organization, code=code.strip()).exists():
        raise ValidationError({"code": f"事项编码{code.strip()}已在本部门检查事项清单中"})
    matter = InspectionMatter(
        organization=organization,
        code=code.strip(),
        name=name.strip(),
        legal_basis=legal_basis.strip(),
        category=category,
        double_random=double_random,
        sampling_rates=sampling_rates or {},
        frequency_per_year=frequency_per_year,
        qualification=qualification.strip(),
        created_by=acting_user,
    )
    matter.full_clean()
    matter.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=matter,
        changes={"code": matter.code, "double_random": double_random},
        message="新增检查事项",
    )
    return matter
