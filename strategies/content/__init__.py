"""Content: read, check and index what officers write under ``content/``.

YAML read with the line and column of every value (:mod:`.yaml_source`), the content model
declared once (:mod:`.model`, pydantic), officer-readable messages (:mod:`.messages`,
:mod:`.problems`), loading every file and collecting every problem in one run (:mod:`.loader`,
with a forked reader for large sites: :mod:`.parallel_load`), reading only ordinary files inside
the project (:mod:`.files`) and the strategy's own images (:mod:`.images`), checks across files
(:mod:`.checks`, :mod:`.xrefs`), measure data (:mod:`.measure_data`), the JSON Schemas
(:mod:`.schema`), the plain-English warnings (:mod:`.style`) and the loaded site indexed by id
(:mod:`.site`).

May import: :mod:`strategies.workers`. Knows nothing of pages, templates or MkDocs.
"""
