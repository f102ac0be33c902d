# bistro: the two commands of the README, and the steps they are made of.
#
#   make run    install what is missing, build, and show the main demo
#   make test   install what is missing, build, run every test, then again under
#               AddressSanitizer + UndefinedBehaviorSanitizer
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DEMO ?= scenarios/three-requests.json

.PHONY: all run test deps test-deps build build-asan check check-asan fuzz clean

all: build

deps:
	@tools/install-deps

test-deps:
	@tools/install-deps --test

build: deps
	cmake -S . -B $(BUILD) -DBISTRO_GUI=OFF
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/bistro-sim run $(DEMO)

test: test-deps
	cmake -S . -B $(BUILD) -DBISTRO_GUI=OFF
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	cmake -S . -B $(ASAN_BUILD) -DBISTRO_GUI=OFF -DBISTRO_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS)

# The libFuzzer target for the scenario loader (docs/fuzzing.md). Needs clang.
fuzz:
	CC=clang cmake -S . -B build-fuzz -DBISTRO_GUI=OFF -DBISTRO_FUZZ=ON
	cmake --build build-fuzz -j $(JOBS) --target fuzz_scenario

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
