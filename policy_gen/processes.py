"""Worker processes (--jobs N), shared by the steps of one command.

A build validates many files, then renders; both steps use the same workers,
which start on first use: a small job never pays for them, and a large one
starts them once (each start costs an interpreter and policy-gen's imports,
and WeasyPrint's for PDFs: about 0.7 s). When all of a build's work lies ahead,
it starts them at once, so that start-up overlaps what the command does first.

Workers are started with 'spawn', never 'fork': WeasyPrint's Pango and
fontconfig state does not survive a fork.
"""
from __future__ import annotations

import gc
import importlib
import os
import signal


def tune_gc() -> None:
    """Collect cyclic garbage less often. A build allocates millions of short-lived,
    acyclic objects (documents, template output); at Python's default threshold the
    collector ran every 700 of them and re-scanned every live register each time,
    about a tenth of the time spent validating and modelling."""
    gc.set_threshold(50_000, 20, 20)


def _start_worker(modules: tuple[str, ...], parent: int) -> None:
    # Ctrl-C reaches the whole process group: the command handles it (stops handing out
    # work, waits for what is running); a worker printing its own traceback would not help
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .lifeline import die_with_parent
    die_with_parent(parent)    # never rendering on into the staging folder of a killed build
    tune_gc()
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:
            pass           # imported again where needed, and then reported as a user's error


def _nothing() -> None:
    pass


class Workers:
    def __init__(self, jobs: int, preload: tuple[str, ...] = (), tasks: int | None = None):
        """`jobs` worker processes, each importing the modules `preload` as it starts; never
        more than `tasks` (the files or registers there are: one each at the most)."""
        self.jobs = max(1, min(jobs, tasks)) if tasks is not None else jobs
        self.preload = tuple(preload)
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
                                             initializer=_start_worker, initargs=(self.preload, os.getpid()))
        return self._pool.submit(function, *args)

    def start(self) -> None:
        """Start every worker now rather than at first use (a pool starts one more worker
        for each task submitted while none is idle)."""
        if self.parallel:
            for _ in range(self.jobs):
                self.submit(_nothing)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if self._pool is None:
            return
        if kind is not None:
            # a problem ends the command: no worker is doing anything worth waiting for
            # (rendering waits for its running tasks itself), and one still starting up
            # would delay the report by its imports
            # (the pool's own list of processes: Python 3.11 has no public way to stop them)
            for process in list((self._pool._processes or {}).values()):
                process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=kind is not None)
        self._pool = None
