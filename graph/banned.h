/*
 * graph/banned.h - calls graph/ must never make.
 *
 * graph/ is the pure library: no I/O, no environment, no clock, no exit.
 * Including this last in every graph/ .c file turns such a call into a
 * compile error.  Unbounded string functions are banned everywhere.
 */
#ifndef RG_BANNED_H
#define RG_BANNED_H

#define RG_BANNED(func) sorry_##func##_is_banned_in_graph

#undef fopen
#define fopen(...) RG_BANNED(fopen)
#undef printf
#define printf(...) RG_BANNED(printf)
#undef fprintf
#define fprintf(...) RG_BANNED(fprintf)
#undef puts
#define puts(...) RG_BANNED(puts)
#undef getenv
#define getenv(...) RG_BANNED(getenv)
#undef exit
#define exit(...) RG_BANNED(exit)
#undef abort
#define abort(...) RG_BANNED(abort)
#undef time
#define time(...) RG_BANNED(time)
#undef sprintf
#define sprintf(...) RG_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) RG_BANNED(vsprintf)
#undef strcpy
#define strcpy(...) RG_BANNED(strcpy)
#undef strcat
#define strcat(...) RG_BANNED(strcat)
#undef strncpy
#define strncpy(...) RG_BANNED(strncpy)
#undef strncat
#define strncat(...) RG_BANNED(strncat)
#undef strtok
#define strtok(...) RG_BANNED(strtok)
#undef gets
#define gets(...) RG_BANNED(gets)
#undef atoi
#define atoi(...) RG_BANNED(atoi)
#undef atol
#define atol(...) RG_BANNED(atol)
#define PQconnectdb(...) RG_BANNED(PQconnectdb)
#define PQexec(...) RG_BANNED(PQexec)

#endif
