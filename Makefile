# 清单图谱 qingdan — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= .qingdan/store
DATA   ?= data/sample
API_PORT ?= 8000
UI_PORT  ?= 8501

.PHONY: run test build serve ui lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/qingdan build $(DATA) --store $(STORE)

run: build
	@echo "API:  http://127.0.0.1:$(API_PORT)/docs   SPARQL: http://127.0.0.1:$(API_PORT)/sparql"
	@echo "界面: http://127.0.0.1:$(UI_PORT)/"
	@$(BIN)/qingdan serve --store $(STORE) --port $(API_PORT) & \
	  api=$$!; trap "kill $$api" EXIT INT TERM; \
	  $(BIN)/qingdan ui --store $(STORE) --port $(UI_PORT)

lint: $(STAMP)
	$(BIN)/ruff check kg api ui tests bench
	$(BIN)/mypy kg

test: lint
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .qingdan .pytest_cache .mypy_cache .ruff_cache
