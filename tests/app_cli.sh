#!/usr/bin/env bash
# app_cli.sh - the bistro program's command line, as a teacher uses it without a
# window: --png and --frames, and every way to get them wrong.
#
#   bash tests/app_cli.sh BISTRO SOURCE_DIR
set -uo pipefail
app=$1
src=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
unset DISPLAY WAYLAND_DISPLAY # headless frames need no display
status=0

fail() {
    echo "FAIL $1" >&2
    status=1
}
# expect NAME STATUS PATTERN CMD...: CMD exits with STATUS and stderr matches PATTERN
expect() {
    local name=$1 want=$2 pattern=$3
    shift 3
    "$@" >"$out/stdout" 2>"$out/stderr"
    local got=$?
    if [[ $got != "$want" ]]; then
        fail "$name: exit $got, expected $want; stderr: $(cat "$out/stderr")"
    elif [[ -n "$pattern" ]] && ! grep -qE -- "$pattern" "$out/stderr"; then
        fail "$name: stderr does not match /$pattern/: $(cat "$out/stderr")"
    else
        echo "ok   $name"
    fi
}
is_png() { [[ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]]; }
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{ print $3 * 256 + $4 "x" $7 * 256 + $8 }'; }

three=$src/scenarios/three-requests.json

expect "png at a time" 0 "" "$app" "$three" --png "$out/a.png" --at 500ms
is_png "$out/a.png" || fail "a.png is not a PNG"
[[ "$(png_size "$out/a.png")" == 1280x720 ]] || fail "a.png is $(png_size "$out/a.png"), not 1280x720"

expect "png size and two runtimes" 0 "" "$app" "$three" --png "$out/b.png" --size 800x450 \
    --runtime "Node.js" --runtime "Python, one thread" --theme dark
[[ "$(png_size "$out/b.png")" == 800x450 ]] || fail "b.png is $(png_size "$out/b.png")"

# the frame at a time differs from the frame at the end
expect "png at the end" 0 "" "$app" "$three" --png "$out/c.png"
cmp -s "$out/a.png" "$out/c.png" && fail "the frames at 500 ms and at the end are the same"

expect "at after the end" 0 "after the end" "$app" "$three" --png "$out/d.png" --at 10s

# an existing file is replaced whole, and nothing else is left in the folder
echo "old" >"$out/e.png"
expect "png over an existing file" 0 "" "$app" "$three" --png "$out/e.png"
is_png "$out/e.png" || fail "e.png was not replaced by a PNG"
leftovers=$(find "$out" -name '*.tmp*' -o -name '.e.png*' | wc -l)
[[ $leftovers == 0 ]] || fail "temporary files left behind: $(ls -a "$out")"

po=$src/scenarios/print-order.json
expect "frames" 0 "wrote [0-9]+ frames" "$app" "$po" --frames "$out/frames" --fps 2
said=$(sed -nE 's/.*wrote ([0-9]+) frames.*/\1/p' "$out/stderr")
n=$(ls "$out/frames" | wc -l)
[[ $n -ge 2 && $n == "$said" ]] || fail "frames: $n files, the message said $said"
is_png "$out/frames/frame-00001.png" || fail "frame-00001.png is not a PNG"
# the first frame is the start and the last one the end, as --png draws them
"$app" "$po" --png "$out/start.png" --at 0ms && "$app" "$po" --png "$out/end.png" || fail "png of print-order"
cmp -s "$out/frames/frame-00001.png" "$out/start.png" || fail "the first frame is not the frame at 0"
last=$(printf '%s/frames/frame-%05d.png' "$out" "$n")
cmp -s "$last" "$out/end.png" || fail "the last frame is not the frame at the end"
# docs/app.md's promise: the default speed is the fastest round speed at which the
# run lasts at least 12 s (print-order: 12.032 ms at 1 ms/s), so at 2 frames a
# second a frame every 0.5 ms, the last at the end: 26 frames, 12.5 s
[[ $n == 26 ]] || fail "frames: $n frames of print-order at 2 per second, expected 26"
grep -q "12.5 s of video at 1 ms/s" "$out/stderr" || fail "frames: the message does not say the video's length: $(cat "$out/stderr")"
expect "frames into a folder of frames" 2 "already holds frames" "$app" "$po" --frames "$out/frames"
[[ $(ls "$out/frames" | wc -l) == "$n" ]] || fail "a refused --frames changed the folder"

# a bundled lesson by the short name `bistro-sim list` prints, from any folder
abs_app=$(cd "$(dirname "$app")" && pwd)/$(basename "$app")
expect "short name" 0 "" bash -c 'cd "$1" && "$2" convoy --png short.png --at 12ms' _ "$out" "$abs_app"
expect "full path" 0 "" "$app" "$src/scenarios/convoy.json" --png "$out/convoy-full.png" --at 12ms
cmp -s "$out/short.png" "$out/convoy-full.png" || fail "'convoy' did not draw scenarios/convoy.json"
expect "short name with .json" 0 "" bash -c 'cd "$1" && "$2" convoy.json --png short2.png --at 12ms' _ "$out" "$abs_app"
cmp -s "$out/short2.png" "$out/convoy-full.png" || fail "'convoy.json' did not draw scenarios/convoy.json"
mkdir -p "$out/lib"
cp "$three" "$out/lib/mine.json"
expect "short name in BISTRO_SCENARIOS" 0 "" env BISTRO_SCENARIOS="$out/lib" "$app" mine --png "$out/mine.png"
expect "unknown short name" 2 "nosuchlesson" "$app" nosuchlesson --png "$out/x.png"
# a file in the current folder wins over a bundled lesson of the same name
cp "$three" "$out/convoy"
expect "a file named like a lesson" 0 "" bash -c 'cd "$1" && "$2" convoy --png local.png --at 12ms' _ "$out" "$abs_app"
cmp -s "$out/local.png" "$out/convoy-full.png" && fail "'convoy' in the current folder was not the file there"
rm -f "$out/convoy"

# --at: a bare number counts milliseconds, as in scenario files
expect "at a bare number" 0 "" "$app" "$three" --png "$out/a500.png" --at 500
cmp -s "$out/a500.png" "$out/a.png" || fail "--at 500 is not --at 500ms"
expect "at a bare decimal" 0 "" "$app" "$po" --png "$out/p.png" --at 7.5
expect "at with a unit" 0 "" "$app" "$po" --png "$out/p2.png" --at 7500us
cmp -s "$out/p.png" "$out/p2.png" || fail "--at 7.5 is not --at 7500us"
# past the longest time bistro simulates: the message names the limit
expect "at past the maximum" 2 "past the longest time bistro simulates, 1000000s" \
    "$app" "$three" --png "$out/never.png" --at 1000001s
expect "at not a time" 2 "wants a time like 500ms" "$app" "$three" --png "$out/never.png" --at 5xs

printf '{\n  "schema": "bistro/1",\n  "title": 5\n}\n' >"$out/bad.json"
# the window opens on no bad first file: the problems, exit 2, before any display
expect "window on a missing file" 2 "nosuchlesson.*did not open" "$app" nosuchlesson
expect "window on an invalid file" 2 'bad\.json:3:[0-9]+: \$\.title' "$app" "$out/bad.json"

# bad input: a message and exit status 2, never a crash
expect "invalid scenario" 2 'bad\.json:3:[0-9]+: \$\.title' "$app" "$out/bad.json" --png "$out/x.png"
[[ -e "$out/x.png" ]] && fail "an invalid scenario still wrote x.png"
expect "missing scenario" 2 "missing\.json" "$app" "$out/missing.json" --png "$out/x.png"
expect "unknown runtime" 2 'no runtime called "Go".*"Node.js"' "$app" "$three" --png "$out/x.png" --runtime Go
expect "same runtime twice" 2 "two different" "$app" "$three" --png "$out/x.png" --runtime Node.js --runtime Node.js
expect "bad --at" 2 "500 ms|--at wants" "$app" "$three" --png "$out/x.png" --at "500 ms"
expect "bad --size" 2 "--size wants" "$app" "$three" --png "$out/x.png" --size 10x10
expect "bad --theme" 2 "--theme wants" "$app" "$three" --png "$out/x.png" --theme neon
expect "png and frames" 2 "--frames draws the whole run" "$app" "$three" --png "$out/x.png" --frames "$out/f"
expect "png without a scenario" 2 "need a SCENARIO" "$app" --png "$out/x.png"
expect "keys without a frame" 2 "--keys goes with" "$app" "$three" --keys "Right"
expect "at without a frame" 2 "--at goes with" "$app" "$three" --at 1s
expect "layout-json with frames" 2 "--frames draws the whole run" "$app" "$three" \
    --layout-json "$out/f.json" --frames "$out/ff"
expect "an unknown key" 2 "'Rigth' is not a key name" "$app" "$three" --layout-json "$out/k.json" \
    --keys "Right Rigth"
[[ -e "$out/k.json" ]] && fail "a bad key script still wrote a frame"
expect "layout-json and png together" 0 "" "$app" "$three" --layout-json "$out/l.json" \
    --png "$out/l.png" --keys "Tab Right"
is_png "$out/l.png" || fail "l.png is not a PNG"
grep -qE '"schema":[[:space:]]*"bistro-frame/1"' "$out/l.json" || fail "l.json is not a bistro-frame/1 frame"
expect "unknown option" 2 "unknown option" "$app" "$three" --pnj "$out/x.png"
# --from / --to: the timeline's window
expect "from and to" 0 "" "$app" "$three" --layout-json "$out/z.json" --from 100ms --to 300ms
grep -qE '"window":[[:space:]]*"zoom"' "$out/z.json" || fail "--from/--to: the frame does not say zoom"
grep -qE '"from_ns":[[:space:]]*100000000' "$out/z.json" || fail "--from 100ms: not the window's start"
grep -qE '"to_ns":[[:space:]]*300000000' "$out/z.json" || fail "--to 300ms: not the window's end"
grep -qE '"text":[[:space:]]*"zoom: 100 ms to 300 ms"' "$out/z.json" || fail "the zoom is not on screen"
expect "to before from" 2 "--to must be after --from" "$app" "$three" --png "$out/x.png" \
    --from 300ms --to 100ms
expect "from at the end" 2 "--from 10 s is not before the end" "$app" "$three" --png "$out/x.png" \
    --from 10s
expect "to after the end" 0 "--to 10 s is after the end" "$app" "$three" --png "$out/x.png" \
    --from 1ms --to 10s
expect "bad --from" 2 "--from wants" "$app" "$three" --png "$out/x.png" --from soon
expect "from without a frame" 2 "--from and --to go with" "$app" "$three" --to 1s
expect "frames of a window" 0 "wrote [0-9]+ frames" "$app" "$po" --frames "$out/wframes" --fps 2 \
    --from 0ms --to 5ms
[[ $(ls "$out/wframes" | wc -l) -lt $n ]] || fail "--frames --to 5ms drew as many frames as the whole run"
expect "unwritable folder" 3 "x\.png" "$app" "$three" --png "$out/no/such/dir/x.png"
expect "no font" 3 "BISTRO_FONT|/nonexistent/font\.ttf" env BISTRO_FONT=/nonexistent/font.ttf "$app" "$three" --png "$out/x.png"
expect "no display" 3 "no display|--png" "$app" "$three"
expect "fps without frames" 2 "--fps goes with --frames" "$app" "$three" --png "$out/x.png" --fps 5
expect "standard input" 2 "must be a file" "$app" - --png "$out/x.png"
expect "help after a file" 0 "" "$app" "$three" --help
expect "help" 0 "" "$app" --help
grep -q -- "--frames DIR" "$out/stdout" || fail "--help does not mention --frames"
# Devices, pipes and links as outputs: written through, never replaced. /dev/full
# is reached through a link of our own, so a bistro that wrongly replaced its
# target would replace the link, never the device.
three=$src/scenarios/three-requests.json
if [[ -c /dev/full ]]; then
    ln -s /dev/full "$out/full.png"
    expect "--png to a full device" 3 'cannot write .*/full.png: No space left on device' \
        "$app" "$three" --png "$out/full.png"
    [[ -L "$out/full.png" ]] || fail "the link to /dev/full was replaced"
fi
echo old >"$out/target.png"
ln -s target.png "$out/link.png"
expect "--png through a link" 0 '' "$app" "$three" --png "$out/link.png"
[[ -L "$out/link.png" ]] || fail "--png replaced the link"
head -c 8 "$out/target.png" | grep -q PNG || fail "--png did not write the link's target"
mkfifo "$out/frame.pipe"
cat "$out/frame.pipe" >"$out/from-pipe" &
expect "--png into a named pipe" 0 '' "$app" "$three" --png "$out/frame.pipe"
wait
[[ -p "$out/frame.pipe" ]] || fail "--png replaced the named pipe"
grep -q PNG "$out/from-pipe" || fail "--png into a pipe: no PNG came through"
ls "$out" | grep -q 'tmp-' && fail "a temporary file was left: $(ls "$out")"

exit $status
