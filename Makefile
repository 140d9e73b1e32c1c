# Two commands on a fresh machine:  `make run` (the app on demo data) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test setup lint build selftest bench screenshots clean

run: setup
	$(PY) -m seller_gui

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml scripts/bootstrap.sh
	bash scripts/bootstrap.sh $(VENV)
	touch $@

lint: setup
	$(VENV)/bin/ruff check seller_gui tests benchmarks scripts

build: setup
	$(VENV)/bin/pyinstaller --noconfirm --clean build.spec

selftest: build
	QT_QPA_PLATFORM=offscreen dist/seller-gui/seller-gui --self-test

bench: setup
	$(PY) benchmarks/make_bench_data.py --missing
	$(PY) benchmarks/bench_pipeline.py
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/bench_startup.py
	$(PY) benchmarks/bench_metrics.py

clean:
	rm -rf build dist $(VENV)
