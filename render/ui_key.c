/* ui_key.c - what a key types, and the key that types it. */
#include "ui_key.h"

static const ui_key digits[10] = {UI_KEY_0, UI_KEY_1, UI_KEY_2, UI_KEY_3, UI_KEY_4,
                                  UI_KEY_5, UI_KEY_6, UI_KEY_7, UI_KEY_8, UI_KEY_9};
static const ui_key letters[26] = {
    UI_KEY_A, UI_KEY_B, UI_KEY_C, UI_KEY_D, UI_KEY_E, UI_KEY_F, UI_KEY_G, UI_KEY_H, UI_KEY_I,
    UI_KEY_J, UI_KEY_K, UI_KEY_L, UI_KEY_M, UI_KEY_N, UI_KEY_O, UI_KEY_P, UI_KEY_Q, UI_KEY_R,
    UI_KEY_S, UI_KEY_T, UI_KEY_U, UI_KEY_V, UI_KEY_W, UI_KEY_X, UI_KEY_Y, UI_KEY_Z};

int ui_key_digit(ui_key k)
{
    for (int i = 0; i < 10; i++)
        if (digits[i] == k)
            return i;
    return -1;
}

int ui_key_letter(ui_key k)
{
    for (int i = 0; i < 26; i++)
        if (letters[i] == k)
            return i;
    return -1;
}

ui_key ui_key_of_digit(int d)
{
    return d >= 0 && d < 10 ? digits[d] : UI_KEY_OTHER;
}

ui_key ui_key_of_letter(int i)
{
    return i >= 0 && i < 26 ? letters[i] : UI_KEY_OTHER;
}
