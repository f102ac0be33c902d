/* ixq.h - the engine's containers of int32 indices: a FIFO and a store.
 *
 * The engine keeps its entities (threads, request slots, loop tasks, pool jobs,
 * I/O operations) in growable arrays and names them by index, -1 being none. An
 * entity waits in at most one queue at a time, and a freed one in none, so one
 * int32 `next` in the element links it into either: a queue is three integers,
 * and nothing but a store's growth (sim_grow) allocates. The functions take the
 * array, its element size and the offset of `next`; the macros fill in the last
 * two: SIM__FIFO_PUSH(&run->runq, run->threads, th).
 */
#ifndef BISTRO_IXQ_H
#define BISTRO_IXQ_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "error.h"
#include "grow.h"

#define SIM__LINKED(arr) sizeof *(arr), offsetof(__typeof__(*(arr)), next)

static inline int32_t *sim__next_of(void *arr, size_t size, size_t next, int32_t i)
{
    return (int32_t *)((char *)arr + (size_t)i * size + next);
}

typedef struct {
    int32_t head, tail; /* -1 when empty */
    int32_t n;          /* its length */
} sim__fifo;

#define SIM__FIFO_EMPTY ((sim__fifo){.head = -1, .tail = -1, .n = 0})
#define SIM__FIFO_PUSH(q, arr, i) sim__fifo_push((q), (arr), SIM__LINKED(arr), (i))
#define SIM__FIFO_POP(q, arr) sim__fifo_pop((q), (arr), SIM__LINKED(arr))

/* Appends element i, which is in no queue. */
static inline void sim__fifo_push(sim__fifo *q, void *arr, size_t size, size_t next, int32_t i)
{
    *sim__next_of(arr, size, next, i) = -1;
    if (q->tail >= 0)
        *sim__next_of(arr, size, next, q->tail) = i;
    else
        q->head = i;
    q->tail = i;
    q->n++;
}

/* Removes and returns the first element, or -1 when the queue is empty. */
static inline int32_t sim__fifo_pop(sim__fifo *q, void *arr, size_t size, size_t next)
{
    int32_t i = q->head;
    if (i < 0)
        return -1;
    int32_t *link = sim__next_of(arr, size, next, i);
    q->head = *link;
    if (q->head < 0)
        q->tail = -1;
    *link = -1;
    q->n--;
    return i;
}

/* A store: an array of n elements, in use or on the free list (linked by next). */
typedef struct {
    int32_t n, free;
    size_t cap;
} sim__store;

#define SIM__STORE_EMPTY ((sim__store){.n = 0, .free = -1, .cap = 0})
#define SIM__TAKE(s, arr, err) sim__take((s), (void **)&(arr), SIM__LINKED(arr), (err))
#define SIM__GIVE(s, arr, i) sim__give((s), (arr), SIM__LINKED(arr), (i))

/* An index for a new element: the one given back last (traces name tasks, jobs
 * and threads by index, so the order matters), else a new zeroed element at the
 * end of *arr, which may move. -1, with *err set to SIM_ENOMEM, when memory or
 * int32 indices run out. */
static inline int32_t sim__take(sim__store *s, void **arr, size_t size, size_t next, int *err)
{
    int32_t i = s->free;
    if (i >= 0) {
        s->free = *sim__next_of(*arr, size, next, i);
        return i;
    }
    int rc = s->n < INT32_MAX ? sim_grow(arr, &s->cap, (size_t)s->n + 1, size) : SIM_ENOMEM;
    if (rc < 0) {
        *err = rc;
        return -1;
    }
    memset((char *)*arr + (size_t)s->n * size, 0, size);
    return s->n++;
}

/* Gives index i back; its element keeps its contents until it is taken again. */
static inline void sim__give(sim__store *s, void *arr, size_t size, size_t next, int32_t i)
{
    *sim__next_of(arr, size, next, i) = s->free;
    s->free = i;
}

#endif
