"""What changed for callers between the packages two documents generate (`diff`).

The comparison runs on the IR (`generator.ir`), not on generated text: operations by their
method on the client tree, keyword arguments, models, params TypedDicts and type aliases by
the names callers import. Every change is classified for callers of the generated code
(`Change.breaking`) by the side it sits on: on the request side callers write and the server
reads, so widening is compatible and narrowing breaks; on the response side callers read,
so the reverse holds, except that enums and tagged unions are open (unknown values are kept).
"""

from .api import diff_packages
from .changes import Change

__all__ = ["Change", "diff_packages"]
