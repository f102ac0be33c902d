/* grow.c - sim_grow() of grow.h: one overflow-checked doubling realloc. */
#include "grow.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>

#include "error.h"

#define GROW_MIN_CAP 16

int sim_grow(void **arr, size_t *cap, size_t need, size_t size)
{
    assert(size > 0);
    if (need <= *cap)
        return 0;
    /* Doubling keeps a run of n appends O(n); past SIZE_MAX / 2 there is nothing
     * to double into, and `need` itself is the most that can be asked for. Then
     * the byte count, want * size, must not wrap either: a wrapped product would
     * get a block smaller than the caller is about to fill. */
    size_t want = *cap == 0 ? GROW_MIN_CAP : *cap <= SIZE_MAX / 2 ? *cap * 2 : need;
    if (want < need)
        want = need;
    if (want > SIZE_MAX / size)
        return SIM_ENOMEM;
    void *grown = realloc(*arr, want * size);
    if (grown == NULL)
        return SIM_ENOMEM;
    *arr = grown;
    *cap = want;
    return 0;
}
