# callboard — make targets. `make test` is what CI runs (through .ci/run).
GO      ?= go
BIN     ?= bin/callboard
PKGS    ?= ./...
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: all build man test vet demo sim bench bench-e2e fuzz fmt lint clean

all: build

build:
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) .

# The man page, from the same command definitions as --help (fang):
# `man ./callboard.1` to read it, or copy it to a man1 directory.
man: build
	$(BIN) man > callboard.1

# vet, then every test with the race detector; fuzz targets run their seeds
# (testdata/fuzz) as ordinary tests. The patched Bubble Tea
# (third_party/bubbletea, PATCHED.md) is a module of its own: its tests run
# here too.
test: vet
	$(GO) test -race -count=1 -timeout 20m $(PKGS)
	$(GO) test -C third_party/bubbletea -race -count=1 ./...

vet:
	$(GO) vet $(PKGS)
	$(GO) vet -C third_party/bubbletea ./...

demo:
	$(GO) run . --demo

sim:
	$(GO) run . sim

# Issue 13's figures, as reports (no target is asserted; CI runs neither).
# bench: the Go benchmarks for decode, poll cycle, Update and View as one
# table (BENCHTIME=3s BENCHCOUNT=5 make bench for steadier figures).
# bench-e2e: the built board in tmux against `callboard sim` beside a
# curl | jq | column loop, then those benchmarks; one table, appended to
# bench/results/<date>.txt (DURATION=120 LABEL=after make bench-e2e).
bench:
	GO=$(GO) bench/gobench.sh

bench-e2e: build
	GO=$(GO) BIN=$(BIN) bench/e2e.sh

# FUZZTIME=5m make fuzz
FUZZTIME ?= 60s
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzDecodeActiveCalls -fuzztime $(FUZZTIME) ./api

fmt:
	gofmt -w .

lint: vet
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

clean:
	rm -rf bin callboard.1
