"""Officers and certificates in given states, built through the services."""

import datetime
import itertools
from typing import Any

from stdnum.cn import ric

from fazhi.core.models import Organization
from fazhi.enforcement.models import Certificate, Officer, StaffingType
from fazhi.enforcement.services import certificates, officers

D = datetime.date
ISSUED_ON = D(2022, 1, 10)
VALID_UNTIL = D(2027, 12, 31)
_serial = itertools.count(100)


def id_number(birth: str = "19800101") -> str:
    body = f"371082{birth}{next(_serial) % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def officer(
    clerk: Any,
    organization: Organization,
    *,
    name: str = "王执法",
    staffing_type: str = StaffingType.ADMINISTRATIVE,
    qualifications: tuple[str, ...] = ("市场监管执法",),
    **extra: Any,
) -> Officer:
    return officers.officer_register(
        acting_user=clerk,
        organization=organization,
        name=name,
        id_number=extra.pop("id_number", None) or id_number(),
        staffing_type=staffing_type,
        qualifications=qualifications,
        **extra,
    )


def issued_certificate(
    clerk: Any,
    bureau: Any,
    holder: Officer,
    *,
    issued_on: D = ISSUED_ON,
    valid_until: D = VALID_UNTIL,
    number: str = "",
) -> Certificate:
    applied = certificates.certificate_apply(
        acting_user=clerk, officer_id=holder.pk, on=issued_on - datetime.timedelta(days=5)
    )
    return certificates.certificate_issue(
        acting_user=bureau,
        certificate_id=applied.pk,
        number=number or f"ZF{holder.pk:06d}",
        valid_until=valid_until,
        on=issued_on,
    )
