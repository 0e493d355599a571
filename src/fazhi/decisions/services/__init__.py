"""Writes of the decisions app (STYLE §5), split by sub-domain.

- catalogs: the annual catalog, proposals, in-year additions and adjustments;
- procedure: a decision's statutory steps from start to archive;
- historic: decisions made before the platform, recorded from an Excel import.
"""

from fazhi.decisions.services.catalogs import (
    catalog_adopt,
    catalog_create,
    catalog_item_change,
    catalog_item_remove,
    catalog_publish,
    proposal_include,
    proposal_reject,
    proposal_submit,
)
from fazhi.decisions.services.historic import decision_record_historic
from fazhi.decisions.services.procedure import (
    decision_adjust,
    decision_archive,
    decision_comment_open,
    decision_decide,
    decision_evaluate,
    decision_publish,
    decision_ready_check,
    decision_reinstate,
    decision_report_implementation,
    decision_resume,
    decision_start,
    decision_step_record,
    decision_submit_for_review,
    decision_suspend,
    decision_update_attributes,
)

__all__ = [
    "catalog_adopt",
    "catalog_create",
    "catalog_item_change",
    "catalog_item_remove",
    "catalog_publish",
    "decision_adjust",
    "decision_archive",
    "decision_comment_open",
    "decision_decide",
    "decision_evaluate",
    "decision_publish",
    "decision_ready_check",
    "decision_record_historic",
    "decision_reinstate",
    "decision_report_implementation",
    "decision_resume",
    "decision_start",
    "decision_step_record",
    "decision_submit_for_review",
    "decision_suspend",
    "decision_update_attributes",
    "proposal_include",
    "proposal_reject",
    "proposal_submit",
]
