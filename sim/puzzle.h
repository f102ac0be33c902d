/* puzzle.h - print-order puzzles generated from a seed (`bistro-sim puzzle`).
 *
 * A puzzle is a small event-loop program, drawn from a grammar of the steps the
 * model knows (prints, nextTick, promise callbacks, timers, immediates, a file
 * read, async functions and tasks; for asyncio call_soon, call_later, an
 * executor read, create_task), written twice: as a real program (JavaScript for
 * node, Python for asyncio) and as a bistro/1 scenario whose steps stand for its
 * statements, each pointing at its line. Only programs without a real race are
 * drawn (docs/puzzles.md gives the grammar and its rules). The same flavor and
 * seed give the same bytes.
 */
#ifndef BISTRO_PUZZLE_H
#define BISTRO_PUZZLE_H

#include <stdbool.h>
#include <stdint.h>

#include "sink.h"

typedef enum { PUZZLE_NODE, PUZZLE_ASYNCIO } puzzle_flavor;

/* "node" or "asyncio" into *out: 0, or SIM_EINVAL for any other text. */
int puzzle_parse_flavor(const char *text, puzzle_flavor *out);

/* The flavor's name ("node", "asyncio") and its program's file extension ("js", "py"). */
const char *puzzle_flavor_name(puzzle_flavor f);
const char *puzzle_program_ext(puzzle_flavor f);

/* Writes the puzzle of (flavor, seed) into `out`: the scenario JSON, or with
 * `program` the program's text only. Returns the sink's error (0 when every write
 * went well). */
int puzzle_write(sim_sink *out, puzzle_flavor f, uint64_t seed, bool program);

#endif
