/* heap.c - the engine's event queue of heap.h: an array-backed binary min-heap.
 *
 * Expected workload: every simulated event passes through here once, so a run of
 * ten million requests makes some hundreds of millions of pushes and pops, while
 * the heap itself holds only the events in flight (a few per request in flight).
 * Push and pop are O(log n); the array doubles when full and never shrinks until
 * heap_release(), so a steady run stops allocating after its first moments.
 */
#include "heap.h"

#include <stdlib.h>

#include "error.h"
#include "grow.h"

/* Earlier time first; at equal times the earlier push, which keeps them FIFO. */
static int heap__less(const heap_event *a, const heap_event *b)
{
    if (a->t != b->t)
        return a->t < b->t;
    return a->seq < b->seq;
}

void heap_init(event_heap *h)
{
    h->v = NULL;
    h->n = 0;
    h->cap = 0;
    h->next_seq = 0;
}

void heap_release(event_heap *h)
{
    free(h->v);
    heap_init(h);
}

static int heap__grow(event_heap *h)
{
    return sim_grow((void **)&h->v, &h->cap, h->cap + 1, sizeof *h->v);
}

int heap_push(event_heap *h, int64_t t, uint32_t type, uint32_t id, uint64_t gen)
{
    if (h->n == h->cap) {
        int rc = heap__grow(h);
        if (rc < 0)
            return rc;
    }
    heap_event ev = {.t = t, .seq = h->next_seq++, .type = type, .id = id, .gen = gen};
    /* Sift up: move parents down into the hole until ev fits. */
    size_t i = h->n++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!heap__less(&ev, &h->v[parent]))
            break;
        h->v[i] = h->v[parent];
        i = parent;
    }
    h->v[i] = ev;
    return 0;
}

int heap_pop(event_heap *h, heap_event *out)
{
    if (h->n == 0)
        return 0;
    *out = h->v[0];
    heap_event last = h->v[--h->n];
    /* Sift down: move the smaller child up into the hole until `last` fits. */
    size_t n = h->n;
    size_t i = 0;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n)
            break;
        if (child + 1 < n && heap__less(&h->v[child + 1], &h->v[child]))
            child++;
        if (!heap__less(&h->v[child], &last))
            break;
        h->v[i] = h->v[child];
        i = child;
    }
    if (n > 0)
        h->v[i] = last;
    return 1;
}

const heap_event *heap_peek(const event_heap *h)
{
    return h->n ? &h->v[0] : NULL;
}
