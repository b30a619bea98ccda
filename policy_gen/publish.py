"""Publishing the site: plan → render → assemble → swap, top to bottom in `build`.

1. plan (plan.py): every output file gets a render key; files whose key is in
   the cache are not rendered again.
2. render (rendering.py): the documents still needed are rendered, in worker
   processes when --jobs > 1, straight into the new site's staging folder; each
   rendered file is also kept in the cache under its hash.
3. assemble: the staging folder gets the unchanged files (linked from the
   cache), the assets, index.html, sitemap.xml and manifest.json (site.py).
4. swap: the site writer (sitewriter.py) puts the staging folder in place of the
   output folder in one step.

A failure or an interruption at any point leaves the previous site as it was.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import __version__, site
from .cache import Cache, digest
from .frameworks import PUBLIC
from .history import Version, version_id
from .model import Register
from .plan import DocumentPlan, Options, RenderJob, Successor, plan
from .render.templating import Templates
from .rendering import Setup, render_all
from .site import DocumentEntry, Summary, VersionEntry
from .sitewriter import SiteWriter

__all__ = ["BuildResult", "Options", "build"]


@dataclass(frozen=True)
class BuildResult:
    files: list[str]               # every file of the site, sorted
    documents: int                 # documents published (register x language x kind)
    rendered: int                  # of which rendered now, in one version or more
    reused: int                    # files whose content was in the cache before this build


def _summary_key(doc: DocumentPlan) -> str:
    return digest("summary", __version__, doc.kind, doc.lang, doc.register.id, doc.data_hash)


def build(registers: list[Register], out: Path, options: Options, cache: Cache,
          histories: dict[str, list[Version]] | None = None, progress=None, workers=None,
          replaced_by: dict[str, Successor] | None = None) -> BuildResult:
    """Render and publish `registers` into `out`, replacing it only when all is done.

    The caller saves the cache once every site of the command is in place; on failure
    the cache is left as it was."""
    templates = Templates(options.template_dir)
    try:
        with SiteWriter(Path(out)) as writer:
            plans = plan(registers, histories or {}, options, templates, replaced_by)
            # every key still missing is rendered once, however many paths use it
            jobs: list[RenderJob] = []
            missing: set[str] = set()
            for i, doc in enumerate(plans):
                summary = Summary.from_json(cache.get(_summary_key(doc), dict)) if doc.version is None else True
                needed = tuple(o for o in doc.outputs if cache.get(o.key) is None and o.key not in missing)
                if needed or summary is None:
                    jobs.append(RenderJob(i, doc, needed))
                    missing.update(o.key for o in needed)
            setup = Setup(options.template_dir, cache.objects, writer.staging)
            results = render_all(jobs, setup, workers, progress)
            for result in results.values():
                for key, sha in result.hashes.items():
                    cache.put(key, sha)
                if result.summary is not None:
                    cache.put(_summary_key(plans[result.index]), result.summary.to_json())
            written = {o.path for job in jobs for o in job.outputs}
            files = _assemble(plans, cache, templates, writer, options, written)
    except BaseException:
        cache.discard()
        raise
    reused = sum(1 for doc in plans for o in doc.outputs if o.key not in missing)
    documents = sum(1 for doc in plans if doc.version is None)
    rendered = len({(job.plan.register.id, job.plan.lang, job.plan.kind) for job in jobs})
    return BuildResult(files=files, documents=documents, rendered=rendered, reused=reused)


def _assemble(plans: list[DocumentPlan], cache: Cache, templates: Templates, writer: SiteWriter,
              options: Options, written: set[str]) -> list[str]:
    """Complete the new site: the files not `written` by this build's rendering (linked
    from the cache), the assets, the index, the sitemap and the manifest."""
    documents: dict[tuple, DocumentEntry] = {}
    for doc in plans:
        for output in doc.outputs:
            sha = cache.get(output.key)
            if output.path in written:
                writer.add(output.path, sha, cache.size(sha))
            else:
                writer.link(cache.object_path(sha), output.path, sha, cache.size(sha))
        files = doc.files
        page = site.page_of(files)
        identity = (doc.register.id, doc.lang, doc.kind)
        if doc.version is None:
            summary = Summary.from_json(cache.get(_summary_key(doc), dict))
            documents[identity] = DocumentEntry(
                **summary.to_json(), id=doc.register.id, lang=doc.lang, kind=doc.kind,
                framework=doc.register.data["framework"], version=version_id(doc.data), page=page, files=files,
                historical=doc.standing.repealed is not None, successor=doc.standing.successor)
        else:
            documents[identity].versions.append(VersionEntry(doc.version, page, files))
    for name in templates.asset_names():
        writer.write(f"assets/{name}", templates.asset(name).read_bytes())
    entries = list(documents.values())
    site.write_site_files(writer, templates, entries, options.site_url, internal=PUBLIC not in options.kinds)
    return writer.finish(lambda files: site.manifest(entries, files))
