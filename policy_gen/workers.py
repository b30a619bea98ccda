"""Rendering documents, in this process or in worker processes (--jobs N).

Each worker builds its renderers (and WeasyPrint's font configuration) once
and writes what it renders straight into the new site's folder and the cache's
object store; only hashes travel back.
"""
from __future__ import annotations

from concurrent.futures import as_completed, wait
from pathlib import Path

from .cache import write_and_store
from .frameworks import build_document
from .registers import Register
from .render import renderer
from .render.html import Page, downloads, relative, site_path
from .render.templating import Templates
from .versions import changes, version_id

_state: dict = {}


def _setup(template_dir: Path | None, objects: Path, site: Path) -> None:
    """Get ready to render one build's documents (in a worker: its first task of the build)."""
    _state.update(setup=(template_dir, objects, site), templates=Templates(template_dir), objects=objects,
                  site=site, renderers={}, made=set(), history_key=None)


def _renderer(fmt: str):
    if fmt not in _state["renderers"]:
        _state["renderers"][fmt] = renderer(fmt, _state["templates"])
    return _state["renderers"][fmt]


def _history(doc_plan) -> list[tuple[str, str, list[str]]]:
    """Each version of the plan's register in its language: (version, its date as text, what
    changed). The same for every page of that register and language, so it is worked out
    once for them all (each page of V versions would otherwise build V documents)."""
    register, key = doc_plan.register, (doc_plan.register.id, doc_plan.lang)
    if _state.get("history_key") != key:       # one register at a time: keep only the last
        docs = [build_document(Register(register.id, register.source, data), doc_plan.lang)
                for _, data in doc_plan.history]
        _state["history_key"] = key
        _state["history"] = [
            (version, docs[i].messages.date(version),
             changes(docs[i + 1], docs[i]) if i + 1 < len(docs) else [docs[i].messages("changes.first")])
            for i, (version, _) in enumerate(doc_plan.history)]
    return _state["history"]


def _versions_list(doc_plan, page_path: str) -> tuple:
    """The version list of an HTML page: each version, its link and what changed."""
    if len(doc_plan.history) < 2:
        return ()
    current = doc_plan.version or version_id(doc_plan.data)
    return tuple({"version": version, "text": text, "changes": changed, "current": version == current,
                  "href": relative(page_path, site_path(doc_plan.register.id, doc_plan.lang, "html", version))}
                 for version, text, changed in _history(doc_plan))


def render_document(job) -> tuple[int, dict[str, str], dict | None]:
    """Render one document in the formats asked for; returns object hashes by render key."""
    index, doc_plan, outputs = job
    register = Register(doc_plan.register.id, doc_plan.register.source, doc_plan.data)
    document = build_document(register, doc_plan.lang, doc_plan.kind)
    shas = {}
    for output in outputs:
        writer = _renderer(output.fmt)
        if output.fmt == "html":
            files = {o.fmt: o.path for o in doc_plan.outputs}
            page = Page(path=output.path, downloads=downloads(document, output.path, files),
                        versions=_versions_list(doc_plan, output.path))
            data = writer.render(document, page=page)
        else:
            data = writer.render(document)
        shas[output.key] = write_and_store(_state["objects"], data, _state["site"] / output.path, _state["made"])
    summary = None
    if doc_plan.version is None:
        summary = {"title": document.title, "register_name": document.register_name,
                   "date": document.date, "date_text": document.date_text,
                   "updated": document.updated, "updated_text": document.updated_text}
    return index, shas, summary


def render_register(setup: tuple, jobs: list) -> list:
    """Every document of one register: one task per register keeps the traffic between
    processes small (the register's data travels once, not once per document)."""
    if _state.get("setup") != setup:
        _setup(*setup)
    return [render_document(job) for job in jobs]


def render_all(jobs: list, options, objects: Path, site: Path, workers=None, progress=None) -> dict:
    """Render every job into the folder `site` (and the object store `objects`), in
    `workers` when given; returns {job index: (hashes by key, summary)}."""
    results = {}
    if not jobs:
        return results
    if progress:
        progress.start(len(jobs))
    by_register: dict[str, list] = {}
    for job in jobs:
        by_register.setdefault(job[1].register.id, []).append(job)
    tasks = list(by_register.values())
    setup = (options.template_dir, objects, site)
    if workers is None or not workers.parallel or len(tasks) == 1:
        _setup(*setup)
        for job in jobs:
            index, shas, summary = render_document(job)
            results[index] = (shas, summary)
            if progress:
                progress.advance(job[1])
        return results
    futures = {workers.submit(render_register, setup, task): task for task in tasks}
    try:
        for future in as_completed(futures):
            for (index, shas, summary), job in zip(future.result(), futures[future]):
                results[index] = (shas, summary)
                if progress:
                    progress.advance(job[1])
    except BaseException:
        for future in futures:
            future.cancel()
        # the tasks already running still write into the staging folder: let them end
        # before the caller deletes it (at most one register per worker)
        wait(futures)
        raise
    return results
