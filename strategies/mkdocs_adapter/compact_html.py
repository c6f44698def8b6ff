"""Take the indentation out of built pages: a fifth to a third of each page's bytes.

Material's templates indent their HTML deeply (the navigation most of all), and every byte
is downloaded by every reader. Leading whitespace on a line never changes how HTML displays,
except inside <pre> and <textarea>, which are left exactly as they are.

Every built page passes through here, so Material's stylesheets are put into the page here
too, cut to the rules the page uses (inline_css.py), after the indentation goes (they are minified).
"""

from __future__ import annotations

import re

from .inline_css import INDENTATION, inline_stylesheets

_KEEP = re.compile(r"(<pre[\s>].*?</pre>|<textarea[\s>].*?</textarea>)", re.DOTALL | re.IGNORECASE)


def compact(html: str) -> str:
    """The page with Material's stylesheets inline (inline_css.py), and without indentation or
    blank lines outside <pre> and <textarea>."""
    parts = _KEEP.split(html)
    for index in range(0, len(parts), 2):  # even parts are outside the kept elements
        parts[index] = INDENTATION.sub("\n", parts[index])
    # Then the stylesheets (minified: nothing there to compact, and they are most of the page).
    return inline_stylesheets("".join(parts))
