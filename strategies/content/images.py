"""Images in content: files in the strategy's own ``images/`` folder, never from another website.

An officer writes ``![What the map shows](images/wards-map.png)`` in any text of a strategy, its
pages or its progress reports, and saves the file as ``content/<strategy>/images/wards-map.png``;
the site publishes it beside the strategy's pages. An image from another website would tell
that website who reads every page it is on (and could change after it was checked), so an
address with a scheme or a host is a problem at its line, as is a missing file, a file that is
not an ordinary picture, or an image with no description for people who cannot see it.
An old version has its own ``images/`` (``strategies release`` copies the images it shows), so it
keeps its pictures when the current ones change; a version released without one uses the strategy's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from pydantic import BaseModel

from .files import is_blocked
from .problems import Location, Problems
from .xrefs import text_fields

IMAGES_DIR = "images"
SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
MAX_IMAGE_BYTES = 5 * 1024 * 1024

_MARKDOWN_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^\s)>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_HTML_IMAGE = re.compile(r"<img\b(?P<attributes>[^>]*)>", re.I)
_ATTRIBUTE = re.compile(r"""\b(src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def images_in(text: str) -> Iterator[tuple[int, str | None, str]]:
    """Each image in Markdown text (or HTML in it): (offset, description, address)."""
    for match in _MARKDOWN_IMAGE.finditer(text):
        yield match.start(), match.group("alt").strip(), match.group("src")
    for match in _HTML_IMAGE.finditer(text):
        found: dict[str, str] = {}
        for name, double, single, bare in _ATTRIBUTE.findall(match.group("attributes")):
            found.setdefault(name.lower(), double or single or bare)
        yield match.start(), found.get("alt", "").strip(), found.get("src", "")


def own_image_name(src: str) -> str | None:
    """``images/<name>`` for an address in the strategy's images folder (written from the
    strategy's folder, or from its pages/ folder as ``../images/<name>``), else None."""
    src = src.strip()
    if src.startswith("../"):
        src = src[3:]
    parts = src.split("/")
    if len(parts) == 2 and parts[0] == IMAGES_DIR and parts[1] and not parts[1].startswith("."):
        return src
    return None


def _problem(src: str, alt: str | None, folder: Path, strategy_id: str | None, unsafe) -> str | None:
    where = f"content/{strategy_id}/{IMAGES_DIR}/"
    name = own_image_name(src)
    if ":" in src.split("/", 1)[0] or src.startswith("//"):
        return (
            f"images must be files on this site, not from another website (which would learn who "
            f"reads the page): save the image in {where} and write ![{alt or 'What it shows'}](images/<file name>)."
        )
    if name is None:
        return (
            f"images must be in this strategy's images folder: save it in {where} and write "
            f"![{alt or 'What it shows'}](images/<file name>)."
        )
    if not alt:
        return (
            "this image has no description: write what it shows between the square brackets, "
            "e.g. ![Map of the borough's wards](images/wards.png), for people who cannot see it."
        )
    path = folder / name
    if not path.name.lower().endswith(SUFFIXES):
        return "images must be PNG, JPEG, GIF or WebP files (.png, .jpg, .gif, .webp)."
    if is_blocked(path, unsafe):
        return None  # reported where the content was walked
    if not path.is_file():
        return f"there is no image '{path.name}' in {where}: add it there, or check the file name."
    if path.stat().st_size > MAX_IMAGE_BYTES:
        return (
            f"the image '{path.name}' is more than {MAX_IMAGE_BYTES // 1024 // 1024} MB: make it smaller "
            "(residents on phones download it), then add it again."
        )
    return None


def check_images(
    texts: Iterator[tuple[str, Callable[[int], Location]]],
    folder: Path | None,
    strategy_id: str | None,
    problems: Problems,
    unsafe=frozenset(),
) -> dict[str, Path]:
    """Report every image in ``texts`` ((text, locate) pairs) that the site cannot publish;
    return the strategy's images used, by ``images/<name>``. Outside a strategy (organisations,
    site settings) there is no images folder: every image is a problem."""
    used = {}
    for text, locate in texts:
        if "![" not in text and "<" not in text:
            continue  # most texts: nothing to look for
        for offset, alt, src in images_in(text):
            message: str | None
            if folder is None:
                message = "images can only be used in a strategy's text, pages and progress reports."
            else:
                message = _problem(src, alt, folder, strategy_id, unsafe)
            if message:
                problems.add(locate(offset), message)
            elif folder is not None and (name := own_image_name(src)):  # (no folder: a message above)
                used[name] = folder / name
    return used


def block_texts(block: BaseModel) -> Iterator[tuple[str, Callable[[int], Location]]]:
    """Every text of a block and the blocks inside it, with a way to locate an offset in it."""
    for inner, field, index, text in text_fields(block):

        def locate(offset: int, b=inner, f=field, i=index, t=text) -> Location:
            return b.where_in_text(f, i, offset, t)

        yield text, locate


def page_texts(pages) -> Iterator[tuple[str, Callable[[int], Location]]]:
    """Each narrative page's body, with a way to locate an offset in it."""
    for page in pages:

        def locate(offset: int, page=page) -> Location:
            return Location(page.location.file, page.location.line + page.body.count("\n", 0, offset), 1)

        yield page.body, locate
