# The shop's commands. `make run` and `make test` are the only set-up a fresh clone needs.
SHELL := /bin/bash
GO    ?= go
BIN   := bin/shop
# The approved toolchain, fetched by the go command through the module proxy the first time (go1.26.8, the image's
# own, has standard-library advisories). Exported to every recipe and every script they run.
export GOTOOLCHAIN := go1.27.3
# Fuzz each target this long in `make test`; run longer by hand: make fuzz FUZZTIME=2m
FUZZTIME ?= 3s

.PHONY: help run build generate check-generated lint axe test test-go test-live-shapes test-postgres test-faults fuzz bench bench-go volume chromium clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

run: build ## build and start the shop on its embedded default (SQLite, demo catalog, sandbox upstreams, SMS to /sandbox/sms)
	SHOP_SMS_PROVIDER=$${SHOP_SMS_PROVIDER-sandbox} ./$(BIN) serve

build: generate ## build bin/shop
	CGO_ENABLED=1 $(GO) build -o $(BIN) ./cmd/shop

generate: ## regenerate the templ components
	$(GO) tool templ generate

check-generated: generate ## fail when committed _templ.go files are stale
	@if ! git diff --quiet -- '*_templ.go' || [ -n "$$(git ls-files --others --exclude-standard -- '*_templ.go')" ]; then \
		echo "generated templ files are stale: run 'make generate' and commit the result"; \
		git status --short -- '*_templ.go'; exit 1; fi

lint: ## go vet, gofmt and govulncheck (offline database, see scripts/vulncheck.sh)
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '_templ.go$$')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	@scripts/vulncheck.sh

chromium: ## install Debian's chromium for the browser tests when it is missing
	@scripts/ensure-chromium.sh

axe: ## install axe-core for the browser tests' accessibility check when it is missing
	@scripts/ensure-axe.sh

test: check-generated lint chromium axe test-go test-live-shapes fuzz test-faults ## the whole suite: generated files, lint, unit, handler, browser, fuzz and fault tests

test-go:
	$(GO) test -race -count=1 ./...

test-live-shapes: ## the checkout (with retry and tracking), handler and browser suites again against a sandbox answering in live shapes
	SHOP_LIVE_SHAPES=1 $(GO) test -race -count=1 ./internal/checkout/... ./internal/web/... ./internal/e2e/...

test-postgres: ## the storage, checkout and job suites on SQLite and on a throwaway PostgreSQL 15 cluster (installed when missing)
	scripts/with-postgres.sh $(GO) test -count=1 -race ./internal/store/... ./internal/checkout/... ./internal/jobs/...

test-faults: build ## the fault suite: bin/shop killed and starved of Frotel against `shop sandbox` run apart; prints the table
	@set -o pipefail; SHOP_FAULT_SUITE=1 SHOP_BIN=$(CURDIR)/$(BIN) $(GO) test -count=1 -v -parallel 4 -timeout 5m \
		-run '^TestFaultSuite$$' ./internal/faults | grep -v -E '^=== (RUN|PAUSE|CONT)'

fuzz: ## run every fuzz target briefly (FUZZTIME each)
	@scripts/fuzz.sh $(FUZZTIME)

# The load run's knobs: make bench LOAD_FLAGS='-c 100 -d 10s'
LOAD_FLAGS ?=

bench: build ## load the real shop (its sandbox in another process) and a bare net/http server side by side; print req/s, p50, p99, errors, ratio, CPU per request, RSS
	$(GO) run ./cmd/load -shop $(BIN) $(LOAD_FLAGS)

# The volume run's knobs: make volume VOLUME_FLAGS='-keep /tmp/vol' (keep the filled database), '-orders 20000'
VOLUME_FLAGS ?=

volume: build ## fill a fresh SQLite database with 3,000 products and 100,000 orders of a year, start the real shop on it and print each page's bytes, time and the shop's memory beside the budget
	$(GO) run ./cmd/volume -shop $(BIN) $(VOLUME_FLAGS)

bench-go: ## in-process go test benchmarks of the hot functions (figures, not assertions)
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin artifacts
