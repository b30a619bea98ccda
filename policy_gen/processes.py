"""Worker processes (--jobs N), shared by the steps of one command.

A build validates many files, then renders; both steps use the same workers,
which start on first use: a small job never pays for them, and a large one
starts them once (each start costs an interpreter and policy-gen's imports).

Workers are started with 'spawn', never 'fork': WeasyPrint's Pango and
fontconfig state does not survive a fork.
"""
from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor


class Workers:
    def __init__(self, jobs: int):
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    @property
    def parallel(self) -> bool:
        return self.jobs > 1

    def submit(self, function, *args) -> Future:
        if self._pool is None:
            # no max_tasks_per_child: replacing retired workers can hang Python 3.11's pool
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("spawn"))
        return self._pool.submit(function, *args)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=kind is not None)
            self._pool = None
