from fazhi.core.models.accounts import ApiToken, Membership, PasswordHistory, TotpDevice, User
from fazhi.core.models.attachments import Attachment
from fazhi.core.models.audit import AuditLog
from fazhi.core.models.calendar import CalendarDay, CalendarYear, DayUnit
from fazhi.core.models.draws import RandomDraw
from fazhi.core.models.enterprises import Enterprise
from fazhi.core.models.exports import ExportJob
from fazhi.core.models.organizations import Organization
from fazhi.core.models.parameters import RuleParameterValue
from fazhi.core.models.persons import Person
from fazhi.core.models.regions import Region, county_copy_field, county_ids_of
from fazhi.core.models.rollups import FigureRollup
from fazhi.core.models.todos import Todo
from fazhi.core.models.transitions import Transition

__all__ = [
    "ApiToken",
    "Attachment",
    "AuditLog",
    "CalendarDay",
    "CalendarYear",
    "DayUnit",
    "Enterprise",
    "ExportJob",
    "FigureRollup",
    "Membership",
    "Organization",
    "PasswordHistory",
    "Person",
    "RandomDraw",
    "Region",
    "RuleParameterValue",
    "Todo",
    "TotpDevice",
    "Transition",
    "User",
    "county_copy_field",
    "county_ids_of",
]
