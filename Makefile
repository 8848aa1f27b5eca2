# The commands of the README, shared by humans and CI:
#   make book   install everything (a .venv and the vendored JavaScript) and build the HTML book,
#               with its PDF edition inside it (the teacher's guide links it); needs Chromium
#   make check  the fast loop (about a minute): the library's unit, property and contract tests,
#               the doctests of lib/ and the quick checks of the repository (pytest -m unit -n 2)
#   make test   the same install, then every test: library, notebooks (nbval), book build, browser,
#               accessibility (axe), links, workflows (actionlint), Binder environment, JupyterLab,
#               the PDF; on two workers (pytest-xdist; tests/conftest.py says what runs first)
#   make pdf    the same as make book (the PDF is _build/html/leveraged-tokens-computed.pdf)
PYTHON ?= python3
# the Python environment and the JavaScript (npm ci) install side by side
MAKEFLAGS += --jobs=2
VENV   := .venv
BIN    := $(VENV)/bin
# JupyterLab's settings overrides in the environment (the same file Binder's postBuild installs)
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings

# Bitcoin's real prices (levtoken.data, Coin Metrics community data, CC BY-NC 4.0): where a
# verbatim copy of btc.csv lies beside the clone (../shared/data/coinmetrics, as on the project's
# own machines and CI, which have no network), the book and the tests read it as the cache
# folder. Elsewhere nothing is set: the library downloads the file on first use into pooch's
# cache folder (or the folder LEVTOKEN_DATA_DIR names, if you set it yourself).
SHARED_BTC := $(wildcard $(CURDIR)/../shared/data/coinmetrics/btc.csv)
ifneq ($(SHARED_BTC),)
LEVTOKEN_DATA_DIR ?= $(abspath $(dir $(SHARED_BTC)))
export LEVTOKEN_DATA_DIR
endif

.PHONY: book check test setup student clean pdf

setup: $(VENV)/.installed node_modules/.installed $(LAB_SETTINGS)/overrides.json

$(VENV)/.installed: requirements.txt binder/requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==25.3"
	$(BIN)/python -m pip install --quiet --no-compile -r requirements.txt
	touch $@

$(LAB_SETTINGS)/overrides.json: binder/overrides.json $(VENV)/.installed
	mkdir -p $(LAB_SETTINGS)
	cp binder/overrides.json $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

book: setup
	rm -rf _build
	$(BIN)/jupyter-book build . -W -n --keep-going
	$(BIN)/python -m tools.book_pdf
	@echo "The book is in _build/html/index.html"

check: setup
	$(BIN)/python -m pytest -m unit -n 2

test: setup
	$(BIN)/python -m pytest -n 2

pdf: book

# the student edition, committed in student/ (Binder and Colab open it there), and its zip;
# after a chapter, a question file or _config.yml changes (the tests say when)
student: setup
	$(BIN)/python -m levtoken_book.student_edition --book book --out student --zip student/student-edition.zip

clean:
	rm -rf _build .venv node_modules student/student-edition.zip
