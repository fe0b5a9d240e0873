"""Large blocks go back to the operating system when freed (glibc's malloc, tuned once at start).

glibc serves a block of 128 KiB or more with its own mmap and unmaps it on free, but each time it frees such a
block it raises that threshold to the block's size (up to 32 MiB), so the next blocks of that size come from a
heap that keeps them resident after they are freed. The router frees a large block after every argon2 password
check (7 MiB; 19 MiB when this was measured): from the second login on, each of the two checking threads' heaps
would keep it for the life of the process (measured with 19 MiB: 96 MB after start, 116 MB after the second login,
135 MB after parallel logins). A fixed
threshold keeps glibc from raising it; blocks of 1 MiB or more are then always mapped and unmapped.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3  # malloc.h
LARGE_BLOCK_BYTES = 1 << 20


def return_large_blocks_to_the_os(threshold: int = LARGE_BLOCK_BYTES) -> bool:
    """Fixes glibc's mmap threshold; False where the C library is not glibc (nothing to tune there)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        log.info("process_memory.not_glibc")
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return mallopt(M_MMAP_THRESHOLD, threshold) == 1
