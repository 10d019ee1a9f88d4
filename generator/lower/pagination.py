"""Cursor pages: a list operation whose response and parameters have the cursor shape."""

from __future__ import annotations

from typing import Optional

from .. import ir
from .state import ResponseSide


def pagination(response: Optional[ir.TypeRef], params: list[ir.Param], side: ResponseSide) -> Optional[ir.Pagination]:
    """A cursor page: the response object has `data: array`, `has_more: boolean` and
    `last_id` or `first_id`, and the operation takes the query parameter `after`."""
    if not isinstance(response, ir.ModelRef) or response.name not in side.models:
        return None
    fields = {f.json_name: f for f in side.models[response.name].fields}
    data, has_more = fields.get("data"), fields.get("has_more")
    last, first = fields.get("last_id"), fields.get("first_id")
    if data is None or not isinstance(data.type, ir.ListType) or has_more is None:
        return None
    if has_more.type != ir.Primitive("boolean") or (last is None and first is None):
        return None
    query = {p.json_name: p for p in params if p.location == "query"}
    after, before = query.get("after"), query.get("before")
    if after is None:
        return None
    item = data.type.item
    item_id = None
    if isinstance(item, ir.ModelRef) and item.name in side.models:
        item_id = next(
            (f for f in side.models[item.name].fields if f.json_name == "id" and f.type == ir.Primitive("string")),
            None,
        )
    return ir.Pagination(
        item=item,
        page=response,
        cursor_param=after.json_name,
        cursor_param_py=after.py_name,
        data_field=data.json_name,
        data_field_py=data.py_name,
        has_more_field=has_more.json_name,
        has_more_field_py=has_more.py_name,
        cursor_field=last.json_name if last is not None else None,
        cursor_field_py=last.py_name if last is not None else None,
        item_id_field=item_id.json_name if item_id is not None else None,
        item_id_field_py=item_id.py_name if item_id is not None else None,
        before_param=before.json_name if before is not None else None,
        before_param_py=before.py_name if before is not None else None,
        first_field=first.json_name if first is not None else None,
        first_field_py=first.py_name if first is not None else None,
    )
