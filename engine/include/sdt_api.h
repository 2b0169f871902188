/*
 * sdt_api.h - what the library exports. Every function an installed
 * header declares is marked SDT_API; the library is built with hidden
 * visibility, so nothing else (the internal helpers behind them) becomes
 * part of the ABI.
 */
#ifndef SDT_API_H
#define SDT_API_H

#if defined(__GNUC__) || defined(__clang__)
#define SDT_API __attribute__((visibility("default")))
#else
#define SDT_API
#endif

/* A name kept for programs built against an earlier 0.x header: it works
 * as before until the next soname, and using it warns with the new name. */
#if defined(__GNUC__) || defined(__clang__)
#define SDT_DEPRECATED(msg) __attribute__((deprecated(msg)))
#else
#define SDT_DEPRECATED(msg)
#endif

#endif
