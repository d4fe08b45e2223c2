"""The creator's preferences (model, tone, ...), declared in config.PREFERENCES and stored."""

from __future__ import annotations

from typing import Any

from tinydb.table import Document

from .config import PREFERENCE_BY_NAME, PREFERENCES
from .errors import ApiError
from .store import Store


class Preferences:
    def __init__(self, store: Store, default_model: str) -> None:
        self._table = store.table("settings", "preferences")
        self._store = store
        self._default_model = default_model

    def all(self) -> dict[str, Any]:
        stored = self._table.get(doc_id=1) or {}
        values = {preference.name: stored.get(preference.name, preference.default) for preference in PREFERENCES}
        values["model"] = values["model"] or self._default_model
        return values

    def __getitem__(self, name: str) -> Any:
        return self.all()[name]

    def update(self, changes: Any) -> dict[str, Any]:
        if not isinstance(changes, dict) or not changes:
            raise ApiError("invalid_settings", "Send a JSON object with the settings to change.")
        clean = {}
        for name, value in changes.items():
            preference = PREFERENCE_BY_NAME.get(name)
            if preference is None:
                raise ApiError("invalid_settings", f"Unknown setting {str(name)[:40]!r}; known: "
                               + ", ".join(PREFERENCE_BY_NAME) + ".")
            try:
                clean[name] = preference.check(value)
            except ValueError as error:
                raise ApiError("invalid_settings", f"{name} {error}.") from None
        with self._store.transaction():
            stored = dict(self._table.get(doc_id=1) or {})
            self._table.upsert(Document(stored | clean, doc_id=1))
        return self.all()
