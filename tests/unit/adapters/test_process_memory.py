"""Freed large blocks leave the process once glibc's mmap threshold is fixed (router/adapters/process_memory.py).

Each case runs in a fresh interpreter: the threshold is process-wide and glibc raises it only once it has freed a
large mapped block. The block is 7 MiB, as an argon2 password check's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

_ALLOCATE_TWICE = """
import ctypes, json, sys
sys.path.insert(0, {root!r})
from router.adapters.process_memory import return_large_blocks_to_the_os
tuned = return_large_blocks_to_the_os() if sys.argv[1] == "tuned" else None
libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
before = rss_mb()
for _ in range(2):  # the first free raises glibc's threshold; the second block then comes from the heap
    block = libc.malloc(7 << 20)
    ctypes.memset(block, 1, 7 << 20)
    libc.free(block)
print(json.dumps({{"tuned": tuned, "kept_mb": rss_mb() - before}}))
"""


def _in_fresh_interpreter(script: str, mode: str) -> dict[str, object]:
    """What ``script`` prints, run in a new interpreter with malloc tuned (``tuned``) or as glibc starts."""
    out = subprocess.run([sys.executable, "-c", script.format(root=str(ROOT)), mode], capture_output=True,
                         text=True, check=True, timeout=60)
    return json.loads(out.stdout)


def _allocate_twice(mode: str) -> dict[str, object]:
    return _in_fresh_interpreter(_ALLOCATE_TWICE, mode)


def test_without_the_fixed_threshold_glibc_keeps_a_freed_large_block() -> None:
    """The problem is real on this C library: the second 7 MiB block stays resident after it is freed."""
    assert _allocate_twice("default")["kept_mb"] > 6  # type: ignore[operator]


def test_with_the_fixed_threshold_every_freed_large_block_goes_back() -> None:
    result = _allocate_twice("tuned")
    assert result["tuned"] is True
    assert result["kept_mb"] < 2  # type: ignore[operator]


def test_the_router_fixes_the_threshold_when_it_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    import router.app

    calls: list[str] = []
    monkeypatch.setattr(router.app, "return_large_blocks_to_the_os", lambda: calls.append("tuned") or True)
    monkeypatch.setattr(router.app, "one_heap_for_all_threads", lambda: calls.append("one heap") or True)
    monkeypatch.setattr(router.app.web, "run_app", lambda *args, **kwargs: calls.append("serving"))
    monkeypatch.setattr(router.app.logging, "basicConfig", lambda **kwargs: None)
    router.app.main()
    assert calls == ["tuned", "one heap", "serving"]


_THREAD_ALLOCATES = """
import json, sys, threading
sys.path.insert(0, {root!r})
from router.adapters.process_memory import one_heap_for_all_threads
tuned = one_heap_for_all_threads() if sys.argv[1] == "tuned" else None
threading.stack_size(256 << 10)  # a small stack, so the heap is what the address space shows
def vm_size_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmSize:"):
            return int(line.split()[1]) / 1024
kept = []
before = vm_size_mb()
worker = threading.Thread(target=lambda: kept.extend(bytearray(600) for _ in range(2000)))
worker.start()
worker.join()
print(json.dumps({{"tuned": tuned, "grown_mb": vm_size_mb() - before}}))
"""


def _thread_allocates(mode: str) -> dict[str, object]:
    return _in_fresh_interpreter(_THREAD_ALLOCATES, mode)


def test_without_the_limit_a_thread_that_allocates_gets_a_heap_of_its_own() -> None:
    """glibc reserves a new arena's heap (64 MiB of address space) for the thread's first allocation."""
    assert _thread_allocates("default")["grown_mb"] >= 32  # type: ignore[operator]


def test_with_one_heap_a_thread_allocates_from_the_main_heap() -> None:
    result = _thread_allocates("tuned")
    assert result["tuned"] is True
    assert result["grown_mb"] < 8  # type: ignore[operator]
