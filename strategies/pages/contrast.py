"""Colour contrast (WCAG 2.2 success criterion 1.4.3), for colours a council configures."""

from __future__ import annotations

import re

_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
MINIMUM_TEXT_CONTRAST = 4.5


def parse_hex(colour: str) -> tuple[int, int, int]:
    """'#1d4f91' or '#fff' as an (r, g, b) tuple; ValueError if it is not a hex colour."""
    match = _HEX.match(colour.strip())
    if not match:
        raise ValueError(f"'{colour}' is not a colour: write it as #rrggbb, e.g. #1d4f91")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    red, green, blue = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return red, green, blue


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in parse_hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG contrast ratio between two colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
