"""The MkDocs plugin: loads the content, and hands the generated pages, files and navigation
to MkDocs (registered as the ``strategies`` plugin in pyproject.toml's entry points).

Loading, validation and page generation (strategies.content, strategies.pages) are independent
of MkDocs: moving to another renderer costs this package (strategies.mkdocs_adapter).
"""

from __future__ import annotations

import datetime
import gc
import logging
import os
import shutil
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from strategies.content.checks import contact_gaps
from strategies.content.loader import load_site, remember_clean_loads
from strategies.content.schema import schema_files
from strategies.pages import feeds, freshness, held_html
from strategies.pages.brand import Brand
from strategies.pages.drawn_charts import ChartDrawer
from strategies.pages.environment import CompiledTemplates, keep_compiled_templates
from strategies.pages.generator import PageGenerator
from strategies.pages.navigation import nav_tree
from strategies.pages.sanitise import sanitise_html, sanitise_page_html
from strategies.pages.schedule import PageSchedule
from strategies.pages.urls import image_files
from strategies.workers.fingerprint import digest, file_digest, package_version

from . import compact_html, csp, pdf
from .incremental import Incremental
from .progress import Progress
from .speed import SpeedConfig, SpeedUps

log = logging.getLogger("mkdocs.plugins.strategies")

STRATEGIES_LIST_MARKER = "<!-- strategies-list -->"
BRAND_CSS = "assets/brand.css"
AS_AT_VARIABLE = "STRATEGIES_AS_AT"  # set by `strategies build/serve/validate --as-at`
THEME_TEMPLATES = CompiledTemplates()  # the theme's, compiled once (kept in memory through a `serve` session)
# Compiled templates kept between builds (beside mkdocs.yml, as the chart and PDF caches are),
# in a folder named by what shapes the compiled code besides each template's text.
TEMPLATE_CACHE = Path(".cache") / "strategies" / "templates"


class StrategiesConfig(Config):
    content_dir = config_options.Type(str, default="content")
    macros_dir = config_options.Type(str, default="macros")
    brand = config_options.Type(dict, default={})
    # Publish fictional demonstration content (strategies marked demonstration: true)?
    demonstration = config_options.Type(bool, default=True)
    # What is overdue is worked out as at this date (YYYY-MM-DD): the build's date unless set
    # here or by `strategies build --as-at` (the STRATEGIES_AS_AT environment variable).
    as_at = config_options.Type(str, default="")
    # Where drawn charts are kept between builds (relative to mkdocs.yml; "" keeps none). The
    # folder may be deleted at any time: charts missing from it are drawn again.
    chart_cache = config_options.Type(str, default=".cache/strategies/charts")
    # Which speed-ups a build uses, and from what size (speed.py).
    speed = config_options.SubConfig(SpeedConfig)


class StrategiesPlugin(BasePlugin[StrategiesConfig]):
    """Loads strategies from ``content/`` and publishes them as pages."""

    def __init__(self):
        self.site = None
        self.generator = None
        self.pages = []
        self.content_pages = set()
        self.generated_pages = set()
        self.held = {}
        self.progress = Progress()
        self.feeds = []
        self.feed_files = {}
        self.incremental = Incremental()
        self.dirty = False
        self.speed = None  # the build's speed-ups (speed.py)
        self.assets = {}  # the generator's files, with each chart's SVG in place of its order
        self.chart_drawer = None  # draws charts, or finds them in the cache (pages/drawn_charts.py)
        self.nav_pages = set()
        self.as_at_text = ""  # the "as at" day, for printed footers (macros/theme/main.html)
        self.mkdocs_nav = None
        self.progress_total = 0
        self.command = "build"

    def on_startup(self, *, command, dirty):
        # MkDocs keeps one instance of this plugin for the whole process: each build or serve
        # session starts afresh, knowing nothing of an earlier one's pages.
        self.dirty = dirty
        self.command = command
        self.incremental = Incremental()
        # `strategies serve` rebuilds after each save re-render only what changed.
        self.incremental.enabled = command == "serve" and dirty
        remember_clean_loads(self.incremental.enabled)

    def _as_at(self, config_name: str) -> datetime.date:
        """The date overdue is worked out at: STRATEGIES_AS_AT (`--as-at`), else the plugin's
        as_at option, else today."""
        given = os.environ.get(AS_AT_VARIABLE) or self.config.as_at
        if not given:
            return datetime.date.today()
        try:
            return datetime.date.fromisoformat(given.strip())
        except ValueError:
            raise PluginError(f"'{given}' is not a date for as_at: write it as YYYY-MM-DD, e.g. 2026-11-28.") from None

    def _root(self, config) -> Path:
        return Path(config.config_file_path).resolve().parent

    def on_config(self, config):
        # Validate before MkDocs touches site_dir: a build with content errors writes nothing.
        root = self._root(config)
        config_name = Path(config.config_file_path).name
        if "attr_list" in config.markdown_extensions:
            log.warning(
                f"{config_name}: markdown_extensions lists attr_list, which lets Markdown set any "
                "attribute (event handlers included). Use strategies.mkdocs_adapter.safe_attr_list "
                "instead: it sets the ids and link types this site's pages use."
            )
        self.brand, brand_problems = Brand.from_config(self.config.brand)
        self.progress = Progress()
        self.progress.note("Reading content")
        content, macros = root / self.config.content_dir, root / self.config.macros_dir
        as_at = self._as_at(config_name)
        # In a serve session: what each strategy shows, fingerprinted, to skip checking and
        # making again what an edit did not touch (incremental.py).
        keys = self.incremental.strategy_keys(
            content,
            macros,
            self.incremental.strategy_ids(content),
            [self.config.brand, self.config.demonstration, config.use_directory_urls, config.site_url, str(as_at)],
        )
        site, problems = load_site(content, root, unchanged=self.incremental.unchanged_since_checked(keys))
        self.progress.finish()
        if brand_problems or problems:
            lines = [f"{config_name}: {message}" for message in brand_problems]
            raise PluginError("\n".join(lines + ([problems.report()] if problems else [])))
        if not self.incremental.enabled:
            # The site lives as long as the build: the garbage collector need not go through
            # it again (a full pass took 0.35 s at the medium size). Unfrozen when the build ends.
            gc.freeze()
        self.incremental.checks_passed(keys)
        if not self.config.demonstration:
            site.drop_demonstration()
        self._ask_for_contacts(site, config, config_name)
        self.site = site
        self._keep_compiled_templates(root)
        self.generator = PageGenerator(site, macros, directory_urls=config.use_directory_urls, as_at=as_at)
        pdf.prepare(self.generator, config.site_url)  # whether pages link to PDFs (pdf.py), the site's address
        # For every printed page's footer (macros/theme/main.html): "as at" this day.
        self.as_at_text = freshness.display_day(as_at)
        if BRAND_CSS not in config.extra_css:
            config.extra_css.insert(0, BRAND_CSS)
        self.generator.reuse_keys = keys
        self.generator.shared_key = self.incremental.shared_now
        try:
            # (a one-off build has nothing to reuse, nor a later build to keep pages for)
            reuse = self.incremental.reuse if self.incremental.enabled else None
            self.pages = PageSchedule(self.generator).pages(self.progress, reuse=reuse)
            self.progress.finish()
            self.brand_css = self.generator.render_fragment(
                "brand.css.j2", BRAND_CSS, variables=self.brand.css_variables()
            )
            self.feeds = feeds.feeds(site, config.site_name)
            self.feed_files = {feed.path: self.generator.render_feed(feed, config.site_url) for feed in self.feeds}
            self.assets = self._draw_charts(root, self.generator.assets)
        except TemplateSyntaxError as error:  # a comms team's edit to macros/: say where
            where = f"{self.config.macros_dir}/{error.name or error.filename}:{error.lineno}"
            raise PluginError(f"{where}: this template has a mistake: {error.message}.") from error
        except TemplateError as error:
            raise PluginError(f"{self.config.macros_dir}/: a page template failed: {error}.") from error
        return config

    def _ask_for_contacts(self, site, config, config_name: str) -> None:
        """The accessibility statement's contact routes and reply times (content/checks.py's
        contact_gaps): a build for the site's public address (site_url) stops without them; any
        other build, and `serve` (whose site_url is the preview's), names them in a notice. Not a
        warning: `strategies build --strict` of a site with no address yet must pass."""
        gaps = contact_gaps(site)
        if not gaps:
            return
        lines = [str(gap) for gap in gaps]
        if config.site_url and self.command != "serve":
            raise PluginError(
                "\n".join(
                    lines
                    + [
                        f"This site is published at {config.site_url} (site_url in {config_name}), so its accessibility "
                        "statement must tell residents how to contact you and how soon you reply. Add these details, "
                        "then build again."
                    ]
                )
            )
        log.info(
            "\n".join(
                [
                    "The accessibility statement lacks contact details residents need:",
                    *lines,
                    f"The statement says what is missing, so this build goes ahead. Add them before the site is "
                    f"published: once site_url is set in {config_name}, the build stops without them.",
                ]
            )
        )

    @staticmethod
    def _keep_compiled_templates(root: Path) -> None:
        """Keep the generator's and the theme's compiled templates in the template cache, in a
        folder for this version of the code and of Jinja, MkDocs and Material (others are
        left from earlier versions: removed)."""
        code = Path(__file__).resolve().parents[1]
        version = digest(
            *(package_version(name) for name in ("jinja2", "mkdocs", "mkdocs-material")),
            *(
                file_digest(code / module) or ""
                for module in ("pages/environment.py", "mkdocs_adapter/plugin.py", "mkdocs_adapter/parallel_render.py")
            ),
        )
        folder = root / TEMPLATE_CACHE
        if folder.is_dir():
            for earlier in folder.iterdir():
                if earlier.name != version:
                    shutil.rmtree(earlier, ignore_errors=True)
        keep_compiled_templates(folder / version / "pages")
        THEME_TEMPLATES.keep_in(folder / version / "theme")

    def _draw_charts(self, root: Path, assets: dict) -> dict:
        """The generator's files with each chart's SVG: from the chart cache, or drawn in worker
        processes (in `serve`, by a drawer kept for the session, which remembers them)."""
        folder = (root / self.config.chart_cache) if self.config.chart_cache.strip() else None
        remember = self.incremental.enabled
        drawer = self.chart_drawer
        if drawer is None or drawer.cache.folder != folder or drawer.remember != remember:
            drawer = self.chart_drawer = ChartDrawer(folder, remember=remember)
        try:
            return drawer.publish(assets, self.progress)
        except ImportError as error:
            raise PluginError(
                f"Charts cannot be drawn: {error}. Install the project's dependencies (`make` or `pip install -e .`)."
            ) from error

    def on_files(self, files: Files, *, config) -> Files:
        self.content_pages = {page.path for page in self.pages if page.content_of}
        self.generated_pages = {page.path for page in self.pages if not page.content_of}
        self.held = {page.path: page.held for page in self.pages if page.held}
        for page in self.pages:
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(f"docs/{page.path} would replace a generated page: rename or remove it.")
            # Person and organisation pages are reached from their indexes, not the sidebar.
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            self.incremental.add(
                files,
                File.generated(config, page.path, content=page.markdown, inclusion=inclusion),
                page.markdown,
                *page.held,
            )
        for path in self.feed_files:
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"docs/{path} would replace a generated feed: rename or remove it.")
        generated = {
            BRAND_CSS: self.brand_css,
            **self.assets,
            **self.feed_files,  # charts, downloads, feeds
            **{f"schema/{name}": text for name, text in schema_files().items()},
        }  # for editors
        for path, content in generated.items():
            if isinstance(content, bytes):  # spreadsheets and zips
                self.incremental.add(files, File.generated(config, path, content=content), content)
            else:  # (in `serve`, the last build's File where the text is unchanged)
                self.incremental.add(files, self.incremental.asset_file(config, path, content), content)
        for path, source in image_files(self.site).items():  # copied by MkDocs as they are
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"docs/{path} would replace a strategy's image: rename or remove it.")
            self.incremental.add(
                files, File.generated(config, path, abs_src_path=str(source)), file_digest(source) or ""
            )
        if not self.incremental.enabled:
            # MkDocs has the pages now; only `serve` makes use of them again (to reuse them).
            for page in self.pages:
                page.markdown, page.held = "", []
        if not config.nav:
            config.nav = self._nav(files)
        self.incremental.settle(files, config.nav)
        # The pages MkDocs will render (in `serve`, those an edit touched).
        self.progress_total = sum(1 for file in files.documentation_pages() if not self.dirty or file.is_modified())
        self.speed = SpeedUps(self.config.speed, one_off=not self.incremental.enabled, own_type=type(self))
        self.speed.files_ready(config.plugins, self.progress_total)
        return files

    def _nav(self, files: Files) -> list:
        """Home first, then the generated sections, then the other hand-written pages."""
        generated = {page.path for page in self.pages}
        handwritten = sorted(
            (f for f in files.documentation_pages() if f.src_uri not in generated),
            key=lambda f: (f.src_uri != "index.md", f.src_uri),
        )
        nav = [f.src_uri for f in handwritten[:1] if f.src_uri == "index.md"]
        nav.extend(nav_tree(self.site))
        nav.extend(f.src_uri for f in handwritten if f.src_uri != "index.md")
        return nav

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        if STRATEGIES_LIST_MARKER in markdown:
            listing = self.generator.render_fragment("strategies_list.html.j2", page.file.src_uri, brief=True)
            markdown = markdown.replace(STRATEGIES_LIST_MARKER, listing)
        return markdown

    def on_nav(self, nav, *, config, files):
        self.mkdocs_nav = nav
        self.nav_pages = {page.file.src_uri for page in nav.pages}
        return nav

    @event_priority(100)  # first: the other events need not prepare a page rendered elsewhere
    def _choose_layout(self, context, *, page, config, nav):
        self.speed.choose_layout(context, page)
        return context

    def _page_context(self, context, *, page, config, nav):
        if self.speed.rendered_elsewhere(context):
            return context
        # The feeds a page links in its head (macros/theme/main.html).
        context["feeds"] = feeds.feeds_for_page(self.feeds, page.file.src_uri)
        # Whether the navigation lists the page (macros/theme/partials/toc.html), known
        # without comparing the page with every page in the navigation.
        context["page_in_nav"] = page.file.src_uri in self.nav_pages
        return context

    @event_priority(-100)  # after Material's search has indexed the page
    def _restore_unsearched(self, context, *, page, config, nav):
        held = self.held.get(page.file.src_uri)
        if held and page.content is not None and not self.speed.rendered_elsewhere(context):
            page.content = held_html.restore(page.content, held)
        return context

    on_page_context = CombinedEvent(_choose_layout, _page_context, _restore_unsearched)

    def on_template_context(self, context, *, template_name, config):
        context["feeds"] = feeds.feeds_for_page(self.feeds, template_name)  # the 404 page
        return context

    @event_priority(-100)  # last, so the HTML sent to search is the page's final HTML
    def on_page_content(self, html: str, *, page, config, files) -> str:
        html = self._page_content(html, page)
        self.speed.page_made(page, html)
        return html

    def _cleaned(self, html: str, page) -> str:
        """What Markdown made of a page, cleaned."""
        # Narrative pages are Markdown from content/, which MkDocs renders with raw HTML
        # passed through: clean the result before it reaches a resident's browser.
        if page.file.src_uri in self.content_pages:
            return sanitise_html(html)
        if page.file.src_uri in self.generated_pages:
            # What Markdown made of a generated page, cleaned with the page allow-list: text a
            # template forgot to escape for Markdown cannot become script or a third-party image.
            return sanitise_page_html(html)
        return html

    def _page_content(self, html: str, page) -> str:
        html = self._cleaned(html, page)
        if page.file.src_uri in self.content_pages:
            return html
        held = self.held.get(page.file.src_uri)
        if not held:
            return html
        if page.present_anchor_ids is not None:  # so MkDocs can check links to these anchors
            page.present_anchor_ids |= held_html.anchor_ids(held)
        later = held_html.unsearched(held)
        if not self.incremental.enabled:  # keep only the blocks still to restore (memory)
            self.held[page.file.src_uri] = {number: held[number] for number in later}
        return held_html.restore(html, held, later=later)

    def on_post_page(self, output: str, *, page, config) -> str:
        self.speed.page_written(page, self.progress)
        # The page is written next and nothing reads its Markdown or body again: let them go,
        # so a large site's memory does not hold every page at once. Its title (which other
        # pages' navigation shows) is kept: MkDocs says a page with no Markdown has no title.
        title = page.title
        page.markdown, page.content = "", None
        if page.title != title:
            page.meta["title"] = title
        self.held.pop(page.file.src_uri, None)
        return csp.with_policy(compact_html.compact(output))

    def on_env(self, env, *, config, files):
        # Pages are about to be rendered (documentation pages, 404 aside).
        self.progress.start("Rendering pages", self.progress_total)
        # MkDocs makes the theme's templates afresh for each build: compile each once (in the
        # template cache, and in `serve` in memory too; checked against the template's text,
        # so edits still show).
        if env.bytecode_cache is None:
            env.bytecode_cache = THEME_TEMPLATES
        env.globals[csp.VARIABLE] = csp.PLACEHOLDER  # each page's policy, filled in as it is written
        # Every page's Markdown is rendered: on a large site, forked workers fill templates too.
        self.speed.templates_ready(env, config, self.mkdocs_nav, files)
        return env

    @event_priority(50)  # before Material's search closes its workers (the forked one holds their pipes)
    def on_post_build(self, *, config):
        self.speed.build_done()
        # Each strategy's PDF, from its whole-strategy page as built: cached, or typeset by
        # worker processes (a preview does not wait for them).
        pdf.publish(self.generator, config.site_dir, self._root(config), background=self.incremental.enabled)
        gc.unfreeze()
        self.progress.finish()
        if self.chart_drawer is not None and not self.incremental.enabled:
            self.chart_drawer.tidy()  # the cache keeps this build's charts, and not too many others

    def on_build_error(self, *, error):
        if self.speed is not None:
            self.speed.stop()
        pdf.stop()
        gc.unfreeze()

    def on_post_template(self, output_content: str, *, template_name: str, config) -> str:
        # Static pages such as 404.html
        if not template_name.endswith(".html"):
            return output_content
        return csp.with_policy(compact_html.compact(output_content))

    def on_serve(self, server, *, config, builder):
        root = self._root(config)
        for folder in (self.config.content_dir, self.config.macros_dir):
            path = root / folder
            if path.exists():
                server.watch(str(path))
        return server
