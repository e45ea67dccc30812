/* Redis Cluster hash slots: CRC16 of the key (or of its {hash tag}). */
#ifndef COMMON_SLOT_H
#define COMMON_SLOT_H

#include <stddef.h>
#include <stdint.h>

#include "ops.h"

#define SLOT_COUNT	16384
#define SLOT_NONE	(-1)	/* a command without keys */
#define SLOT_CROSS	(-2)	/* keys in more than one slot */

/* CRC16-CCITT (XMODEM: polynomial 0x1021, initial value 0), as Redis. */
uint16_t	slot_crc16(const char *, size_t);

/* The slot of a key: of the part between the first { and the next } when
 * that part is not empty, else of the whole key. */
int	slot_of_key(const char *, size_t);

/*
 * The slot of a command's keys: all arguments of DEL and UNLINK, every
 * other one of MSET, none of PING, else the second word. SLOT_NONE or
 * SLOT_CROSS as above.
 */
int	slot_of_cmd(const struct ops_argv *);

#endif
