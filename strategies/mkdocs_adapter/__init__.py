"""The MkDocs adapter: the only package that imports ``mkdocs`` or ``material``.

The plugin (:mod:`.plugin`) hands the generated pages, files and navigation to MkDocs;
:mod:`.publish` builds into a staging folder and swaps it in only when everything succeeded,
and serves; :mod:`.incremental` re-renders only what an edit touched; :mod:`.pdf` typesets each
strategy's whole-strategy page into a PDF. Python-Markdown's and Material's specifics:
:mod:`.table_regions` (wide tables in labelled regions) and :mod:`.safe_attr_list` (attribute
lists that set only ``id`` and ``type``), Markdown extensions; :mod:`.compact_html` and
:mod:`.inline_css` (each page's stylesheets, cut to what it uses); :mod:`.csp` (each page's
Content-Security-Policy); :mod:`.upstream` (what it copied from Material, and the undocumented
code it uses, checked against the installed versions by a test); :mod:`.progress` (the progress
line at a terminal). The rest is there for speed, with output identical and tested:
:mod:`.speed` (the ``speed`` settings, and the one place the plugin calls the speed code),
:mod:`.parallel_render` and :mod:`.parallel_search` with :mod:`.search_sections` (work shared
with other processes).

May import: :mod:`strategies.pages`, :mod:`strategies.content`, :mod:`strategies.workers`.
Moving to another renderer means replacing this package.
"""
