"""Pages: turn the indexed content into the site's files, from the templates in ``macros/``.

Page generation (:mod:`.generator`) and the navigation (:mod:`.navigation`), addresses and
links (:mod:`.urls`), charts (:mod:`.charts`, :mod:`.strategy_charts`), downloads, feeds, what
changed between versions, the field reference, Markdown and sanitising (:mod:`.text`,
:mod:`.sanitise`), brand colours and their contrast. Pages come out as Markdown with their
generated HTML blocks set aside (:mod:`.held_html`), for any renderer to finish.

May import: :mod:`strategies.content`, :mod:`strategies.workers`. Knows nothing of MkDocs or
Material, and builds no HTML in Python strings: templates do.
"""
