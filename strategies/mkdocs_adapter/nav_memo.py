"""Render each closed branch of Material's navigation once per folder, not once per page (and
each of the theme's texts once a build).

Every page carries the navigation. With ``navigation.prune`` only the branch that leads to the
page is open; every other item (a strategy among forty, an action among fifty) is drawn closed,
the same on every page whose links start from the same place. Drawing those items again for
every page was a third of the time of filling Material's templates at the medium benchmark.

``macros/theme/partials/nav-item.html`` (Material's, with its ``render`` macro renamed
``render_item``) passes each item that is not open to :class:`NavMemo`, which gives what the
macro gave for the same item, at the same place in the navigation, on an earlier page whose
links start from the same folder; or renders it now, and keeps it.

Why that is the same: an item that is not open draws the same HTML on every page except for
its links' addresses, which MkDocs writes relative to the page (``get_relative_url``). An
address relative to a page in folder ``a/b/c/`` depends only on ``a/b/`` and the target,
unless the target lies within ``a/b/c/`` itself: items holding such a target are rendered for
the page, never kept. ``tests/adapter/test_nav_memo.py`` builds sites with and without it
and compares every page.
"""

from __future__ import annotations

from jinja2 import Undefined

VARIABLE = "strategies_nav_memo"  # the name templates find it by


class NavMemo:
    """The HTML of navigation items that are not open, by item, place and page folder."""

    def __init__(self) -> None:
        self._rendered: dict[tuple, str] = {}
        self._folders: dict[int, set[str]] = {}  # item -> every folder its addresses lie in
        self._texts: dict[str, str] = {}

    def text(self, look_up, key: str) -> str:
        """``look_up(key)``, Material's text for ``key`` in the site's language (the same on
        every page of a build), looked up once (``macros/theme/partials/language.html``)."""
        found = self._texts.get(key)
        if found is None:
            found = self._texts[key] = look_up(key)
        return found

    def __call__(self, render_item, nav_item, path, level, parent, page):
        """``render_item(nav_item, path, level, parent)``, from memory where it may be."""
        if page is None or isinstance(page, Undefined) or getattr(nav_item, "active", True):
            return render_item(nav_item, path, level, parent)
        folder = page.url
        name = folder.rpartition("/")[2]
        if "." in name:  # a page as a file (use_directory_urls: false): its folder
            folder = folder.rpartition("/")[0]
        folder = folder.strip("/")
        if folder in self._folders_of(nav_item):  # links to within the page's own folder
            return render_item(nav_item, path, level, parent)
        # (the parent's state changes the item only with navigation.tabs)
        parent_active = None if parent is None or isinstance(parent, Undefined) else bool(parent.active)
        key = (id(nav_item), path, level, parent_active, folder.rpartition("/")[0], folder.count("/"))
        html = self._rendered.get(key)
        if html is None:
            html = self._rendered[key] = render_item(nav_item, path, level, parent)
        return html

    def _folders_of(self, nav_item) -> set[str]:
        """Every folder that holds, or is, the address of an item in ``nav_item``'s branch."""
        found = self._folders.get(id(nav_item))
        if found is None:
            found = set()
            url = getattr(nav_item, "url", None)
            if isinstance(url, str) and "://" not in url:
                parts = [part for part in url.split("/") if part and part != "."]
                found.update("/".join(parts[:end]) for end in range(len(parts) + 1))
            for child in getattr(nav_item, "children", None) or ():
                found |= self._folders_of(child)
            self._folders[id(nav_item)] = found
        return found
