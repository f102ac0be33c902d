/* ui_theme.c - the three themes' colours.
 *
 * The state colours keep one meaning everywhere: green runs, amber is ready but
 * waits (for a core or the loop), blue waits for I/O, red waits for the GIL,
 * purple waits in a queue, grey is idle or done. The colour-blind theme uses the
 * eight Okabe-Ito colours for the same roles (bluish green, orange, blue,
 * vermillion, reddish purple, sky blue), which stay apart under protanopia,
 * deuteranopia and tritanopia.
 */
#include "ui_theme.h"

/* The themes are tables, laid out by hand to be read as such. */
/* clang-format off */
#define RGB(hex) {(uint8_t)((hex) >> 16), (uint8_t)((hex) >> 8), (uint8_t)(hex), 255}
#define RGBA(hex, a) {(uint8_t)((hex) >> 16), (uint8_t)((hex) >> 8), (uint8_t)(hex), (a)}

static const ui_theme themes[UI_THEME_COUNT] = {
    [UI_THEME_PROJECTOR] = {
        .name = "projector",
        .bg = RGB(0xFFFFFF), .panel = RGB(0xF2F3F5), .panel_edge = RGB(0x8A9099),
        .text = RGB(0x000000), .text_dim = RGB(0x3C424A), .accent = RGB(0x0047B3),
        .highlight = RGB(0xFFE680), .cursor = RGB(0xD00000), .grid = RGB(0xC9CDD3),
        .banner_bg = RGB(0xB00020), .banner_text = RGB(0xFFFFFF), .overlay = RGBA(0x000000, 150),
        .table = RGB(0xE9D8BC), .kitchen = RGB(0xFBEFD9), .pad = RGB(0xFFFFFF),
        .worker = {
            [TL_W_ABSENT] = RGBA(0xFFFFFF, 0), [TL_W_IDLE] = RGB(0xC3C8CF),
            [TL_W_RUNNING] = RGB(0x12A03C), [TL_W_READY] = RGB(0xF0A800),
            [TL_W_WAIT_IO] = RGB(0x1A66D6), [TL_W_WAIT_GIL] = RGB(0xD62020),
            [TL_W_WAITING] = RGB(0x9EC3F0),
        },
        .request = {
            [TL_R_PENDING] = RGBA(0xFFFFFF, 0), [TL_R_QUEUED] = RGB(0x8E3FB0),
            [TL_R_RUNNING] = RGB(0x12A03C), [TL_R_READY] = RGB(0xF0A800),
            [TL_R_WAIT_IO] = RGB(0x1A66D6), [TL_R_WAIT_GIL] = RGB(0xD62020),
            [TL_R_DONE] = RGB(0xD5D9DE),
        },
        .core = {[TL_CORE_IDLE] = RGB(0xE3E6EA), [TL_CORE_SWITCH] = RGB(0x5A6068),
                 [TL_CORE_BUSY] = RGB(0x12A03C)},
    },
    [UI_THEME_DARK] = {
        .name = "dark",
        .bg = RGB(0x111316), .panel = RGB(0x1C2026), .panel_edge = RGB(0x454C57),
        .text = RGB(0xF4F4F4), .text_dim = RGB(0xB0B7C3), .accent = RGB(0x7FB5FF),
        .highlight = RGB(0x4D4418), .cursor = RGB(0xFF5A5A), .grid = RGB(0x343B45),
        .banner_bg = RGB(0xC62838), .banner_text = RGB(0xFFFFFF), .overlay = RGBA(0x000000, 170),
        .table = RGB(0x5C4A33), .kitchen = RGB(0x2C2A25), .pad = RGB(0xE8E8E8),
        .worker = {
            [TL_W_ABSENT] = RGBA(0x111316, 0), [TL_W_IDLE] = RGB(0x5B626D),
            [TL_W_RUNNING] = RGB(0x3CCB64), [TL_W_READY] = RGB(0xF5C242),
            [TL_W_WAIT_IO] = RGB(0x4C95FF), [TL_W_WAIT_GIL] = RGB(0xFF5C5C),
            [TL_W_WAITING] = RGB(0x2F4E75),
        },
        .request = {
            [TL_R_PENDING] = RGBA(0x111316, 0), [TL_R_QUEUED] = RGB(0xB483E6),
            [TL_R_RUNNING] = RGB(0x3CCB64), [TL_R_READY] = RGB(0xF5C242),
            [TL_R_WAIT_IO] = RGB(0x4C95FF), [TL_R_WAIT_GIL] = RGB(0xFF5C5C),
            [TL_R_DONE] = RGB(0x3A4049),
        },
        .core = {[TL_CORE_IDLE] = RGB(0x2A2F36), [TL_CORE_SWITCH] = RGB(0x8A929E),
                 [TL_CORE_BUSY] = RGB(0x3CCB64)},
    },
    [UI_THEME_COLORBLIND] = {
        .name = "colour-blind",
        .bg = RGB(0xFFFFFF), .panel = RGB(0xF2F2F2), .panel_edge = RGB(0x888888),
        .text = RGB(0x000000), .text_dim = RGB(0x404040), .accent = RGB(0x0072B2),
        .highlight = RGB(0xF0E442), .cursor = RGB(0x000000), .grid = RGB(0xCCCCCC),
        .banner_bg = RGB(0xD55E00), .banner_text = RGB(0x000000), .overlay = RGBA(0x000000, 150),
        .table = RGB(0xE6DCC8), .kitchen = RGB(0xF7F1E3), .pad = RGB(0xFFFFFF),
        .worker = {
            [TL_W_ABSENT] = RGBA(0xFFFFFF, 0), [TL_W_IDLE] = RGB(0xBBBBBB),
            [TL_W_RUNNING] = RGB(0x009E73), [TL_W_READY] = RGB(0xE69F00),
            [TL_W_WAIT_IO] = RGB(0x0072B2), [TL_W_WAIT_GIL] = RGB(0xD55E00),
            [TL_W_WAITING] = RGB(0x56B4E9),
        },
        .request = {
            [TL_R_PENDING] = RGBA(0xFFFFFF, 0), [TL_R_QUEUED] = RGB(0xCC79A7),
            [TL_R_RUNNING] = RGB(0x009E73), [TL_R_READY] = RGB(0xE69F00),
            [TL_R_WAIT_IO] = RGB(0x0072B2), [TL_R_WAIT_GIL] = RGB(0xD55E00),
            [TL_R_DONE] = RGB(0xDDDDDD),
        },
        .core = {[TL_CORE_IDLE] = RGB(0xE6E6E6), [TL_CORE_SWITCH] = RGB(0x404040),
                 [TL_CORE_BUSY] = RGB(0x009E73)},
    },
};
/* clang-format on */

const ui_theme *ui_theme_get(int id)
{
    if (id < 0 || id >= UI_THEME_COUNT)
        id = UI_THEME_PROJECTOR;
    return &themes[id];
}
