# The two commands of the README: `make up` (start everything) and `make test` (run every test).
.PHONY: up test setup lint bench mutation nlu-report language-report lock

up:
	scripts/setup.sh
	.venv/bin/python scripts/run_all.py

test:
	scripts/test.sh

setup:
	scripts/setup.sh --with-browser

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

nlu-report:
	scripts/nlu_report.sh

language-report:
	.venv/bin/python scripts/eval_language.py

# Regenerate the lock files from the environments (after changing requirements/*.in).
lock:
	.venv/bin/uv pip freeze -p .venv/bin/python | grep -v '^torch==' > requirements/router.lock
	.venv/bin/uv pip freeze -p .venv-rasa/bin/python > requirements/rasa.lock
