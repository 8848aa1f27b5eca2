"""A citable, versioned edition: CITATION.cff valid against the CFF 1.2.0 schema (offline), one
version everywhere (the citation, the changelog, the book's footer and the PDF)."""

from __future__ import annotations

import datetime as dt
import json
import re

import jsonschema
import pytest
import yaml

from tests.support import ROOT, book_pdf_tool

pytestmark = pytest.mark.unit

#: The Citation File Format 1.2.0 schema (https://citation-file-format.github.io/1.2.0/schema.json,
#: CC-BY-4.0), as shipped in the cffconvert 2.0.0 wheel, kept here so the test runs offline.
SCHEMA = ROOT / "tests" / "data" / "citation-file-format-1.2.0.schema.json"


def cff() -> dict:
    """CITATION.cff as JSON data (YAML dates read as the ISO strings the schema expects)."""
    return json.loads(json.dumps(yaml.safe_load((ROOT / "CITATION.cff").read_text()), default=str))


def validate(data: dict) -> None:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)


def test_citation_file_is_valid_cff():
    data = cff()
    assert data["cff-version"] == "1.2.0"
    validate(data)


def test_the_validator_rejects_a_broken_citation():
    data = cff()
    for broken in ({**data, "cff-version": "9"}, {k: v for k, v in data.items() if k != "authors"},
                   {**data, "date-released": "yesterday"}, {**data, "colour": "blue"}):
        with pytest.raises(jsonschema.ValidationError):
            validate(broken)


def test_one_version_everywhere():
    data = cff()
    version = data["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    dt.date.fromisoformat(data["date-released"])
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert f"## [{version}] - {data['date-released']}" in changelog
    assert book_pdf_tool.edition() == version
