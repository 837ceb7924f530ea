# aims — build, test and measure.
GO        ?= go
PKGS      ?= ./...
FUZZTIME  ?= 30s
BENCH_GIB ?= 1

.PHONY: build test test-short bench bench-assess fuzz golden lint clean

build:
	$(GO) build -trimpath -o bin/aims ./cmd/aims

# The one test command: the README shows it and .ci/run calls it.
test: lint
	$(GO) test -count=1 -timeout 20m $(PKGS)

# The edit loop: the same suite without the tests marked slow (testenv.Slow:
# LibreOffice, pack tampering, cost limits); make test and CI run them all.
test-short: lint
	$(GO) test -short -count=1 $(PKGS)

lint:
	@fmt=$$(gofmt -l cmd pkg controls templates 2>/dev/null); if [ -n "$$fmt" ]; then echo "gofmt needed:"; echo "$$fmt"; exit 1; fi
	$(GO) vet $(PKGS)

# Refresh golden files after an intended output change.
golden:
	UPDATE_GOLDEN=1 $(GO) test -count=1 $(PKGS)

# Log benchmark: for every workload and format (BENCH_SETS, default all: the
# basic and platform workloads in native JSONL, and the platform workload as
# OTLP, OCSF, CSV and a CloudTrail .json.gz folder) a deterministic BENCH_GIB
# GiB log, then aims logs analyze beside jq (zcat | jq) and wc -l on the same
# warm file: throughputs, ratios, peak RSS, CPU use and machine pressure.
bench: build
	@pkg/auditlog/bench/run.sh $(BENCH_GIB)
	$(GO) test -run '^$$' -bench 'NativeLine' -benchtime 1s ./pkg/auditlog/

# Engine benchmark: assess 10,000 and 100,000 agents beside their YAML load,
# medians of COUNT samples and the ratios (make bench-assess COUNT=7).
bench-assess:
	@COUNT=$(or $(COUNT),5) pkg/engine/bench/run.sh

# Every go test -fuzz target of every package, FUZZTIME each (make fuzz FUZZTIME=2m).
fuzz:
	@set -e; for pkg in $$($(GO) list $(PKGS)); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "== $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

clean:
	rm -rf bin bench/out
