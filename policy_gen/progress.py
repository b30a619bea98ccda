"""Progress of a build: a bar on a terminal, one plain line per document in a log."""
from __future__ import annotations

import time

from .diagnostics import Lookup, msg, translate


class Progress:
    def __init__(self, stream, lookup: Lookup | None = None):
        self.stream = stream
        self.lookup = lookup           # the language of the log lines (cli.message_lookup; None: English)
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.total = self.done = 0
        self.started = time.monotonic()

    def start(self, total: int) -> None:
        self.total, self.done, self.started = total, 0, time.monotonic()

    def advance(self, doc_plan) -> None:
        self.done += 1
        what = f"{doc_plan.lang}/{doc_plan.register.id}" + (f" ({doc_plan.version})" if doc_plan.version else "")
        if self.tty:
            width = 30
            filled = width * self.done // max(self.total, 1)
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {what[:40]:<40}")
            if self.done == self.total:
                self.stream.write("\r" + " " * (width + 60) + "\r")
        else:
            self.stream.write(translate(msg("rendered {document} [{done}/{total}, {seconds} s]", document=what,
                                            done=self.done, total=self.total,
                                            seconds=f"{time.monotonic() - self.started:.1f}"), self.lookup) + "\n")
        self.stream.flush()
