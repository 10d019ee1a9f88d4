"""Lower a located OpenAPI document + config into the IR (`ir.Package`).

Validation happens here too: every problem is collected with its FILE:LINE:COL and the
stage fails once at the end. One module per job:

- `refs`: the JSON-pointer codec, following `$ref`s (`Resolver`), the one graph `walk`;
- `view`: a typed view over schema nodes (`type`, `nullable`, `required`, keywords);
- `state`: lowered results, per-side registries (`ResponseSide`, `RequestSide`), declarations;
- `schemas`: `SchemaLowerer`, which dispatches a schema to `objects` (objects, maps,
  `allOf`), `unions` + `tags` (`oneOf` / `anyOf`, type lists, tag inference), `scalars`
  (enums, `const`);
- `paths`, `operations`, `media`, `requests`, `pagination`: an operation's parameters,
  response, JSON request body (keyword arguments + TypedDicts) and cursor pages;
- `document`: document-wide checks; `package`: `lower_package`, which assembles it all.
"""

from __future__ import annotations

from .package import lower_package
from .refs import follow_pointer

__all__ = ["follow_pointer", "lower_package"]
