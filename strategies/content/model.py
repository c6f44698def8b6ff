"""The content model: declared once, used for loading, validation and the JSON Schema.

Every class here is a block an officer writes in YAML. Field descriptions double as the
field reference in the editing guide, so write them for officers, not programmers.
"""

from __future__ import annotations

import calendar
import datetime
import re
from functools import total_ordering
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainValidator,
    PrivateAttr,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError, core_schema

from .problems import Location
from .yaml_source import SourceMap

# ---------------------------------------------------------------------------------------
# Small value types
# ---------------------------------------------------------------------------------------

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# An id (or a folder or file name that becomes one) leaves room for the longest file name the
# build makes from it: a file system takes 255 bytes a name.
ID_MAX_LENGTH = 80

Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        max_length=ID_MAX_LENGTH,
        description="A short name used in links and references: lower-case letters, digits and hyphens.",
    ),
]
Ref = Annotated[str, Field(max_length=200, description="The id of a post, person or organisation.")]


class Written:
    """Marks a field as text an officer writes, which pages show: plain text, or Markdown.

    Pages escape such text wherever they place it; the tests put hostile text in every field
    so marked (tests/hostile.py), so a new field is covered as soon as it is declared."""

    def __init__(self, markdown: bool):
        self.markdown = markdown


Text = Annotated[str, Field(min_length=1, max_length=2000, description="Plain text."), Written(markdown=False)]
Markdown = Annotated[str, Field(max_length=100_000, description="Text that may use Markdown."), Written(markdown=True)]


def _check_url(value: str) -> str:
    if not re.match(r"^(https?://|mailto:)[^\s]+$", value):
        raise PydanticCustomError("url", "a web address must start with https:// (or mailto: for email)")
    return value


Url = Annotated[str, AfterValidator(_check_url), Field(max_length=2000, description="A web address.")]

StrategyStatus = Literal["draft", "consultation", "proposed", "adopted", "superseded"]
STAGE_LABELS = {"proposed": "Proposed, not adopted", "provisional": "Provisional"}
STRATEGY_STATUS_LABELS = {
    "draft": "Draft",
    "consultation": "Out for consultation",
    "proposed": "Put forward for approval",
    "adopted": "Adopted",
    "superseded": "Superseded",
}

ActionStatus = Literal["not-yet-reported", "not-started", "on-track", "at-risk", "off-track", "complete"]
# Best first: the order tables, charts and counts list statuses in.
ACTION_STATUS_ORDER = ["complete", "on-track", "at-risk", "off-track", "not-started", "not-yet-reported"]
ACTION_STATUS_LABELS = {
    "not-yet-reported": "No progress reported",
    "not-started": "Not started",
    "on-track": "On track",
    "at-risk": "At risk",
    "off-track": "Off track",
    "complete": "Complete",
}

Characteristic = Literal[
    "age",
    "disability",
    "gender-reassignment",
    "marriage-and-civil-partnership",
    "pregnancy-and-maternity",
    "race",
    "religion-or-belief",
    "sex",
    "sexual-orientation",
]
CHARACTERISTIC_LABELS = {
    "age": "Age",
    "disability": "Disability",
    "gender-reassignment": "Gender reassignment",
    "marriage-and-civil-partnership": "Marriage and civil partnership",
    "pregnancy-and-maternity": "Pregnancy and maternity",
    "race": "Race",
    "religion-or-belief": "Religion or belief",
    "sex": "Sex",
    "sexual-orientation": "Sexual orientation",
}


@total_ordering
class PartialDate:
    """A date as precise as the source document: 2021, 2021-07 or 2021-07-31."""

    _PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

    def __init__(self, year: int, month: int | None = None, day: int | None = None):
        self.year, self.month, self.day = year, month, day

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise PydanticCustomError("partial_date", "a date must be written as 2021, 2021-07 or 2021-07-31")
        match = cls._PATTERN.match(str(value).strip())
        if not match:
            raise PydanticCustomError(
                "partial_date",
                "'{value}' is not a date: write it as 2021, 2021-07 or 2021-07-31",
                {"value": value},
            )
        year = int(match[1])  # the pattern requires the year
        month, day = (int(g) if g else None for g in match.groups()[1:])
        if month is not None and not 1 <= month <= 12:
            raise PydanticCustomError(
                "partial_date",
                "'{value}' has no month {month}: months run 01 to 12",
                {"value": value, "month": month},
            )
        if day is not None and month is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise PydanticCustomError("partial_date", "'{value}' is not a day of the calendar", {"value": value})
        return cls(year, month, day)

    def _key(self) -> tuple:
        return (self.year, self.month or 0, self.day or 0)

    def end_key(self) -> tuple:
        """Sort key for the last day this date could mean (2021 means up to 31 December)."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return (self.year, month, day)

    def __eq__(self, other):
        return isinstance(other, PartialDate) and self._key() == other._key()

    def __lt__(self, other):
        return self._key() < other._key()

    def __hash__(self):
        return hash(self._key())

    def iso(self) -> str:
        """The date as written in content (2021, 2021-07, 2021-07-31)."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def last_day(self) -> datetime.date:
        """The last day this date could mean (2021-07 means up to 31 July 2021)."""
        return datetime.date(*self.end_key())

    def first_day(self) -> datetime.date:
        """The first day this date could mean (2021-07 means from 1 July 2021)."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def display(self) -> str:
        """The date as residents read it: 2021, July 2021, 31 July 2021."""
        if not self.month:
            return str(self.year)
        if self.day:
            return f"{self.day} {calendar.month_name[self.month]} {self.year}"
        return f"{calendar.month_name[self.month]} {self.year}"

    def month_display(self) -> str:
        """The month as residents read it, without the day: July 2021 (or 2021)."""
        return f"{calendar.month_name[self.month]} {self.year}" if self.month else str(self.year)

    __str__ = iso

    def __repr__(self) -> str:
        return f"PartialDate({self.iso()!r})"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler):
        return core_schema.no_info_plain_validator_function(cls.parse, serialization=core_schema.to_string_ser_schema())

    @classmethod
    def __get_pydantic_json_schema__(cls, schema, handler: GetJsonSchemaHandler):
        return {
            "type": ["string", "integer"],
            "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
            "description": "A date: 2021, 2021-07 or 2021-07-31.",
        }


class Ongoing:
    """A due date the document gives as "Ongoing": work with no end date, written ``due: ongoing``.

    Not a date, and not a PartialDate: code that compares due dates (``last_day()``,
    ``end_key()``) checks ``isinstance(due, PartialDate)`` first. An ongoing item is never
    overdue. There is one: ``ONGOING``."""

    WORD = "ongoing"
    _instance: Ongoing | None = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    @classmethod
    def parse(cls, value: Any) -> Ongoing:
        if isinstance(value, Ongoing):
            return value
        if isinstance(value, str) and value.strip().casefold() == cls.WORD:
            return cls()
        raise PydanticCustomError("ongoing", "'{value}' is not the word ongoing", {"value": value})

    def iso(self) -> str:
        """As written in content and downloads: ongoing."""
        return self.WORD

    def display(self) -> str:
        """As residents read it: Ongoing."""
        return "Ongoing"

    __str__ = iso

    def __repr__(self) -> str:
        return "ONGOING"

    def __eq__(self, other):
        return isinstance(other, Ongoing)

    def __hash__(self):
        return hash(self.WORD)

    def __reduce__(self):  # unpickled (from a worker process) as the one instance
        return (Ongoing, ())

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler):
        return core_schema.no_info_plain_validator_function(cls.parse, serialization=core_schema.to_string_ser_schema())

    @classmethod
    def __get_pydantic_json_schema__(cls, schema, handler: GetJsonSchemaHandler):
        return {"type": "string", "const": "ongoing", "description": "Ongoing: work with no end date."}


ONGOING = Ongoing()


def parse_due(value: Any) -> PartialDate | Ongoing:
    """A due date: a date (2021, 2021-07 or 2021-07-31), or the word ongoing in any case."""
    if isinstance(value, (PartialDate, Ongoing)):
        return value
    if isinstance(value, str) and value.strip().casefold() == Ongoing.WORD:
        return ONGOING
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise PydanticCustomError(
            "due_date", "a due date must be written as 2021, 2021-07 or 2021-07-31, or as the word ongoing"
        )
    if PartialDate._PATTERN.match(str(value).strip()):
        return PartialDate.parse(value)  # shaped like a date: its own message (no month 13…)
    raise PydanticCustomError(
        "due_date",
        "'{value}' is not a due date: write a date, as 2021, 2021-07 or 2021-07-31, or the word ongoing "
        "where the document says the work is ongoing",
        {"value": value},
    )


# A due date: the JSON Schema takes either form; one message names both.
DueDate = Annotated[PartialDate | Ongoing, PlainValidator(parse_due, json_schema_input_type=PartialDate | Ongoing)]


def _check_financial_year(value: str) -> str:
    match = re.match(r"^(\d{4})/(\d{2})$", str(value))
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise PydanticCustomError(
            "financial_year",
            "'{value}' is not a financial year: write it as 2021/22",
            {"value": value},
        )
    return value


FinancialYear = Annotated[
    str,
    AfterValidator(_check_financial_year),
    Field(description="A financial year, April to March, written 2021/22."),
]


# ---------------------------------------------------------------------------------------
# Base class: every block remembers where it was written
# ---------------------------------------------------------------------------------------


class Block(BaseModel):
    """A block of YAML content. Unknown fields are errors, so a typo never drops data."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_default=False)

    # The YAML mapping this block was read from (a SourceMap): where each field was written.
    _source: Any = PrivateAttr(default=None)

    @model_validator(mode="wrap")
    @classmethod
    def _remember_source(cls, data: Any, handler, info: ValidationInfo):
        block = handler(data)
        if isinstance(data, SourceMap):
            block._source = data
        return block

    def _style(self, field: str, index: int | None):
        source = self._source
        if source is None:
            return None
        if index is None:
            return source.value_styles.get(field)
        styles = getattr(source.get(field), "item_styles", [])
        return styles[index] if index < len(styles) else None

    def where_in_text(self, field: str, index: int | None, offset: int, text: str) -> Location:
        """The line of a character inside a text field (a '|' block starts on the next line)."""
        start = self.where(field, index)
        style = self._style(field, index)
        line = start.line + (1 if style in ("|", ">") else 0) + text.count("\n", 0, offset)
        return Location(start.file, line, 1 if line != start.line else start.column)

    def where(self, field: str | None = None, index: int | str | None = None) -> Location:
        """Where this block (or one of its fields, or one item of a list field, or one key of
        a mapping field) was written."""
        source = self._source
        if source is None:
            return Location("<unknown>")
        if field is None:
            return source.location
        if index is not None:
            value = source.get(field)
            if isinstance(index, str):  # a key of a mapping field (statuses)
                keys = getattr(value, "key_locations", None) or {}
                if index in keys:
                    return keys[index]
            items = getattr(value, "item_locations", None) or []
            if isinstance(index, int) and index < len(items):
                return items[index]
        return source.value_location(field, source.location)


# ---------------------------------------------------------------------------------------
# Organisations, posts and people
# ---------------------------------------------------------------------------------------


class Contact(Block):
    """How residents reach the organisation, for example to ask for an alternative format."""

    email: Text | None = Field(None, description="Email address for enquiries about this content.")
    phone: Text | None = Field(None, description="Telephone number, as residents should dial it.")
    url: Url | None = Field(None, description="A contact page on the organisation's own website.")
    address: Text | None = Field(None, description="Postal address.")
    response_time: Text | None = Field(
        None, description="How soon residents can expect a reply, e.g. 'within 10 working days'."
    )


class Person(Block):
    """A named person who holds one or more posts."""

    id: Id
    name: Text = Field(description="The person's name as published.")


class Post(Block):
    """A job or role that owns work. Owners point at posts, so a new post-holder is a one-line edit."""

    id: Id
    title: Text = Field(description="The post's title, e.g. 'Director of Public Health'.")
    directorate: Text | None = Field(None, description="The directorate or service the post sits in.")
    holder: Ref | None = Field(
        None, description="The id of the person who holds the post now; leave out if vacant or not named."
    )


OrganisationKind = Literal[
    "council",
    "nhs",
    "police",
    "fire",
    "voluntary",
    "partnership",
    "sector",
    "service",
    "business",
    "education",
    "government",
    "other",
]
# How each kind reads on a page; "partnership" and "sector" name many bodies, not one.
ORGANISATION_KIND_LABELS = {
    "council": "Council",
    "nhs": "NHS body",
    "police": "Police",
    "fire": "Fire and rescue service",
    "voluntary": "Voluntary and community sector (VCS) organisation",
    "partnership": "Partnership of several organisations",
    "sector": "Group of organisations of one kind (a sector), not a single body",
    "service": "Team or service within an organisation",
    "business": "Business",
    "education": "School, college or university",
    "government": "Government department or agency",
    "other": "Organisation",
}


class Organisation(Block):
    """A council or partner organisation, with its posts and the people who hold them."""

    id: Id
    name: Text
    kind: OrganisationKind = Field(
        "council",
        description="What sort of organisation this is: 'partnership' or 'sector' for a group of many "
        "bodies (NHS anchor institutions, the voluntary and community sector); 'service' for a team or service "
        "of an organisation (Children's Services), with part_of naming that organisation.",
    )
    part_of: Ref | None = Field(None, description="For a team or service: the id of the organisation it belongs to.")
    demonstration: bool = Field(False, description="True for fictional organisations used to demonstrate the site.")
    website: Url | None = None
    description: Markdown | None = None
    contact: Contact | None = Field(None, description="Contact for accessibility questions and alternative formats.")
    posts: list[Post] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)


# ---------------------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------------------


class Period(Block):
    """The years a strategy covers."""

    start: PartialDate
    end: PartialDate


class Approval(Block):
    """The body that approves (or endorses) the strategy, when, and what it decided."""

    body: Text = Field(description="The decision-making body, e.g. 'Cabinet'.")
    date: PartialDate | None = Field(None, description="The date of the meeting.")
    decision: Text | None = Field(
        None, description="What was decided, e.g. 'endorsed'. Leave out if the source does not record it."
    )
    recommendations: list[Markdown] = Field(
        default_factory=list, description="The recommendations or resolutions, one per item."
    )
    url: Url | None = Field(None, description="Link to the published report or minutes.")
    pending: bool = Field(
        False,
        description="True while the decision has not been made yet: 'date' is then when it is expected, if known.",
    )


class TextList(Block):
    """A heading with an optional introduction and a list of points (drivers, principles, gaps)."""

    heading: Text | None = None
    intro: Markdown | None = None
    items: list[Markdown] = Field(default_factory=list)
    outro: Markdown | None = None


class Cadence(Block):
    """How often progress is reported, and to whom: the site says when the next report is due,
    and that it is overdue once that date has passed without one."""

    months: int = Field(ge=1, le=60, description="Months between progress reports, e.g. 6 for twice a year.")
    to: Text | None = Field(None, description="Who the reports go to, e.g. 'Scrutiny Committee'.")


class Governance(Block):
    """Who is accountable for delivery and how often the strategy is reviewed."""

    lead: list[Ref] = Field(default_factory=list, description="Posts or organisations accountable overall.")
    body: Markdown | None = Field(None, description="The board or group responsible for delivery.")
    review: Markdown | None = Field(None, description="How often the strategy is reviewed.")
    reporting: Markdown | None = Field(None, description="How and to whom progress is reported.")
    cadence: Cadence | None = Field(
        None, description="How often progress reports are due, when the document says: e.g. months: 6, to: Cabinet."
    )


class BudgetLine(Block):
    """Money allocated to the strategy in one financial year."""

    year: FinancialYear
    amount: float = Field(
        ge=0, lt=1e15, allow_inf_nan=False, description="Amount in pounds, without the £ sign or commas."
    )
    source: Text | None = Field(None, description="Where the money comes from, e.g. a named fund.")
    note: Markdown | None = None


class TimelineEntry(Block):
    """A dated event in the strategy's life."""

    date: PartialDate
    event: Markdown
    end: PartialDate | None = Field(None, description="Last date, for events that span a period.")


class Level(Block):
    """The name of one level of a strategy's hierarchy, e.g. Objective, Priority, Action."""

    name: Text
    plural: Text | None = None

    def plural_name(self) -> str:
        return self.plural or f"{self.name}s"

    def article(self) -> str:
        """'a' or 'an', as the name is said: 'an action', 'a pledge', 'a one-off grant'."""
        return indefinite_article(self.name)


def indefinite_article(word: str) -> str:
    """'an' before a vowel sound, else 'a' (common English exceptions included)."""
    lower = word.strip().lower()
    if lower.startswith(("one", "uni", "use", "usu", "eu", "ewe")):
        return "a"
    if lower.startswith(("hour", "honest", "honour", "heir")) or lower[:1] in ("a", "e", "i", "o", "u"):
        return "an"
    return "a"


class Community(Block):
    """A community of interest the strategy names (e.g. 'refugees and asylum seekers')."""

    id: Id
    name: Text
    group: Text | None = Field(None, description="A heading that groups communities, e.g. 'Acute need'.")
    characteristics: list[Characteristic] = Field(default_factory=list)


class Place(Block):
    """A place the strategy names: a ward, locality, neighbourhood or town."""

    id: Id
    name: Text
    kind: Text | None = Field(None, description="e.g. ward, locality, town.")


class Link(Block):
    """A link to a related document or page."""

    title: Text
    url: Url


class SourceDocument(Block):
    """The published document this content was transcribed from."""

    title: Text
    date: PartialDate | None = None
    url: Url | None = None
    note: Markdown | None = None


class Consultation(Block):
    """How residents can respond while a strategy is out for consultation."""

    questions: list[Markdown] = Field(default_factory=list)
    url: Url | None = None
    closes: PartialDate | None = None


class Target(Block):
    """A value at a date: a measure's baseline or target."""

    value: float | None = Field(None, allow_inf_nan=False, gt=-1e15, lt=1e15)
    text: Text | None = Field(None, description="The baseline or target in words, where it is not one number.")
    date: PartialDate | None = None


def _data_path(value: str) -> str:  # a validator for Measure.data
    if not re.fullmatch(r"[A-Za-z0-9_./-]+\.(csv|xlsx|ods)", value):
        raise PydanticCustomError(
            "data_path",
            "'{value}' is not the path of a data file: write the path of a CSV file (.csv), "
            "an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods) in the strategy's folder, using "
            "letters, digits, '-', '_' and '/', e.g. data/measure.csv",
            {"value": value[:80]},
        )
    return value


class Measure(Block):
    """A measure of success: what will be counted to tell whether the strategy is working."""

    id: Id
    name: Text
    domain: Text | None = Field(None, description="The area of life the measure belongs to, e.g. Income.")
    description: Markdown | None = None
    unit: Text | None = Field(None, description="e.g. 'percent', 'years', 'people'.")
    better: Literal["higher", "lower"] | None = Field(None, description="Whether a higher or a lower value is better.")
    baseline: Target | None = None
    target: Target | None = None
    source: Markdown | None = Field(None, description="Where the data comes from.")
    owners: list[Ref] = Field(default_factory=list)

    data: (
        Annotated[
            str,
            AfterValidator(_data_path),
            Field(max_length=200, json_schema_extra={"pattern": r"^[A-Za-z0-9_./-]+\.(csv|xlsx|ods)$"}),
        ]
        | None
    ) = Field(
        None,
        description="A file in the strategy's folder with the measure's values: a CSV file, or a "
        "workbook (.xlsx or .ods). Its table has the columns period and value, and optionally breakdown and note.",
    )
    sheet: Annotated[str, Field(min_length=1, max_length=100)] | None = Field(
        None,
        description="For a workbook with more than one sheet: the name of the sheet that holds the "
        "values, e.g. Data. A workbook with one sheet needs none.",
    )


class Node(Block):
    """One item of a strategy's hierarchy: a theme, objective, priority or action.

    What each level is called is set by the strategy's ``levels``.
    """

    id: Id
    label: Text | None = Field(
        None,
        description="The item's number or letter as the document prints it, e.g. '(a)', '1.2' or 'P3'. "
        "Shown before the title.",
    )
    title: Text
    level: Text | None = Field(
        None,
        description="What this item is called where it differs from the strategy's levels, e.g. 'Pledge' "
        "among actions.",
    )
    stage: Literal["proposed", "provisional"] | None = Field(
        None,
        description="'proposed' for a commitment put forward but not yet adopted; 'provisional' for one "
        "agreed subject to conditions (funding, consultation). Items below it share it. Leave out for adopted "
        "commitments; a strategy that is not adopted yet makes all its items proposed.",
    )
    summary: Markdown | None = Field(None, description="What this item is about: its focus or rationale.")
    details: Markdown | None = Field(None, description="Further detail, such as the steps of an action.")
    owners: list[Ref] = Field(
        default_factory=list, description="Ids of the posts (or organisations) who oversee this item."
    )
    lead_partner: Ref | None = Field(
        None,
        description="Id of the organisation, post or service leading delivery. Items below without one "
        "of their own share it.",
    )
    collaborators: list[Ref] = Field(
        default_factory=list,
        description="Ids of others who help deliver it. Items below without any of their own share them.",
    )
    start: PartialDate | None = Field(None, description="When the work starts: 2022, 2022-07 or 2022-07-31.")
    due: DueDate | None = Field(
        None,
        description="When it is due, as the document says: 2022, 2022-07 or 2022-07-31; or ongoing, where "
        "the document says the work is ongoing, with no end date.",
    )
    status: ActionStatus | None = Field(None, description="Current status. Leave out when nothing has been reported.")
    characteristics: list[Characteristic] = Field(
        default_factory=list, description="Protected characteristics (Equality Act 2010) this item serves."
    )
    communities: list[Ref] = Field(default_factory=list, description="Ids of the strategy's communities.")
    places: list[Ref] = Field(default_factory=list, description="Ids of the strategy's places.")
    measures: list[Ref] = Field(default_factory=list, description="Ids of the strategy's measures.")
    notes: list[Markdown] = Field(default_factory=list, description="Footnotes from the source document.")
    items: list[Node] = Field(default_factory=list, description="The items one level down.")


class Strategy(Block):
    """A strategy, action plan or framework, as one council published it."""

    title: Text
    short_title: Text | None = Field(None, description="A shorter title for navigation.")
    demonstration: bool = Field(
        False, description="True for fictional content that demonstrates the site: every page says so."
    )
    organisation: Ref = Field(description="Id of the organisation that owns the strategy.")
    partners: list[Ref] = Field(default_factory=list, description="Ids of partner organisations.")
    period: Period
    status: StrategyStatus
    approval: Approval | None = None
    summary: Markdown
    vision: Markdown | None = None
    drivers: TextList | None = None
    principles: TextList | None = None
    challenges: TextList | None = None
    governance: Governance | None = None
    budget: list[BudgetLine] = Field(default_factory=list)
    budget_note: Markdown | None = None
    timeline: list[TimelineEntry] = Field(default_factory=list)
    levels: list[Level] = Field(min_length=1, description="Names of the hierarchy's levels, top first.")
    structure_note: Markdown | None = Field(
        None, description="Anything residents should know about how complete the hierarchy is."
    )
    items: list[Node] = Field(default_factory=list, description="The top level of the hierarchy.")
    communities: list[Community] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    next_steps: list[Markdown] = Field(default_factory=list)
    consultation: Consultation | None = None
    links: list[Link] = Field(default_factory=list)
    source: SourceDocument | None = None


class ActionUpdate(Block):
    """One action's progress in a report."""

    action: Ref = Field(description="The id of the action this update is about.")
    status: ActionStatus = Field(description="Its status at the time of the report.")
    percent: float | None = Field(None, ge=0, le=100, allow_inf_nan=False, description="How complete it is, 0 to 100.")
    milestone: Text | None = Field(None, description="The milestone reached, in a few words.")
    commentary: Markdown | None = Field(None, description="What happened, in plain words.")


class ProgressReport(Block):
    """A dated progress report: each action's status then (in content/<strategy>/progress/)."""

    title: Text = Field(description="e.g. 'Progress report, April to September 2023'.")
    date: PartialDate = Field(description="When the report was published or presented.")
    period: Period | None = Field(None, description="The months the report covers.")
    presented_to: Text | None = Field(None, description="e.g. 'Cabinet' or 'Scrutiny Committee'.")
    summary: Markdown | None = None
    final: bool = Field(
        False,
        description="True for the final report on the strategy's whole period: the site then says the "
        "period's final report is published, and expects no further report.",
    )
    updates: list[ActionUpdate] = Field(default_factory=list)


class Holder(Block):
    """Who a post or organisation was when a revision was released, so an old version keeps
    showing the names of its time even after posts change hands or are deleted."""

    post: Text | None = Field(None, description="The post's title then. Left out for an organisation.")
    directorate: Text | None = Field(None, description="The post's directorate then, if any.")
    person: Text | None = Field(None, description="The name of the person who held the post then, if named.")
    organisation: Text = Field(description="The name of the organisation (the post's organisation, for a post).")


class Revision(Block):
    """A named, frozen version of a strategy (in content/<strategy>/revisions/<name>/revision.yaml),
    written by `strategies release`. Beside it are copies of strategy.yaml and pages/ as they were."""

    label: Annotated[str, Field(min_length=1, max_length=100), Written(markdown=False)] = Field(
        description="The version's name, e.g. '2021 refresh'."
    )
    date: PartialDate = Field(description="When the version was released.")
    summary: Text = Field(description="What this version was, in a sentence or two.")
    holders: dict[Ref, Holder] = Field(
        default_factory=dict,
        description="Every post and organisation the strategy names, with the names they had then.",
    )
    statuses: dict[Ref, ActionStatus] = Field(
        default_factory=dict, description="Each action's status when the version was released."
    )


class AccessibilityIssue(Block):
    """Content or a feature that does not meet WCAG 2.2 AA, and what is being done about it."""

    problem: Markdown = Field(description="What does not work, in plain words, for whom.")
    criteria: list[Text] = Field(
        default_factory=list, description="WCAG success criteria, e.g. '1.4.3 Contrast (Minimum)'."
    )
    fix_by: PartialDate | None = Field(None, description="When it will be fixed, if known.")


class AccessibilityStatement(Block):
    """The site's accessibility statement, as the 2018 Regulations and the government's model expect."""

    compliance: Literal["full", "partial", "not"] = Field(
        description="full, partial or not: compliance with WCAG 2.2 AA, in the regulations' wording. "
        "'full' only after an audit by hand (see 'audited') found no failures: automated checks find only "
        "some kinds of failure. 'partial' for a site with failures listed under 'non_compliant' or "
        "'disproportionate_burden', or one checked only automatically so far (no 'audited'): the statement "
        "then says that no audit by hand has been done yet."
    )
    non_compliant: list[AccessibilityIssue] = Field(default_factory=list)
    disproportionate_burden: list[AccessibilityIssue] = Field(default_factory=list)
    out_of_scope: list[Markdown] = Field(default_factory=list)
    contact: Contact | None = Field(
        None,
        description="Who runs the website: how residents report accessibility problems. Give 'email' or "
        "'phone' (or both) and 'response_time' (how soon you reply): a build for publishing (site_url set in "
        "mkdocs.yml) stops without them. Councils' own contacts, for different formats, come from their "
        "organisation files.",
    )
    prepared: PartialDate = Field(description="When the statement was first prepared.")
    reviewed: PartialDate = Field(description="When it was last reviewed.")
    tested: PartialDate = Field(description="When the website was last tested.")
    test_method: Markdown = Field(description="How it was tested, and by whom.")
    audited: PartialDate | None = Field(
        None,
        description="When the website was last audited by hand: a person checked a sample of its pages "
        "against every WCAG 2.2 AA success criterion, using a keyboard and assistive technology such as a "
        "screen reader. Leave it out until that has been done. 'compliance: full' needs it.",
    )
    audited_by: Text | None = Field(
        None,
        description="Who carried out that audit: the company's name, or your own team, e.g. 'our "
        "digital team'. Needed with 'audited'.",
    )


class SiteSettings(Block):
    """Settings for the whole site, in content/site.yaml."""

    accessibility: AccessibilityStatement


class PageMeta(Block):
    """Front matter of a narrative Markdown page that belongs to a strategy: its title, and,
    where the page says so, where it comes from (who wrote it, when, who first published it)
    and whether it is part of the strategy document itself."""

    title: Text
    order: int = Field(100, description="Pages are listed in this order, lowest first.")
    summary: Text | None = None
    kind: Literal["document", "commentary", "summary"] = Field(
        "document",
        description="What the page is. document (the default): a section of the strategy "
        "document itself, such as its background or foreword. commentary: written about the strategy "
        "but not part of the document, such as a blog post, news story or a foreword added later. "
        "summary: a shorter or simpler version of the strategy, such as an easy read or plain-English "
        "summary. Pages that are not document say so at the top.",
    )
    author: Text | None = Field(
        None,
        description="The name of the person who wrote the page, as the original gives it, e.g. "
        "'Thara Raj'. Leave out if the original names no one.",
    )
    role: Text | None = Field(
        None, description="The author's job or role as the original gives it, e.g. 'Director of Public Health'."
    )
    date: PartialDate | None = Field(
        None,
        description="When the page was written or first published, as precisely as the original "
        "says: 2024, 2024-03 or 2024-03-12.",
    )
    publisher: Text | None = Field(
        None,
        description="The organisation or publication that first published the page, e.g. "
        "'Warrington Borough Council' or 'Warrington Guardian'.",
    )
    url: Url | None = Field(None, description="The web address where the page was first published.")


class Acronym(Block):
    """An abbreviation residents already know, such as NHS or GP: every strategy may use it
    without spelling it out (the plain-English warnings of `strategies validate`)."""

    term: Annotated[
        str,
        Field(
            min_length=1,
            max_length=30,
            pattern=r"^[A-Za-z0-9&/.+-]+$",
            description="The abbreviation as it is written, e.g. 'NHS'.",
        ),
    ]
    meaning: Text = Field(description="What it stands for, e.g. 'National Health Service'.")


class AvoidedPhrase(Block):
    """A word or phrase writers should not use (GOV.UK's style guide lists many), and what to
    write instead: `strategies validate` warns wherever it is used."""

    phrase: Text = Field(description="The word or phrase, e.g. 'going forward'. Matched as whole words, in any case.")
    instead: Text | None = Field(None, description="What to write instead, e.g. 'from now on, or say when'.")


class Glossary(Block):
    """content/glossary.yaml: the abbreviations and the phrases to avoid that the plain-English
    warnings use for every strategy. A council may add its own to both lists."""

    acronyms: list[Acronym] = Field(default_factory=list, description="Abbreviations residents know.")
    avoid: list[AvoidedPhrase] = Field(default_factory=list, description="Words and phrases to avoid.")
