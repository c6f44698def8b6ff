"""What this adapter copied from Material, and the code of MkDocs, Material, Python-Markdown and
WeasyPrint it uses beyond their documented interfaces, in one list (matplotlib is used through
its public interface only): tests/adapter/test_upstream.py checks each against the installed
versions and, when an upgrade changes one, fails naming what to re-check.

When that test fails after an upgrade: compare the file or function named with the new
version, carry any change over into the copy (or the code that uses it), build and run
``make test``, then record the new digest or signature here.
"""

from __future__ import annotations

# Material's partials that macros/theme/ holds changed copies of, with the SHA-256 of Material's
# own file they were made from (mkdocs-material 9.8.2). The copies say what they change.
COPIED_PARTIALS = {
    "partials/nav-item.html": "89895208f22d68ce405a4bcb6649b9150eba5bbb04663a6cb3f93f02daf1d2f7",
    "partials/search.html": "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30",
    "partials/toc.html": "fde48f583563364b0e0e6865a5ab1e7060ec1826161f69f5cbee653e621b0f84",
}

# Undocumented names the adapter calls or imports: (module, name, the parameters it is called
# with, or None for a class or function whose signature it does not depend on; who uses it).
PRIVATE_NAMES = [
    (
        "mkdocs.commands.build",
        "_build_page",
        ["page", "config", "doc_files", "nav", "env", "dirty", "excluded"],
        "parallel_render.py (a worker renders a page as MkDocs would)",
    ),
    ("material.plugins.search.plugin", "SearchIndex", None, "parallel_search.py (its index, fed from a worker)"),
    ("material.plugins.search.plugin", "Parser", None, "search_sections.py (whose rules it keeps)"),
    ("material.plugins.search.plugin", "Element", None, "search_sections.py"),
    ("material.plugins.search.plugin", "Section", None, "search_sections.py"),
    ("material.plugins.search.plugin", "void", None, "search_sections.py"),
    (
        "markdown.extensions.attr_list",
        "AttrListTreeprocessor.assign_attrs",
        ["self", "elem", "attrs_string", "strict"],
        "safe_attr_list.py (which overrides it to set only ids and types)",
    ),
    ("markdown.extensions.attr_list", "get_attrs_and_remainder", ["attrs_string"], "safe_attr_list.py"),
    (
        "weasyprint.urls",
        "URLFetcher.fetch",
        ["self", "url", "headers"],
        "pdf.py (which overrides it to read only the built site's files)",
    ),
    (
        "weasyprint.urls",
        "URLFetcherResponse.__init__",
        ["self", "url", "body", "headers", "status", "kwargs"],
        "pdf.py",
    ),
]

# Material's script functions the theme's own scripts call (macros/theme/main.html).
SCRIPT_FUNCTIONS = {"__md_get": "partials/javascripts/base.html"}
