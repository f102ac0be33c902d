# bistro: the two commands of the README, and the steps they are made of.
#
#   make run    install what is missing, build, and show the main demo: the app
#               on a display; without one, a PNG frame and the comparison table
#   make test   install what is missing, build, run every test, then again under
#               AddressSanitizer + UndefinedBehaviorSanitizer
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DEMO ?= scenarios/three-requests.json

.PHONY: all run test deps test-deps build build-asan check check-asan fuzz clean

all: build

DEMO_PNG ?= $(BUILD)/three-requests.png

deps:
	@tools/install-deps --gui

test-deps:
	@tools/install-deps --gui --test

build: deps
	cmake -S . -B $(BUILD)
	cmake --build $(BUILD) -j $(JOBS)

# With a display the app opens; without one (a server, CI) it draws the demo's
# last frame to a PNG and prints the comparison table.
run: build
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	    $(BUILD)/bistro $(DEMO); \
	else \
	    echo "No display: drawing a frame to $(DEMO_PNG) instead of opening the app."; \
	    $(BUILD)/bistro $(DEMO) --png $(DEMO_PNG) --runtime "Node.js" --runtime "Python, one thread" && \
	    echo "Wrote $(DEMO_PNG)" && $(BUILD)/bistro-sim run $(DEMO); \
	fi

test: test-deps
	cmake -S . -B $(BUILD)
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	cmake -S . -B $(ASAN_BUILD) -DBISTRO_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS)

# The libFuzzer target for the scenario loader (docs/fuzzing.md). Needs clang.
fuzz:
	CC=clang cmake -S . -B build-fuzz -DBISTRO_GUI=OFF -DBISTRO_FUZZ=ON
	cmake --build build-fuzz -j $(JOBS) --target fuzz_scenario

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
