"""The model -> JSON Schemas of the project's YAML files, for editors that complete and check keys.

The pydantic model (:mod:`proceedings.model`) is the one definition of ``source/volume.yaml``,
``source/committees.yaml`` and ``papers/<id>/paper.yaml``; this module writes it out as JSON
Schema (draft 2020-12) so that an editor with a YAML language server (VS Code's YAML extension,
Neovim's yamlls, JetBrains IDEs) completes keys, shows each field's description and flags an
unknown key or a wrong type while the organizer types.

Where the schemas live: in the project, under ``.schemas/`` (:data:`SCHEMA_DIR`), written by
``init``, ``import`` and ``proceedings schema``. Each YAML file that ``init`` and ``import``
write starts with a modeline naming its schema by a path relative to the file
(``# yaml-language-server: $schema=../.schemas/volume.schema.json``), which the YAML language
server reads. A path in the project rather than a URL works offline, needs no site that hosts
the schemas, and always matches the installed version of proceedings (``proceedings schema``
rewrites them after an upgrade); the price is a generated folder in the project.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from proceedings.model import Committees, PaperInfo, Program, Record, Sponsors, VolumeInfo
from proceedings.output import write_atomic
from proceedings.workshop import Workshop

__all__ = ["FILES", "SCHEMA_DIR", "SchemaFile", "json_schema", "modeline", "write_schemas"]

SCHEMA_DIR = ".schemas"
_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class SchemaFile:
    """One kind of YAML file of a project and the model that reads it."""

    name: str  # volume, committees, paper, program, sponsors, event, record
    pattern: str  # where the files are, relative to the project: papers/*/paper.yaml
    model: type[BaseModel]

    @property
    def file_name(self) -> str:
        """``paper.schema.json``."""
        return f"{self.name}.schema.json"


FILES = (
    SchemaFile("volume", "source/volume.yaml", VolumeInfo),
    SchemaFile("committees", "source/committees.yaml", Committees),
    SchemaFile("paper", "papers/*/paper.yaml", PaperInfo),
    SchemaFile("program", "source/program.yaml", Program),
    SchemaFile("sponsors", "source/sponsors.yaml", Sponsors),
    SchemaFile("event", "source/event.yaml", Workshop),
    SchemaFile("record", "source/record.yaml", Record),
)


def json_schema(kind: SchemaFile) -> dict[str, Any]:
    """The JSON Schema of one kind of file, as the model validates what it reads."""
    schema = kind.model.model_json_schema(mode="validation")
    return {
        "$schema": _DIALECT,
        "$id": kind.file_name,
        **schema,
        "title": kind.pattern,
    }


def modeline(kind: str) -> str:
    """The first line of a written YAML file of ``kind``, pointing the YAML language server at
    its schema by a path relative to the file (``source/`` and ``papers/<id>/`` differ)."""
    pattern = next(f.pattern for f in FILES if f.name == kind)
    up = "../" * pattern.count("/")
    return f"# yaml-language-server: $schema={up}{SCHEMA_DIR}/{kind}.schema.json\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every file's schema into ``folder`` (made if missing); return the paths written."""
    written = []
    for kind in FILES:
        path = folder / kind.file_name
        text = json.dumps(json_schema(kind), ensure_ascii=False, indent=2, sort_keys=False)
        write_atomic(path, text + "\n")
        written.append(path)
    return written
