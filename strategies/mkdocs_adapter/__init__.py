"""The MkDocs adapter: the only package that imports ``mkdocs`` or ``material``.

The plugin (:mod:`.plugin`) hands the generated pages, files and navigation to MkDocs;
:mod:`.publish` builds into a staging folder and swaps it in only when everything succeeded,
and serves; :mod:`.incremental` re-renders only what an edit touched. The rest is there for
speed or for Material's and Python-Markdown's specifics: :mod:`.parallel_render`,
:mod:`.parallel_search`, :mod:`.search_sections`, :mod:`.parallel_assets` (work shared with
other processes, output identical, tested), :mod:`.compact_html`, :mod:`.table_regions`
(a Markdown extension), :mod:`.progress` (the progress line at a terminal).

May import: :mod:`strategies.pages`, :mod:`strategies.content`, :mod:`strategies.workers`.
Moving to another renderer means replacing this package.
"""
