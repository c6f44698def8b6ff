"""A council's brand colours: checked for contrast at build time, then published as CSS.

The colours are set in mkdocs.yml under the strategies plugin's ``brand`` option. Each one is
checked against the background it is shown on, so a brand colour can never make text
unreadable. Backgrounds are set here too, so what is checked is exactly what is served.
"""

from __future__ import annotations

from dataclasses import dataclass

from .contrast import MINIMUM_TEXT_CONTRAST, contrast_ratio, parse_hex

LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#1b1d22"
DARK_TEXT = "#e9eaed"

DEFAULTS = {
    "primary": "#1d4f91",  # header and navigation bar
    "primary_text": "#ffffff",  # text and icons on the header
    "link": "#1d4f91",  # links on the light palette
    "link_dark": "#9cc4ff",  # links on the dark palette
}

# (colour, the background it sits on, where residents see it)
PAIRS = [
    ("primary_text", "primary", "text on the header bar"),
    ("link", "light_background", "links on the light palette"),
    ("link_dark", "dark_background", "links on the dark palette"),
    ("primary", "light_background", "the header colour used as text on the light palette"),
]


@dataclass
class Brand:
    colours: dict[str, str]

    @classmethod
    def from_config(cls, options: dict | None) -> tuple[Brand, list[str]]:
        """The brand from the plugin option, and a message for each colour that fails."""
        options = dict(options or {})
        problems = []
        unknown = sorted(set(options) - set(DEFAULTS))
        for key in unknown:
            problems.append(f"brand: '{key}' is not a brand colour. Use: {', '.join(DEFAULTS)}.")
        colours = {**DEFAULTS, **{k: str(v) for k, v in options.items() if k in DEFAULTS}}
        colours["light_background"] = LIGHT_BACKGROUND
        colours["dark_background"] = DARK_BACKGROUND
        for key, value in colours.items():
            try:
                parse_hex(value)
            except ValueError as error:
                problems.append(f"brand: {key}: {error}.")
        if problems:
            return cls(colours), problems
        advice = {"light_background": "a darker colour", "dark_background": "a lighter colour"}
        for fore, back, where in PAIRS:
            ratio = contrast_ratio(colours[fore], colours[back])
            if ratio < MINIMUM_TEXT_CONTRAST:
                problems.append(
                    f"brand: {fore} {colours[fore]} has a contrast ratio of {ratio:.2f}:1 against "
                    f"{colours[back]} ({where}); it needs at least {MINIMUM_TEXT_CONTRAST}:1 "
                    f"(WCAG 2.2, 1.4.3). Choose {advice.get(back, 'colours with more contrast')}."
                )
        return cls(colours), problems

    def css_variables(self) -> dict[str, dict[str, str]]:
        """Material's CSS custom properties for each palette, from the checked colours."""
        c = self.colours
        return {
            "light": {
                "--md-primary-fg-color": c["primary"],
                "--md-primary-fg-color--dark": c["primary"],
                "--md-primary-bg-color": c["primary_text"],
                "--md-default-bg-color": LIGHT_BACKGROUND,
                "--md-typeset-a-color": c["link"],
                "--md-accent-fg-color": c["link"],
            },
            "dark": {
                "--md-primary-fg-color": c["primary"],
                "--md-primary-fg-color--dark": c["primary"],
                "--md-primary-bg-color": c["primary_text"],
                "--md-default-bg-color": DARK_BACKGROUND,
                "--md-default-fg-color": DARK_TEXT,
                "--md-typeset-color": DARK_TEXT,
                "--md-typeset-a-color": c["link_dark"],
                "--md-accent-fg-color": c["link_dark"],
            },
        }
