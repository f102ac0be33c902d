/* grow.h - growing an array, with every size checked.
 *
 * The library's arrays (the engine's entities, the timeline's lanes, the reader's
 * workers, the Chrome writer's tables) grow one element at a time and must never
 * wrap a size_t on the way: a wrapped size asks realloc for a small block that the
 * caller then writes past. sim_grow() is the one place that does the arithmetic.
 */
#ifndef BISTRO_GROW_H
#define BISTRO_GROW_H

#include <stddef.h>

/* Makes room for at least `need` elements of `size` bytes (size > 0) in the array
 * *arr of *cap elements, doubling *cap (from 16) when it is smaller; the contents
 * are kept and *arr may move. *arr may be NULL when *cap is 0. Returns 0, or
 * SIM_ENOMEM when realloc fails or the new size does not fit in a size_t; then
 * *arr and *cap are unchanged. */
int sim_grow(void **arr, size_t *cap, size_t need, size_t size);

#endif
