"""strategies: publish public-sector strategies as accessible websites.

Loading, validation, the content model and page generation work without MkDocs;
:mod:`strategies.plugin` is the thin adapter that hands the pages to MkDocs.
"""

__version__ = "0.1.0"
