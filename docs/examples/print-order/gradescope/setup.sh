#!/usr/bin/env bash
# setup.sh - Gradescope runs this once, as root, when it builds the autograder's
# image (Ubuntu). It builds bistro-sim from the bistro source tree that the
# autograder zip carries in bistro/, without the desktop app (-DBISTRO_GUI=OFF: no
# SDL) and without bistro's own tests (no cmocka), and installs it as
# /usr/local/bin/bistro-sim. docs/grading.md shows how to make the zip.
set -euo pipefail

apt-get update
apt-get install -y --no-install-recommends build-essential cmake pkg-config libcjson-dev

cmake -S /autograder/source/bistro -B /autograder/bistro-build \
    -DCMAKE_BUILD_TYPE=Release -DBISTRO_GUI=OFF -DBISTRO_TESTS=OFF
cmake --build /autograder/bistro-build --target bistro-sim -j"$(nproc)"
install -m 755 /autograder/bistro-build/bistro-sim /usr/local/bin/bistro-sim
bistro-sim --version
