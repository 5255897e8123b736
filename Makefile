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
# make libraries: one table per scenario, a row per strategy and width.
LIBRARIES_FLAGS ?= -table scenario -row /strategy,/concurrency -ignore started,target,/entries -filter '.unit:(sec/op OR failed/op)'
SCENARIOS_FLAGS ?= -table scenario -col /strategy -row /entries -ignore started,target,/concurrency -filter '.unit:(sec/op OR failed/op)'

.PHONY: help build bench bench-quick sweep scenarios libraries peers report compare test thirdparty check-imports clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

build: ## build bin/batchlab and bin/thirdparty
	$(GO) build -buildvcs=true -o $(BIN)/batchlab ./cmd/batchlab
	$(GO) build -buildvcs=true -o $(BIN)/thirdparty ./cmd/thirdparty

bench: build ## the real thing: 200 ms service, all strategies, 1k/10k/20k entries, 6 runs each (~16 min)
	$(BIN)/batchlab run -out $(OUT) $(ARGS)
	$(BIN)/batchlab report $(OUT)
	@echo; echo "go tool benchstat $(BENCHSTAT_FLAGS) $(OUT)/bench.txt"
	@$(GO) tool benchstat $(BENCHSTAT_FLAGS) $(OUT)/bench.txt

bench-quick: build ## everything, sequential at 20,000 too, with a 2 ms delay, 2 runs each (~3 min)
	$(BIN)/batchlab run -delay 2ms -full -count 2 -out $(OUT) $(ARGS)
	$(BIN)/batchlab report $(OUT)
	@echo; echo "go tool benchstat $(BENCHSTAT_FLAGS) $(OUT)/bench.txt"
	@$(GO) tool benchstat $(BENCHSTAT_FLAGS) $(OUT)/bench.txt

# Measured: 6 min 20 s on a 2-core AMD EPYC (README, results/sweep-limited): 14 widths, 6 of
# them over the 60 s budget and skipped, plus 6 refined ones (350, 425, 462; 750, 625, 562).
sweep: build ## workerpool at widths 1, 2, 5 … 20,000 on the limited service, 20,000 entries, 3 runs each: the knee (~6 min)
	$(BIN)/batchlab sweep -strategy workerpool -scenario limited -entries 20000 -count 3 -out $(OUT) $(ARGS)
	$(BIN)/batchlab report $(OUT)
	@echo; echo "go tool benchstat $(SWEEP_FLAGS) $(OUT)/bench.txt"
	@$(GO) tool benchstat $(SWEEP_FLAGS) $(OUT)/bench.txt

# Measured: 16.5 min on a 2-core AMD EPYC (README, results/scenarios); jittery alone takes 6,
# since each batch of 250 waits for its slowest log-normal call (87.6 s a run).
scenarios: build ## the same strategies on steady, jittery, limited and overloaded services, 20,000 entries, 3 runs each, one file (~17 min)
	$(BIN)/batchlab run -scenario steady,jittery,limited,overloaded -strategies unbounded,batches,window,workerpool,adaptive -sizes 20000 -count 3 -out $(OUT) $(ARGS)
	$(BIN)/batchlab report $(OUT)
	@echo; echo "go tool benchstat $(SCENARIOS_FLAGS) $(OUT)/bench.txt"
	@$(GO) tool benchstat $(SCENARIOS_FLAGS) $(OUT)/bench.txt

libraries: build ## ants, pond, conc, failsafe-go's bulkhead and adaptive limiter beside workerpool, semaphore, errgrouplimit and adaptive: widths 250 and 1,000, steady, jittery and limited, 20,000 entries, 3 runs each (its ideal time alone is 21 min)
	$(BIN)/batchlab run -scenario steady,jittery,limited -width 250,1000 -sizes 20000 -count 3 \
	  -strategies ants,pond,conc,failsafe-bulkhead,failsafe-adaptive,workerpool,semaphore,errgrouplimit,adaptive -out $(OUT) $(ARGS)
	$(BIN)/batchlab report $(OUT)
	@echo; echo "go tool benchstat $(LIBRARIES_FLAGS) $(OUT)/bench.txt"
	@$(GO) tool benchstat $(LIBRARIES_FLAGS) $(OUT)/bench.txt

# hey is pinned and installed into bin/, beside batchlab, so anyone gets the same peer.
peers: build ## hey v0.1.5 and batchlab side by side against one mock, widths 250, 1,000, 20,000, 20,000 entries, 3 runs each (~3 min)
	GOBIN=$(abspath $(BIN)) $(GO) install github.com/rakyll/hey@v0.1.5
	$(GO) build -o $(BIN)/peers ./cmd/peers
	$(BIN)/peers -hey $(BIN)/hey -batchlab $(BIN)/batchlab -thirdparty $(BIN)/thirdparty $(ARGS)

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

# The package boundaries (README, "How the code is laid out"): each check
# is "packages" then the import prefixes they must not depend on (directly
# or not). benchfile and sweep are leaves: they import no batchlab package.
check-imports: ## enforce the package boundaries with go list -deps
	@fail=0; \
	check() { pkgs=$$1; shift; for p in $$($(GO) list $$pkgs); do \
	  deps=$$($(GO) list -deps $$p | grep '^batchlab/' | grep -vx "$$p" || true); \
	  for bad in "$$@"; do for d in $$deps; do case $$d in $$bad*) echo "check-imports: $$p must not import $$d"; fail=1;; esac; done; done; done; }; \
	check ./thirdparty/... batchlab/strategies batchlab/harness batchlab/reports batchlab/cmd batchlab/benchfile batchlab/sweep; \
	check "./benchfile/... ./sweep/..." batchlab/; \
	check batchlab/strategies batchlab/; \
	check "$$($(GO) list ./strategies/... | grep -v -e '^batchlab/strategies$$' -e /strategytest -e /catalog)" \
	  batchlab/harness batchlab/reports batchlab/thirdparty batchlab/strategies/ batchlab/cmd; \
	check ./strategies/strategytest batchlab/strategies/catalog batchlab/strategies/sequential batchlab/strategies/workerpool batchlab/harness batchlab/thirdparty; \
	check ./strategies/catalog batchlab/harness batchlab/reports batchlab/thirdparty batchlab/cmd; \
	check ./harness/... batchlab/strategies/ batchlab/reports batchlab/sweep batchlab/cmd; \
	check ./reports/... batchlab/strategies batchlab/harness batchlab/thirdparty batchlab/cmd; \
	for lib in github.com/panjf2000/ants=strategies/ants github.com/alitto/pond=strategies/pond \
	    github.com/sourcegraph/conc=strategies/conc github.com/failsafe-go/failsafe-go=strategies/failsafe; do \
	  mod=$${lib%%=*}; own=batchlab/$${lib#*=}; \
	  for p in $$($(GO) list -f '{{.ImportPath}}{{range .Imports}} {{.}}{{end}}{{range .TestImports}} {{.}}{{end}}{{range .XTestImports}} {{.}}{{end}}' ./... \
	      | awk -v m="$$mod" '{for (i = 2; i <= NF; i++) if (index($$i, m) == 1) {print $$1; break}}' | sed 's/_test$$//'); do \
	    case $$p in $$own*) ;; *) echo "check-imports: $$p must not import $$mod (only $$own* may)"; fail=1;; esac; done; done; \
	exit $$fail

clean: ## remove built binaries (results stay)
	rm -rf $(BIN)
