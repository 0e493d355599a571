# Fazhi: `make demo` to run it, `make test` to test it. Everything installs into .venv/ and node_modules/.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FAZHI := $(BIN)/fazhi
HOST ?= 127.0.0.1:8000

.PHONY: install venv assets demo serve test lint format lock clean bench

install: venv assets

venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

assets: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

demo: install
	mkdir -p var
	$(FAZHI) migrate --noinput
	$(FAZHI) demo
	@echo "打开 http://$(HOST) ，用上面的演示账号登录(Ctrl+C 停止)"
	$(FAZHI) runserver $(HOST)

serve: install
	$(FAZHI) runserver $(HOST)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

# Every benchmark of bench/ on the database in DATABASE_URL (the synthetic province: docs/performance.md).
# Each prints a table and, as its last line, its figures as JSON, kept in var/bench/NAME.json.
BENCHES := inspections_planner draws annual_report ledger_import lists_api export
bench: SHELL := /bin/bash
bench: .SHELLFLAGS := -o pipefail -c
bench: install
	@command -v wrk >/dev/null || { echo "bench/lists_api.py 需要 wrk：apt-get install -y wrk"; exit 1; }
	@test -n "$$DATABASE_URL" || { echo "请先设置 DATABASE_URL（合成全省数据所在的数据库）"; exit 1; }
	mkdir -p var/bench
	@set -e; for name in $(BENCHES); do \
		echo "== bench/$$name.py"; \
		$(BIN)/python bench/$$name.py | tee var/bench/$$name.log; \
		tail -n 1 var/bench/$$name.log > var/bench/$$name.json; \
	done

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(FAZHI) makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock:
	$(BIN)/pip freeze --all --exclude-editable --exclude fazhi | grep -v "^pip==" > requirements.lock

clean:
	rm -rf $(VENV) node_modules var
