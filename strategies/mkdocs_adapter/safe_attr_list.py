"""Python-Markdown's attribute lists, limited to the attributes the site's own pages use.

Templates give some headings a stable id (``## Title {#id}``: an item's anchor on its
strategy's page, the field reference's blocks), and hand-written pages mark feed links
(``[Atom feed](feed.xml){ type="application/atom+xml" }``). Python-Markdown's ``attr_list``
does both, but it also turns ``{: onfocus=… autofocus }`` into live attributes: a door for
script, were text from content ever placed in generated Markdown unescaped. This is
``attr_list`` with every other attribute (handlers, styles, classes, tabindex…) dropped.
"""

from __future__ import annotations

from markdown.extensions.attr_list import AttrListExtension, AttrListTreeprocessor, get_attrs_and_remainder

ALLOWED = {"id", "type"}


class _SafeAttrList(AttrListTreeprocessor):
    def assign_attrs(self, elem, attrs_string: str, *, strict: bool = False) -> str:
        attrs, remainder = get_attrs_and_remainder(attrs_string)
        if strict and remainder:
            return remainder
        for name, value in attrs:
            if name in ALLOWED and value:
                elem.set(name, value)
        return remainder


class SafeAttrListExtension(AttrListExtension):
    """Register with Python-Markdown as ``strategies.mkdocs_adapter.safe_attr_list``."""

    def extendMarkdown(self, md):
        md.treeprocessors.register(_SafeAttrList(md), "attr_list", 8)
        md.registerExtension(self)


def makeExtension(**kwargs):
    return SafeAttrListExtension(**kwargs)
