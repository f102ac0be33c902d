/* test_heap.c - the event heap against a trivially correct model.
 *
 * The model is a sorted array with insertion by linear search: obviously right,
 * and slow, which does not matter for a few thousand events. Random pushes and
 * pops with many equal times run on both, and the first difference is reported
 * with the operation's number (as SQLite's bitvec test does).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"
#include "heap.h"

#define MODEL_CAP 4096

/* ---- the model ---- */

typedef struct {
    heap_event v[MODEL_CAP];
    size_t n;
    uint64_t next_seq;
} model_heap;

/* Inserts after every event with a smaller or equal time: equal times keep push
 * order, which is what (t, seq) ordering must give. */
static void model_push(model_heap *m, int64_t t, uint32_t type, uint32_t id, uint64_t gen)
{
    size_t i = m->n;
    while (i > 0 && m->v[i - 1].t > t)
        i--;
    memmove(&m->v[i + 1], &m->v[i], (m->n - i) * sizeof(heap_event));
    m->v[i] = (heap_event){.t = t, .seq = m->next_seq++, .type = type, .id = id, .gen = gen};
    m->n++;
}

static int model_pop(model_heap *m, heap_event *out)
{
    if (m->n == 0)
        return 0;
    *out = m->v[0];
    memmove(&m->v[0], &m->v[1], (m->n - 1) * sizeof(heap_event));
    m->n--;
    return 1;
}

/* A small generator of the test's own, so this test does not depend on rng.c. */
static uint64_t lcg_next(uint64_t *x)
{
    *x = *x * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return *x >> 33;
}

static int events_equal(const heap_event *a, const heap_event *b)
{
    return a->t == b->t && a->seq == b->seq && a->type == b->type && a->id == b->id &&
           a->gen == b->gen;
}

/* Runs `nops` random operations on both; times drawn from `ntimes` values (plus
 * the extremes now and then), so many are equal. Fails at the first difference. */
static void run_against_model(uint64_t seed, int nops, uint64_t ntimes, int push_percent)
{
    static model_heap m;
    event_heap h;
    heap_init(&h);
    m.n = 0;
    m.next_seq = 0;
    uint64_t x = seed;
    for (int op = 0; op < nops; op++) {
        if (lcg_next(&x) % 100 < (uint64_t)push_percent && m.n < MODEL_CAP) {
            uint64_t pick = lcg_next(&x) % (ntimes + 2);
            int64_t t = pick == ntimes ? INT64_MIN : pick == ntimes + 1 ? INT64_MAX : (int64_t)pick;
            uint32_t id = (uint32_t)op;
            uint32_t type = (uint32_t)(lcg_next(&x) % 7);
            uint64_t gen = lcg_next(&x);
            model_push(&m, t, type, id, gen);
            assert_int_equal(heap_push(&h, t, type, id, gen), 0);
        } else {
            heap_event got = {0}, want = {0};
            int rw = model_pop(&m, &want);
            int rg = heap_pop(&h, &got);
            if (rg != rw || (rw && !events_equal(&got, &want)))
                fail_msg("seed %llu op %d: popped (rc %d, t %lld, seq %llu, id %u), "
                         "expected (rc %d, t %lld, seq %llu, id %u)",
                         (unsigned long long)seed, op, rg, (long long)got.t,
                         (unsigned long long)got.seq, got.id, rw, (long long)want.t,
                         (unsigned long long)want.seq, want.id);
        }
        if (heap_size(&h) != m.n)
            fail_msg("seed %llu op %d: size %zu, expected %zu", (unsigned long long)seed, op,
                     heap_size(&h), m.n);
        const heap_event *top = heap_peek(&h);
        if ((top == NULL) != (m.n == 0) || (top != NULL && !events_equal(top, &m.v[0])))
            fail_msg("seed %llu op %d: peek differs from the model", (unsigned long long)seed, op);
    }
    /* Drain: everything left comes out in model order. */
    heap_event got, want;
    while (model_pop(&m, &want)) {
        assert_int_equal(heap_pop(&h, &got), 1);
        assert_true(events_equal(&got, &want));
    }
    assert_int_equal(heap_pop(&h, &got), 0);
    heap_release(&h);
}

static void test_heap_random_against_model(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 6; seed++) {
        run_against_model(seed, 5000, 10, 55);   /* hardly any distinct times */
        run_against_model(seed, 5000, 1000, 50); /* mostly distinct */
        run_against_model(seed, 10000, 50, 70);  /* grows large, then drains */
    }
}

static void test_heap_equal_times_fifo(void **state)
{
    (void)state;
    event_heap h;
    heap_init(&h);
    /* Interleave pushes at time 5 with earlier and later ones. */
    for (uint32_t i = 0; i < 300; i++) {
        assert_int_equal(heap_push(&h, 5, 0, i, 0), 0);
        assert_int_equal(heap_push(&h, (int64_t)(i % 3) * 5, 1, 1000 + i, 0), 0);
    }
    heap_event ev;
    int64_t last_t = INT64_MIN;
    uint32_t next_at5 = 0;
    uint64_t last_seq = 0;
    int first = 1;
    while (heap_pop(&h, &ev)) {
        assert_true(ev.t >= last_t);
        if (ev.t == last_t && !first)
            assert_true(ev.seq > last_seq);
        if (ev.t == 5 && ev.type == 0)
            assert_int_equal(ev.id, next_at5++);
        last_t = ev.t;
        last_seq = ev.seq;
        first = 0;
    }
    assert_int_equal(next_at5, 300);
    heap_release(&h);
}

static void test_heap_empty_pop_and_peek(void **state)
{
    (void)state;
    event_heap h;
    heap_init(&h);
    heap_event ev = {.t = 77};
    assert_int_equal(heap_pop(&h, &ev), 0);
    assert_int_equal(ev.t, 77); /* untouched */
    assert_null(heap_peek(&h));
    assert_int_equal(heap_size(&h), 0);

    assert_int_equal(heap_push(&h, 3, 1, 2, 9), 0);
    assert_non_null(heap_peek(&h));
    assert_int_equal(heap_pop(&h, &ev), 1);
    assert_int_equal(ev.t, 3);
    assert_int_equal(ev.type, 1);
    assert_int_equal(ev.id, 2);
    assert_int_equal(ev.gen, 9);
    assert_int_equal(heap_pop(&h, &ev), 0);
    assert_null(heap_peek(&h));
    heap_release(&h);
    heap_release(&h); /* releasing an empty heap is harmless */
}

static void test_heap_seq_counts_pushes(void **state)
{
    (void)state;
    event_heap h;
    heap_init(&h);
    heap_event ev;
    for (uint32_t i = 0; i < 10; i++) {
        assert_int_equal(heap_push(&h, 100 - (int64_t)i, 0, i, 0), 0);
        assert_int_equal(heap_pop(&h, &ev), 1);
        assert_int_equal(ev.seq, i);
    }
    /* After release the heap is empty and usable again. */
    heap_release(&h);
    assert_int_equal(heap_size(&h), 0);
    assert_int_equal(heap_push(&h, 1, 0, 0, 0), 0);
    assert_int_equal(heap_pop(&h, &ev), 1);
    assert_int_equal(ev.t, 1);
    heap_release(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heap_random_against_model),
        cmocka_unit_test(test_heap_equal_times_fifo),
        cmocka_unit_test(test_heap_empty_pop_and_peek),
        cmocka_unit_test(test_heap_seq_counts_pushes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
