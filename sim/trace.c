/* trace.c - the append-only event store of trace.h.
 *
 * A run of ten million requests produces on the order of a hundred million events,
 * so storage is what matters: events live in fixed chunks of TRACE_CHUNK_EVENTS,
 * reached through a table of chunk pointers that doubles when full. Appending
 * never moves a stored event (only the pointer table is reallocated), and reading
 * event i is two index operations. A chunk is 128 KiB: the table costs 8 bytes per
 * 4096 events, and the unused tail of the last chunk is at most 128 KiB, so even a
 * trace of a few hundred thousand events holds barely more than 32 bytes an event.
 */
#include "trace.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "error.h"
#include "grow.h"

_Static_assert(sizeof(trace_event) == 32, "a trace event must stay 32 bytes (DESIGN.md)");

#define TRACE_CHUNK_SHIFT 12
#define TRACE_CHUNK_EVENTS ((size_t)1 << TRACE_CHUNK_SHIFT)
#define TRACE_CHUNK_MASK (TRACE_CHUNK_EVENTS - 1)

struct trace {
    trace_event **chunks; /* nchunks full-size chunks; all but the last are full */
    size_t nchunks, cap_chunks;
    size_t count;
};

trace *trace_new(void)
{
    return calloc(1, sizeof(trace));
}

void trace_free(trace *tr)
{
    if (tr == NULL)
        return;
    for (size_t i = 0; i < tr->nchunks; i++)
        free(tr->chunks[i]);
    free(tr->chunks);
    free(tr);
}

/* Adds one empty chunk at the end. 0 or SIM_ENOMEM. */
static int trace_add_chunk(trace *tr)
{
    if (sim_grow((void **)&tr->chunks, &tr->cap_chunks, tr->nchunks + 1, sizeof *tr->chunks) < 0)
        return SIM_ENOMEM;
    trace_event *chunk = malloc(TRACE_CHUNK_EVENTS * sizeof *chunk);
    if (chunk == NULL)
        return SIM_ENOMEM;
    tr->chunks[tr->nchunks++] = chunk;
    return 0;
}

int trace_append(trace *tr, const trace_event *ev)
{
    size_t slot = tr->count & TRACE_CHUNK_MASK;
    if (slot == 0 && (tr->count >> TRACE_CHUNK_SHIFT) == tr->nchunks) {
        int err = trace_add_chunk(tr);
        if (err != 0)
            return err;
    }
    tr->chunks[tr->count >> TRACE_CHUNK_SHIFT][slot] = *ev;
    tr->count++;
    return 0;
}

size_t trace_count(const trace *tr)
{
    return tr->count;
}

const trace_event *trace_get(const trace *tr, size_t i)
{
    assert(i < tr->count);
    return &tr->chunks[i >> TRACE_CHUNK_SHIFT][i & TRACE_CHUNK_MASK];
}

size_t trace_memory(const trace *tr)
{
    return sizeof *tr + tr->cap_chunks * sizeof *tr->chunks +
           tr->nchunks * TRACE_CHUNK_EVENTS * sizeof(trace_event);
}

const char *trace_kind_name(int kind)
{
    static const char *const names[] = {
#define TRACE__KIND_NAME(name, text) text,
        TRACE_KIND_MAP(TRACE__KIND_NAME)
#undef TRACE__KIND_NAME
    };
    if (kind < 0 || kind >= TRACE_KIND_COUNT)
        return "unknown";
    return names[kind];
}

const char *trace_queue_name(int queue)
{
    static const char *const names[] = {
#define TRACE__QUEUE_NAME(name, text) text,
        TRACE_QUEUE_MAP(TRACE__QUEUE_NAME)
#undef TRACE__QUEUE_NAME
    };
    if (queue < 0 || queue >= TRACE_QUEUE_COUNT)
        return "unknown";
    return names[queue];
}

char *trace_worker_name(int kind, int64_t number, char *buf, size_t size)
{
    if (size == 0)
        return buf;
    if (kind == TRACE_WORKER_LOOP && number <= 0)
        snprintf(buf, size, "event loop");
    else
        snprintf(buf, size, "%s %lld",
                 kind == TRACE_WORKER_LOOP   ? "worker thread"
                 : kind == TRACE_WORKER_POOL ? "pool thread"
                                             : "thread",
                 (long long)number);
    return buf;
}

const char *trace_phase_name(int phase)
{
    static const char *const names[] = {
#define TRACE__PHASE_NAME(name, text) text,
        TRACE_PHASE_MAP(TRACE__PHASE_NAME)
#undef TRACE__PHASE_NAME
    };
    if (phase < 0 || phase >= TRACE_PHASE_COUNT)
        return "unknown";
    return names[phase];
}
