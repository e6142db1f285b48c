# Two commands do all the set-up on a fresh machine (see README, Quick start):
#   make demo   installs what is missing, builds, serves the panel and prints the URL
#   make test   installs what is missing and runs every test layer; fails on any failure
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8080

.PHONY: help setup lint fmt build test demo screenshots bench feature-cost clean

help:
	@echo "make demo         build, start the stand-in Wallaroo (API + IdP + nginx) and serve the panel"
	@echo "                  on http://127.0.0.1:$(PORT)/; prints the demo logins; Ctrl-C stops it"
	@echo "                  (PORT=, BASE_PATH=/admin/users/, SYNTHETIC=100000, SEAT_LIMIT=5, ORIGINS=three)"
	@echo "make test         lint, then every test layer: host, stand-in HTTP, components in Chromium,"
	@echo "                  release smoke, end to end against the stand-in stack; stops at the first failure"
	@echo "make lint         rustfmt, leptosfmt and clippy (host and wasm32, warnings denied) only"
	@echo "make fmt          format everything (rustfmt, then leptosfmt for the view! macros)"
	@echo "make build        release build into dist/, with its sizes"
	@echo "make bench        realms of 1k/10k/100k users: load, sort, search, heap, DOM, bundle (SIZES=, RUNS=)"
	@echo "make feature-cost the workspaces feature's first-load cost: the tree built with and without it"
	@echo "make screenshots  the users page at 360/1440 px, light and dark, into screenshots/"
	@echo "make clean        remove build outputs (dist/, target/, .tools/)"

setup:
	@scripts/setup.sh

lint: setup
	@scripts/lint.sh

fmt: setup
	@PATH="$$HOME/.cargo/bin:$$PATH" leptosfmt --quiet src tests && cargo fmt --all

build: setup
	@scripts/build.sh

test: setup
	@scripts/lint.sh
	@scripts/test.sh

demo: setup
	@PORT=$(PORT) scripts/demo.sh

bench: build
	@scripts/bench.sh

feature-cost: setup
	@scripts/feature-cost.sh

screenshots: build
	@scripts/screenshots.sh

clean:
	rm -rf dist target target-debian .tools
