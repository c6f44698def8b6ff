"""Rebuild only what an edit changed, when ``strategies serve`` rebuilds after a save.

MkDocs' own "dirty" mode re-renders files whose source is newer than their output; every
generated page and chart counts as new each time, so it would render them all. Here each
generated file is fingerprinted, and it is re-rendered only when its content changed since
the previous build of this ``serve`` session, or when something every page shows changed:
the navigation, the templates, the theme, the organisations or any strategy's structure.
Hand-written pages are always re-rendered (there are few, and the home page lists every
strategy). Unchanged strategies' pages and charts are not even made again (pages/generator.py).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, Files

from strategies.content.loader import ORGANISATIONS_DIR, REVISIONS_DIR, SETTINGS_FILE, STRATEGY_FILE, strategy_folders
from strategies.workers.fingerprint import digest, file_digest


def _tree(folder: Path) -> list:
    """Every file under ``folder``, as (relative path, fingerprint of its bytes)."""
    if not folder.exists():
        return []
    return [(str(p.relative_to(folder)), file_digest(p)) for p in sorted(folder.rglob("*")) if p.is_file()]


class Incremental:
    """What the previous build of a serve session made, to decide what to render again."""

    def __init__(self) -> None:
        self.enabled = False
        self.reuse: dict = {}  # for PageGenerator.pages: strategy id -> its pages and files
        self._shared: str | None = None  # fingerprint of what every page shows, at the last build
        self.shared_now = ""
        self._files: dict[str, tuple] = {}  # published path -> (fingerprint, the content itself)
        self._checked: dict[str, str] = {}  # strategy id -> its key when its checks last passed
        self._assets: dict[tuple, File] = {}  # (path, site folder, URL style) -> its File

    @staticmethod
    def strategy_ids(content_dir: Path) -> list[str]:
        """The folders of content/ that hold a strategy."""
        return [folder.name for folder in strategy_folders(content_dir) if (folder / STRATEGY_FILE).is_file()]

    def unchanged_since_checked(self, keys: dict[str, str]) -> frozenset[str]:
        """Strategies whose checks passed at a build since which nothing they show changed."""
        return frozenset(sid for sid, key in keys.items() if self._checked.get(sid) == key)

    def checks_passed(self, keys: dict[str, str]) -> None:
        """Every strategy passed its checks with these keys."""
        self._checked = dict(keys)

    def strategy_keys(self, content_dir: Path, macros_dir: Path, strategy_ids, settings) -> dict[str, str]:
        """A fingerprint per strategy of everything its pages show (empty when not enabled)."""
        if not self.enabled:
            return {}
        folders = {sid: content_dir / sid for sid in strategy_ids}
        structure = [
            (sid, file_digest(folder / STRATEGY_FILE), _tree(folder / REVISIONS_DIR))
            for sid, folder in sorted(folders.items())
        ]
        self.shared_now = digest(
            _tree(content_dir / ORGANISATIONS_DIR),
            _tree(macros_dir),
            settings,
            structure,
            file_digest(content_dir / SETTINGS_FILE),
        )
        return {sid: digest(self.shared_now, _tree(folder)) for sid, folder in folders.items()}

    def asset_file(self, config, path: str, content: str) -> File:
        """The File for a generated file that is not a page (a chart, a download, a feed):
        in `serve`, for unchanged content, the very File of the last build (making eighteen
        thousand anew after each save was a tenth of a large site's rebuild)."""
        key = (path, config.site_dir, config.use_directory_urls)
        earlier = self._assets.get(key)
        if earlier is not None and earlier.content_string is content:
            return earlier
        file = File.generated(config, path, content=content)
        if self.enabled:
            self._assets[key] = file
        return file

    def add(self, files: Files, file: File, *content: str) -> None:
        """Add a generated file, remembering whether its content (the file's text, and any
        HTML held out of it) changed since the last build."""
        if self.enabled:
            earlier = self._files.get(file.src_uri)
            if (
                earlier is not None
                and len(earlier[1]) == len(content)
                and all(now is then for now, then in zip(content, earlier[1]))
            ):
                changed = False  # the very texts of last time (a strategy's pages reused)
            else:
                fingerprint = digest(*content)
                changed = earlier is None or earlier[0] != fingerprint
                self._files[file.src_uri] = (fingerprint, content)
            # MkDocs asks each file is_modified(): this build's answer, set on the file
            file.is_modified = (lambda: True) if changed else (lambda: False)  # type: ignore[method-assign]
        files.append(file)

    def settle(self, files: Files, nav) -> None:
        """After every file is added: if what every page shows changed, render every page."""
        if not self.enabled:
            return
        shared = digest(self.shared_now, nav)
        everything = shared != self._shared
        self._shared = shared
        for file in files:
            if everything or (file.is_documentation_page() and file.abs_src_path is not None):
                file.is_modified = lambda: True  # type: ignore[method-assign]
