"""Each page's Content-Security-Policy, in a ``<meta>`` tag: GitHub Pages cannot send headers.

The policy lets a page run only the site's own script files and the inline scripts its
template wrote (each allowed by its SHA-256 hash, worked out from the page as built), load
images, fonts, stylesheets and data only from the site itself, and send forms nowhere else. So
a script that reached a page some other way (content that got past the sanitiser, a
compromised file elsewhere) does not run, and no page can load anything from a third party.
The template (macros/theme/main.html) writes the tag with :data:`PLACEHOLDER` as its content,
early in the head; :func:`with_policy` fills in the policy for the page.

What a ``<meta>`` policy cannot do, and needs a host that sends headers (a proxy in front of
GitHub Pages, or another host): ``frame-ancestors`` (refusing to be framed by another site),
``report-uri`` and ``sandbox``. Styles stay ``'unsafe-inline'``: every page holds its
stylesheets inline (inline_css.py), and charts and Material's icons use style attributes.
"""

from __future__ import annotations

import base64
import hashlib
import re

PLACEHOLDER = "strategies-content-security-policy"  # what the template writes as the tag's content
VARIABLE = "content_security_policy"  # the name the template finds it by

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_SOURCE = re.compile(r"\ssrc\s*=", re.I)
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]*)""", re.I)
_RUNS = {"", "text/javascript", "application/javascript", "module"}  # types a browser runs


def _inline_scripts(html: str) -> list[str]:
    """The text of each inline script in ``html`` that a browser would run."""
    found = []
    for attributes, body in _SCRIPT.findall(html):
        kind = _TYPE.search(attributes)
        if not _SOURCE.search(attributes) and (kind.group(1).lower() if kind else "") in _RUNS:
            found.append(body)
    return found


def policy(html: str) -> str:
    """The policy for a page: its own inline scripts, by hash, and the site's own files."""
    hashes = sorted(
        {
            "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
            for body in _inline_scripts(html)
        }
    )
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(["script-src 'self'", *hashes]),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def with_policy(html: str) -> str:
    """A built page with its policy in place of the template's placeholder (a page without
    one, such as a feed or a page a comms team's own template made, is returned unchanged)."""
    tag = f'content="{PLACEHOLDER}"'
    if tag not in html:
        return html
    return html.replace(tag, f'content="{policy(html)}"', 1)
