/* sdl_maskcache.c - coverage masks with per-frame eviction (see sdl_maskcache.h). */
#include "sdl_maskcache.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

typedef struct {
    sdl_mask mask; /* first: callers get &entry->mask */
    uint32_t hash;
    uint8_t kind;
    int32_t a, b;
    char *bytes;
    size_t len;
    uint64_t used; /* the frame it was last drawn in */
} entry;

struct sdl_maskcache {
    entry **e;
    size_t n, cap;
    uint32_t *slot; /* index: 0 empty, else entry number + 1; a power of two long */
    size_t nslot;
    uint64_t frame;
};

static uint32_t fnv1a(uint32_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 16777619u;
    return h;
}

static uint32_t key_hash(const sdl_maskkey *k)
{
    uint32_t h = fnv1a(2166136261u, &k->kind, sizeof k->kind);
    h = fnv1a(h, &k->a, sizeof k->a);
    h = fnv1a(h, &k->b, sizeof k->b);
    return fnv1a(h, k->bytes, k->len);
}

static bool key_is(const entry *e, uint32_t hash, const sdl_maskkey *k)
{
    return e->hash == hash && e->kind == k->kind && e->a == k->a && e->b == k->b &&
           e->len == k->len && (k->len == 0 || memcmp(e->bytes, k->bytes, k->len) == 0);
}

static size_t entry_bytes(const entry *e)
{
    size_t px = (size_t)e->mask.w * (size_t)e->mask.h;
    return px + (e->mask.tex ? 4 * px : 0) + e->len + sizeof *e;
}

int sdl_maskcache_new(sdl_maskcache **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? 0 : SIM_ENOMEM;
}

static void drop(entry *e)
{
    if (e->mask.tex)
        SDL_DestroyTexture(e->mask.tex);
    free(e->mask.cover);
    free(e->bytes);
    free(e);
}

void sdl_maskcache_free(sdl_maskcache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        drop(c->e[i]);
    free(c->e);
    free(c->slot);
    free(c);
}

static void index_insert(sdl_maskcache *c, size_t i)
{
    size_t mask = c->nslot - 1;
    size_t at = c->e[i]->hash & mask;
    while (c->slot[at])
        at = (at + 1) & mask;
    c->slot[at] = (uint32_t)(i + 1);
}

/* Rebuilds the index with at least `nslot` slots (kept at most half full). */
static int index_rebuild(sdl_maskcache *c, size_t nslot)
{
    if (nslot > c->nslot) {
        uint32_t *s = malloc(nslot * sizeof *s);
        if (!s)
            return SIM_ENOMEM;
        free(c->slot);
        c->slot = s;
        c->nslot = nslot;
    }
    if (c->nslot)
        memset(c->slot, 0, c->nslot * sizeof *c->slot);
    for (size_t i = 0; i < c->n; i++)
        index_insert(c, i);
    return 0;
}

sdl_mask *sdl_maskcache_find(sdl_maskcache *c, const sdl_maskkey *k)
{
    if (c->nslot == 0)
        return NULL;
    uint32_t hash = key_hash(k);
    size_t mask = c->nslot - 1;
    for (size_t at = hash & mask; c->slot[at]; at = (at + 1) & mask) {
        entry *e = c->e[c->slot[at] - 1];
        if (key_is(e, hash, k)) {
            e->used = c->frame;
            return &e->mask;
        }
    }
    return NULL;
}

static int reserve(sdl_maskcache *c)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        entry **e = cap < UINT32_MAX ? realloc(c->e, cap * sizeof *e) : NULL;
        if (!e)
            return SIM_ENOMEM;
        c->e = e;
        c->cap = cap;
    }
    if (2 * (c->n + 1) > c->nslot)
        return index_rebuild(c, c->nslot ? 2 * c->nslot : 128);
    return 0;
}

sdl_mask *sdl_maskcache_put(sdl_maskcache *c, const sdl_maskkey *k, uint8_t *cover, int w, int h)
{
    entry *e = calloc(1, sizeof *e);
    char *bytes = k->len > 0 ? malloc(k->len) : NULL;
    if (!e || (k->len > 0 && !bytes) || reserve(c) < 0) {
        free(e);
        free(bytes);
        free(cover);
        return NULL;
    }
    if (k->len > 0)
        memcpy(bytes, k->bytes, k->len);
    *e = (entry){.mask = {cover, w, h, NULL},
                 .hash = key_hash(k),
                 .kind = k->kind,
                 .a = k->a,
                 .b = k->b,
                 .bytes = bytes,
                 .len = k->len,
                 .used = c->frame};
    c->e[c->n] = e;
    index_insert(c, c->n++);
    return &e->mask;
}

static int by_recent_use(const void *pa, const void *pb)
{
    const entry *a = *(entry *const *)pa, *b = *(entry *const *)pb;
    return a->used < b->used ? 1 : a->used > b->used ? -1 : 0;
}

void sdl_maskcache_end_frame(sdl_maskcache *c)
{
    size_t kept = 0, n = c->n, bytes = 0;
    for (size_t i = 0; i < n; i++) {
        if (c->frame - c->e[i]->used < SDL_MASKCACHE_MAX_AGE) {
            bytes += entry_bytes(c->e[i]);
            c->e[kept++] = c->e[i];
        } else {
            drop(c->e[i]);
        }
    }
    c->n = kept;
    if (c->n > SDL_MASKCACHE_MAX_ENTRIES || bytes > SDL_MASKCACHE_MAX_BYTES) {
        qsort(c->e, c->n, sizeof *c->e, by_recent_use);
        while (c->n > 0 && (c->n > SDL_MASKCACHE_MAX_ENTRIES || bytes > SDL_MASKCACHE_MAX_BYTES)) {
            entry *last = c->e[--c->n];
            bytes -= entry_bytes(last);
            drop(last);
        }
    }
    if (c->n != n)
        index_rebuild(c, 0); /* never grows, so cannot fail */
    c->frame++;
}

size_t sdl_maskcache_count(const sdl_maskcache *c)
{
    return c->n;
}
