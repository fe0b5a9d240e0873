"""glibc's malloc, tuned once at start: large blocks go back to the operating system when freed, and the few
threads share the main thread's heap.

glibc serves a block of 128 KiB or more with its own mmap and unmaps it on free, but each time it frees such a
block it raises that threshold to the block's size (up to 32 MiB), so the next blocks of that size come from a
heap that keeps them resident after they are freed. The router frees a large block after every argon2 password
check (7 MiB; 19 MiB when this was measured): from the second login on, each of the two checking threads' heaps
would keep it for the life of the process (measured with 19 MiB: 96 MB after start, 116 MB after the second login,
135 MB after parallel logins). A fixed
threshold keeps glibc from raising it; blocks of 1 MiB or more are then always mapped and unmapped.

glibc also gives each new thread that allocates a heap (an "arena") of its own, up to eight per core, and what a
thread leaves there stays resident. The router is one event loop; its threads are occasional helpers (two password
checks, the first login's imports, SQLite's rare fallback) that seldom allocate at the same moment, so sharing one
heap costs them little. Measured with the first login's imports on a worker thread: 97.9 MB after it against
99.2 MB with a heap per thread (bench/bench_memory.py).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3  # malloc.h
M_ARENA_MAX = -8
LARGE_BLOCK_BYTES = 1 << 20


def return_large_blocks_to_the_os(threshold: int = LARGE_BLOCK_BYTES) -> bool:
    """Fixes glibc's mmap threshold; False where the C library is not glibc (nothing to tune there)."""
    return _mallopt(M_MMAP_THRESHOLD, threshold)


def one_heap_for_all_threads() -> bool:
    """Threads allocate from the main heap, not from one of their own; call before any thread starts."""
    return _mallopt(M_ARENA_MAX, 1)


def _mallopt(parameter: int, value: int) -> bool:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        log.info("process_memory.not_glibc")
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return mallopt(parameter, value) == 1
