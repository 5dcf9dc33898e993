# The two commands: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.install-stamp
export PORTAL_HOST ?= 127.0.0.1
export PORTAL_PORT ?= 8000
# make run: beat sends its heartbeat every 15 s so /healthz shows a worker at work.
export PORTAL_HEARTBEAT_INTERVAL ?= 15

.PHONY: install run test lint bench frontend clean

$(STAMP): requirements.txt requirements-dev.txt package.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	# axe-core for the browser tests; the GOV.UK Frontend build is committed under static/.
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: browser accessibility tests will fail to find axe-core"; fi
	touch $(STAMP)

install: $(STAMP)

run: install  ## start web, Celery worker and beat with demo data on http://$(PORTAL_HOST):$(PORTAL_PORT)
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py seed_demo $(if $(DEMO_PASSWORD),--password $(DEMO_PASSWORD))
	PATH="$(abspath $(BIN)):$$PATH" DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/honcho -f Procfile.dev start

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

frontend:
	bash scripts/build_frontend.sh

clean:
	rm -rf $(VENV) node_modules var staticfiles
