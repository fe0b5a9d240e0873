# The commands of the README: `make up` (start everything), `make up-scaled` (the scaled profile), `make stop` and
# `make stop-scaled` (stop them from another shell) and `make test` (run every test).
.PHONY: up up-scaled stop stop-scaled test setup lint bench load mutation nlu-report language-report lock

up:
	scripts/setup.sh
	.venv/bin/python scripts/run_all.py

# The scaled profile: routers and Rasa processes on PostgreSQL and Redis behind HAProxy (README "Scaled profile").
# SCALED_ARGS="--routers 3 --rasa 2" to change.
up-scaled:
	scripts/setup.sh --with-haproxy
	.venv/bin/python scripts/run_scaled.py $(SCALED_ARGS)

# Stop the service `make up` / `make up-scaled` started (from another shell; Ctrl-C in its own does the same).
# Another data directory: scripts/run_all.py --stop --data-dir DIR (run_scaled.py likewise).
stop:
	.venv/bin/python scripts/run_all.py --stop

stop-scaled:
	.venv/bin/python scripts/run_scaled.py --stop

test:
	scripts/test.sh

setup:
	scripts/setup.sh --with-browser --with-haproxy

lint:
	.venv/bin/ruff check .
	.venv/bin/lint-imports --no-cache

# Mutation testing of router/domain and router/services (pyproject.toml [tool.mutmut]); slow, not in CI.
mutation:
	scripts/setup.sh --no-model
	scripts/mutation.sh

bench:
	scripts/setup.sh --no-model
	.venv/bin/python bench/run_all.py

# Open-loop conversations at given rates through the router and straight to Rasa, each twice (bench/load.py; about
# 25 minutes, not in make test): reports/load/load.md, load.json, latency.png. LOAD_ARGS="--rates 1,4,8 --duration 60
# --repeats 2" to change.
load:
	scripts/setup.sh
	.venv/bin/python bench/load.py $(LOAD_ARGS)

nlu-report:
	scripts/nlu_report.sh

# Conversation success (test stories played through rasa run + action server) beside intent accuracy.
conversation-report:
	.venv/bin/python scripts/conversation_report.py

language-report:
	.venv/bin/python scripts/eval_language.py

# Regenerate the lock files from the environments (after changing requirements/*.in).
lock:
	.venv/bin/uv pip freeze -p .venv/bin/python | grep -v '^torch==' > requirements/router.lock
	.venv/bin/uv pip freeze -p .venv-rasa/bin/python > requirements/rasa.lock
