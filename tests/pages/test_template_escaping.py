"""Text placed into generated Markdown is escaped for Markdown, not only for HTML.

A heading line in a page template (``## {{ … }}``) is read by Markdown: there, HTML escaping
leaves ``{: onfocus=… }``, ``[x](javascript:…)`` and ``![](https://tracker…)`` live. Every value a
heading shows must go through ``md_escape``; a stable id (``{{ "{#" ~ id ~ "}" }}``, made of
characters an id allows) is the one exception. (The sanitiser behind it is tested with hostile
content: tests/pages/test_hostile_model.py.)"""

from __future__ import annotations

import re

from support import ROOT

HEADING = re.compile(r"^#{1,6} ")
VALUE = re.compile(r"{{(.*?)}}")


def test_every_value_in_a_template_heading_is_escaped_for_markdown():
    unescaped = []
    for template in sorted((ROOT / "macros").rglob("*.md.j2")):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), start=1):
            if not HEADING.match(line):
                continue
            for value in VALUE.findall(line):
                value = value.strip()
                if value.endswith("|md_escape") or value.startswith('"{#'):
                    continue
                unescaped.append(f"{template.relative_to(ROOT)}:{number}: {{{{ {value} }}}}")
    assert not unescaped, "add |md_escape:\n" + "\n".join(unescaped)
