"""data/sources.yml: every source has a title in every language of Opas, the original unchanged."""

from __future__ import annotations

from pathlib import Path

from api.app.content.schemas import REQUIRED_LANGUAGES, read_dataset

DATA = Path(__file__).resolve().parents[2] / "data"


def test_every_source_is_titled_in_every_language() -> None:
    for source in read_dataset(DATA).sources:
        assert set(source.titles) == set(REQUIRED_LANGUAGES), source.id
        # The title in the document's own language is the document's title.
        assert source.titles[source.language] == source.title, source.id
        # An Arabic reader sees Arabic letters, a Russian reader Cyrillic ones.
        assert any("\u0600" <= char <= "\u06ff" for char in source.titles["ar"]), source.id
        assert any("\u0400" <= char <= "\u04ff" for char in source.titles["ru"]), source.id
