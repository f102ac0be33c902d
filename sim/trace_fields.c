/* trace_fields.c - which named field each slot of an event holds, by kind.
 *
 * The table follows the comments of trace.h's TRACE_KIND_MAP; every writer reads
 * events through it (trace_fields.h).
 */
#include "trace_fields.h"

#include <stddef.h>

/* A kind's fields: bits of trace_field. */
#define F(name) (1u << TRACE_F_##name)

static const uint32_t FIELDS[] = {
    [TRACE_ARRIVE] = F(REQ) | F(PROCESS),
    [TRACE_ENQUEUE] = F(WORKER) | F(REQ) | F(QUEUE) | F(DEVICE) | F(TASK) | F(PROCESS) | F(HOP),
    [TRACE_DEQUEUE] = F(WORKER) | F(REQ) | F(QUEUE) | F(DEVICE) | F(TASK) | F(PROCESS) | F(LAG) |
                      F(HOP) | F(HANDOFF),
    [TRACE_SPAWN] = F(WORKER) | F(PROCESS) | F(KIND) | F(NUMBER),
    [TRACE_READY] = F(WORKER) | F(REQ) | F(STEP) | F(LINE),
    [TRACE_RUN] = F(WORKER) | F(REQ) | F(STEP) | F(LINE) | F(CORE) | F(SWITCH),
    [TRACE_PREEMPT] = F(WORKER) | F(REQ) | F(CORE),
    [TRACE_BLOCK] = F(WORKER) | F(REQ) | F(STEP) | F(LINE),
    [TRACE_IO_START] = F(WORKER) | F(REQ) | F(DEVICE) | F(DURATION),
    [TRACE_IO_DONE] = F(WORKER) | F(REQ) | F(DEVICE),
    [TRACE_GIL_WAIT] = F(WORKER) | F(REQ) | F(PROCESS),
    [TRACE_GIL_ACQUIRE] = F(WORKER) | F(REQ) | F(PROCESS),
    [TRACE_GIL_RELEASE] = F(WORKER) | F(REQ) | F(PROCESS),
    [TRACE_GIL_DROP_REQUEST] = F(WORKER) | F(PROCESS),
    [TRACE_IDLE] = F(WORKER),
    [TRACE_PHASE] = F(WORKER) | F(PHASE),
    [TRACE_LOG] = F(WORKER) | F(REQ) | F(TEXT),
    [TRACE_TIMER_ARM] = F(WORKER) | F(REQ) | F(DUE),
    [TRACE_TIMER_FIRE] = F(WORKER) | F(REQ) | F(DUE) | F(STARTS),
    [TRACE_DONE] = F(WORKER) | F(REQ) | F(LATENCY),
    [TRACE_STEP] = F(WORKER) | F(REQ) | F(STEP) | F(LINE),
    [TRACE_EXIT] = F(WORKER) | F(PROCESS),
    [TRACE_MEMORY] = F(BYTES),
    [TRACE_STATE_READ] = F(WORKER) | F(REQ) | F(KEY) | F(VALUE),
    [TRACE_STATE_WRITE] = F(WORKER) | F(REQ) | F(KEY) | F(VALUE) | F(LOST),
    [TRACE_LOCK_WAIT] = F(WORKER) | F(REQ) | F(LOCK),
    [TRACE_LOCK_ACQUIRE] = F(WORKER) | F(REQ) | F(LOCK),
    [TRACE_LOCK_RELEASE] = F(WORKER) | F(REQ) | F(LOCK),
    [TRACE_CALL] = F(WORKER) | F(REQ) | F(SERVICE) | F(NUMBER),
};
_Static_assert(sizeof FIELDS / sizeof FIELDS[0] == TRACE_KIND_COUNT,
               "a trace kind was added or removed: give it its fields in FIELDS");
_Static_assert(TRACE_F_COUNT <= 32, "fields are bits of a uint32_t");

static bool queue_event(const trace_event *ev)
{
    return ev->kind == TRACE_ENQUEUE || ev->kind == TRACE_DEQUEUE;
}

/* The value of field f, or false where the kind has it but this event leaves it
 * empty (no worker, no request, no step, a flag that is off). */
static bool value(const trace_event *ev, int f, int64_t *v)
{
    bool q = queue_event(ev);
    switch (f) {
    case TRACE_F_WORKER: *v = ev->worker; return ev->worker != -1;
    case TRACE_F_REQ: *v = ev->req; return ev->req != -1;
    case TRACE_F_STEP: *v = ev->a; return ev->a >= 0;
    case TRACE_F_LINE: *v = ev->c; return ev->c > 0;
    case TRACE_F_QUEUE: *v = ev->b; return true;
    case TRACE_F_DEVICE:
        *v = ev->a;
        if (q)
            return ev->b == TRACE_QUEUE_DEVICE;
        return ev->a != -1;
    case TRACE_F_TASK: /* a task or a job */
        *v = ev->a;
        return ev->b != TRACE_QUEUE_DEVICE && ev->a >= 0;
    case TRACE_F_PROCESS: /* an arrival for a shared accept queue names none */
        *v = q ? ev->x : ev->a;
        return q ? ev->b == TRACE_QUEUE_ACCEPT : ev->kind != TRACE_ARRIVE || ev->a >= 0;
    case TRACE_F_LAG:
        *v = ev->x;
        return ev->b != TRACE_QUEUE_ACCEPT && ev->b != TRACE_QUEUE_DEVICE && ev->x >= 0;
    case TRACE_F_KEY:
    case TRACE_F_LOCK: *v = ev->a; return true;
    case TRACE_F_LOST: *v = 1; return ev->b != 0;
    case TRACE_F_HOP: *v = 1; return ev->c == TRACE_TAKE_HOP;
    case TRACE_F_HANDOFF: *v = 1; return ev->c == TRACE_TAKE_HANDOFF;
    case TRACE_F_SWITCH:
    case TRACE_F_STARTS: *v = 1; return ev->b != 0;
    case TRACE_F_PHASE:
    case TRACE_F_SERVICE:
    case TRACE_F_TEXT: *v = ev->a; return true;
    case TRACE_F_KIND: *v = ev->b; return true;
    default: /* core, duration, due, latency, number, bytes, value */ *v = ev->x; return true;
    }
}

bool trace_field_get(const trace_event *ev, int f, int64_t *v)
{
    if (ev->kind >= TRACE_KIND_COUNT || f < 0 || f >= TRACE_F_COUNT ||
        !(FIELDS[ev->kind] & (1u << f)))
        return false;
    return value(ev, f, v);
}

const char *trace_field_key(int f)
{
    static const char *const keys[] = {
#define TRACE__FIELD_KEY(name, key, type) key,
        TRACE_FIELD_MAP(TRACE__FIELD_KEY)
#undef TRACE__FIELD_KEY
    };
    return f >= 0 && f < TRACE_F_COUNT ? keys[f] : "unknown";
}

trace_field_type trace_field_type_of(int f)
{
    static const trace_field_type types[] = {
#define TRACE__FIELD_TYPE(name, key, type) type,
        TRACE_FIELD_MAP(TRACE__FIELD_TYPE)
#undef TRACE__FIELD_TYPE
    };
    return f >= 0 && f < TRACE_F_COUNT ? types[f] : TRACE_T_INT;
}

const char *trace_worker_kind_name(int kind)
{
    static const char *const names[] = {"thread", "loop", "pool"};
    return kind >= 0 && kind <= TRACE_WORKER_POOL ? names[kind] : "unknown";
}

bool trace_event_valid(const trace_event *ev, const scn_scenario *scn)
{
    if (ev->kind >= TRACE_KIND_COUNT)
        return false;
    for (int f = 0; f < TRACE_F_COUNT; f++) {
        int64_t v;
        if (!trace_field_get(ev, f, &v))
            continue;
        switch (trace_field_type_of(f)) {
        case TRACE_T_QUEUE:
            if (v < 0 || v >= TRACE_QUEUE_COUNT)
                return false;
            break;
        case TRACE_T_PHASE:
            if (v < 0 || v >= TRACE_PHASE_COUNT)
                return false;
            break;
        case TRACE_T_WORKER_KIND:
            if (v < 0 || v > TRACE_WORKER_POOL)
                return false;
            break;
        case TRACE_T_DEVICE:
            if (v < 0 || (uint64_t)v >= scn->ndevices)
                return false;
            break;
        case TRACE_T_TEXT:
            if (v < 0 || (uint64_t)v >= scn->nstrings)
                return false;
            break;
        case TRACE_T_KEY:
            if (v < 0 || (uint64_t)v >= scn->nstate)
                return false;
            break;
        case TRACE_T_LOCK:
            if (v < 0 || (uint64_t)v >= scn->nlocks)
                return false;
            break;
        case TRACE_T_SERVICE:
            if (v < 0 || (uint64_t)v >= scn->nservices)
                return false;
            break;
        default: break;
        }
    }
    return true;
}
