"""Pages: turn the indexed content into the site's files, from the templates in ``macros/``.

Page generation (:mod:`.generator`, in the template environment :mod:`.environment`, scheduled
by :mod:`.schedule`) and the navigation (:mod:`.navigation`), addresses and
links (:mod:`.urls`, with the websites links go to: :mod:`.hosts`), what is known of progress as
at a date (:mod:`.freshness`) and who answers for it (:mod:`.accountability`), who and where
each item serves (:mod:`.browse`), charts (:mod:`.charts`, :mod:`.strategy_charts`, drawn by
:mod:`.drawing` and placed by :mod:`.drawn_charts`), downloads (:mod:`.downloads`,
:mod:`.spreadsheets`, :mod:`.cells`), feeds (:mod:`.feeds`), what changed between versions
(:mod:`.changes`), the field reference (:mod:`.reference`), Markdown and sanitising
(:mod:`.text`, :mod:`.sanitise`), brand colours and their contrast (:mod:`.brand`,
:mod:`.contrast`). Pages come out as Markdown with their generated HTML blocks set aside
(:mod:`.held_html`), for any renderer to finish.

May import: :mod:`strategies.content`, :mod:`strategies.workers`. Knows nothing of MkDocs or
Material, and builds no HTML in Python strings: templates do.
"""
