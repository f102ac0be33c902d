/* sdl_maskcache.h - the painter's coverage masks, made once and kept while drawn.
 *
 * Rendering a string with FreeType or computing an anti-aliased disc costs far
 * more than copying the result, and a frame mostly shows what the previous one
 * showed; so the painter (sdl_draw.c) keeps each text's and each disc's coverage
 * (one byte per pixel) under a key and reuses it in any colour. When the
 * painter goes through an SDL_Renderer it also hangs the mask's texture (white,
 * alpha = coverage, tinted when drawn) on the entry.
 *
 * Eviction, at the end of every frame: entries not used in the last
 * SDL_MASKCACHE_MAX_AGE frames go, then the least recently used ones while more
 * than SDL_MASKCACHE_MAX_ENTRIES entries or SDL_MASKCACHE_MAX_BYTES (masks and
 * textures) are held. Within one frame nothing is evicted, so an sdl_mask
 * pointer stays valid until sdl_maskcache_end_frame and a single frame may hold
 * more than the limits; the next end of frame brings the cache back under them.
 *
 * Lookups hash the key (FNV-1a) into an open-addressing index over an array of
 * entry pointers; the index is rebuilt whenever entries go.
 */
#ifndef BISTRO_SDL_MASKCACHE_H
#define BISTRO_SDL_MASKCACHE_H

#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#define SDL_MASKCACHE_MAX_AGE 4
#define SDL_MASKCACHE_MAX_ENTRIES 2048
#define SDL_MASKCACHE_MAX_BYTES ((size_t)64 << 20)

typedef enum { SDL_MASK_TEXT, SDL_MASK_DISC, SDL_MASK_LINE, SDL_MASK_IMAGE } sdl_mask_kind;

/* What a mask shows: text (a = font, b = px, bytes = the UTF-8 text), a disc
 * (a = width, b = height), a line's cross-section (a = thickness) or a pictogram
 * (a = width, b = height, bytes = its name). The bytes
 * are copied on insertion. */
typedef struct {
    uint8_t kind;
    int32_t a, b;
    const char *bytes;
    size_t len;
} sdl_maskkey;

typedef struct {
    uint8_t *cover;      /* w * h coverage values, row by row; owned by the cache */
    int w, h;
    SDL_Texture *tex;    /* the renderer's copy, or NULL until one is needed; owned */
} sdl_mask;

typedef struct sdl_maskcache sdl_maskcache;

/* 0 or SIM_ENOMEM. */
int sdl_maskcache_new(sdl_maskcache **out);

/* Frees every mask and destroys every texture. NULL is a no-op. */
void sdl_maskcache_free(sdl_maskcache *c);

/* The mask for k, marked as used in this frame, or NULL when absent. */
sdl_mask *sdl_maskcache_find(sdl_maskcache *c, const sdl_maskkey *k);

/* Adds `cover` (w x h, malloc'd; the cache owns it from now on, whatever the
 * result) under k, which must be absent. The new mask, or NULL when out of memory
 * (cover was freed). */
sdl_mask *sdl_maskcache_put(sdl_maskcache *c, const sdl_maskkey *k, uint8_t *cover, int w, int h);

/* Ends a frame: evicts as described above. */
void sdl_maskcache_end_frame(sdl_maskcache *c);

/* Entries held now. */
size_t sdl_maskcache_count(const sdl_maskcache *c);

#endif
