# MdPL build entry points. Release code is tuned for the host CPU (ARCHITECTURE.md "Performance");
# override with `make CPU=haswell` to build for another x86-64 machine.
SWIFT  ?= swift
CPU    ?= native
CONFIG ?= configs/quickstart.yaml
RELEASE = -c release -Xswiftc -target-cpu -Xswiftc $(CPU)

.PHONY: deps release debug test run bench-lsm bench-neural clean

deps:
	@scripts/ensure-deps.sh

release: deps
	$(SWIFT) build $(RELEASE)

debug: deps
	$(SWIFT) build

# The test suite runs on release code for the host CPU (the land-model and network tests are
# numerically heavy); CI also builds the debug configuration, which must compile.
test: deps
	$(SWIFT) test $(RELEASE)

# The main job: a complete small experiment on real sites, ending in runs/<name>/report.html.
run: release
	$(SWIFT) run $(RELEASE) mdpl run --config $(CONFIG)

# Land-model throughput on the real sites (scalar, SIMD ensemble, all sites end to end).
bench-lsm: release
	.build/release/bench-lsm

# NeuralKit training throughput against PyTorch CPU on the same shapes and thread count
# (needs `pip install torch`; see README "NeuralKit"). A benchmark, not a test.
bench-neural: deps
	$(SWIFT) build $(RELEASE) --product bench-neural
	python3 bench/compare_neural.py --threads 2

clean:
	rm -rf .build
