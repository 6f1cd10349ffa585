"""Every write to a medborgarlöfte: its content (`content.py`), the steps of its life-cycle
(`steps.py`) and the parties' approvals (`approvals.py`), as `loften.lifecycle` and
`loften.approval` define them; `base.py` holds what they all start with.

Each service is keyword-only, checks who may do it (`municipalities.permissions`), locks the
document's row (`select_for_update()`) inside `transaction.atomic()`, validates with
`full_clean()`, records the user (and for steps the event) in the history, and raises
`ValidationError` with a Swedish message that says what to do. The admin's forms, actions and
buttons, imports and the shell call these; none of them re-implements a rule.

Two rules protect people's work:

* a signed document is frozen: its content (`lifecycle.CONTENT_FIELDS` and
  `lifecycle.CONTENT_PARTS`) changes only through a new version, or a löfte's method, rate
  target, measures and period through an amendment that every party approves (`amendments.py`);
* a document is signed only after every party has approved exactly its current content; a
  change to the content withdraws the approvals it invalidates (`loften.approval`);
* optimistic locking (`loften.locking`): an edit carries the `lock_version` it was based on, and
  is refused with a conflict message if someone else saved in between, so the first person's
  edit survives.

The demo loader (`portal.demo`) writes rows directly, like a fixture, and is the one exception.
"""

from .amendments import (
    amendment_approve,
    amendment_changes,
    amendment_propose,
    amendment_refusal,
    amendment_withdraw,
)
from .approvals import (
    citizen_promise_approve,
    citizen_promise_withdraw_approval,
    withdraw_outdated_approvals,
)
from .content import (
    PART_MODELS,
    check_content_editable,
    citizen_promise_delete,
    citizen_promise_lock_for_edit,
    citizen_promise_part_delete,
    citizen_promise_part_save,
    citizen_promise_save,
    frozen_message,
)
from .steps import (
    available_transitions,
    citizen_promise_content_problems,
    citizen_promise_new_version,
    citizen_promise_publish,
    citizen_promise_sign,
    citizen_promise_sign_problems,
    citizen_promise_withdraw,
)

__all__ = [
    "PART_MODELS",
    "amendment_approve",
    "amendment_changes",
    "amendment_propose",
    "amendment_refusal",
    "amendment_withdraw",
    "available_transitions",
    "check_content_editable",
    "citizen_promise_approve",
    "citizen_promise_content_problems",
    "citizen_promise_delete",
    "citizen_promise_lock_for_edit",
    "citizen_promise_new_version",
    "citizen_promise_part_delete",
    "citizen_promise_part_save",
    "citizen_promise_publish",
    "citizen_promise_save",
    "citizen_promise_sign",
    "citizen_promise_sign_problems",
    "citizen_promise_withdraw",
    "citizen_promise_withdraw_approval",
    "frozen_message",
    "withdraw_outdated_approvals",
]
