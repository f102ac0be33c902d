/* app_keys.c - keys: the window's SDL keys and the key script's names, mapped to
 * the app's keys in one place, so that `--keys "Right Tab C"` does exactly what
 * pressing those keys in the window does. */
#include <SDL.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "error.h"
#include "grow.h"

ui_key bistro_map_key(int sdl_keycode, bool shift)
{
    switch ((SDL_Keycode)sdl_keycode) {
    case SDLK_SPACE: return UI_KEY_SPACE;
    case SDLK_RIGHT: return UI_KEY_RIGHT;
    case SDLK_LEFT: return UI_KEY_LEFT;
    case SDLK_UP: return UI_KEY_UP;
    case SDLK_DOWN: return UI_KEY_DOWN;
    case SDLK_HOME: return UI_KEY_HOME;
    case SDLK_END: return UI_KEY_END;
    case SDLK_TAB: return UI_KEY_TAB;
    case SDLK_c: return UI_KEY_C;
    case SDLK_F11: return UI_KEY_F11;
    case SDLK_f: return UI_KEY_F;
    case SDLK_PLUS:
    case SDLK_KP_PLUS: return UI_KEY_PLUS;
    case SDLK_EQUALS: return shift ? UI_KEY_PLUS : UI_KEY_OTHER;
    case SDLK_MINUS:
    case SDLK_KP_MINUS: return UI_KEY_MINUS;
    case SDLK_0:
    case SDLK_KP_0: return UI_KEY_0;
    case SDLK_t: return UI_KEY_T;
    case SDLK_r: return UI_KEY_R;
    case SDLK_s: return UI_KEY_S;
    case SDLK_h: return UI_KEY_H;
    case SDLK_QUESTION: return UI_KEY_QUESTION;
    case SDLK_SLASH: return shift ? UI_KEY_QUESTION : UI_KEY_OTHER;
    case SDLK_ESCAPE: return UI_KEY_ESCAPE;
    case SDLK_l: return UI_KEY_L;
    case SDLK_o: return UI_KEY_O;
    case SDLK_n: return UI_KEY_N;
    case SDLK_PAGEUP: return UI_KEY_PAGE_UP;
    case SDLK_PAGEDOWN: return UI_KEY_PAGE_DOWN;
    case SDLK_1:
    case SDLK_KP_1: return UI_KEY_1;
    case SDLK_2:
    case SDLK_KP_2: return UI_KEY_2;
    case SDLK_3:
    case SDLK_KP_3: return UI_KEY_3;
    case SDLK_RETURN:
    case SDLK_KP_ENTER: return UI_KEY_ENTER;
    case SDLK_BACKSPACE: return UI_KEY_BACKSPACE;
    case SDLK_PERIOD:
    case SDLK_KP_PERIOD: return UI_KEY_PERIOD;
    default: break;
    }
    /* the other digits and letters type an answer in quiz mode */
    if (sdl_keycode >= SDLK_0 && sdl_keycode <= SDLK_9)
        return ui_key_of_digit(sdl_keycode - SDLK_0);
    if (sdl_keycode >= SDLK_KP_1 && sdl_keycode <= SDLK_KP_9)
        return ui_key_of_digit(1 + sdl_keycode - SDLK_KP_1);
    if (sdl_keycode >= SDLK_a && sdl_keycode <= SDLK_z)
        return ui_key_of_letter(sdl_keycode - SDLK_a);
    return UI_KEY_OTHER;
}

/* One name: SDL's key names ("Right", "Page Down", "C", "+"), and the same with
 * the spaces left out ("PageDown"), since a script separates keys by spaces. */
static SDL_Keycode key_named(const char *name)
{
    SDL_Keycode k = SDL_GetKeyFromName(name);
    if (k != SDLK_UNKNOWN)
        return k;
    static const char *const spaced[] = {"Page Up",      "Page Down",  "Left Shift", "Right Shift",
                                         "Left Ctrl",    "Right Ctrl", "Left Alt",   "Right Alt",
                                         "Keypad Enter", "Keypad +",   "Keypad -"};
    for (size_t i = 0; i < sizeof spaced / sizeof spaced[0]; i++) {
        char squeezed[32];
        size_t o = 0;
        for (const char *p = spaced[i]; *p && o + 1 < sizeof squeezed; p++)
            if (*p != ' ')
                squeezed[o++] = *p;
        squeezed[o] = '\0';
        if (SDL_strcasecmp(squeezed, name) == 0)
            return SDL_GetKeyFromName(spaced[i]);
    }
    if (SDL_strcasecmp(name, "Enter") == 0)
        return SDLK_RETURN;
    if (SDL_strcasecmp(name, "Esc") == 0)
        return SDLK_ESCAPE;
    return SDLK_UNKNOWN;
}

int bistro_parse_keys(const char *script, bistro_key **keys, size_t *n, char *why, size_t why_size)
{
    *keys = NULL;
    *n = 0;
    size_t cap = 0;
    const char *p = script;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (!*p)
            return 0;
        const char *end = p;
        while (*end && *end != ' ' && *end != '\t' && *end != ',')
            end++;
        char word[64];
        size_t len = (size_t)(end - p);
        if (len >= sizeof word) {
            snprintf(why, why_size, "'%.*s...' is not a key name", 20, p);
            goto fail;
        }
        memcpy(word, p, len);
        word[len] = '\0';
        p = end;
        const char *name = word;
        bool shift = false;
        /* "Shift++" is Shift and the plus key */
        while (SDL_strncasecmp(name, "Shift+", 6) == 0 && name[6]) {
            shift = true;
            name += 6;
        }
        SDL_Keycode k = key_named(name);
        if (k == SDLK_UNKNOWN) {
            snprintf(why, why_size,
                     "'%s' is not a key name (SDL's names: Right, Left, Space, Tab, C, "
                     "PageDown, +, Shift+Right, ...)",
                     word);
            goto fail;
        }
        if (sim_grow((void **)keys, &cap, *n + 1, sizeof **keys) < 0) {
            free(*keys);
            *keys = NULL;
            *n = 0;
            return SIM_ENOMEM;
        }
        (*keys)[(*n)++] = (bistro_key){(int)bistro_map_key(k, shift), shift};
    }
fail:
    free(*keys);
    *keys = NULL;
    *n = 0;
    return SIM_EINVAL;
}
