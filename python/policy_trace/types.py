"""Types of the plain values the API returns: the dicts and literal strings.

``Document.metadata``, ``Document.citations``, ``Node.sentences`` and the like are plain ``dict``
objects at run time; these ``TypedDict`` classes describe their keys for type checkers.
"""

from __future__ import annotations

from typing import Literal, TypeAlias, TypedDict

__all__ = [
    "Attachment",
    "CharRange",
    "Citation",
    "Diagnostic",
    "DocumentKind",
    "LevelName",
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
