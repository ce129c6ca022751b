PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test test-slow lint demo bench fixtures clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check washer tests benchmarks
	$(BIN)/mypy

# one worker per core (-n auto): the suite is CPU-bound hypothesis and polars work
test: lint
	$(BIN)/pytest -m "not slow" -q -n auto

test-slow: $(STAMP)
	$(BIN)/pytest -m slow -q -n auto

demo: $(STAMP)
	$(BIN)/washer wash fixtures/extract-sample.csv --rules rules/innreise.toml --key-file fixtures/demo.key --out demo-out

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

fixtures: $(STAMP)
	mkdir -p fixtures
	$(BIN)/washer generate --rows 2000 --seed 2021 --reference-date 2021-03-31 --out fixtures/extract-sample.csv
	$(BIN)/washer generate --rows 2000 --seed 2021 --reference-date 2021-03-31 --messy --out fixtures/extract-sample-messy.csv

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
