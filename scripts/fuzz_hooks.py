"""Schemathesis hooks of scripts/fuzz (loaded through SCHEMATHESIS_HOOKS).

An administrator run that deletes, deactivates or demotes its own account gets 401 or 403
for everything after, and tests nothing more (the run's token is fixed). A request that
would change one of the run's own accounts (FUZZ_PROTECTED_IDS, comma-separated user ids)
is sent about an id that names nothing instead: it is still sent and checked, and answers
404 as the document says.
"""

import os

import schemathesis

PROTECTED = {s.strip() for s in os.environ.get("FUZZ_PROTECTED_IDS", "").split(",") if s.strip()}
NOBODY = 9_000_000_000


@schemathesis.hook
def before_call(ctx, case, kwargs):
    method = case.method.upper()
    path = case.operation.path
    if method not in ("POST", "DELETE"):
        return
    if path.startswith("/v2/admin/users/{id}"):
        if str((case.path_parameters or {}).get("id")) in PROTECTED:
            case.path_parameters["id"] = NOBODY
    elif path == "/v2/admin/users" and method == "DELETE" and case.query:
        ids = str(case.query.get("ids", ""))
        if any(i.strip() in PROTECTED for i in ids.split(",")):
            case.query["ids"] = str(NOBODY)
