"""The API's reading of bodies and queries, with the field rules every text obeys.

A NUL character is refused wherever it appears (a key or value of a JSON body, a query
parameter, a form field): PostgreSQL cannot keep one, and the pages refuse it too
(Django's form fields do). The answer is a 422 naming where it was found.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.parser import Parser

from fulcrum.core.fieldrules import nul_problem


def _refuse_nul(value: Any, loc: tuple[str | int, ...]) -> None:
    if isinstance(value, str):
        problem = nul_problem(value)
        if problem:
            raise ValidationError([{"type": "nul_character", "loc": loc, "msg": problem}])
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key, (*loc, str(key)))
            _refuse_nul(item, (*loc, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_nul(item, (*loc, index))


class FieldRulesParser(Parser):
    """Query and form parsing that refuses NUL characters before any schema runs."""

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        parsed = super().parse_querydict(data, list_fields, request)
        _refuse_nul({k: v for k, v in parsed.items() if isinstance(v, str | list)}, ("query",))
        return parsed


def refusing_nul_bodies(
    api: NinjaAPI, run: Callable[..., HttpResponseBase]
) -> Callable[..., HttpResponseBase]:
    """``run`` refusing a JSON body that holds a NUL character, with a 422."""

    def run_checked(request: HttpRequest, **kw: Any) -> HttpResponseBase:
        # Ninja turns any error of its body parser into "Cannot parse request body", so
        # the JSON body is looked at here, before the operation reads it.
        if request.content_type == "application/json":
            try:
                data = json.loads(request.body)
            except (RequestDataTooBig, ValueError):
                return run(request, **kw)  # the operation answers 413 or 400
            try:
                _refuse_nul(data, ("body",))
            except ValidationError as exc:
                return api.on_exception(request, exc)
        return run(request, **kw)

    return run_checked
