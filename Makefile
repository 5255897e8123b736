# batchlab — make help lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO       ?= go
BIN      := bin
STAMP    := $(shell date -u +%Y%m%dT%H%M%SZ)
OUT      ?= results/$(STAMP)
# benchstat layout: one column per strategy, one row per size.
BENCHSTAT_FLAGS ?= -col /strategy -row /entries -ignore /concurrency
# Two runs: one column per run, one row per strategy and size; the header
# lines (commit, start time, port) differ between runs and would split the
# tables, so they are ignored.
COMPARE_FLAGS ?= -table "" -row /strategy,/entries -ignore /concurrency,.config

.PHONY: help build bench bench-quick report compare test thirdparty check-imports clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

build: ## build bin/batchlab and bin/thirdparty
	$(GO) build -o $(BIN)/batchlab ./cmd/batchlab
	$(GO) build -o $(BIN)/thirdparty ./cmd/thirdparty

bench: build ## the real thing: 200 ms service, all strategies, 1k/10k/20k entries, 6 runs each (~15 min)
	$(BIN)/batchlab run -out $(OUT) $(ARGS)
	$(BIN)/batchlab report $(OUT)
	@echo; echo "go tool benchstat $(BENCHSTAT_FLAGS) $(OUT)/bench.txt"
	@$(GO) tool benchstat $(BENCHSTAT_FLAGS) $(OUT)/bench.txt

bench-quick: build ## everything, sequential at 20,000 too, with a 2 ms delay, 2 runs each (~3 min)
	$(BIN)/batchlab run -delay 2ms -full -count 2 -out $(OUT) $(ARGS)
	$(BIN)/batchlab report $(OUT)
	@echo; echo "go tool benchstat $(BENCHSTAT_FLAGS) $(OUT)/bench.txt"
	@$(GO) tool benchstat $(BENCHSTAT_FLAGS) $(OUT)/bench.txt

report: ## write table.md and report.html for the newest run, or DIR=results/<stamp>
	$(GO) run ./cmd/batchlab report $(DIR)

compare: ## benchstat between two runs: make compare OLD=results/A NEW=results/B
	@if [ -z "$(OLD)" ] || [ -z "$(NEW)" ]; then echo "usage: make compare OLD=results/A NEW=results/B" >&2; exit 2; fi
	$(GO) tool benchstat $(COMPARE_FLAGS) $(OLD)/bench.txt $(NEW)/bench.txt

test: check-imports ## go vet and the race-enabled test suite
	$(GO) vet ./...
	$(GO) test -race ./...

thirdparty: ## serve the mock service on 127.0.0.1:8080 (ARGS="-delay 50ms" to change it)
	$(GO) run ./cmd/thirdparty $(ARGS)

# The package boundaries of STYLE.md: each check is "packages" then the
# import prefixes they must not depend on (directly or not).
check-imports: ## enforce the package boundaries with go list -deps
	@fail=0; \
	check() { pkgs=$$1; shift; for p in $$($(GO) list $$pkgs); do \
	  deps=$$($(GO) list -deps $$p | grep '^batchlab/' | grep -vx "$$p" || true); \
	  for bad in "$$@"; do for d in $$deps; do case $$d in $$bad*) echo "check-imports: $$p must not import $$d"; fail=1;; esac; done; done; done; }; \
	check ./thirdparty/... batchlab/strategies batchlab/harness batchlab/reports batchlab/cmd; \
	check batchlab/strategies batchlab/; \
	check "$$($(GO) list ./strategies/... | grep -v -e '^batchlab/strategies$$' -e /strategytest -e /catalog)" \
	  batchlab/harness batchlab/reports batchlab/thirdparty batchlab/strategies/ batchlab/cmd; \
	check ./strategies/strategytest batchlab/strategies/catalog batchlab/strategies/sequential batchlab/strategies/workerpool batchlab/harness batchlab/thirdparty; \
	check ./strategies/catalog batchlab/harness batchlab/reports batchlab/thirdparty batchlab/cmd; \
	check ./harness/... batchlab/strategies/ batchlab/reports batchlab/cmd; \
	check ./reports/... batchlab/strategies batchlab/harness batchlab/thirdparty batchlab/cmd; \
	exit $$fail

clean: ## remove built binaries (results stay)
	rm -rf $(BIN)
