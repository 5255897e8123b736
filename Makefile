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
# make scenarios: one table per scenario, one column per strategy; each
# scenario's block has its own start time and child service address, which
# would split the tables further. Time and failures only.
# make sweep: one row per strategy and width, widths in numeric order (a
# column per width would be 15 to 25 columns wide). Time and failures only.
SWEEP_FLAGS ?= -row /strategy,/concurrency@num -ignore /entries -filter '.unit:(sec/op OR failed/op)'
SCENARIOS_FLAGS ?= -table scenario -col /strategy -row /entries -ignore started,target,/concurrency -filter '.unit:(sec/op OR failed/op)'

.PHONY: help build bench bench-quick sweep scenarios report compare test thirdparty check-imports clean

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

# The estimate, by the ideal-time model ⌈n/C⌉ × 200 ms at 20,000 entries, 3 runs per width:
# widths 1-50 are over the 60 s budget and skipped; 100, 200, 500, 1000, 2000, 5000, 10000 and
# 20000 take 40 + 20 + 8 + 4 + 2 + 0.8 + 0.4 + 0.2 = 75.4 s, × 3 = 3.8 min. The references,
# adaptive and unbounded, took about 9.3 and 0.6 s per run on limited (README): 0.5 min. The
# refinement adds at most 3 widths between 200 and 500 (10-20 s a run by the model) and 3 between
# 500 and 1000 (4-8 s, less as their 429s answer at once): at most about 3 min. In all ~7 min.
sweep: build ## workerpool at widths 1, 2, 5 … 20,000 on the limited service, 20,000 entries, 3 runs each: the knee (~7 min)
	$(BIN)/batchlab sweep -strategy workerpool -scenario limited -entries 20000 -count 3 -out $(OUT) $(ARGS)
	$(BIN)/batchlab report $(OUT)
	@echo; echo "go tool benchstat $(SWEEP_FLAGS) $(OUT)/bench.txt"
	@$(GO) tool benchstat $(SWEEP_FLAGS) $(OUT)/bench.txt

# The estimate: by the ideal-time model ⌈n/C⌉ × 200 ms a scenario's repetition is 0.2 s
# (unbounded) + 3 × 16 s (the three of width 250) + 0.2 s (adaptive), 3 repetitions: 2.5 min per
# scenario, 10 min for four. From the README's measurements steady, limited and overloaded take
# about 3 min each and jittery about 11: each batch of 250 waits for its slowest call (about 1 s,
# 80 s per run), and adaptive took 27 s at 5,000 jittery entries (about 100 s at 20,000 is a guess).
scenarios: build ## the same strategies on steady, jittery, limited and overloaded services, 20,000 entries, 3 runs each, one file (~20 min)
	$(BIN)/batchlab run -scenario steady,jittery,limited,overloaded -strategies unbounded,batches,window,workerpool,adaptive -sizes 20000 -count 3 -out $(OUT) $(ARGS)
	$(BIN)/batchlab report $(OUT)
	@echo; echo "go tool benchstat $(SCENARIOS_FLAGS) $(OUT)/bench.txt"
	@$(GO) tool benchstat $(SCENARIOS_FLAGS) $(OUT)/bench.txt

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
