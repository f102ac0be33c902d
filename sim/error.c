/* error.c - messages for the SIM_E* codes of error.h. */
#include "error.h"

const char *sim_strerror(int err)
{
    switch (err) {
    case SIM_OK: return "success";
#define SIM__ERR_CASE(name, value, text) \
    case SIM_E##name: return text;
        SIM_ERRNO_MAP(SIM__ERR_CASE)
#undef SIM__ERR_CASE
    }
    return "unknown error";
}
