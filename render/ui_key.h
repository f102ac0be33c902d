/* ui_key.h - the keys the app knows, without SDL (app_keys.c maps SDL's to these). */
#ifndef BISTRO_UI_KEY_H
#define BISTRO_UI_KEY_H

typedef enum {
    UI_KEY_OTHER,
    UI_KEY_SPACE,
    UI_KEY_RIGHT,
    UI_KEY_LEFT,
    UI_KEY_UP,
    UI_KEY_DOWN,
    UI_KEY_HOME,
    UI_KEY_END,
    UI_KEY_TAB,
    UI_KEY_C,
    UI_KEY_F11,
    UI_KEY_PLUS,
    UI_KEY_MINUS,
    UI_KEY_T,
    UI_KEY_R,
    UI_KEY_S,
    UI_KEY_H,
    UI_KEY_QUESTION,
    UI_KEY_ESCAPE,
    UI_KEY_L,
    UI_KEY_ENTER,
    UI_KEY_F,
    UI_KEY_0,
    UI_KEY_O,
    UI_KEY_PAGE_UP,
    UI_KEY_PAGE_DOWN,
    UI_KEY_N,
    UI_KEY_1, /* hide / show the restaurant */
    UI_KEY_2, /* hide / show the timeline */
    UI_KEY_3, /* hide / show the metrics */
    /* the rest of the digits and letters, for typing an answer in quiz mode (Q) */
    UI_KEY_4,
    UI_KEY_5,
    UI_KEY_6,
    UI_KEY_7,
    UI_KEY_8,
    UI_KEY_9,
    UI_KEY_A,
    UI_KEY_B,
    UI_KEY_D,
    UI_KEY_E,
    UI_KEY_G,
    UI_KEY_I,
    UI_KEY_J,
    UI_KEY_K,
    UI_KEY_M,
    UI_KEY_P,
    UI_KEY_Q, /* quiz mode on / off */
    UI_KEY_U,
    UI_KEY_V,
    UI_KEY_W,
    UI_KEY_X,
    UI_KEY_Y,
    UI_KEY_Z,
    UI_KEY_BACKSPACE,
    UI_KEY_PERIOD
} ui_key;

/* The digit a key types (0 to 9), or -1. */
int ui_key_digit(ui_key k);
/* The letter a key types (0 for A to 25 for Z), or -1. */
int ui_key_letter(ui_key k);
/* The key of digit d (0 to 9) or of letter i (0 for A), or UI_KEY_OTHER. */
ui_key ui_key_of_digit(int d);
ui_key ui_key_of_letter(int i);

#endif
