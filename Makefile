# 清单图谱 qingdan — the two set-up commands are `make run` and `make test`.
#   make run          generate the demonstration province (seed $(SEED)), build it (with the law corpus
#                     at $(CORPUS) when present) into $(STORE), start the API and the UI
#   make run-sample   the same on the hand-written sample in data/sample (seconds instead of minutes)
#   make test         ruff, mypy kg, the whole pytest suite
#   make bench        every benchmark in bench/, with figures and ratios
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= .qingdan/store
DEMO   ?= .qingdan/demo
SEED   ?= 1
CORPUS ?= $(wildcard ../shared/reference/lawrefbook)
API_PORT ?= 8000
UI_PORT  ?= 8501
CORPUS_ARG := $(if $(CORPUS),--corpus $(CORPUS),)

.PHONY: run run-sample build build-sample serve-all test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

$(DEMO)/summary.json: | $(STAMP)
	$(BIN)/qingdan demo generate --seed $(SEED) --out $(DEMO)

# --fresh builds into a new folder and swaps it in: a build that stops with an error leaves the old store.
build: $(STAMP) $(DEMO)/summary.json
	$(BIN)/qingdan build $(DEMO)/*/ $(CORPUS_ARG) --store $(STORE) --fresh

build-sample: $(STAMP)
	$(BIN)/qingdan build data/sample $(CORPUS_ARG) --store $(STORE) --fresh

run: build serve-all

run-sample: build-sample serve-all

serve-all: $(STAMP)
	@echo "API:  http://127.0.0.1:$(API_PORT)/docs   SPARQL: http://127.0.0.1:$(API_PORT)/sparql"
	@echo "界面: http://127.0.0.1:$(UI_PORT)/"
	@$(BIN)/qingdan serve --store $(STORE) --port $(API_PORT) & \
	  api=$$!; trap "kill $$api" EXIT INT TERM; \
	  $(BIN)/qingdan ui --store $(STORE) --port $(UI_PORT)

lint: $(STAMP)
	$(BIN)/ruff check kg api ui tests bench
	$(BIN)/mypy kg

test: lint
	sh scripts/install-browser.sh
	sh scripts/install-virtuoso.sh
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .qingdan .pytest_cache .mypy_cache .ruff_cache
