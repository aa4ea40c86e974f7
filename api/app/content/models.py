"""Tables of the programme content. The loader fills them from ``data/``; coordinators edit them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base

ID = String(120)
LANG = String(8)
HASH = String(64)

TRANSLATION_STATUSES = ("current", "outdated", "missing")


def utcnow() -> datetime:
    # Naive UTC: SQLite keeps no time zone, and both databases must compare the same way.
    return datetime.now(UTC).replace(tzinfo=None)


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    publisher: Mapped[str] = mapped_column(String(200))
    date: Mapped[date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(String(1000))
    language: Mapped[str] = mapped_column(LANG)
    seed: Mapped[str | None] = mapped_column(String(200))
    # The title in every language (a reader sees it in the answer's language); ``title`` is the
    # document's own, in its original language.
    titles: Mapped[dict[str, str] | None] = mapped_column(JSON)
    data_hash: Mapped[str | None] = mapped_column(HASH)
    # A coordinator's change of the registry entry is kept by later loads of an older data file.
    edited_at: Mapped[datetime | None] = mapped_column(DateTime)

    def title_in(self, languages: tuple[str, ...]) -> str:
        """The title in the first of ``languages`` that has one, else the original title."""
        titles = self.titles or {}
        return next((titles[code] for code in languages if titles.get(code)), self.title)


class Topic(Base):
    __tablename__ = "topics"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    needs_municipality: Mapped[bool] = mapped_column(Boolean)
    states_provider: Mapped[bool] = mapped_column(Boolean)
    data_hash: Mapped[str | None] = mapped_column(HASH)

    titles: Mapped[list[TopicTitle]] = relationship(
        back_populates="topic", cascade="all, delete-orphan", lazy="selectin"
    )

    def title(self, language: str, fallbacks: tuple[str, ...] = ()) -> str:
        by_language = {t.language: t.title for t in self.titles}
        for code in (language, *fallbacks):
            if by_language.get(code):
                return by_language[code]
        return self.id


class TopicTitle(Base):
    """A topic's title (button text) and extra search keywords in one language."""

    __tablename__ = "topic_titles"

    topic_id: Mapped[str] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(LANG, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)

    topic: Mapped[Topic] = relationship(back_populates="titles")


class Provider(Base):
    __tablename__ = "providers"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    names: Mapped[dict[str, str]] = mapped_column(JSON)
    source_ids: Mapped[list[str]] = mapped_column(JSON)
    data_hash: Mapped[str | None] = mapped_column(HASH)


class Municipality(Base):
    __tablename__ = "municipalities"
    __table_args__ = (CheckConstraint("coverage in ('full', 'partial', 'none')", name="coverage"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    coverage: Mapped[str] = mapped_column(String(10))
    integration_provider_id: Mapped[str | None] = mapped_column(ForeignKey("providers.id"))
    jobseeker_provider_id: Mapped[str | None] = mapped_column(ForeignKey("providers.id"))
    employment_area_id: Mapped[str | None] = mapped_column(ForeignKey("providers.id"))
    source_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    data_hash: Mapped[str | None] = mapped_column(HASH)

    names: Mapped[list[MunicipalityName]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    forms: Mapped[list[MunicipalityForm]] = relationship(cascade="all, delete-orphan")

    def name(self, language: str, fallbacks: tuple[str, ...] = ("fi",)) -> str:
        by_language = {n.language: n.name for n in self.names}
        for code in (language, *fallbacks):
            if by_language.get(code):
                return by_language[code]
        return self.id


class MunicipalityName(Base):
    __tablename__ = "municipality_names"

    municipality_id: Mapped[str] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(LANG, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class MunicipalityForm(Base):
    """A surface form of a municipality's name (case forms, other spellings)."""

    __tablename__ = "municipality_forms"

    municipality_id: Mapped[str] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True
    )
    form: Mapped[str] = mapped_column(String(200), primary_key=True)


class Statement(Base):
    """One sentence group of an answer, shown when its ``when`` matches the user."""

    __tablename__ = "statements"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    topic_id: Mapped[str] = mapped_column(ForeignKey("topics.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    # None matches anything, as an omitted key in the data file.
    when_municipalities: Mapped[list[str] | None] = mapped_column(JSON)
    when_jobseeker: Mapped[list[str] | None] = mapped_column(JSON)
    when_municipality_known: Mapped[bool | None] = mapped_column(Boolean)
    valid_from: Mapped[date] = mapped_column(Date)
    # The last day it is valid (e.g. the end of a programme period); None: until further notice.
    valid_until: Mapped[date | None] = mapped_column(Date)
    # The kinds of question it answers (data/question_kinds.yml ids) and example questions per
    # language (data/questions/): what the answer selection matches a question against.
    answers: Mapped[list[str] | None] = mapped_column(JSON)
    questions: Mapped[dict[str, list[str]] | None] = mapped_column(JSON)
    # The statement as last loaded from data/ (None: it did not come from a file).
    data_hash: Mapped[str | None] = mapped_column(HASH)
    # A coordinator's edit newer than the data file is kept by the loader.
    edited_by_coordinator: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    # Loaded when used (the loader, coordinators); answers query just the languages they need.
    sources: Mapped[list[StatementSource]] = relationship(
        cascade="all, delete-orphan", order_by="StatementSource.position"
    )
    translations: Mapped[list[StatementTranslation]] = relationship(cascade="all, delete-orphan")

    def matches(self, municipality: str | None, jobseeker: str) -> bool:
        if self.when_municipality_known is not None and self.when_municipality_known != (
            municipality is not None
        ):
            return False
        if self.when_municipalities is not None and municipality not in self.when_municipalities:
            return False
        return self.when_jobseeker is None or jobseeker in self.when_jobseeker


class StatementSource(Base):
    __tablename__ = "statement_sources"

    statement_id: Mapped[str] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True
    )
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    # Where in the document (a section, a paragraph, a page), when it helps to find the fact.
    section: Mapped[str | None] = mapped_column(String(200))

    source: Mapped[Source] = relationship(lazy="joined")


class StatementTranslation(Base):
    """A statement's text in one language: current, outdated (source changed) or missing."""

    __tablename__ = "statement_translations"
    __table_args__ = (
        CheckConstraint("status in ('current', 'outdated', 'missing')", name="status"),
    )

    statement_id: Mapped[str] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(LANG, primary_key=True)
    text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))
    # Hash of the source-language text this translation was made from.
    source_hash: Mapped[str | None] = mapped_column(HASH)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def usable(self) -> bool:
        return self.status != "missing" and bool(self.text)


VERSION_STATES = ("draft", "review", "published", "archived")


class StatementVersion(Base):
    """One saved state of a statement: its texts (with what each translation was made from), sources
    and validity. The newest version is the one being worked on; the newest ``published`` one is
    what the statement tables (and so the bot) show. A save makes earlier drafts ``archived``."""

    __tablename__ = "statement_versions"
    __table_args__ = (
        CheckConstraint("state in ('draft', 'review', 'published', 'archived')", name="state"),
        UniqueConstraint("statement_id", "number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[str] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10))
    # {"texts": {lang: {"text", "basis"}}, "sources": [{"id", "section"}], "valid_from",
    # "valid_until"}; basis: the hash of the source-language text a translation was made from.
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    minor: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(String(500))
    # None: loaded from data/.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)


class ContentMeta(Base):
    """Key/value facts about the content, e.g. its revision (bumped on every change)."""

    __tablename__ = "content_meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
