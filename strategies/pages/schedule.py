"""Which pages a build makes, in which process, and what `serve` may reuse.

Every strategy's pages are a job (its version pages, reports and old versions: generator.py),
and so are the site's own pages (the accessibility statement, the field reference, people,
who and where, accountability, organisations), in jobs of SITE_PAGES_PER_JOB, and the whole
site's downloads: jobs shared with forked workers (workers/forked.py) on large sites, made in
this process on small ones, the result the same either way (tests/pages/test_forked_pages.py).
In `serve`, a page whose fingerprint (its *reuse key*) is unchanged since the previous build is
taken from it rather than made again (mkdocs_adapter/incremental.py gives each strategy's).
"""

from __future__ import annotations

from collections.abc import Callable

from strategies.content.site import StrategyEntry
from strategies.workers.forked import forked_map

from . import accountability, browse, downloads, urls
from .generator import GeneratedPage, PageGenerator
from .text import plain_text

# The site's own pages (people, organisations…) are made in jobs of this many.
SITE_PAGES_PER_JOB = 20
SITE_DOWNLOADS = "the whole site's downloads"  # a job (its files go in the generator's assets)


class PageSchedule:
    """The pages of one build, made by ``generator``: :meth:`pages` makes them all."""

    def __init__(self, generator: PageGenerator):
        self.generator = generator

    def subject_key(self, subject: browse.Subject) -> str | None:
        """What a characteristic's, community's or place's pages show, fingerprinted: the
        strategies it lists (in `serve`, an edit elsewhere does not remake it)."""
        keys = self._keys_of(sorted(subject.strategies))
        if keys is None:
            return None
        return "|".join([self.generator.shared_key, str(self.generator.as_at), subject.kind, subject.key, *keys])

    def _keys_of(self, strategies: list[str]) -> list[str] | None:
        """The keys of these strategies, in order; None if one has none, or if strategies have
        no keys (not a `serve` session)."""
        if not self.generator.reuse_keys:
            return None
        keys = []
        for strategy in strategies:
            key = self.generator.reuse_keys.get(strategy)
            if key is None:
                return None
            keys.append(key)
        return keys

    def all_strategies_key(self) -> str | None:
        """A key that changes with any strategy (pages summarising the whole site)."""
        if not self.generator.reuse_keys:
            return None
        return "|".join(
            [
                self.generator.shared_key,
                str(self.generator.as_at),
                *(self.generator.reuse_keys.get(s, "") for s in sorted(self.generator.site.strategies)),
            ]
        )

    def person_key(self, person_id: str) -> str | None:
        """What a person's page shows, fingerprinted: their posts (in the organisations, which
        every strategy's key covers) and the items and statuses of the strategies they
        oversee items in. None when strategies have no keys (not a `serve` session)."""
        if not self.generator.reuse_keys:
            return None
        overseen = sorted({r.view.strategy.id for r in self.generator.site.responsibilities_of_person(person_id)})
        keys = self._keys_of(overseen)
        return None if keys is None else "|".join([self.generator.shared_key, person_id, *keys])

    @staticmethod
    def _reused(reuse: dict | None, name, key: str | None, make):
        """``make()``, or what it made in the previous build if ``key`` is unchanged since."""
        earlier = reuse.get(name) if reuse is not None and key is not None else None
        if earlier is not None and earlier[0] == key:
            return earlier[1]
        made = make()
        if reuse is not None and key is not None:
            reuse[name] = (key, made)
        return made

    def pages(self, progress=None, reuse: dict | None = None) -> list[GeneratedPage]:
        """Every generated page: strategies, their items and pages, people and organisations.

        ``progress`` (a progress.Progress) is told of each strategy done. ``reuse`` maps a
        strategy's id to (key, pages, files) from an earlier build: when the key given by
        ``reuse_keys`` is the same, the strategy's pages and files are taken from there instead
        of being made again (``serve`` rebuilding after an edit); the map is updated.
        """
        site = self.generator.site
        # The site's own pages show what every strategy's key covers (organisations, each
        # strategy's structure, site.yaml): in `serve`, re-made only when that changes. A
        # person's page also shows the statuses of what they oversee (_person_key).
        shared = self.generator.shared_key or None

        def site_page(template: str, path: str, *args, key: str | None = shared, **context) -> GeneratedPage:
            return self._reused(reuse, path, key, lambda: self.generator.render(template, path, *args, **context))

        result = [
            site_page(
                "strategies.md.j2",
                urls.STRATEGIES,
                "All strategies",
                "Every strategy published on this site.",
                key=self.all_strategies_key(),
            )
        ]
        if progress:
            progress.start("Writing strategies' pages and charts", len(site.strategies))
        reused, todo = {}, []
        for entry in site.strategies.values():
            key = self.generator.reuse_keys.get(entry.id)
            earlier = reuse.get(entry.id) if reuse is not None else None
            if key is not None and earlier is not None and earlier[0] == key:
                reused[entry.id] = earlier[1:]
            else:
                todo.append(entry)
        later = self.site_pages(site_page)
        # Jobs shared with forked workers, one strategy each; in a one-off build, the site's own
        # pages too (in `serve`, making them updates ``reuse``, which a worker cannot).
        jobs: list = list(todo)
        if reuse is None:
            jobs.extend(later[start : start + SITE_PAGES_PER_JOB] for start in range(0, len(later), SITE_PAGES_PER_JOB))
            jobs.append(SITE_DOWNLOADS)  # (made again in `serve`: an edit may change any strategy's rows)
        if len(jobs) > 1:
            self.generator.compile_templates()  # once, here, rather than in each forked worker
        made = forked_map(self.job_output, jobs)
        for entry in site.strategies.values():
            pages, files, charts = reused.get(entry.id) or next(made)
            self.generator.assets.update(files)
            self.generator.chart_count += charts
            if reuse is not None and entry.id in self.generator.reuse_keys:
                reuse[entry.id] = (self.generator.reuse_keys[entry.id], pages, files, charts)
            result.extend(pages)
            if progress:
                progress.advance()
        if reuse is None:
            for _ in range(len(jobs) - len(todo) - 1):
                result.extend(next(made))
            self.generator.assets.update(next(made))
        else:
            result.extend(make() for make in later)
            self.generator.assets.update(downloads.site_downloads(site, self.generator.as_at, self.generator.assets))
        return result

    def job_output(self, job):
        """A strategy's output (see _strategy_output), the whole site's downloads, or the pages
        a list of makers make."""
        if isinstance(job, StrategyEntry):
            return self.generator.strategy_output(job)
        if job is SITE_DOWNLOADS:  # the same files as from the strategies' own (test_downloads.py)
            return downloads.site_downloads(self.generator.site, self.generator.as_at)
        return [make() for make in job]

    def site_pages(self, site_page) -> list:
        """The site's own pages after the strategies', each as a function that makes it."""
        site, settings = self.generator.site, self.generator.site.settings
        later: list[Callable[..., GeneratedPage]] = []
        if settings is not None:
            later.append(
                lambda: site_page(
                    "accessibility.md.j2",
                    urls.ACCESSIBILITY,
                    "Accessibility statement",
                    "How accessible this website is, and how to get content in another format.",
                    statement=settings.accessibility,
                )
            )
        from .reference import blocks

        later.append(
            lambda: site_page(
                "field_reference.md.j2",
                urls.FIELD_REFERENCE,
                "Field reference",
                "Every field a content file can have.",
                blocks=blocks(),
            )
        )
        later.append(
            lambda: site_page(
                "people.md.j2", urls.PEOPLE, "People", "The named people and posts who oversee each strategy's work."
            )
        )
        for person, organisation in site.people.values():
            later.append(
                lambda person=person, organisation=organisation: site_page(
                    "person.md.j2",
                    urls.person_path(person.id),
                    person.name,
                    f"What {person.name} oversees.",
                    key=self.person_key(person.id),
                    in_nav=False,
                    person=person,
                    organisation=organisation,
                )
            )
        later.append(
            lambda: site_page(
                "who_and_where.md.j2",
                urls.WHO_AND_WHERE,
                "Who and where",
                "What every strategy does for each protected characteristic, community and place.",
                key=self.all_strategies_key(),
                index=self.generator.browse,
            )
        )
        for subject in self.generator.browse.all():
            pages = browse.pages_of(subject)
            total = len(pages)
            for number, rows in enumerate(pages, start=1):
                later.append(
                    lambda subject=subject, number=number, rows=rows, total=total: site_page(
                        "subject.md.j2",
                        urls.subject_path(subject, number),
                        self.generator.subject_title(subject, number, total),
                        f"Everything the strategies on this site do for {subject.name}.",
                        key=self.subject_key(subject),
                        in_nav=False,
                        subject=subject,
                        rows=rows,
                        number=number,
                        total=total,
                    )
                )
        records = accountability.owner_records(site, self.generator.as_at)
        split = sum(len(owners) for owners in records.values()) > accountability.OWNERS_ON_ONE_PAGE
        later.append(
            lambda: site_page(
                "accountability.md.j2",
                urls.ACCOUNTABILITY,
                "Accountability",
                "Who owns each strategy's work, how it is going and what is overdue.",
                key=self.all_strategies_key(),
                records=records,
                split=split,
            )
        )
        for name, owners in records.items() if split else ():
            later.append(
                lambda name=name, owners=owners: site_page(
                    "accountability.md.j2",
                    urls.accountability_path(name),
                    f"Accountability: {name}",
                    f"Who owns work at {name}, how it is going and what is overdue.",
                    key=self.all_strategies_key(),
                    in_nav=False,
                    records={name: owners},
                    split=False,
                )
            )
        later.append(
            lambda: site_page(
                "organisations.md.j2",
                urls.ORGANISATIONS,
                "Organisations",
                "The councils and partners behind these strategies.",
            )
        )
        for organisation in site.organisations.values():
            later.append(
                lambda organisation=organisation: site_page(
                    "organisation.md.j2",
                    urls.organisation_path(organisation.id),
                    site.organisation_label(organisation),
                    plain_text(organisation.description),
                    in_nav=False,
                    organisation=organisation,
                )
            )
        return later
