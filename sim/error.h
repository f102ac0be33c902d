/* error.h - bistro's error codes.
 *
 * Every function in sim/ that can fail returns 0 or one negative SIM_E* code from
 * the single list below; sim_strerror() turns a code into a short message.
 */
#ifndef BISTRO_ERROR_H
#define BISTRO_ERROR_H

#define SIM_ERRNO_MAP(X)                                          \
    X(NOMEM, -1, "out of memory")                                 \
    X(INVAL, -2, "invalid input")                                 \
    X(OVERFLOW, -3, "time or size overflow")                      \
    X(IO, -4, "cannot read or write a file")                      \
    X(LIMIT, -5, "a limit of bistro was exceeded")                \
    X(UNSUPPORTED, -6, "not supported by this version of bistro") \
    X(BUDGET, -7, "the run's budget was exceeded")

enum {
    SIM_OK = 0,
#define SIM__ERR_ENUM(name, value, text) SIM_E##name = (value),
    SIM_ERRNO_MAP(SIM__ERR_ENUM)
#undef SIM__ERR_ENUM
};

/* A static message for code `err`; never NULL. */
const char *sim_strerror(int err);

#endif
