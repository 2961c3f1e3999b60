"""Every refusal the API can give, written into its OpenAPI description.

Declared once here rather than on each route, from what a route takes: every route
needs a token or session (401); one with parameters can get a malformed one (422); one
with a path id can name a record that is not yours (404); one with a body can get an
unreadable (400) or oversized (413) body; an unsafe method can fail the session's CSRF
check (403); a creating call honours an ``Idempotency-Key`` (400, 409, 422).
"""

from __future__ import annotations

from typing import Any

from fulcrum.api.idempotency import HEADER, KEY_MAX

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
INVALID_REF = {"$ref": "#/components/schemas/InvalidRequestOut"}
INVALID_SCHEMA: dict[str, Any] = {
    "title": "InvalidRequestOut",
    "description": (
        "A payload or parameter of the wrong shape: pydantic's list of errors, each with "
        "its 'loc', 'msg' and 'type'; or, for a reused Idempotency-Key, one sentence."
    ),
    "type": "object",
    "properties": {
        "detail": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}]}
    },
    "required": ["detail"],
}
UNSAFE = {"post", "put", "patch", "delete"}
DESCRIPTIONS = {
    400: "Refused: a rule of Fulcrum's, an unreadable body, or a malformed Idempotency-Key.",
    401: "No valid token or signed-in session.",
    403: "A signed-in session without a valid CSRF token.",
    404: "The record does not exist or is not yours.",
    409: "A request with this Idempotency-Key is still being answered.",
    413: "The request is larger than Fulcrum accepts.",
    422: "A payload or parameter of the wrong shape, or a key reused for another request.",
}


def is_creating(method: str, operation: dict[str, Any]) -> bool:
    """A creating call: a POST that answers 201 (the ones an Idempotency-Key applies to)."""
    return method == "post" and "201" in operation.get("responses", {})


def refusals_of(method: str, operation: dict[str, Any]) -> set[int]:
    """The 4xx statuses a route can answer, from what it takes."""
    params = operation.get("parameters", [])
    has_body = "requestBody" in operation
    statuses = {401}
    if params or has_body:
        statuses.add(422)
    if any(p.get("in") == "path" for p in params):
        statuses.add(404)
    if has_body:
        statuses |= {400, 413}
    if method in UNSAFE:
        statuses.add(403)
    if is_creating(method, operation):
        statuses |= {400, 409, 422}
    return statuses


def document_refusals(schema: dict[str, Any]) -> dict[str, Any]:
    """Add every 4xx a route can give, and the Idempotency-Key header, to ``schema``."""
    schema.setdefault("components", {}).setdefault("schemas", {})
    schema["components"]["schemas"]["InvalidRequestOut"] = INVALID_SCHEMA
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            # Ninja keys responses by int; JSON has strings. Strings here, so none doubles.
            responses = {str(k): v for k, v in operation.get("responses", {}).items()}
            operation["responses"] = responses
            for status in sorted(refusals_of(method, operation)):
                if str(status) in responses:
                    continue
                ref = INVALID_REF if status == 422 else ERROR_REF
                responses[str(status)] = {
                    "description": DESCRIPTIONS[status],
                    "content": {"application/json": {"schema": ref}},
                }
            if is_creating(method, operation):
                operation.setdefault("parameters", []).append(
                    {
                        "in": "header",
                        "name": HEADER,
                        "required": False,
                        "description": (
                            "Any string of 1 to "
                            f"{KEY_MAX} characters, new for each new request. The same "
                            "request sent again with it within 24 hours gets the first "
                            "answer again (with 'Idempotent-Replayed: true') and saves "
                            "nothing twice."
                        ),
                        "schema": {"type": "string", "minLength": 1, "maxLength": KEY_MAX},
                    }
                )
    return schema
