"""The topic titles the responses show on buttons (display labels, not decisions).

Reads ``data/topics.yml`` (docs/data-format.md) once and caches it; ``reload()`` forgets it.
Municipality and provider names come from ``placenames`` (``locales.places``), which
municipalities are covered from the API's answers. ``OPAS_DATA_DIR`` points elsewhere (tests). A missing or broken
file is logged, never raised: a response must always render, with the ids as a last resort.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import yaml

from .languages import CONTENT_FALLBACKS, DEFAULT

log = logging.getLogger(__name__)

_lock = threading.Lock()
_cache: dict[str, object] = {}
_data_dir_override: Path | None = None


def data_dir() -> Path:
    if _data_dir_override is not None:
        return _data_dir_override
    configured = os.environ.get("OPAS_DATA_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parent.parent / "data"


def reload(directory: str | os.PathLike[str] | None = None) -> None:
    """Forget the cached data; read it from ``directory`` from now on (None: the default place)."""
    global _data_dir_override
    with _lock:
        _cache.clear()
        _data_dir_override = Path(directory) if directory is not None else None


def _load(name: str, key: str) -> list[dict]:
    cache_key = f"{name}:{key}"  # one file holds several lists (municipalities, providers)
    cached = _cache.get(cache_key)
    if cached is None:
        path = data_dir() / name
        try:
            with path.open(encoding="utf-8") as handle:
                items = (yaml.safe_load(handle) or {}).get(key) or []
        except (OSError, yaml.YAMLError, AttributeError) as error:
            log.error("cannot read %s (%s); using ids as names", path, error)
            items = []
        cached = [item for item in items if isinstance(item, dict) and item.get("id")]
        with _lock:
            _cache[cache_key] = cached
    return cached  # type: ignore[return-value]


def _localised(names: object, language: str, fallback: str) -> str:
    """The name in ``language``, else in a fallback language, else ``fallback``."""
    if isinstance(names, dict):
        for code in (language, *CONTENT_FALLBACKS, DEFAULT):
            value = names.get(code)
            if isinstance(value, str) and value.strip():
                return value.strip()
    return fallback


def _humanise(identifier: str) -> str:
    text = identifier.replace("_", " ")
    return text[:1].upper() + text[1:]


def topics() -> dict[str, dict]:
    by_id = _cache.get("topics_by_id")
    if by_id is None:
        by_id = {topic["id"]: topic for topic in _load("topics.yml", "topics")}
        with _lock:
            _cache["topics_by_id"] = by_id
    return by_id  # type: ignore[return-value]


def topic_title(topic: str, language: str) -> str:
    item = topics().get(topic)
    return _localised(item.get("title") if item else None, language, _humanise(topic))
