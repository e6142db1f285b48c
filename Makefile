# Two commands do all the set-up on a fresh machine (see README, Quick start):
#   make demo   installs what is missing, builds, serves the panel and prints the URL
#   make test   installs what is missing and runs every test layer; fails on any failure
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8080

.PHONY: help setup build test demo screenshots bench clean

help:
	@echo "make demo   build and serve the panel on http://127.0.0.1:$(PORT)/ (PORT=... to change)"
	@echo "make test   run every test layer (host, browser components, release smoke)"
	@echo "make build  release build into dist/, with sizes"
	@echo "make bench  realm sizes 1k/10k/100k: load, sort, search, heap, DOM, bundle (SIZES=... RUNS=...)"
	@echo "make screenshots  users page at 360/1440 px, light/dark, into screenshots/"

setup:
	@scripts/setup.sh

build: setup
	@scripts/build.sh

test: setup
	@scripts/test.sh

demo: setup
	@PORT=$(PORT) scripts/demo.sh

bench: build
	@scripts/bench.sh

screenshots: build
	@scripts/screenshots.sh

clean:
	rm -rf dist target target-debian .tools
