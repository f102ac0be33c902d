/* state.c - shared state and locks (docs/model.md, "Shared state").
 *
 * A shared value ("state") has a value and a version that every write raises.
 * `read` copies both into the request; `write` stores the request's copy plus
 * `add`. A write whose request read an older version than the current one
 * overwrites a value another request wrote after that read: a lost update. The
 * value a serial run would give is the initial value plus every write's add.
 * Reads and writes take no time of their own (a load and a store): the time
 * between them is the steps between them, where other requests can run.
 *
 * A lock is held by the thread (a request's thread, a pool thread) or the loop
 * task that took it, until that holder passes the end of the lock step's steps
 * (or ends). Waiters queue first-in first-out and the lock goes straight to the
 * first one when it is released. A thread that waits blocks (it lets go of its
 * core and the GIL, as a contended threading.Lock.acquire does); a loop task
 * that waits is suspended and the loop goes on (asyncio.Lock); it resumes on
 * the loop's hop queue once the lock is its own.
 */
#include "engine_internal.h"

#include <stdlib.h>

#include "grow.h"

int sim__state_setup(sim_run *run)
{
    const scn_scenario *scn = run->scn;
    /* a service's run reads and writes the front's values (sim__services_new) */
    if (scn->nstate > 0 && run->svc_index == 0) {
        run->st_value = calloc(scn->nstate, sizeof *run->st_value);
        run->st_ver = calloc(scn->nstate, sizeof *run->st_ver);
        run->m.state = calloc(scn->nstate, sizeof *run->m.state);
        if (run->st_value == NULL || run->st_ver == NULL || run->m.state == NULL)
            return SIM_ENOMEM;
        run->m.nstate = (int64_t)scn->nstate;
        for (size_t i = 0; i < scn->nstate; i++) {
            run->st_value[i] = scn->state[i].initial;
            run->m.state[i].initial = scn->state[i].initial;
            run->m.state[i].final = scn->state[i].initial;
            run->m.state[i].serial = scn->state[i].initial;
        }
    }
    if (scn->nlocks > 0) {
        run->locks = calloc(scn->nlocks, sizeof *run->locks);
        if (run->locks == NULL)
            return SIM_ENOMEM;
    }
    return 0;
}

void sim__state_free(sim_run *run)
{
    for (size_t i = 0; run->locks != NULL && i < run->scn->nlocks; i++)
        free(run->locks[i].wait);
    free(run->locks);
    free(run->st_value);
    free(run->st_ver);
}

/* a + b, kept within int64_t (values are at most 10^15 each, but a run may add
 * up many of them) */
static int64_t add_clamp(int64_t a, int64_t b)
{
    int64_t r;
    if (!__builtin_add_overflow(a, b, &r))
        return r;
    return b > 0 ? INT64_MAX : INT64_MIN;
}

void sim__state_op(sim_run *run, int32_t slot, int32_t worker, const wl_op *op)
{
    int key = op->src->key;
    sim__slot *s = &run->slots[slot];
    size_t n = run->scn->nstate;
    /* the values: the run's own, or for a service the front's */
    sim_run *st = run->store != NULL ? run->store : run;
    if (key < 0 || (size_t)key >= n || st->st_value == NULL)
        return;
    if (s->copies == NULL || s->cap_copies < n) {
        if (sim_grow((void **)&s->copies, &s->cap_copies, n, sizeof *s->copies) < 0) {
            run->err = SIM_ENOMEM;
            return;
        }
        for (size_t i = 0; i < n; i++)
            s->copies[i].req = -1;
    }
    sim__copy *c = &s->copies[key];
    sim_state_result *r = &st->m.state[key];
    if (op->kind == SCN_STEP_READ || c->req != s->req) {
        /* a read; or a write that runs before the read written ahead of it (in a
         * callback): it writes over what it sees now, losing nothing */
        c->value = st->st_value[key];
        c->ver = st->st_ver[key];
        c->req = s->req;
        if (op->kind == SCN_STEP_READ) {
            r->reads++;
            sim__emit(run, TRACE_STATE_READ, s->req, worker, key, 0, c->value);
            return;
        }
    }
    bool lost = c->ver != st->st_ver[key];
    int64_t v = add_clamp(c->value, op->src->add);
    st->st_value[key] = v;
    st->st_ver[key]++;
    /* the request's copy is now the value it wrote */
    c->value = v;
    c->ver = st->st_ver[key];
    r->writes++;
    r->final = v;
    r->serial = add_clamp(r->serial, op->src->add);
    if (lost) {
        r->lost_updates++;
        st->m.lost_updates++;
    }
    sim__emit(run, TRACE_STATE_WRITE, s->req, worker, key, lost, v);
}

/* ---- locks ------------------------------------------------------------------- */

static int32_t holder_worker(const sim_run *run, const sim__holder *h)
{
    return h->kind == SIM__HOLDER_THREAD ? h->id : run->loops[run->tasks[h->id].loop].thread;
}

static uint8_t *held_count(sim_run *run, const sim__holder *h)
{
    return h->kind == SIM__HOLDER_THREAD ? &run->threads[h->id].nheld : &run->tasks[h->id].nheld;
}

static void take(sim_run *run, int lock, const sim__holder *h)
{
    run->locks[lock].holder = *h;
    (*held_count(run, h))++;
    sim__emit(run, TRACE_LOCK_ACQUIRE, run->slots[h->slot].req, holder_worker(run, h), lock, 0, 0);
}

bool sim__lock_take(sim_run *run, int kind, int32_t id, int32_t slot, uint32_t pc, const wl_op *op)
{
    int lock = op->src->key;
    sim__lock *L = &run->locks[lock];
    sim__holder h = {.kind = (int8_t)kind, .id = id, .end = pc + 1 + op->size, .slot = slot};
    if (L->holder.kind == SIM__HOLDER_NONE) {
        take(run, lock, &h);
        return true;
    }
    if (L->head > 0 && L->head == L->n)
        L->head = L->n = 0;
    if (L->n == L->cap) {
        if (L->head > 0) {
            for (size_t i = L->head; i < L->n; i++)
                L->wait[i - L->head] = L->wait[i];
            L->n -= L->head;
            L->head = 0;
        } else if (sim_grow((void **)&L->wait, &L->cap, L->n + 1, sizeof *L->wait) < 0) {
            run->err = SIM_ENOMEM;
            return false;
        }
    }
    L->wait[L->n++] = h;
    sim__emit(run, TRACE_LOCK_WAIT, run->slots[slot].req, holder_worker(run, &h), lock, 0, 0);
    return false;
}

/* The first waiter of `lock` takes it and goes on after its lock step; the lock
 * was released on loop `from_loop` (-1: by a thread). */
static void hand_on(sim_run *run, int lock, int32_t from_loop)
{
    sim__lock *L = &run->locks[lock];
    if (L->head == L->n)
        return;
    sim__holder h = L->wait[L->head++];
    take(run, lock, &h);
    if (h.kind == SIM__HOLDER_THREAD) {
        sim__thread *t = &run->threads[h.id];
        t->pc++; /* past its lock step, into the steps under it */
        t->remaining = -1;
        t->gen++;
        sim__push(run, run->now, EV_RESUME, (uint32_t)h.id, t->gen);
    } else {
        run->tasks[h.id].pc++;
        sim__loop_resume(run, h.id, from_loop);
    }
}

void sim__lock_release_due(sim_run *run, int kind, int32_t id, uint32_t pc)
{
    size_t n = run->scn->nlocks;
    /* the innermost first: its steps end first (a larger end is an outer lock) */
    for (;;) {
        int best = -1;
        for (size_t i = 0; i < n; i++) {
            const sim__holder *h = &run->locks[i].holder;
            if (h->kind == kind && h->id == id && h->end <= pc &&
                (best < 0 || h->end < run->locks[best].holder.end))
                best = (int)i;
        }
        if (best < 0)
            return;
        sim__holder h = run->locks[best].holder;
        run->locks[best].holder = (sim__holder){.kind = SIM__HOLDER_NONE, .id = -1};
        (*held_count(run, &h))--;
        sim__emit(run, TRACE_LOCK_RELEASE, run->slots[h.slot].req, holder_worker(run, &h), best, 0,
                  0);
        hand_on(run, best, kind == SIM__HOLDER_TASK ? run->tasks[id].loop : -1);
    }
}
