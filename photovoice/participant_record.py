"""A loaded participant as plain data (dicts, tuples, strings, numbers), and back.

The memory keeps what the loader made of each participant.yaml in its one format
(marshal, which knows no classes), so that a rebuild after one file changed reads that
file alone. Only the model's own classes are made back from a record.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from . import model
from .diagnostics import Diagnostic

# The model's own classes, and nothing else, are made back from a record.
_CLASSES = {name: cls for name, cls in vars(model).items()
            if isinstance(cls, type) and dataclasses.is_dataclass(cls)}
_ENUMS = {name: cls for name, cls in vars(model).items()
          if isinstance(cls, type) and issubclass(cls, Enum) and cls is not Enum}


def participant_record(participant: model.Participant,
                       diagnostics: list[Diagnostic]) -> dict:
    """The participant and what the loader said about it, as plain data."""
    return {"participant": _plain(participant),
            "diagnostics": [d.to_data() for d in diagnostics]}


def from_record(record: dict) -> tuple[model.Participant | None, list[Diagnostic]]:
    """What participant_record made plain, made again; raises ValueError if it is not
    such a record (an older photovoice's, say)."""
    try:
        participant = _made(record["participant"])
        diagnostics = [Diagnostic.from_data(data) for data in record["diagnostics"]]
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ValueError(f"not a participant record: {error}") from None
    if participant is not None and not isinstance(participant, model.Participant):
        raise ValueError("not a participant record")
    return participant, diagnostics


def _plain(value: Any) -> Any:
    if _CLASSES.get(type(value).__name__) is type(value):
        return {"class": type(value).__name__,
                "fields": {f.name: _plain(getattr(value, f.name))
                           for f in dataclasses.fields(value)}}
    if isinstance(value, Enum) and _ENUMS.get(type(value).__name__) is type(value):
        return {"enum": type(value).__name__, "value": value.value}
    if isinstance(value, Path):
        return {"path": str(value)}
    if isinstance(value, Mapping):  # the model's are read-only (MappingProxyType)
        kind = "mapping" if isinstance(value, MappingProxyType) else "dict"
        return {kind: {key: _plain(item) for key, item in value.items()}}
    if isinstance(value, tuple):
        return tuple(_plain(item) for item in value)
    if value is None or isinstance(value, (str, int, float)):
        return value
    raise TypeError(f"cannot remember a {type(value).__name__}")


def _made(value: Any) -> Any:
    if isinstance(value, tuple):
        return tuple(_made(item) for item in value)
    if not isinstance(value, dict):
        return value
    if "class" in value:
        cls = _CLASSES[value["class"]]
        return cls(**{name: _made(item) for name, item in value["fields"].items()})
    if "enum" in value:
        return _ENUMS[value["enum"]](value["value"])
    if "path" in value:
        return Path(value["path"])
    if "dict" in value:
        return {key: _made(item) for key, item in value["dict"].items()}
    return MappingProxyType({key: _made(item) for key, item in value["mapping"].items()})


class RecordedParticipants:
    """The loader's memo of participants (load_exhibition's `remembered`), over a store
    of plain records by folder (buildstate.RememberedParticipants); and the review's
    memo of their notes (quality.review_notes), kept in the same records."""

    def __init__(self, store) -> None:
        self._store = store
        self._records: dict[Path, dict] = {}  # this build's, recalled or kept, by folder

    def recall(self, folder: Path) -> tuple[model.Participant | None, list[Diagnostic]] | None:
        record = self._store.get(folder)
        if record is None:
            return None
        try:
            recalled = from_record(record)
        except ValueError:
            return None
        self._records[folder] = record
        return recalled

    def keep(self, folder: Path, participant: model.Participant | None,
             diagnostics: list[Diagnostic]) -> None:
        # A withdrawn participant's words and a withdrawn photo's file name are read again
        # each build rather than kept in the cache, which outlives them.
        if participant is not None and participant.consent.publish \
                and not participant.withdrawn_files:
            record = self._records[folder] = participant_record(participant, diagnostics)
            self._store.put(folder, record)

    def notes(self, folder: Path) -> list[Diagnostic] | None:
        notes = self._records.get(folder, {}).get("review")
        try:
            return None if notes is None else [Diagnostic.from_data(data) for data in notes]
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def keep_notes(self, folder: Path, notes: list[Diagnostic]) -> None:
        record = self._records.get(folder)
        if record is not None:  # only beside the participant it is about
            record = self._records[folder] = {**record,
                                              "review": [d.to_data() for d in notes]}
            self._store.put(folder, record)
