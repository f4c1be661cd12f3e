"""Types of the plain values the API returns: the dicts and literal strings.

``Document.metadata``, ``Document.citations``, ``Node.sentences`` and the like are plain ``dict``
objects at run time; these ``TypedDict`` classes describe their keys for type checkers.
"""

from __future__ import annotations

from typing import Literal, TypeAlias, TypedDict

__all__ = [
    "AdoptionKindName",
    "AlignLink",
    "Attachment",
    "CharRange",
    "Citation",
    "ClauseInfo",
    "Diagnostic",
    "DocSummary",
    "DocumentKind",
    "Evidence",
    "LevelName",
    "MeasureAdoption",
    "Metadata",
    "NodeKind",
    "Responsibility",
    "Sentence",
    "Severity",
    "SourceInfo",
    "TableRow",
]

CharRange: TypeAlias = tuple[int, int]
"""A code-point range ``(start, end)`` into ``Document.text``: ``doc.text[start:end]``."""

DocumentKind: TypeAlias = Literal["standalone", "forwarding"]
NodeKind: TypeAlias = Literal["chapter", "article", "item", "sub_item", "paragraph"]
Severity: TypeAlias = Literal["info", "warning"]
LevelName: TypeAlias = Literal["national", "provincial", "municipal", "district"]


class Metadata(TypedDict):
    """Header metadata; values the text does not state are ``None``."""

    title: str | None
    doc_number: str | None
    issuer: str | None
    addressees: str | None
    date_written: str | None
    date_published: str | None
    index_number: str | None
    validity: str | None
    topic: str | None
    locality: str | None
    level: LevelName | None
    extra: dict[str, str]


class SourceInfo(TypedDict):
    """How the input was read."""

    name: str | None
    encoding: str
    html: bool


class Citation(TypedDict):
    """A reference in the text to another document."""

    title: str | None
    doc_number: str | None
    char_range: CharRange


class Diagnostic(TypedDict):
    """Something the parser noticed or did."""

    kind: str
    severity: Severity
    message: str
    char_range: CharRange | None


class TableRow(TypedDict):
    """A row of an attachment table."""

    number: int
    section: str | None
    task_number: int | None
    text: str
    char_range: CharRange


class Attachment(TypedDict):
    """An attachment table kept apart from the body."""

    title: str | None
    header: str | None
    rows: list[TableRow]
    notes: list[str]
    char_range: CharRange


class Responsibility(TypedDict):
    """The responsible-agency parenthetical that closes a measure."""

    text: str
    agencies: list[str]
    lead_agencies: list[str]
    char_range: CharRange


class Sentence(TypedDict):
    """A sentence of a paragraph."""

    text: str
    char_range: CharRange


AdoptionKindName: TypeAlias = Literal["verbatim", "adapted", "partial", "forwarded"]


class DocSummary(TypedDict):
    """A document as alignment results name it (``Alignment.national``, ``Alignment.local``)."""

    id: str
    title: str | None
    doc_number: str | None
    issuer: str | None
    locality: str | None
    level: LevelName | None
    date: str | None
    kind: DocumentKind
    source: str | None
    clause_count: int
    name: str


class ClauseInfo(TypedDict):
    """A clause as alignment results name it: its document id, clause id, text and heading."""

    doc: str
    id: str
    text: str
    heading: str | None


class Evidence(TypedDict):
    """A span shared by a local and a national clause; ``local`` and ``national`` are code-point
    ranges into the two clause texts (``link["local"]["text"][start:end]``)."""

    text: str
    local: tuple[int, int]
    national: tuple[int, int]


class AlignLink(TypedDict):
    """A link from a local clause to the national clause it derives from; ``score`` is in [0, 1]."""

    local: ClauseInfo
    national: ClauseInfo
    score: float
    kind: AdoptionKindName
    evidence: list[Evidence]


class MeasureAdoption(TypedDict):
    """How a local document takes up one national clause; ``kind`` is ``None`` when not adopted."""

    national: ClauseInfo
    kind: AdoptionKindName | None
    score: float
    local_ids: list[str]
