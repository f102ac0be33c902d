/* fuzz_scenario.c - libFuzzer target for the scenario loader (docs/fuzzing.md).
 *
 * Feeds any bytes to scn_load_buffer and checks, beyond "no crash, no leak, no
 * undefined behaviour" (the sanitizers' job), the loader's promises:
 * - the result is 0 with a scenario and no problem, or SIM_EINVAL with at least
 *   one problem and no scenario (memory does not run out under the fuzzer);
 * - the scanner and cJSON never disagree ("internal error");
 * - an accepted scenario honours what scenario.h says reaches the engine:
 *   durations within [0, SCN_MAX_DURATION_NS], indices in range, counts within
 *   the limits, every program within SCN_MAX_EXPANDED_STEPS once unrolled.
 * A broken promise aborts, which libFuzzer reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "error.h"
#include "scenario.h"

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "%s:%d: broken promise: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                   \
        }                                                                              \
    } while (0)

static void check_dist(const scn_dist *d)
{
    CHECK(d->a >= 0 && d->a <= SCN_MAX_DURATION_NS);
    CHECK(d->b >= 0 && d->b <= SCN_MAX_DURATION_NS);
    if (d->kind == SCN_DIST_UNIFORM)
        CHECK(d->a <= d->b);
    if (d->kind == SCN_DIST_LOGNORMAL)
        CHECK(d->a > 0);
}

/* Checks a block and returns its size once unrolled (as workload.c counts it),
 * saturated just above the limit. */
static uint64_t check_block(const scn_scenario *s, const scn_block *b);

static uint64_t sat(uint64_t v)
{
    return v > SCN_MAX_EXPANDED_STEPS ? SCN_MAX_EXPANDED_STEPS + 1 : v;
}

static uint64_t check_step(const scn_scenario *s, const scn_step *st)
{
    uint64_t n = 1;
    CHECK(st->line >= 0);
    for (size_t i = 0; i < s->nruntimes; i++) {
        const scn_code *code = scn_runtime_code(s, i);
        if (code != NULL)
            CHECK((size_t)st->line <= code->nlines);
    }
    switch (st->kind) {
    case SCN_STEP_CPU:
    case SCN_STEP_NATIVE:
    case SCN_STEP_IO:
    case SCN_STEP_TIMEOUT:
        check_dist(&st->dur);
        CHECK(st->device >= -1 && (st->device < 0 || (size_t)st->device < s->ndevices));
        CHECK(st->round_trips >= 1 && st->round_trips <= 1000);
        CHECK(st->round_trips == 1 || (st->kind == SCN_STEP_IO && st->device >= 0 &&
                                       s->devices[st->device].via_threadpool));
        return sat(n + check_block(s, &st->body));
    case SCN_STEP_LOG: CHECK(st->text >= 0 && (size_t)st->text < s->nstrings); return 1;
    case SCN_STEP_PARALLEL:
        CHECK(st->nbranches >= 1);
        for (size_t i = 0; i < st->nbranches; i++)
            n = sat(n + 1 + check_block(s, &st->branches[i]));
        return n;
    case SCN_STEP_OFFLOAD:
        n = sat(n + check_block(s, &st->body));
        return st->has_then ? sat(n + 1 + check_block(s, &st->then_body)) : n;
    case SCN_STEP_REPEAT:
        CHECK(st->count >= 0 && st->count <= 1000000);
        return sat(n + (uint64_t)st->count * check_block(s, &st->body));
    case SCN_STEP_INTERVAL:
        check_dist(&st->dur);
        CHECK(st->count >= 1 && st->count <= 1000000);
        return sat(n + (uint64_t)st->count * sat(1 + check_block(s, &st->body)));
    case SCN_STEP_SLEEP:
        check_dist(&st->dur);
        CHECK(st->body.n == 0);
        return 1;
    case SCN_STEP_AWAIT:
        CHECK(st->awaits >= SCN_AWAIT_CALL && st->awaits <= SCN_AWAIT_NAMED);
        CHECK((st->awaits == SCN_AWAIT_NAMED) == (st->name >= 0));
        CHECK(st->awaits == SCN_AWAIT_CALL || (st->body.n == 0 && !st->returns_promise));
        CHECK(st->name < 0 || (size_t)st->name < s->nnames);
        return sat(n + check_block(s, &st->body));
    case SCN_STEP_READ:
    case SCN_STEP_WRITE:
        CHECK(st->key >= 0 && (size_t)st->key < s->nstate && st->body.n == 0);
        CHECK(st->add >= -SCN_MAX_STATE_VALUE && st->add <= SCN_MAX_STATE_VALUE);
        return 1;
    case SCN_STEP_LOCK:
        CHECK(st->key >= 0 && (size_t)st->key < s->nlocks);
        return sat(n + check_block(s, &st->body));
    case SCN_STEP_SPAWN:
    case SCN_STEP_JOIN:
    case SCN_STEP_RESOLVE:
        CHECK(st->name >= 0 && (size_t)st->name < s->nnames);
        CHECK(st->kind == SCN_STEP_SPAWN || st->body.n == 0);
        return sat(n + check_block(s, &st->body));
    default:
        CHECK(st->kind == SCN_STEP_MICROTASK || st->kind == SCN_STEP_NEXT_TICK ||
              st->kind == SCN_STEP_IMMEDIATE);
        return sat(n + check_block(s, &st->body));
    }
}

static uint64_t check_block(const scn_scenario *s, const scn_block *b)
{
    uint64_t n = 0;
    for (size_t i = 0; i < b->n; i++)
        n = sat(n + check_step(s, &b->steps[i]));
    return n;
}

static void check_program(const scn_scenario *s, const scn_block *b)
{
    CHECK(b->n >= 1);
    CHECK(check_block(s, b) <= SCN_MAX_EXPANDED_STEPS);
}

static void check_runtime(const scn_runtime *r, bool nested)
{
    CHECK(r->name != NULL && (nested || r->name[0] != '\0'));
    CHECK(r->threads >= 0 && r->threads <= SCN_MAX_THREADS);
    CHECK(r->switch_interval > 0 && r->switch_interval <= SCN_MAX_DURATION_NS);
    if (r->model == SCN_MODEL_EVENT_LOOP)
        CHECK(r->threadpool >= 1 && r->threadpool <= SCN_MAX_THREADPOOL);
    if (r->model == SCN_MODEL_PROCESSES) {
        CHECK(!nested && r->each != NULL && r->processes >= 1);
        CHECK(r->processes <= SCN_MAX_PROCESSES);
        check_runtime(r->each, true);
    } else {
        CHECK(r->each == NULL);
    }
}

static void check_workload(const scn_scenario *s)
{
    const scn_workload *w = &s->workload;
    if (w->kind == SCN_WORKLOAD_EXPLICIT) {
        CHECK(w->nrequests >= 1 && w->nrequests <= (size_t)SCN_MAX_REQUESTS);
        for (size_t i = 0; i < w->nrequests; i++) {
            CHECK(w->requests[i].name != NULL);
            CHECK(w->requests[i].at >= 0 && w->requests[i].at <= SCN_MAX_DURATION_NS);
            check_program(s, &w->requests[i].steps);
        }
        return;
    }
    CHECK((w->request.n > 0) != (w->nmix > 0));
    if (w->request.n > 0)
        check_program(s, &w->request);
    for (size_t i = 0; i < w->nmix; i++) {
        CHECK(w->mix[i].weight > 0 && w->mix[i].weight <= 1e9);
        check_program(s, &w->mix[i].steps);
    }
    const scn_arrivals *a = &w->arrivals;
    if (a->kind == SCN_ARR_AT) {
        CHECK(a->nat >= 1);
        for (size_t i = 0; i < a->nat; i++)
            CHECK(a->at[i] >= 0 && a->at[i] <= SCN_MAX_DURATION_NS);
    } else {
        CHECK(a->count >= 1 && a->count <= SCN_MAX_REQUESTS);
    }
    if (a->kind == SCN_ARR_EVERY && a->every > 0)
        CHECK(a->count - 1 <= SCN_MAX_DURATION_NS / a->every);
    if (a->kind == SCN_ARR_POISSON)
        CHECK(a->rate_per_s > 0 && a->rate_per_s <= 1e9);
    if (a->kind == SCN_ARR_CLOSED) {
        CHECK(a->clients >= 1);
        check_dist(&a->think);
    }
}

static void check_scenario(const scn_scenario *s)
{
    CHECK(s->name != NULL && s->title != NULL && s->title[0] != '\0');
    CHECK(s->description != NULL);
    CHECK(s->seed <= (1ULL << 53));
    CHECK(s->machine.cores >= 1 && s->machine.cores <= SCN_MAX_CORES);
    CHECK(s->machine.quantum > 0 && s->machine.context_switch >= 0);
    CHECK(s->ndevices <= SCN_MAX_DEVICES);
    for (size_t i = 0; i < s->ndevices; i++)
        CHECK(s->devices[i].name != NULL && s->devices[i].capacity >= 0);
    CHECK(s->nruntimes >= 1 && s->nruntimes <= SCN_MAX_RUNTIMES);
    for (size_t i = 0; i < s->nruntimes; i++) {
        check_runtime(&s->runtimes[i], false);
        CHECK(scn_find_runtime(s, s->runtimes[i].name) == (int)i);
    }
    for (size_t r = 0; r <= s->nruntimes; r++) { /* r == nruntimes: the scenario's own */
        size_t n;
        const scn_narration *nar = scn_runtime_narration(s, r, &n);
        for (size_t i = 0; i < n; i++)
            CHECK(nar[i].text != NULL && nar[i].at >= 0 &&
                  (nar[i].until == 0 || nar[i].until > nar[i].at) &&
                  (i == 0 || nar[i].at > nar[i - 1].at));
        const scn_code *code = scn_runtime_code(s, r);
        for (size_t i = 0; code != NULL && i < code->nlines; i++)
            CHECK(code->lines[i] != NULL);
    }
    if (s->code.lines != NULL)
        CHECK(s->code.language != NULL);
    for (size_t i = 0; i < s->nstrings; i++)
        CHECK(s->strings[i] != NULL && strlen(s->strings[i]) <= SCN_MAX_TEXT);
    check_workload(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_list *d = diag_new();
    if (d == NULL)
        return 0;
    scn_scenario *s = NULL;
    int rc = scn_load_buffer("fuzz.json", (const char *)data, size, &s, d);
    CHECK(rc == 0 || rc == SIM_EINVAL);
    CHECK((rc == 0) == (s != NULL));
    CHECK((rc == 0) == (diag_count(d) == 0));
    for (size_t i = 0; i < diag_kept(d); i++) {
        const char *m = diag_get(d, i);
        CHECK(strncmp(m, "fuzz.json", 9) == 0);
        /* Only this message has no line and no path, so input text cannot fake it. */
        CHECK(strncmp(m, "fuzz.json: internal error", 25) != 0);
    }
    if (s != NULL)
        check_scenario(s);
    scn_free(s);
    diag_free(d);
    return 0;
}
