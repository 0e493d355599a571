"""Writes of the contracts app (STYLE §5), one module per stage.

lifecycle: drafting, review, collective discussion, signing, filing.
performance: milestones, changes, disputes, termination, completion, archiving, accountability.
"""

from fazhi.contracts.services.lifecycle import (
    EDITABLE_FIELDS,
    EDITABLE_STATES,
    contract_collective_discussion_record,
    contract_create,
    contract_file,
    contract_filing_register,
    contract_sign,
    contract_submit_for_review,
    contract_update,
    signing_missing_reason,
)
from fazhi.contracts.services.performance import (
    PERFORMANCE_STATES,
    accountability_record,
    contract_archive,
    contract_change_record,
    contract_complete,
    contract_start_performance,
    contract_terminate,
    dispute_conclude,
    dispute_open,
    milestone_add,
    milestone_complete,
)

__all__ = [
    "EDITABLE_FIELDS",
    "EDITABLE_STATES",
    "PERFORMANCE_STATES",
    "accountability_record",
    "contract_archive",
    "contract_change_record",
    "contract_collective_discussion_record",
    "contract_complete",
    "contract_create",
    "contract_file",
    "contract_filing_register",
    "contract_sign",
    "contract_start_performance",
    "contract_submit_for_review",
    "contract_terminate",
    "contract_update",
    "dispute_conclude",
    "dispute_open",
    "milestone_add",
    "milestone_complete",
    "signing_missing_reason",
]
