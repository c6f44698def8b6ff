"""The website a link goes to, named for its label ("on warrington.gov.uk"), so a link's text
says whose website it really is instead of assuming it is the council's."""

from __future__ import annotations

from urllib.parse import urlsplit


def link_host(address: str | None) -> str:
    """The host a web address leads to, lower-case and without a leading 'www.'
    ('warrington.gov.uk' for https://www.warrington.gov.uk/news); '' where it names none
    (mailto:, or an address too malformed to tell). A name before an '@' is not the host:
    https://gov.uk@example.org/ leads to example.org, and this says so."""
    try:
        host = urlsplit(str(address or "")).hostname or ""
    except ValueError:  # e.g. an unclosed '[' where an IPv6 address would be
        return ""
    host = host.rstrip(".")
    return host[4:] if host.startswith("www.") and host.count(".") > 1 else host
