/* heap.h - the engine's event queue: a binary min-heap ordered by (time, sequence).
 *
 * Each push gets the next sequence number, so events at equal times come out in
 * the order they were pushed (FIFO), as in libuv's timer heap. Cancellation is the
 * caller's: an event carries a generation number and a handler ignores events
 * whose generation is stale.
 */
#ifndef BISTRO_HEAP_H
#define BISTRO_HEAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    int64_t t;     /* when, in ns */
    uint64_t seq;  /* tie-break: push order */
    uint32_t type; /* the engine's event type */
    uint32_t id;   /* the entity it concerns */
    uint64_t gen;  /* the entity's generation when it was pushed */
} heap_event;

typedef struct {
    heap_event *v;
    size_t n, cap;
    uint64_t next_seq;
} event_heap;

/* An empty heap; no allocation until the first push. */
void heap_init(event_heap *h);

/* Releases the storage; the heap is empty and usable again. */
void heap_release(event_heap *h);

/* Adds an event (its seq is assigned here). 0 or SIM_ENOMEM. */
int heap_push(event_heap *h, int64_t t, uint32_t type, uint32_t id, uint64_t gen);

/* Removes the earliest event into *out. Returns 0 when the heap was empty, else 1. */
int heap_pop(event_heap *h, heap_event *out);

/* The earliest event without removing it, or NULL when empty. */
const heap_event *heap_peek(const event_heap *h);

/* Takes the next sequence number without pushing, for an event the caller keeps
 * beside the heap but wants ordered as if it had been pushed now. */
static inline uint64_t heap_take_seq(event_heap *h)
{
    return h->next_seq++;
}

static inline size_t heap_size(const event_heap *h)
{
    return h->n;
}

#endif
