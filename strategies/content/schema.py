"""JSON Schemas for content files, generated from the one content model.

Published with the site under schema/ and committed at the repository's schema/ folder, so
editors such as VS Code (with the YAML extension) check and autocomplete content as it is
typed. A test keeps the committed files identical to what the model generates.
"""

from __future__ import annotations

import json

from .model import Block, Organisation, ProgressReport, Revision, SiteSettings, Strategy

MODELS: dict[str, type[Block]] = {
    "strategy": Strategy,
    "organisation": Organisation,
    "progress-report": ProgressReport,
    "site": SiteSettings,
    "revision": Revision,
}


def json_schema(name: str) -> dict:
    """The JSON Schema (draft 2020-12) for one kind of content file."""
    schema = MODELS[name].model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{name}.schema.json", **schema}


def schema_files() -> dict[str, str]:
    """File name to JSON text, for every kind of content file."""
    return {
        f"{name}.schema.json": json.dumps(json_schema(name), indent=2, ensure_ascii=False) + "\n" for name in MODELS
    }
