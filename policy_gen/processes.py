"""Worker processes (--jobs N), shared by the steps of one command.

A build validates many files, then renders; both steps use the same workers,
which start on first use: a small job never pays for them, and a large one
starts them once (each start costs an interpreter and policy-gen's imports).

Workers are started with 'spawn', never 'fork': WeasyPrint's Pango and
fontconfig state does not survive a fork.
"""
from __future__ import annotations

import gc


def tune_gc() -> None:
    """Collect cyclic garbage less often. A build allocates millions of short-lived,
    acyclic objects (documents, template output); at Python's default threshold the
    collector ran every 700 of them and re-scanned every live register each time,
    about a tenth of the time spent validating and modelling."""
    gc.set_threshold(50_000, 20, 20)


class Workers:
    def __init__(self, jobs: int):
        self.jobs = jobs
        self._pool = None

    @property
    def parallel(self) -> bool:
        return self.jobs > 1

    def submit(self, function, *args):
        """Run function(*args) in a worker; returns its concurrent.futures.Future."""
        if self._pool is None:
            import multiprocessing       # here: a command that needs no workers never imports them
            from concurrent.futures import ProcessPoolExecutor
            # no max_tasks_per_child: replacing retired workers can hang Python 3.11's pool
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=tune_gc)
        return self._pool.submit(function, *args)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=kind is not None)
            self._pool = None
