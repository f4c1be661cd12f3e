# policy-trace developer commands. `make help` lists them.
.DEFAULT_GOAL := help
CARGO ?= cargo
VENV ?= .venv
OUT ?= out

.PHONY: help
help: ## Show this help.
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-12s %s\n", $$1, $$2}'

.PHONY: build
build: ## Build the CLI (release).
	$(CARGO) build --release -p policy-trace-cli

.PHONY: report
report: build ## The main job: HTML coverage report of the bundled corpus against the built-in 国办发〔2017〕4号 (out/coverage.html).
	mkdir -p $(OUT)
	./target/release/policy-trace report --national builtin:guobanfa-2017-4 data/corpus -o $(OUT)/coverage.html
	./target/release/policy-trace report --national builtin:guobanfa-2017-4 data/corpus -o $(OUT)/coverage.md
	./target/release/policy-trace report --national builtin:guobanfa-2017-4 data/corpus -o $(OUT)/coverage.csv
	./target/release/policy-trace report --national builtin:guobanfa-2017-4 data/corpus -o $(OUT)/coverage.json
	@echo "wrote $(OUT)/coverage.html (.md, .csv, .json)"

.PHONY: parse
parse: build ## Parse the bundled corpus and print the trees.
	./target/release/policy-trace parse data/corpus/*.txt builtin:guobanfa-2017-4 builtin:fagaiban-diqu-2020-237 --format tree

.PHONY: test
test: test-rust test-python ## Run every test, Rust and Python (sets up .venv on first use).

.PHONY: test-rust
test-rust: ## Rust tests: unit, integration (with the fuzz smoke run and the 200 MB input), CLI (with the browser test), doctests; the benchmarks type-checked.
	bash scripts/setup-browser.sh
	$(CARGO) test --workspace
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps -q -p policy-trace -p policy-trace-cli
	$(CARGO) check --benches -q

.PHONY: test-big
test-big: ## Only the big-input tests (the 200 MB file among them), with their timings printed.
	$(CARGO) test -p policy-trace-tests big_input -- --nocapture

FUZZ_TIME ?= 60
.PHONY: fuzz
fuzz: ## Each cargo-fuzz target for FUZZ_TIME seconds (default 60; needs `cargo install cargo-fuzz`). See fuzz/README.md.
	@command -v cargo-fuzz >/dev/null || { echo "make fuzz: install cargo-fuzz first: cargo install cargo-fuzz"; exit 2; }
	cd fuzz && for t in parse_bytes html align; do \
		mkdir -p work/$$t && \
		RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run -O $$t work/$$t corpus/$$t -- \
			-max_total_time=$(FUZZ_TIME) -timeout=10 -max_len=16384 -print_final_stats=1 || exit 1; \
	done

.PHONY: test-python
test-python: ## Python tests (creates .venv, installs maturin and pytest, builds the extension).
	bash scripts/python-test.sh

.PHONY: build-dev
build-dev: ## Build the Python extension into .venv (maturin develop).
	bash scripts/python-test.sh --build-only

.PHONY: eval
eval: build ## Alignment accuracy on the dev gold sets, next to the TF-IDF baseline (and the noisy variants).
	bash scripts/eval.sh

.PHONY: lint
lint: ## rustfmt check and clippy (warnings are errors).
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

.PHONY: doc
doc: ## API documentation; warnings are errors.
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps --workspace

.PHONY: bench
bench: ## criterion benchmarks.
	$(CARGO) bench

.PHONY: snapshots
snapshots: ## Accept changed insta snapshots (review the diff before committing).
	INSTA_UPDATE=always $(CARGO) test --workspace
