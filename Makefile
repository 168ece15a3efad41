# ucjlib — run `make help` to list the targets.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install ucjlib with everything it needs

demo: $(STAMP) ## Install, build the boundary store, then the full Bojonegoro report on demo data
	$(BIN)/ucj boundaries build
	$(BIN)/ucj demo --kabupaten 35.22
	$(BIN)/ucj coverage Bojonegoro --level kecamatan
	$(BIN)/ucj report Bojonegoro

test: $(STAMP) ## Install, then run the whole test suite (CI runs this; about 6 minutes)
	$(BIN)/python -m pytest -n 2 --dist loadfile

check: $(STAMP) ## Fast lane while you work: everything but the tests marked slow (< 2 min)
	$(BIN)/python -m pytest -q -n 2 --dist loadfile -m "not slow"

lint: $(STAMP) ## Check style with ruff
	$(BIN)/ruff check ucjlib tests

bench: $(STAMP) ## Run the benchmarks (minutes) and write benchmarks/RESULTS.md
	$(BIN)/python benchmarks/run_all.py

clean: ## Remove the virtual environment and generated stores (not reports)
	rm -rf $(VENV) shapefiles/*.gpkg shapefiles/*.gpkg-* shapefiles/*.manifest.json shapefiles/.part-* shapefiles/.ucj_boundaries.lock shapefiles/parsed shapefiles/cache shapefiles/imported/.part-* data/demo

.PHONY: help install demo test check lint bench clean
