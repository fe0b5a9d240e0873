#!/usr/bin/env bash
# The whole test suite, as CI runs it: set-up (environments, Chromium, HAProxy, trained model), lint, pytest.
# Extra arguments go to pytest (e.g. scripts/test.sh -m "not e2e").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --with-browser --with-haproxy
scripts/ensure_services.sh
.venv/bin/ruff check .
# The layering as import contracts (pyproject.toml [tool.importlinter]).
.venv/bin/lint-imports --no-cache
exec .venv/bin/python -m pytest "$@"
