"""The corrections app's models, one module per area of work."""

from fazhi.corrections.models.remote import RemoteHearing, RemoteVisit
from fazhi.corrections.models.resettlement import ReleasedPerson, SupportPathway, SupportVisit

__all__ = ["ReleasedPerson", "RemoteHearing", "RemoteVisit", "SupportPathway", "SupportVisit"]
