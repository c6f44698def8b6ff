"""Workers: share independent work between processes. Generic: no content, pages or MkDocs.

:mod:`.forked` maps jobs over this process and workers forked from it (which start with
everything loaded); :mod:`.fresh` runs a function in fresh processes fed through pipes (for
long-lived helpers that need only what they are sent); :mod:`.fingerprint` digests values and
files, to tell what changed; :mod:`.disk_cache` keeps texts on disk between runs by key.

May import: nothing else of this project. Every other package may import it.
"""
