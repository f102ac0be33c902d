# bistro: the two commands of the README, and the steps they are made of.
#
#   make run    install what is missing, build, and show the main demo: the app
#               on a display; without one, a PNG frame and the comparison table
#   make test   install what is missing, build, run every test, then again under
#               AddressSanitizer + UndefinedBehaviorSanitizer
#   make check  the quick run while working: build, then only the tests labelled
#               `fast` (tests/CMakeLists.txt says which are slow)
#
# Builds made here treat warnings as errors (BISTRO_WERROR); a plain
# `cmake -S . -B build` does not, so packagers' newer compilers still build bistro.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DEMO ?= scenarios/three-requests.json
CMAKE_FLAGS ?= -DBISTRO_WERROR=ON

.PHONY: all run test deps test-deps build check format format-check fuzz clean

all: build

DEMO_PNG ?= $(BUILD)/three-requests.png

deps:
	@tools/install-deps --gui

# The tests need cmocka; without it CMake leaves the cmocka tests out, so make sure
# it is really there before a run that promises every test.
test-deps:
	@tools/install-deps --gui --test
	@pkg-config --exists cmocka || { echo "cmocka is installed but pkg-config cannot find it (cmocka.pc)" >&2; exit 1; }

build: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)
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
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	cmake -S . -B $(ASAN_BUILD) $(CMAKE_FLAGS) -DBISTRO_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS)

# The quick run: the plain build and the tests labelled fast (under a minute on
# two cores). `make test` before you push runs everything, twice.
check: test-deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -L fast --no-tests=error

# The libFuzzer targets: the loader, `run`, `grade` (docs/fuzzing.md). Needs clang.
# Formatting with .clang-format (clang-format 16; Debian: apt-get install clang-format-16).
CLANG_FORMAT ?= clang-format-16
C_SOURCES = $(wildcard sim/*.[ch] render/*.[ch] tests/*.[ch] bench/*.c)

format:
	$(CLANG_FORMAT) -i $(C_SOURCES)

format-check:
	$(CLANG_FORMAT) --dry-run --Werror $(C_SOURCES)

fuzz:
	CC=clang cmake -S . -B build-fuzz $(CMAKE_FLAGS) -DBISTRO_GUI=OFF -DBISTRO_FUZZ=ON
	cmake --build build-fuzz -j $(JOBS) --target fuzz_scenario fuzz_run fuzz_grade

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
