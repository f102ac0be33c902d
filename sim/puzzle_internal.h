/* puzzle_internal.h - a generated puzzle program as a tree, between the grammar
 * (puzzle.c, which draws it) and the writers (puzzle_write.c, which print it as
 * a program and as a scenario). Not part of the public API.
 */
#ifndef BISTRO_PUZZLE_INTERNAL_H
#define BISTRO_PUZZLE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "puzzle.h"

#define PZ_MAX_NODES 192
#define PZ_MAX_BODY 8  /* statements of one body */
#define PZ_MAX_FUNCS 4 /* async functions: spawned tasks and awaited helpers */

typedef enum {
    PZ_LOG, /* console.log(N) / print(N) */
    PZ_TICK, /* process.nextTick(cb) */
    PZ_THEN, /* Promise.resolve().then(cb) */
    PZ_IMMEDIATE, /* setImmediate(cb) */
    PZ_SOON, /* loop.call_soon(cb) */
    PZ_TIMER, /* setTimeout(cb, D) / loop.call_later(D, cb) */
    PZ_READ, /* fs.readFile(__filename, cb) / run_in_executor(read).add_done_callback(cb) */
    PZ_SPAWN, /* const tK = taskK(); / tK = loop.create_task(taskK()) */
    PZ_JOIN, /* await tK */
    PZ_AWAIT_RESOLVED, /* await Promise.resolve() (node only) */
    PZ_AWAIT_CALL, /* await helperK() */
} pz_kind;

/* A body: the statements of main, of a callback or of an async function. */
typedef struct {
    int stmt[PZ_MAX_BODY];
    int n;
} pz_body;

typedef struct {
    pz_kind kind;
    int parent; /* the node whose callback or function holds this one; -1 in main */
    int delay_ms; /* timer */
    int func; /* spawn, join, await call: index into pz_program.funcs */
    pz_body body; /* the callback's statements (tick, then, immediate, soon, timer, read) */
    int label; /* log: the number it prints, given by the writer in text order */
    int line; /* the line of the program the statement starts on, given by the writer */
} pz_node;

typedef struct {
    bool task; /* a spawned task; else a helper that is awaited */
    int call; /* the spawn or await node */
    bool joined;
    pz_body body;
} pz_func;

typedef struct {
    puzzle_flavor flavor;
    uint64_t seed;
    pz_node nodes[PZ_MAX_NODES];
    int nnodes;
    pz_body main;
    pz_func funcs[PZ_MAX_FUNCS];
    int nfuncs;
    bool has_read;
    int last_due_ms; /* the latest timer or read completion, nominally */
    int nlogs;
} pz_program;

/* Draws the program of (flavor, seed) into *p. */
void pz__generate(pz_program *p, puzzle_flavor f, uint64_t seed);

#endif
