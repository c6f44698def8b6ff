"""strategies: publish public-sector strategies as accessible websites.

The pipeline, one sub-package a stage (ARCHITECTURE.md says more):

- :mod:`strategies.content` reads and checks the content (YAML and Markdown) and indexes it;
- :mod:`strategies.pages` turns the indexed content into pages, charts, downloads and feeds;
- :mod:`strategies.mkdocs_adapter` hands them to MkDocs, which renders the site, and publishes
  it atomically: the only package that knows MkDocs or Material;
- :mod:`strategies.commands` is the ``strategies`` command and the commands that write content;
- :mod:`strategies.workers` shares work between processes, for any of them; it knows no content.

Each may import only the packages listed before it (and ``workers``): an import contract in
pyproject.toml, checked by the test suite, keeps it so.
"""

__version__ = "0.1.0"
