"""A schema-driven API client generator: OpenAPI + config -> typed Python packages.

Pipeline (one module per stage): source (YAML with positions) -> config / lower (validate,
build the IR in `ir`) -> render (Jinja + ruff format, black's style) -> write (atomic swap, or diff for check).
"""
