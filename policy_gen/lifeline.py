"""Worker processes end with the command that started them (docs/security.md).

A build killed with SIGKILL cannot stop its workers itself; without this they
rendered on for tens of seconds, writing into the staging folder the next build
removes. On Linux the kernel sends each worker SIGKILL when its parent ends
(prctl PR_SET_PDEATHSIG); elsewhere a thread of the worker notices that its parent
is gone within a second.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Call in a worker as it starts, with the pid of the command that started it (known
    before the worker was: a parent that died meanwhile is noticed): it is killed when its
    parent process ends."""
    done = False
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            done = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            done = False
    if not done:
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:         # the parent ended before the request was made
        os._exit(1)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)
