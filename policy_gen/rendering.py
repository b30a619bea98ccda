"""Rendering the planned documents, in this process or in worker processes (--jobs N).

A `RenderSession` holds what one build's rendering needs: the templates, one
renderer per format (WeasyPrint's font configuration is made once), the folder of
the new site and the cache's object store. Each worker makes its session once
per build and writes what it renders straight into the new site's folder (and
the cache); only hashes travel back.
"""
from __future__ import annotations

from concurrent.futures import as_completed, wait
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .changes import changes
from .facts import Facts, load_facts
from .frameworks import build_document
from .history import version_id
from .layout import Page, VersionLink, relative
from .model import Document, Notice, Register
from .plan import DocumentPlan, RenderJob, Standing, path_of
from .render import Renderer, renderer
from .render.html import downloads
from .render.templating import Templates
from .site import Summary
from .sitewriter import write_new_file


def notices(doc: Document, standing: Standing, own: str) -> tuple[Notice, ...]:
    """What the document says of its standing, in its language, with links relative to the
    site path `own` (any of its files: they share one folder)."""
    msg, out = doc.messages, []
    if standing.repealed:
        out.append(Notice("historical", msg("status.historical", date=msg.date(standing.repealed)),
                          msg("status.historical.short"),
                          msg("status.historical.link") if standing.successor else None,
                          relative(own, standing.successor) if standing.successor else None))
    if standing.superseded_by:
        out.append(Notice("superseded", msg("status.superseded", date=msg.date(standing.superseded_by)),
                          msg("status.superseded.short"), msg("status.superseded.link"),
                          relative(own, standing.current)))
    return tuple(out)


@dataclass(frozen=True)
class RenderResult:
    index: int                       # the job's document's place in the plan
    hashes: dict[str, str]           # object hash by render key
    summary: Summary | None          # for the latest version only


@dataclass(frozen=True)
class Setup:
    """Everything a worker needs to know to render one build's documents (hashable)."""
    template_dir: Path | None
    objects: Path                    # the cache's object store
    site: Path                       # the staging folder of the new site


class RenderSession:
    def __init__(self, setup: Setup, facts: Facts):
        self.setup = setup
        self.facts = facts
        self.templates = Templates(setup.template_dir)
        self.renderers: dict[str, Renderer] = {}
        self.made: set[Path] = set()             # folders made so far
        self._history_of: tuple | None = None    # (register id, lang) of the version list kept
        self._history: list = []

    def renderer(self, fmt: str) -> Renderer:
        if fmt not in self.renderers:
            self.renderers[fmt] = renderer(fmt, self.templates)
        return self.renderers[fmt]

    def history(self, doc_plan: DocumentPlan) -> list[tuple[str, str, list[str]]]:
        """Each version of the plan's register in its language: (version, its date as text, what
        changed). The same for every page of that register and language, so it is worked out
        once for them all (each page of V versions would otherwise build V documents)."""
        register, key = doc_plan.register, (doc_plan.register.id, doc_plan.lang)
        if self._history_of != key:          # one register at a time: keep only the last
            docs = [build_document(Register(register.id, register.source, data), doc_plan.lang, facts=self.facts)
                    for _, data in doc_plan.history]
            self._history_of = key
            self._history = [
                (version, docs[i].messages.date(version),
                 changes(docs[i + 1], docs[i]) if i + 1 < len(docs) else [docs[i].messages("changes.first")])
                for i, (version, _) in enumerate(doc_plan.history)]
        return self._history

    def page(self, doc_plan: DocumentPlan, document: Document, path: str) -> Page:
        """The web page at site path `path`: its downloads and its version list."""
        versions = ()
        if len(doc_plan.history) > 1:
            current = doc_plan.version or version_id(doc_plan.data)
            versions = tuple(
                VersionLink(version, text, relative(path, path_of(doc_plan.register.id, doc_plan.lang,
                                                                  version, "html")),
                            version == current, tuple(changed))
                for version, text, changed in self.history(doc_plan))
        return Page(path=path, downloads=downloads(document, path, doc_plan.files), versions=versions)

    def render(self, job: RenderJob) -> RenderResult:
        """Render one document in the formats asked for, into the new site and the cache."""
        doc_plan = job.plan
        register = Register(doc_plan.register.id, doc_plan.register.source, doc_plan.data)
        document = build_document(register, doc_plan.lang, doc_plan.kind, self.facts)
        own = path_of(register.id, doc_plan.lang, doc_plan.version, "html")   # the files' common folder
        document = replace(document, notices=notices(document, doc_plan.standing, own))
        hashes = {}
        for output in job.outputs:
            writer = self.renderer(output.fmt)
            page = self.page(doc_plan, document, output.path) if writer.site_context else None
            data = writer.render(document, page)
            hashes[output.key] = write_new_file(self.setup.site, output.path, data, self.setup.objects, self.made)
        summary = Summary.of(document) if doc_plan.version is None else None
        return RenderResult(job.index, hashes, summary)


@lru_cache(maxsize=1)
def _session(setup: Setup) -> RenderSession:
    """A worker's session for the build it is working on (a worker serves one build)."""
    return RenderSession(setup, load_facts())


def render_register(setup: Setup, jobs: list[RenderJob]) -> list[RenderResult]:
    """Every document of one register, in a worker: one task per register keeps the traffic
    between processes small (the register's data travels once, not once per document)."""
    session = _session(setup)
    return [session.render(job) for job in jobs]


def render_all(jobs: list[RenderJob], setup: Setup, workers=None, progress=None) -> dict[int, RenderResult]:
    """Render every job into the new site and the cache, in `workers` when given;
    returns the results by job index."""
    results: dict[int, RenderResult] = {}
    if not jobs:
        return results
    if progress:
        progress.start(len(jobs))
    by_register: dict[str, list[RenderJob]] = {}
    for job in jobs:
        by_register.setdefault(job.plan.register.id, []).append(job)
    tasks = list(by_register.values())
    if workers is None or not workers.parallel or len(tasks) == 1:
        session = RenderSession(setup, load_facts())
        for job in jobs:
            results[job.index] = session.render(job)
            if progress:
                progress.advance(job.plan)
        return results
    futures = {workers.submit(render_register, setup, task): task for task in tasks}
    try:
        for future in as_completed(futures):
            for result, job in zip(future.result(), futures[future]):
                results[result.index] = result
                if progress:
                    progress.advance(job.plan)
    except BaseException:
        for future in futures:
            future.cancel()
        # the tasks already running still write into the staging folder: let them end
        # before the caller deletes it (at most one register per worker)
        wait(futures)
        raise
    return results
