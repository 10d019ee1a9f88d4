# Entry points (see README.md). Every target bootstraps what it needs on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $(HOME)/.pyenv)
# Interpreters for running the generated packages on the oldest and newest supported Pythons.
PY39 ?= $(firstword $(wildcard $(PYENV_ROOT)/versions/3.9*/bin/python3.9) $(shell command -v python3.9 2>/dev/null))
PY313 ?= $(firstword $(wildcard $(PYENV_ROOT)/versions/3.13*/bin/python3.13) $(shell command -v python3.13 2>/dev/null))
# Suites that exercise only the generated packages (stdlib + pytest + their runtime deps).
RUNTIME_TESTS := $(wildcard tests/runtime tests/clients)

.PHONY: generate check test test-generator test-py39 test-py313 lint lint-runtime pyright bench clean

generate: $(VENV)/.installed
	$(BIN)/python -m generator generate

check: $(VENV)/.installed
	$(BIN)/python -m generator check

test: $(VENV)/.installed node_modules/.installed .venv39/.installed .venv313/.installed
	$(BIN)/python -m pytest -q
	$(MAKE) --no-print-directory test-py39 test-py313

test-py39: .venv39/.installed
	.venv39/bin/python -m pytest -q -p no:cacheprovider $(RUNTIME_TESTS)

test-py313: .venv313/.installed
	.venv313/bin/python -m pytest -q -p no:cacheprovider $(RUNTIME_TESTS)

lint: $(VENV)/.installed
	$(BIN)/ruff check generator tests bench
	$(BIN)/python -m mypy
	$(MAKE) --no-print-directory lint-runtime
	$(BIN)/ruff check --select F,I generated
	$(BIN)/python -m mypy --strict generated/openai_runs generated/openai_runs_dataclass
	$(MAKE) --no-print-directory pyright

# pyright --strict (pinned in package.json) on the oldest and newest supported Pythons: over
# generated/ (pyrightconfig.json), then over templates/runtime/ as source, each target's set
# assembled as in lint-runtime (every module, also those a spec may not need). Part of `lint`;
# tests/workflow/test_pyright.py holds the packages of OpenAI's whole document to it.
pyright: node_modules/.installed .venv39/.installed .venv313/.installed
	node_modules/.bin/pyright -p pyrightconfig.json --pythonpath .venv39/bin/python --pythonversion 3.9
	node_modules/.bin/pyright -p pyrightconfig.json --pythonpath .venv313/bin/python --pythonversion 3.13
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(call runtime_sets,$$tmp); \
	echo '{"typeCheckingMode": "strict"}' > "$$tmp/pyrightconfig.json"; \
	for version in 3.9 3.13; do \
	  echo "pyright --strict templates/runtime (+ pydantic/, + dataclass/), Python $$version"; \
	  node_modules/.bin/pyright -p "$$tmp/pyrightconfig.json" \
	    --pythonpath "$(CURDIR)/.venv$$(echo $$version | tr -d .)/bin/python" --pythonversion $$version; \
	done

# The runtime modules (templates/runtime/, copied into every generated package) as source:
# ruff, then mypy --strict over each target's set (the shared modules + templates/runtime/<target>/)
# assembled as one package, as it is generated.
RUNTIME_RUFF := --target-version py39 --select E4,E7,E9,F,I,B,C901 --config 'lint.mccabe.max-complexity=15'
# $(call runtime_sets,DIR): DIR/runtime_pydantic and DIR/runtime_dataclass, as generated
runtime_sets = for target in pydantic dataclass; do \
	  mkdir "$(1)/runtime_$$target"; touch "$(1)/runtime_$$target/__init__.py"; \
	  cp templates/runtime/*.py templates/runtime/$$target/*.py "$(1)/runtime_$$target/"; \
	done
lint-runtime: $(VENV)/.installed
	$(BIN)/ruff check $(RUNTIME_RUFF) templates/runtime
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(call runtime_sets,$$tmp); \
	for target in pydantic dataclass; do \
	  echo "mypy --strict templates/runtime (+ $$target/)"; \
	  (cd "$$tmp" && $(CURDIR)/$(BIN)/python -m mypy --strict \
	    --no-incremental runtime_$$target); \
	done

# Benchmarks in their own environment: the peers (openai, openapi-python-client) and the
# profilers stay out of .venv, so the test environment is exactly requirements/dev.txt.
bench: .venv-bench/.installed
	.venv-bench/bin/python -m bench.run $(BENCH_ARGS)

.venv-bench/.installed: requirements/bench.txt
	test -x .venv-bench/bin/python || $(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install -q --disable-pip-version-check -r requirements/bench.txt
	touch $@

$(VENV)/.installed: requirements/dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements/dev.txt
	touch $@

.venv39/.installed: requirements/runtime-py39.txt
	@test -n "$(PY39)" || { echo "Python 3.9 not found: install it (pyenv install 3.9) or set PY39=/path/to/python3.9" >&2; exit 1; }
	test -x .venv39/bin/python || $(PY39) -m venv .venv39
	.venv39/bin/python -m pip install -q --disable-pip-version-check -r requirements/runtime-py39.txt
	touch $@

.venv313/.installed: requirements/runtime-py313.txt
	@test -n "$(PY313)" || { echo "Python 3.13 not found: install it (pyenv install 3.13) or set PY313=/path/to/python3.13" >&2; exit 1; }
	test -x .venv313/bin/python || $(PY313) -m venv .venv313
	.venv313/bin/python -m pip install -q --disable-pip-version-check -r requirements/runtime-py313.txt
	touch $@

# Prism (the mock server of the contract tests), pinned, in ./node_modules, never global.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) .venv39 .venv313 .venv-bench node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis
