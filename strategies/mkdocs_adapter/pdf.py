"""Each strategy's whole-strategy page as an accessible PDF, typeset by WeasyPrint from the page
as built, with the site's print stylesheet (docs/assets/print.css).

- **Accessible**: tagged PDF/UA-1 (WeasyPrint's ``pdf_variant="pdf/ua-1"``: a structure tree
  from the HTML's elements, the document's language from ``<html lang>``, its title shown as
  the window's title), with bookmarks from the page's headings and the strategy's title.
- **No network**: WeasyPrint reads only files of the built site (and ``data:`` addresses in
  the stylesheets); any other address is refused. Links in the PDF go to the site's pages:
  in full when ``site_url`` is set, else relative to the PDF (which sits beside its page).
- **Byte-stable**: the same page gives the same bytes: its dates are the "as at" day, its
  identifier comes from its content, and nothing random is written.
- **Cached** in ``.cache/strategies/pdf/`` beside mkdocs.yml (the chart cache's convention,
  workers/disk_cache.py; the ``STRATEGIES_PDF_CACHE`` environment variable names another
  folder), by a key over the page's HTML, every file it uses, the "as at" day, ``site_url``
  and WeasyPrint's version: an unchanged strategy is not typeset again.
- **Off this process**: strategies not in the cache are typeset in fresh worker processes
  (workers/fresh.py), one per core. A one-off build waits for them, as the site is swapped in
  whole; ``serve`` does not: each PDF is written into the preview when it is ready.

When WeasyPrint (or the Pango library it draws text with) cannot be loaded, no PDF is made
and pages do not link to one (:func:`available`); the Makefile installs both.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import os
import posixpath
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.exceptions import PluginError

from strategies.pages import urls
from strategies.workers import forked
from strategies.workers.disk_cache import DiskCache
from strategies.workers.fingerprint import package_version
from strategies.workers.fresh import WorkerProcess, WorkerStopped

log = logging.getLogger("mkdocs.plugins.strategies")

CACHE_FOLDER = ".cache/strategies/pdf"  # beside mkdocs.yml, as the chart cache is
# Another folder for the cache, shared by projects with the same content (a test session's builds).
CACHE_VARIABLE = "STRATEGIES_PDF_CACHE"
VARIANT = "pdf/ua-1"
LANGUAGE = "en-GB"  # when the page does not say
FORMAT = "1"  # change to typeset every cached PDF again (a change to the options below)
# The address the built site is read from while typesetting: a name that cannot exist on any
# network (.invalid), so no address built from it can reach one.
ORIGIN = "https://built-site.invalid/"

_USED = re.compile(r"""<(?:link\b[^>]*\brel="?stylesheet"?[^>]*\bhref|img\b[^>]*\bsrc)="([^"]+)\"""", re.IGNORECASE)


def available() -> bool:
    """True when WeasyPrint is installed and its libraries (Pango, via cffi) can be found,
    without importing it here (that takes half a second)."""
    import ctypes.util
    import importlib.util

    if importlib.util.find_spec("weasyprint") is None:
        return False
    return all(ctypes.util.find_library(name) for name in ("pango-1.0", "pangoft2-1.0"))


def prepare(generator, site_url: str | None) -> None:
    """Tell the page generator, before it makes pages, whether strategies' pages may link to
    a PDF, and the site's address (for printed footers)."""
    generator.pdfs = available()
    generator.site_url = site_url or None


@dataclass(frozen=True)
class Job:
    """One PDF to make: the built page (a path in the site), where the PDF goes, its title."""

    page: str
    pdf: str
    title: str
    site_dir: str
    as_at: str  # YYYY-MM-DD
    site_url: str | None
    key: str = ""


def _page_file(path: str, directory_urls: bool) -> str:
    address = urls.page_url(path, directory_urls)
    return address + "index.html" if address.endswith("/") or not address else address


def _key(job: Job) -> str:
    """What a PDF is made from, fingerprinted: the page's HTML, each stylesheet and image it
    uses, the day, the site's address, WeasyPrint's version and this module's options."""
    site = Path(job.site_dir)
    html = (site / job.page).read_bytes()
    digest = hashlib.sha256()
    for part in (
        FORMAT,
        VARIANT,
        package_version("weasyprint"),
        package_version("pydyf"),
        job.as_at,
        job.site_url or "",
        job.title,
        job.pdf,
    ):
        digest.update(part.encode() + b"\0")
    digest.update(html)
    folder = posixpath.dirname(job.page)
    for address in sorted(set(_USED.findall(html.decode("utf-8", "replace")))):
        digest.update(address.encode() + b"\0")
        local = _local_file(site, posixpath.join(folder, address))
        digest.update(local.read_bytes() if local is not None else b"(none)")
    return digest.hexdigest()


def _local_file(site: Path, path: str) -> Path | None:
    """The site's file at ``path`` (relative to the site, '..' resolved), if it is one."""
    if "://" in path or path.startswith(("data:", "mailto:", "//")):
        return None
    clean = posixpath.normpath(unquote(path.split("#")[0].split("?")[0]))
    if clean.startswith(("../", "/")) or clean == "..":
        return None
    file = (site / clean).resolve()
    root = site.resolve()
    return file if file.is_relative_to(root) and file.is_file() else None


# --- in the worker process ---------------------------------------------------------------------


def typeset(job: Job) -> tuple[bytes, list[str]]:
    """The PDF of a built page, and the addresses WeasyPrint asked for and was refused (run in a
    worker process: it imports WeasyPrint)."""
    import weasyprint
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)  # Material's CSS has much it does not know
    site = Path(job.site_dir)
    refused: list[str] = []

    class SiteFiles(URLFetcher):
        """Files of the built site, and data: addresses; nothing else."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            file = _local_file(site, url[len(ORIGIN) :]) if url.startswith(ORIGIN) else None
            if file is None:
                refused.append(url)
                raise ValueError(f"not a file of the built site: {url}")
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, file.read_bytes(), {"Content-Type": kind})

    fetcher = SiteFiles(allowed_protocols={"https", "data"}, allow_redirects=False)
    html = (site / job.page).read_text(encoding="utf-8")
    document = weasyprint.HTML(string=html, base_url=ORIGIN + job.page, url_fetcher=fetcher).render(pdf_variant=VARIANT)
    metadata = document.metadata
    metadata.title = job.title
    metadata.lang = metadata.lang or LANGUAGE
    metadata.created = metadata.modified = job.as_at  # fixed dates: the same page, the same bytes
    metadata.generator = "strategies"
    base = (job.site_url.rstrip("/") + "/") if job.site_url else None
    folder = posixpath.dirname(job.page) + "/"
    for page in document.pages:
        page.links = [_readdressed(link, base, folder) for link in page.links]
    identifier = hashlib.sha256(job.key.encode()).hexdigest()[:32].encode()
    return document.write_pdf(pdf_variant=VARIANT, pdf_identifier=identifier), refused


def _readdressed(link, base: str | None, folder: str):
    """A link to a page of the built site, as the published PDF should give it: on the site's
    address when known, else relative to the PDF's folder."""
    kind, target, *rest = link
    if kind != "external" or not target.startswith(ORIGIN):
        return link
    path = target[len(ORIGIN) :]
    if base:
        return (kind, base + path, *rest)
    relative = posixpath.relpath(urlsplit(path).path or ".", folder.rstrip("/") or ".")
    fragment = urlsplit(path).fragment
    relative += "/" if path.split("#")[0].endswith("/") and not relative.endswith("/") else ""
    return (kind, relative + (f"#{fragment}" if fragment else ""), *rest)


# --- in the build -------------------------------------------------------------------------------


class PdfCache(DiskCache):
    """PDFs by key in the cache folder (DiskCache's files, as bytes)."""

    def get_bytes(self, key: str) -> bytes | None:
        if self.folder is None:
            return None
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return None
        self.used.add(key)
        return data

    def put_bytes(self, key: str, data: bytes) -> bool:
        """Keep ``data`` under ``key``, written beside and renamed into place; False if it
        could not be written."""
        if self.folder is None:
            return False
        path = self._path(key)
        try:
            self._prepare()
            handle, temporary = tempfile.mkstemp(prefix=".new-", dir=self.folder)
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(data)
                os.replace(temporary, path)
            except BaseException:
                try:
                    os.unlink(temporary)
                except OSError:
                    pass
                raise
        except OSError:
            return False
        self.used.add(key)
        return True


class PdfMaker:
    """Makes the PDFs of a build: from the cache, or typeset by worker processes."""

    def __init__(self, jobs: list[Job], cache: PdfCache):
        self.jobs = jobs
        self.cache = cache
        self.made = 0  # typeset in this build
        self.reused = 0  # found in the cache
        self._cancelled = threading.Event()
        self._workers: list[WorkerProcess] = []
        self._thread: threading.Thread | None = None

    def run(self) -> None:
        todo = []
        for job in self.jobs:
            data = self.cache.get_bytes(job.key)
            if data is not None:
                self._write(job, data)
                self.reused += 1
            else:
                todo.append(job)
        if not todo:
            return
        count = max(1, min(len(todo), forked.usable_cores()))
        self._workers = [WorkerProcess(f"{__name__}:typeset") for _ in range(count)]
        try:
            futures = [(job, self._workers[index % count].submit(job)) for index, job in enumerate(todo)]
            for job, future in futures:
                try:
                    data, refused = future.result()
                except WorkerStopped:
                    raise
                except Exception as error:  # the page links to it: the build cannot go on without it
                    raise PluginError(
                        f"{job.page}: its PDF could not be made ({type(error).__name__}: {error}). "
                        "Check that WeasyPrint and Pango are installed (`make pdf-tools`)."
                    ) from error
                if self._cancelled.is_set():
                    return
                for address in refused:
                    log.info(f"{job.page}: {address} was not read for its PDF: it is not a file of the built site.")
                self.cache.put_bytes(job.key, data)
                self._write(job, data)
                self.made += 1
        finally:
            for worker in self._workers:
                worker.close()
            self._workers = []
        if len(self.cache.used) >= len(self.jobs):
            self.cache.prune()

    def _write(self, job: Job, data: bytes) -> None:
        if self._cancelled.is_set():
            return
        target = Path(job.site_dir) / job.pdf
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def in_background(self) -> None:
        self._thread = threading.Thread(target=self._background, name="strategies-pdfs", daemon=True)
        self._thread.start()

    def _background(self) -> None:
        try:
            self.run()
        except Exception as error:
            if not self._cancelled.is_set():  # (stopped for a newer build: nothing to say)
                log.info(f"The PDFs were not made for this preview: {error}")

    def stop(self) -> None:
        """Stop at once: nothing more is written."""
        self._cancelled.set()
        for worker in list(self._workers):
            worker.kill()


_RUNNING: PdfMaker | None = None  # in `serve`, the preview's PDFs still being made


def jobs(generator, site_dir: str) -> list[Job]:
    """The PDFs the pages link to, one per strategy (its current version)."""
    found = []
    as_at = generator.as_at.isoformat()
    for entry in generator.site.strategies.values():  # current versions (old ones have no PDF)
        pdf = urls.whole_pdf_path(entry)
        page = _page_file(urls.whole_path(entry), generator.directory_urls)
        if not (Path(site_dir) / page).is_file():
            continue
        job = Job(page, pdf, f"{entry.title}: the whole strategy", str(site_dir), as_at, generator.site_url)
        found.append(Job(**{**job.__dict__, "key": _key(job)}))
    return found


def publish(generator, site_dir: str, root: Path, background: bool = False) -> PdfMaker | None:
    """Write the PDF of each strategy's whole-strategy page into the built site (``site_dir``),
    from the cache or typeset now. In the ``background`` (a preview), return at once and write
    each PDF when it is ready. None when no page links to a PDF."""
    global _RUNNING
    stop()
    if generator is None or not generator.pdfs:
        return None
    folder = Path(os.environ[CACHE_VARIABLE]) if os.environ.get(CACHE_VARIABLE) else root / CACHE_FOLDER
    maker = PdfMaker(jobs(generator, site_dir), PdfCache(folder, suffix=".pdf"))
    if not maker.jobs:
        return None
    if background:
        _RUNNING = maker
        maker.in_background()
        return maker
    maker.run()
    return maker


def stop() -> None:
    """Stop making the previous preview's PDFs (a new build has started, or the build failed)."""
    global _RUNNING
    if _RUNNING is not None:
        _RUNNING.stop()
        _RUNNING = None
