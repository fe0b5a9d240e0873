"""Child processes in tests: a free port to give one, and a clean stop."""

from __future__ import annotations

import random
import socket
import subprocess
from pathlib import Path


def _below_the_ephemeral_range() -> tuple[int, int]:
    """Ports the kernel never hands to an outgoing connection: below its ephemeral range (32768-60999 here)."""
    try:
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32768
    return 10_000, max(10_100, low)


def free_ports_in_a_row(count: int) -> int:
    """The first of ``count`` consecutive free TCP ports on 127.0.0.1 (run_all.py puts its Rasa processes on a
    port and those after). Chosen below the ephemeral range: a port from the kernel's own pick (bind to 0) lies in
    that range, and an outgoing connection could take it between this check and the child's bind (seen in
    make load: the second Rasa found its port in use)."""
    start, end = _below_the_ephemeral_range()
    pick = random.SystemRandom()
    for _ in range(200):
        first = pick.randrange(start, end - count)
        try:
            for port in range(first, first + count):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first
    raise RuntimeError(f"no {count} free ports in a row between {start} and {end}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (see ``free_ports_in_a_row``)."""
    return free_ports_in_a_row(1)


def stop(process: subprocess.Popen, timeout_s: float = 10) -> None:  # type: ignore[type-arg]
    """SIGTERM, and SIGKILL when it has not ended within ``timeout_s``."""
    process.terminate()
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
