/*
 * graph/hash.h - the only way to include uthash.
 *
 * Out of the box uthash calls exit(-1) when it cannot allocate.  Here a
 * failed allocation instead sets a flag the caller passes in through
 * rg_hash_oom_flag (a local int set by the macro user) and the add is
 * undone; the caller turns the flag into RG_ENOMEM.
 */
#ifndef RG_HASH_H
#define RG_HASH_H

#define HASH_NONFATAL_OOM 1
extern __thread int rg_hash_oom_;
#define uthash_nonfatal_oom(elt) (rg_hash_oom_ = 1)
#include <uthash.h>

#endif
