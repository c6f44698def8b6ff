"""The checking logic of the browser tests, shared by the real site and the hand-made broken pages.

Checks a keyboard or text-size user would notice (skip link, focus, reflow, enlarged text) run
in the page through Playwright. Each returns a list of problems in plain words, empty when the
page passes, so the same functions prove on deliberately broken pages that they can fail. They
take a Playwright Page already showing the page to check.

Also here: the guard that blocks and records requests to other hosts, and the report formats.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

# Shared JavaScript: a short, readable description of an element, and "can a person see it?".
JS_HELPERS = r"""
const describe = (el) => {
  if (!el) return 'nothing';
  if (el === document.body) return 'the page body (no element)';
  let s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  const cls = [...el.classList].filter(c => c !== 'focus-visible').slice(0, 3);
  if (cls.length) s += '.' + cls.join('.');
  const href = el.getAttribute('href');
  if (href) s += `[href="${href.length > 60 ? href.slice(0, 57) + '...' : href}"]`;
  const text = (el.innerText || el.getAttribute('aria-label') || el.title || '').trim().replace(/\s+/g, ' ');
  if (text) s += ` "${text.length > 40 ? text.slice(0, 37) + '...' : text}"`;
  return s;
};
const rendered = (el) => el.getClientRects().length > 0 &&
  el.checkVisibility({opacityProperty: true, visibilityProperty: true});
const visuallyHidden = (el) => {
  for (let e = el; e && e !== document.body; e = e.parentElement) {
    const cs = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    if ((cs.position === 'absolute' || cs.position === 'fixed') && (r.width <= 1 || r.height <= 1)) return true;
    if (cs.clip !== 'auto' && cs.position !== 'static') return true;
    if (cs.clipPath !== 'none' && /inset\(50%|circle\(0|polygon\(0px 0px, 0px 0px/.test(cs.clipPath)) return true;
    if (e.getAttribute('aria-hidden') === 'true') return true;
  }
  return false;
};
const finishTransitions = () => {
  for (const a of document.getAnimations()) { try { a.finish(); } catch (e) { /* infinite */ } }
};
// Let the page's own focus handlers run (Material opens its search box from one), then jump
// every CSS transition to its end, so styles are read as a person sees them once things settle.
const settle = async () => {
  await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  finishTransitions();
};
"""


def _js(body: str) -> str:
    """An (async) function expression for page.evaluate with the helpers in scope."""
    return "async (arg) => {" + JS_HELPERS + body + "}"


# --- (a) skip link ------------------------------------------------------------------------------

_FOCUSED = _js(r"""
  await settle();
  const el = document.activeElement;
  const r = el ? el.getBoundingClientRect() : null;
  const cs = el ? getComputedStyle(el) : null;
  return {
    describe: describe(el),
    tag: el ? el.tagName.toLowerCase() : '',
    href: el && el.getAttribute('href') || '',
    text: el ? (el.innerText || el.textContent || '').trim() : '',
    rect: r ? [r.left, r.top, r.width, r.height] : null,
    viewport: [innerWidth, innerHeight],
    opacity: cs ? cs.opacity : null,
    visibility: cs ? cs.visibility : null,
  };
""")

_AFTER_SKIP = _js(r"""
  await settle();
  const content = document.querySelector(arg.content);
  const id = decodeURIComponent(arg.href.slice(1));
  const target = document.getElementById(id);
  const active = document.activeElement;
  const r = target ? target.getBoundingClientRect() : null;
  return {
    hash: location.hash,
    targetExists: !!target,
    targetInContent: !!(target && content && content.contains(target)),
    targetTop: r ? r.top : null,
    activeInContent: !!(active && active !== document.body && content && content.contains(active)),
    viewportHeight: innerHeight,
  };
""")

_ACTIVE_IN = _js(r"""
  const content = document.querySelector(arg);
  const el = document.activeElement;
  return {inContent: !!(el && el !== document.body && content && content.contains(el)), describe: describe(el)};
""")


def _visible_in_viewport(info) -> bool:
    if not info["rect"]:
        return False
    left, top, width, height = info["rect"]
    vw, vh = info["viewport"]
    return (
        width >= 1
        and height >= 1
        and left >= -0.5
        and top >= -0.5
        and left + width <= vw + 0.5
        and top + height <= vh + 0.5
        and float(info["opacity"]) >= 0.99
        and info["visibility"] == "visible"
    )


def skip_link_problems(page, content: str = ".md-content") -> list[str]:
    """Tab once from a freshly loaded page: a visible skip link, which moves the reader into `content`."""
    page.keyboard.press("Tab")
    info = page.evaluate(_FOCUSED)
    if not (
        info["tag"] == "a" and info["href"].startswith("#") and len(info["href"]) > 1 and "skip" in info["text"].lower()
    ):
        return [
            f"the first Tab focuses {info['describe']}, not a skip link (an in-page link such as 'Skip to content')"
        ]
    problems = []
    # Material slides the link in: give a transition time to finish before judging.
    deadline = time.monotonic() + 1.5
    while not _visible_in_viewport(info) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
        info = page.evaluate(_FOCUSED)
    if not _visible_in_viewport(info):
        problems.append(
            f"the skip link {info['describe']} has focus but cannot be seen: box "
            f"{[round(v) for v in info['rect'] or []]} in a {info['viewport'][0]}x{info['viewport'][1]} "
            f"viewport, opacity {info['opacity']}, visibility {info['visibility']}"
        )
    page.keyboard.press("Enter")
    page.wait_for_timeout(50)
    after = page.evaluate(_AFTER_SKIP, {"content": content, "href": info["href"]})
    if not after["targetExists"]:
        problems.append(f"the skip link points at {info['href']}, but no element has that id")
    elif not after["targetInContent"]:
        problems.append(f"the skip link's target {info['href']} is outside the main content ({content})")
    else:
        near_top = after["targetTop"] is not None and -1 <= after["targetTop"] <= after["viewportHeight"] / 3
        if not (after["activeInContent"] or near_top):
            problems.append(
                f"after Enter on the skip link the target {info['href']} is {round(after['targetTop'])}px "
                "from the top of the viewport and focus is not in the main content"
            )
    page.keyboard.press("Tab")
    following = page.evaluate(_ACTIVE_IN, content)
    if not following["inContent"]:
        problems.append(
            f"after using the skip link, the next Tab focuses {following['describe']}, "
            f"outside the main content ({content})"
        )
    return problems


# --- (b) every link and button reachable by Tab, each with a visible focus indicator ------------

_STYLE_PROPS = [
    "outlineStyle",
    "outlineWidth",
    "outlineColor",
    "boxShadow",
    "backgroundColor",
    "color",
    "textDecorationLine",
    "textDecorationColor",
    "textDecorationThickness",
    "borderTopColor",
    "borderBottomColor",
    "borderBottomWidth",
    "borderTopWidth",
    "opacity",
    "backgroundImage",
]

_PREPARE_FOCUS_PROBE = _js(
    r"""
  if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
  if (arg.settle) await settle(); else finishTransitions();  // (no animation frames with JavaScript off)
  const props = %PROPS%;
  const snapshot = (el) => { const cs = getComputedStyle(el); const o = {}; for (const p of props) o[p] = cs[p]; return o; };
  window.__probeBefore = new Map();
  let n = 0;
  for (const el of document.querySelectorAll('body *')) {
    if (el.tabIndex >= 0 || el.matches('a[href], button, label')) {
      el.dataset.probe = String(n++);
      window.__probeBefore.set(el.dataset.probe, snapshot(el));
    }
  }
  const content = document.querySelector(arg.content);
  const expected = [];
  if (content) {
    for (const el of content.querySelectorAll('a[href], button')) {
      if (el.disabled || !rendered(el) || el.closest('[inert], details:not([open]) > :not(summary)')) continue;
      expected.push({probe: el.dataset.probe, describe: describe(el)});
    }
  }
  return {expected, tabbable: [...document.querySelectorAll('body *')].filter(e => e.tabIndex >= 0 && rendered(e)).length};
""".replace("%PROPS%", repr(_STYLE_PROPS))
)

_FOCUS_STOP = _js(
    r"""
  if (arg.settle) await settle(); else finishTransitions();
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const props = %PROPS%;
  const alpha = (c) => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return 1; const v = m[1].split(/[ ,\/]+/).filter(Boolean); return v.length > 3 ? parseFloat(v[3]) : 1; };
  // What shows focus: the element, or for a hidden form control its label, or the label right
  // after it that stands in for it on screen (Material's palette toggle is a zero-size radio
  // button followed by the label of the other palette, styled by `.md-option:focus + label`).
  const next = el.matches('input') && el.nextElementSibling && el.nextElementSibling.matches('label')
    ? [el.nextElementSibling] : [];
  const shown = [el, ...(el.labels ? [...el.labels] : []), ...next].filter(e => e === el || rendered(e));
  const reasons = [];
  for (const e of shown) {
    const cs = getComputedStyle(e);
    const now = {}; for (const p of props) now[p] = cs[p];
    const before = window.__probeBefore.get(e.dataset.probe);
    const who = e === el ? '' : ' (on its label)';
    if (now.outlineStyle !== 'none' && parseFloat(now.outlineWidth) > 0 && alpha(now.outlineColor) > 0) reasons.push('outline' + who);
    if (now.boxShadow !== 'none' && (!before || before.boxShadow !== now.boxShadow)) reasons.push('box-shadow' + who);
    if (before) {
      for (const p of ['backgroundColor', 'backgroundImage', 'color', 'textDecorationLine', 'textDecorationColor',
                       'textDecorationThickness', 'borderTopColor', 'borderBottomColor', 'borderBottomWidth',
                       'borderTopWidth', 'opacity']) {
        if (before[p] !== now[p]) reasons.push(p + who);
      }
    }
  }
  // Focus not obscured (WCAG 2.4.11): some part of what shows focus must be the topmost thing on screen.
  const points = [[0.5, 0.5], [0.1, 0.1], [0.9, 0.1], [0.1, 0.9], [0.9, 0.9]];
  let seen = false, coveredBy = null;
  for (const e of shown) {
    const r = e.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    for (const [fx, fy] of points) {
      const x = r.left + r.width * fx, y = r.top + r.height * fy;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      const top = document.elementFromPoint(x, y);
      if (top && (e.contains(top) || top.contains(e))) { seen = true; break; }
      coveredBy = coveredBy || describe(top);
    }
    if (seen) break;
  }
  const cs = getComputedStyle(el);
  return {probe: el.dataset.probe || null, describe: describe(el), reasons, seen,
          coveredBy,
          outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`};
""".replace("%PROPS%", repr(_STYLE_PROPS))
)


def keyboard_focus_problems(
    page, content: str = ".md-content", max_stops: int = 150, javascript: bool = True
) -> tuple[list[str], int]:
    """Tab through the page from the top.

    Problems: a link or button in `content` that never receives focus; a focused element with
    no visible focus indicator (an outline, a box-shadow, or a change of colour, background,
    underline, border or opacity from its unfocused state); a focused element entirely hidden
    behind something else. Returns (problems, number of Tab stops taken). javascript=False for
    a page shown with JavaScript off (its transitions are then read as they stand).
    """
    setup = page.evaluate(_PREPARE_FOCUS_PROBE, {"content": content, "settle": javascript})
    expected = {item["probe"]: item["describe"] for item in setup["expected"]}
    limit = max(max_stops, setup["tabbable"] + 5)
    problems: list[str] = []
    reached: set[str] = set()
    first = None
    stops = 0
    for _ in range(limit):
        stops += 1
        page.keyboard.press("Tab")
        stop = page.evaluate(_FOCUS_STOP, {"settle": javascript})
        if stop is None:  # focus left the document: the whole page has been tabbed through
            break
        key = stop["probe"] or stop["describe"]
        if key == first:  # wrapped round to the start
            break
        first = first or key
        reached.add(stop["probe"])
        if not stop["reasons"]:
            problems.append(
                f"no visible focus indicator on {stop['describe']} "
                f"(outline {stop['outline']}; no box-shadow, colour or background change)"
            )
        if not stop["seen"]:
            where = (
                f"it is entirely hidden behind {stop['coveredBy']}"
                if stop["coveredBy"]
                else "it has no size or is off-screen"
            )
            problems.append(f"{stop['describe']} has focus but cannot be seen: {where}")
    else:
        problems.append(f"gave up after {limit} Tab presses without reaching the end of the page")
    for probe, description in expected.items():
        if probe not in reached:
            problems.append(f"never receives focus from the keyboard: {description}")
    return problems, stops


# --- (c) reflow: no page-level horizontal scrolling; scrollable regions usable by keyboard --------

_REFLOW = _js(r"""
  await settle();
  const problems = [];
  const vw = innerWidth;
  const doc = document.documentElement;
  const clipsX = (el) => { const o = getComputedStyle(el).overflowX; return o !== 'visible'; };
  if (doc.scrollWidth > vw) {
    // Name the outermost elements that stick out to the right, outside any scroll region.
    const culprits = [];
    for (const el of document.querySelectorAll('body *')) {
      if (!rendered(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.right <= vw + 0.5) continue;
      let inside = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (clipsX(p) || p.getBoundingClientRect().right > vw + 0.5) { inside = true; break; }
      }
      if (!inside) culprits.push(`${describe(el)} (right edge at ${Math.round(r.right)}px)`);
    }
    problems.push(`the page scrolls sideways: ${doc.scrollWidth}px wide in a ${vw}px viewport` +
      (culprits.length ? `; too wide: ${culprits.slice(0, 3).join('; ')}` + (culprits.length > 3 ? ` and ${culprits.length - 3} more` : '') : ''));
  }
  for (const el of document.querySelectorAll('body *')) {
    const cs = getComputedStyle(el);
    if (!rendered(el)) continue;
    if (cs.position === 'fixed' || cs.position === 'sticky') {
      const r = el.getBoundingClientRect();
      if (r.right > vw + 1 && r.left < vw && r.width > 0 && el.innerText.trim())
        problems.push(`${describe(el)} is ${cs.position} and sticks out past the right edge (${Math.round(r.right)}px), where no one can scroll to it`);
    }
    if (!['auto', 'scroll'].includes(cs.overflowX) || el.scrollWidth <= el.clientWidth) continue;
    // The tabindex attribute, not the tabIndex property: Chromium alone makes scrollers focusable
    // (and reports tabIndex 0 for them); other browsers need tabindex="0".
    const focusable = parseInt(el.getAttribute('tabindex'), 10) >= 0 ||
      el.matches('a[href], button, input, select, textarea, summary, [contenteditable=""], [contenteditable="true"]');
    let name = (el.getAttribute('aria-label') || '').trim();
    if (!name && el.getAttribute('aria-labelledby')) {
      name = el.getAttribute('aria-labelledby').split(/\s+/).map(id => document.getElementById(id))
        .filter(Boolean).map(e => e.textContent.trim()).join(' ').trim();
    }
    if (!name) { const caption = el.querySelector('caption'); if (caption) name = caption.textContent.trim(); }
    const missing = [];
    if (!focusable) missing.push('cannot be focused by keyboard (needs tabindex="0")');
    if (!name) missing.push('has no accessible name (aria-label, aria-labelledby or a caption)');
    if (missing.length)
      problems.push(`scrollable region ${describe(el)} (${el.scrollWidth}px of content in ${el.clientWidth}px) ${missing.join(' and ')}`);
  }
  return problems;
""")


def reflow_problems(page) -> list[str]:
    """At the current viewport: no sideways page scroll, and every sideways-scrolling region is
    keyboard focusable and named (so a keyboard user can scroll it and knows what it is)."""
    return page.evaluate(_REFLOW)


# --- (d) text resized to 200% -------------------------------------------------------------------

_ROOT_FONT_SIZE = "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"

_CLIPPED_TEXT = _js(r"""
  await settle();
  const problems = [];
  const vw = innerWidth;
  const doc = document.documentElement;
  if (doc.scrollWidth > vw) problems.push(`the page scrolls sideways: ${doc.scrollWidth}px wide in a ${vw}px viewport`);
  for (const el of document.querySelectorAll('body *')) {
    const cs = getComputedStyle(el);
    const clipX = ['hidden', 'clip'].includes(cs.overflowX), clipY = ['hidden', 'clip'].includes(cs.overflowY);
    if (!clipX && !clipY) continue;
    const overX = clipX && el.scrollWidth > el.clientWidth + 1;
    const overY = clipY && el.scrollHeight > el.clientHeight + 1;
    if (!overX && !overY) continue;
    if (!rendered(el) || !(el.innerText || '').trim() || visuallyHidden(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right <= 0 || r.left >= vw) continue;  // parked off-screen on purpose (e.g. a closed drawer)
    const parts = [];
    if (overX) parts.push(`${el.scrollWidth}px of text in ${el.clientWidth}px wide`);
    if (overY) parts.push(`${el.scrollHeight}px of text in ${el.clientHeight}px high`);
    problems.push(`text cut off in ${describe(el)}: ${parts.join(', ')} with overflow ${cs.overflowX}/${cs.overflowY}` +
                  (cs.textOverflow === 'ellipsis' ? ' (ellipsis)' : ''));
  }
  return problems;
""")


def enlarge_text(page, factor: float = 2.0) -> tuple[float, float]:
    """Make text `factor` times bigger the way a resident does without zooming: the browser's
    default font size (Chrome's Settings > Appearance > Font size), which scales rem and em sizes
    and em-based media queries alike, so the layout responds as it would for them.

    A page that fixes its root font size in px ignores that setting; then the root font size is
    set directly instead. Returns the root font size before and after, in px.
    """
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 16, "fixed": 13}})  # Chrome's defaults
    before = page.evaluate(_ROOT_FONT_SIZE)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": round(16 * factor), "fixed": round(13 * factor)}})
    cdp.detach()
    after = page.evaluate(_ROOT_FONT_SIZE)
    if abs(after - before * factor) > 0.5:
        page.evaluate("(px) => { document.documentElement.style.fontSize = px + 'px'; }", before * factor)
        after = page.evaluate(_ROOT_FONT_SIZE)
    page.evaluate(_js("await settle();"))
    return before, after


def clipped_text_problems(page) -> list[str]:
    """Text that can no longer be read: cut off by a box with hidden overflow, or pushed off-screen
    sideways. Visually hidden text (screen-reader only, off-screen skip links) is ignored."""
    return page.evaluate(_CLIPPED_TEXT)


# --- (e) tables on a phone: every cell on screen; card tables label every value -----------------

_TABLE_CELLS_OFF_SCREEN = _js(r"""
  for (const details of document.querySelectorAll('details')) details.open = true;  // chart data too
  if (arg.settle) await settle();  // (animation frames never come with JavaScript off)
  const vw = document.documentElement.clientWidth;
  const problems = [];
  for (const table of document.querySelectorAll('table')) {
    const caption = table.caption ? table.caption.textContent.trim().replace(/\s+/g, ' ') : '';
    let cells = 0;
    const off = [];
    for (const cell of table.querySelectorAll('th, td')) {
      if (!rendered(cell) || visuallyHidden(cell)) continue;
      cells++;
      const r = cell.getBoundingClientRect();
      if (r.left < -0.5 || r.right > vw + 0.5) off.push(`${describe(cell)} at ${Math.round(r.left)}–${Math.round(r.right)}px`);
    }
    if (!off.length) continue;
    const labelled = table.querySelector('td[data-label]') !== null;
    problems.push(`table "${caption || describe(table)}": ${off.length} of ${cells} cells lie outside the ${vw}px ` +
      `viewport (${off.slice(0, 2).join('; ')})` + (labelled ? '' :
      '; its cells have no data-label: make it with table_open(..., cards=true) and label every cell'));
  }
  return problems;
""")


def table_cells_off_screen(page, javascript: bool = True) -> list[str]:
    """Tables whose visible cells (any <details> opened first) do not all lie within the
    viewport's width: a reader would have to scroll sideways, inside the table's region, to
    see them. Cells hidden only visually (card tables' column names) are not counted.
    javascript=False for a page shown with JavaScript off."""
    return page.evaluate(_TABLE_CELLS_OFF_SCREEN, {"settle": javascript})


_CARD_TABLES = _js(r"""
  for (const details of document.querySelectorAll('details')) details.open = true;
  if (arg.settle) await settle();
  const problems = [];
  for (const table of document.querySelectorAll('.table-region--cards table')) {
    const caption = table.caption ? table.caption.textContent.trim().replace(/\s+/g, ' ') : describe(table);
    const unlabelled = [...table.querySelectorAll('td')].filter(td => !(td.getAttribute('data-label') || '').trim());
    if (unlabelled.length)
      problems.push(`table "${caption}": ${unlabelled.length} cells have no data-label, e.g. ${describe(unlabelled[0])}`);
    if (table.getAttribute('role') !== 'table')
      problems.push(`table "${caption}" has no role="table"`);
    for (const [selector, role] of [['thead, tbody, tfoot', 'rowgroup'], ['tr', 'row'], ['th[scope=col]', 'columnheader'],
                                     ['tbody th, tfoot th', 'rowheader'], ['td', 'cell']]) {
      const missing = [...table.querySelectorAll(selector)].filter(el => el.getAttribute('role') !== role);
      if (missing.length) problems.push(`table "${caption}": ${missing.length} of its ${selector} lack role="${role}"`);
    }
    if (!arg.cards) continue;
    for (const row of table.querySelectorAll('tbody tr, tfoot tr')) {
      if (getComputedStyle(row).display !== 'flex') { problems.push(`table "${caption}": its rows are not cards`); break; }
      const title = row.querySelector('th');
      const values = [...row.querySelectorAll('td')].filter(td => rendered(td));
      for (const td of values) {
        const label = td.getAttribute('data-label') || '';
        const shown = getComputedStyle(td, '::before').content;
        if (label && !shown.includes(label)) {
          problems.push(`table "${caption}": ${describe(td)} does not show its label "${label}" (::before is ${shown})`);
          break;
        }
      }
      const tops = values.map(td => td.getBoundingClientRect().top);
      if (title && tops.some(top => top < title.getBoundingClientRect().top))
        problems.push(`table "${caption}": a value is shown above the row's title, ${describe(title)}`);
      const status = row.querySelector('td.status-cell');
      if (title && status && tops.some(top => top < status.getBoundingClientRect().top - 0.5 &&
                                             top > title.getBoundingClientRect().top))
        problems.push(`table "${caption}": the status of ${describe(title)} is not straight after its title`);
    }
  }
  return problems;
""")


def card_table_problems(page, cards: bool, javascript: bool = True) -> list[str]:
    """Tables made to read as cards on a phone (table_open(..., cards=true)): every value cell
    has a data-label and the table keeps its roles. With ``cards`` (a viewport narrow enough
    for cards): every row is a card whose title comes first and its status (if any) straight
    after, and every value shows its label."""
    return page.evaluate(_CARD_TABLES, {"cards": cards, "settle": javascript})


# --- residents' privacy: requests to other hosts ------------------------------------------------

# Any URL that is not on the local test server (data: and blob: URLs are never routed).
OFF_SITE = re.compile(r"^(?!https?://127\.0\.0\.1[:/])")


@dataclass
class OutsideRequests:
    """Requests a page tried to make to any host but 127.0.0.1: each is blocked, and recorded.

    A resident's browser should ask nothing of a third party (fonts, analytics, CDNs). Every
    browser context the tests make is guarded, so all page loads in the session are covered;
    `loaded` holds the path of every page that finished loading.
    """

    seen: list[str] = field(default_factory=list)
    loaded: set[str] = field(default_factory=set)

    def guard(self, route) -> None:
        request = route.request
        if urlsplit(request.url).hostname == "127.0.0.1":  # belt and braces: OFF_SITE excludes these
            route.fallback()
            return
        try:
            source = urlsplit(request.frame.url).path or request.frame.url
        except Exception:  # a request from a worker has no frame
            source = "(a worker)"
        self.seen.append(f"{source} asked for {request.url} ({request.resource_type})")
        route.abort("blockedbyclient")

    def watch(self, page) -> None:
        def loaded():
            url = urlsplit(page.url)
            if url.hostname == "127.0.0.1":
                self.loaded.add(url.path)

        page.on("load", loaded)


# --- reporting ----------------------------------------------------------------------------------


def format_axe_violations(found: dict[str, list[dict]], limit_targets: int = 6) -> str:
    """axe violations by rule: every page, its target selectors, and the distinct failure summaries.

    `found` maps page path -> axe's violations for that page.
    """
    by_rule: dict[str, dict] = defaultdict(lambda: {"pages": {}, "summaries": {}, "impact": "", "help": ""})
    for path, violations in found.items():
        for violation in violations:
            rule = by_rule[violation["id"]]
            rule["impact"], rule["help"] = violation["impact"], violation["help"]
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
            rule["pages"][path] = targets
            for node in violation["nodes"]:
                summary = " / ".join(line.strip() for line in node["failureSummary"].splitlines() if line.strip())
                rule["summaries"][summary] = rule["summaries"].get(summary, 0) + 1
    lines = []
    for rule_id, rule in sorted(by_rule.items(), key=lambda kv: (-len(kv[1]["pages"]), kv[0])):
        nodes = sum(len(t) for t in rule["pages"].values())
        lines.append(
            f"{rule_id} [{rule['impact']}] on {_count(len(rule['pages']), 'page')}, "
            f"{_count(nodes, 'element')}: {rule['help']}"
        )
        for path, targets in sorted(rule["pages"].items()):
            more = f" (+{len(targets) - limit_targets} more)" if len(targets) > limit_targets else ""
            lines.append(f"    {path}: {' | '.join(targets[:limit_targets])}{more}")
        summaries = sorted(rule["summaries"].items(), key=lambda kv: -kv[1])
        for summary, count in summaries[:5]:
            lines.append(f"    why ({count}x): {summary}")
        if len(summaries) > 5:
            lines.append(f"    ... and {len(summaries) - 5} other failure summaries")
    return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def format_page_problems(found: dict[str, list[str]]) -> str:
    """Problems by page, one line each."""
    lines = []
    for path, problems in sorted(found.items()):
        lines.append(f"{path}")
        lines.extend(f"    {problem}" for problem in problems)
    return "\n".join(lines)


def problems_on(page, paths, check) -> dict[str, list[str]]:
    """Load each path in the page and keep the problems ``check`` finds there, by path."""
    found = {}
    for path in paths:
        page.goto(path)
        if problems := check(page):
            found[path] = problems
    return found


# Added to every page before its own scripts (conftest.py's contexts): what the page's
# Content-Security-Policy blocked (strategies/mkdocs_adapter/csp.py).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + (event.sourceFile ? ` (${event.sourceFile}:${event.lineNumber})` : ""));
});
"""


def csp_problems(page) -> list[str]:
    """What the page's Content-Security-Policy blocked, once its scripts (run after the page's
    load event: macros/theme/main.html) have run."""
    scripts_ran(page)
    return page.evaluate("() => window.__cspViolations")


def scripts_ran(page, seconds: float = 10) -> None:
    """Wait until Material's script has run on the page (it marks the root "js"). Polled from
    here: Playwright's wait_for_function evaluates its test with eval, which the page's
    security policy refuses."""
    deadline = time.monotonic() + seconds
    while not page.evaluate("() => document.documentElement.classList.contains('js')"):
        if time.monotonic() > deadline:
            raise AssertionError(f"Material's script had not run on {page.url} after {seconds} s")
        page.wait_for_timeout(50)


def problems_on_one_visit(page, paths, checks: dict) -> dict[str, dict[str, list[str]]]:
    """Load each path once and run each of ``checks`` (name: (check, the paths it is for)) there
    in turn, in the order given; the problems each found, by name, then by path. Each check is
    one whose result does not depend on the checks before it on the same visit: they read the
    page, and any change they make (opening every <details>) is one the later ones make first."""
    found: dict[str, dict[str, list[str]]] = {name: {} for name in checks}
    for path in paths:
        page.goto(path)
        for name, (check, for_paths) in checks.items():
            if path in for_paths and (problems := check(page)):
                found[name][path] = problems
    return found


def fail_with(found: dict[str, list[str]], what: str, checked: int) -> None:
    """Fail the test, listing each page's problems, when any page has some."""
    if found:
        pytest.fail(f"{what} on {len(found)} of {checked} pages:\n{format_page_problems(found)}", pytrace=False)


class Stopwatch:
    def __init__(self):
        self.start = time.perf_counter()

    def __str__(self) -> str:
        return f"{time.perf_counter() - self.start:.1f} s"
