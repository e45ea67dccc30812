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

enum { SLOT_REDIR_NONE, SLOT_REDIR_MOVED, SLOT_REDIR_ASK };

/*
 * An error reply "MOVED 3999 127.0.0.1:6381" or "ASK ...": SLOT_REDIR_MOVED
 * or SLOT_REDIR_ASK with slot, host (an IPv6 address without brackets) and
 * port set; SLOT_REDIR_NONE for any other reply.
 */
int	slot_redirect(const char *, int *slot, char *host, size_t hostlen,
	    int *port);

#endif
