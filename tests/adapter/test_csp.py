"""Each page's Content-Security-Policy (mkdocs_adapter/csp.py): in the head before anything it
governs, allowing exactly the inline scripts the page holds. (The browser tests load every
page under it: tests/browser/test_privacy.py.)"""

from __future__ import annotations

import base64
import hashlib
import re

from bs4 import BeautifulSoup

from strategies.mkdocs_adapter import csp


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _script_sources(policy: str) -> list[str]:
    [directive] = [part for part in policy.split("; ") if part.startswith("script-src ")]
    return directive.split()[1:]


def test_only_scripts_a_browser_runs_are_allowed_by_hash():
    page = (
        f'<head><meta http-equiv="Content-Security-Policy" content="{csp.PLACEHOLDER}">'
        "<script>run(1)</script><script type='module'>run(2)</script>"
        '<script id="__config" type="application/json">{"not": "run"}</script>'
        '<script src="assets/site.js"></script><script type="text/plain" data-after-load="a.js"></script>'
        "<SCRIPT TYPE=text/javascript>run('é')</SCRIPT></head>"
    )
    built = csp.with_policy(page)
    policy = BeautifulSoup(built, "html.parser").find("meta", attrs={"http-equiv": "Content-Security-Policy"})[
        "content"
    ]
    assert sorted(_script_sources(policy)) == sorted(["'self'", _hash("run(1)"), _hash("run(2)"), _hash("run('é')")])
    assert "default-src 'self'" in policy and "object-src 'none'" in policy and "base-uri 'self'" in policy
    assert "'unsafe-eval'" not in policy and "script-src 'self' 'unsafe-inline'" not in policy


def test_a_page_without_the_placeholder_is_left_as_it_is():
    page = "<head><script>run()</script></head>"
    assert csp.with_policy(page) == page


def test_every_built_page_carries_its_policy_before_anything_it_governs(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    for path in pages:
        html = path.read_text(encoding="utf-8")
        tags = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        assert len(tags) == 1, path
        meta_at = html.index('http-equiv="Content-Security-Policy"')
        governed = [at for at in (html.find("<script"), html.find("<style"), html.find('rel="stylesheet"')) if at >= 0]
        assert meta_at < min(governed), path  # (the favicon's link before it is the site's own)
        inline = [
            script.string or ""
            for script in BeautifulSoup(html, "html.parser").find_all("script")
            if not script.get("src") and script.get("type", "") in ("", "text/javascript", "module")
        ]
        assert sorted(_script_sources(tags[0])) == sorted({"'self'", *map(_hash, inline)}), path
