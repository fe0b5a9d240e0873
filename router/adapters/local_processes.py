"""Whether a router process named by its worker id is dead, when it ran on this host (its process id is free)."""

from __future__ import annotations

import os
import socket

from router.domain.bot_turn import worker_host_and_pid


def gone_from_this_host(worker: str) -> bool:
    """True only when the worker ran on this host and no process has its id now. A live process with that id (the
    worker itself, or a new process that was given the id) or a worker of another host is not known to be gone:
    its turns wait for their leases, as before. Assumes one process id space per host name (not two containers
    sharing a host name)."""
    found = worker_host_and_pid(worker)
    if found is None or found[0] != socket.gethostname():
        return False
    try:
        os.kill(found[1], 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, someone else's
    return False
