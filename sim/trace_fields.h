/* trace_fields.h - the named fields of trace events, for every trace file writer.
 *
 * An event stores its data in a few untyped slots (trace.h: a, b, c, x) whose
 * meaning depends on its kind. This module is the one place that says which named
 * field each slot holds for each kind, so the JSON Lines and CSV writers (and
 * their tests) cannot disagree: a writer walks TRACE_FIELD_MAP in order and writes
 * the fields an event has.
 */
#ifndef BISTRO_TRACE_FIELDS_H
#define BISTRO_TRACE_FIELDS_H

#include <stdbool.h>
#include <stdint.h>

#include "scenario.h"
#include "trace.h"

/* Field, its key in trace files, and its type, in the order files write them. */
#define TRACE_FIELD_MAP(X)                  \
    X(WORKER, "worker", TRACE_T_INT)        \
    X(REQ, "req", TRACE_T_INT)              \
    X(STEP, "step", TRACE_T_INT)            \
    X(LINE, "line", TRACE_T_INT)            \
    X(QUEUE, "queue", TRACE_T_QUEUE)        \
    X(DEVICE, "device", TRACE_T_DEVICE)     \
    X(TASK, "task", TRACE_T_INT)            \
    X(PROCESS, "process", TRACE_T_INT)      \
    X(PHASE, "phase", TRACE_T_PHASE)        \
    X(TEXT, "text", TRACE_T_TEXT)           \
    X(CORE, "core", TRACE_T_INT)            \
    X(SWITCH, "switch", TRACE_T_BOOL)       \
    X(DURATION, "duration_ns", TRACE_T_INT) \
    X(DUE, "due_ns", TRACE_T_INT)           \
    X(STARTS, "starts", TRACE_T_BOOL)       \
    X(LATENCY, "latency_ns", TRACE_T_INT)   \
    X(LAG, "lag_ns", TRACE_T_INT)           \
    X(HOP, "hop", TRACE_T_BOOL)             \
    X(HANDOFF, "handoff", TRACE_T_BOOL)     \
    X(KIND, "kind", TRACE_T_WORKER_KIND)    \
    X(NUMBER, "number", TRACE_T_INT)        \
    X(BYTES, "bytes", TRACE_T_INT)          \
    X(KEY, "key", TRACE_T_KEY)              \
    X(LOCK, "lock", TRACE_T_LOCK)           \
    X(VALUE, "value", TRACE_T_INT)          \
    X(LOST, "lost", TRACE_T_BOOL)           \
    X(SERVICE, "service", TRACE_T_SERVICE)

typedef enum {
    TRACE_T_INT,         /* a number */
    TRACE_T_BOOL,        /* true; absent when false */
    TRACE_T_QUEUE,       /* trace_queue_name() */
    TRACE_T_PHASE,       /* trace_phase_name() */
    TRACE_T_WORKER_KIND, /* trace_worker_kind_name() */
    TRACE_T_DEVICE,      /* the scenario's device name, by index */
    TRACE_T_TEXT,        /* the scenario's string, by index */
    TRACE_T_KEY,         /* the scenario's shared value ("state"), by index */
    TRACE_T_LOCK,        /* the scenario's lock name, by index */
    TRACE_T_SERVICE,     /* the scenario's service name, by index */
} trace_field_type;

/* clang-format off */
typedef enum {
#define TRACE__FIELD_ENUM(name, key, type) TRACE_F_##name,
    TRACE_FIELD_MAP(TRACE__FIELD_ENUM)
#undef TRACE__FIELD_ENUM
    TRACE_F_COUNT
} trace_field;
/* clang-format on */

/* Whether `ev` has field f, and its value in *v (an index for names and strings,
 * 1 for a true flag). */
bool trace_field_get(const trace_event *ev, int f, int64_t *v);

const char *trace_field_key(int f);
trace_field_type trace_field_type_of(int f);
const char *trace_worker_kind_name(int kind);

/* True when every index the event holds (kind, queue, phase, device, string,
 * worker kind, shared value, lock) names something that exists in `scn`. */
bool trace_event_valid(const trace_event *ev, const scn_scenario *scn);

#endif
