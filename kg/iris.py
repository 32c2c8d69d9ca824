"""The one place where IRIs are minted.

IRIs are readable and stable: a township by its statistical code, a statute by its title, a version
by its date, an article by its number. Everything sits under one configurable base
(`Settings.base_iri`, env `QINGDAN_BASE_IRI`). Segments taken from names (statute titles, department
names) are percent-encoded only where IRI syntax requires it, so they stay legible Chinese.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from pyoxigraph import NamedNode

from kg.config import Settings
from kg.model import ListKind

_SAFE_ASCII = "-._~!$&'()*+,;=:@"


def _seg(text: str) -> str:
    """Encode one path segment as an IRI segment (RFC 3987): non-ASCII letters stay legible,
    ASCII delimiters and spaces are percent-encoded."""
    return "".join(ch if ord(ch) > 0x7F and not ch.isspace() else quote(ch, safe=_SAFE_ASCII)
                   for ch in text.strip())


class Iris:
    """Mints every IRI of the data graph under one base."""

    def __init__(self, base: str | None = None) -> None:
        self.base = base or Settings.from_env().base_iri

    def _n(self, path: str) -> NamedNode:
        return NamedNode(self.base + path)

    # --- regions and organisations
    def region(self, code: str) -> NamedNode:
        return self._n(f"region/{code}")

    def department(self, county_code: str, name: str) -> NamedNode:
        return self._n(f"org/{county_code}/{_seg(name)}")

    def office(self, township_code: str, name: str) -> NamedNode:
        return self._n(f"org/{township_code}/{_seg(name)}")

    # --- lists and items
    def duty_list(self, township_code: str, kind: ListKind) -> NamedNode:
        return self._n(f"list/{township_code}/{kind.value}")

    def item(self, township_code: str, kind: ListKind, ordinal: int) -> NamedNode:
        return self._n(f"item/{item_id(township_code, kind, ordinal)}")

    def citation(self, township_code: str, kind: ListKind, ordinal: int, n: int) -> NamedNode:
        return self._n(f"item/{item_id(township_code, kind, ordinal)}/citation/{n}")

    def category(self, label: str) -> NamedNode:
        return self._n(f"category/{_seg(label)}")

    # --- statutes (ELI)
    def statute(self, title: str) -> NamedNode:
        return self._n(f"statute/{_seg(title)}")

    def statute_version(self, title: str, version_date: date) -> NamedNode:
        return self._n(f"statute/{_seg(title)}/{version_date.isoformat()}")

    def provision(
        self,
        title: str,
        version_date: date,
        article: int,
        paragraph: int | None = None,
        item: int | None = None,
    ) -> NamedNode:
        path = f"statute/{_seg(title)}/{version_date.isoformat()}/art/{article}"
        if paragraph is not None:
            path += f"/para/{paragraph}"
        if item is not None:
            path += f"/item/{item}"
        return self._n(path)

    # --- provenance and named graphs
    def source_graph(self, file_name: str) -> NamedNode:
        """Named graph of one imported file; re-importing the same file name replaces it."""
        return self._n(f"source/{_seg(file_name)}")

    def reference_graph(self, name: str) -> NamedNode:
        """Named graph of reference data (regions, statutes, organisations, ontology)."""
        return self._n(f"graph/{_seg(name)}")

    # --- reference catalogue and findings
    def catalogue_item(self, code: str) -> NamedNode:
        """An item of the reference catalogue, by its stable code (`JB-DJ-001`)."""
        return self._n(f"catalogue/{_seg(code)}")

    def finding(self, kind: str, subject_key: str) -> NamedNode:
        """A finding of check `kind` about one subject; stable across runs for the same defect."""
        return self._n(f"finding/{kind}/{_seg(subject_key)}")

    def check_run(self, started: str) -> NamedNode:
        """One run of the checks (a prov:Activity), by its start time in ISO 8601."""
        return self._n(f"check-run/{_seg(started)}")

    def item_from_id(self, ident: str) -> NamedNode:
        return self._n(f"item/{ident}")


def item_id(township_code: str, kind: ListKind, ordinal: int) -> str:
    """Public, URL-safe item id used by the API: `640221204-basic-12`."""
    return f"{township_code}-{kind.value}-{ordinal}"


def parse_item_id(ident: str) -> tuple[str, ListKind, int] | None:
    parts = ident.split("-")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[2].isdigit():
        return None
    try:
        kind = ListKind(parts[1])
    except ValueError:
        return None
    return parts[0], kind, int(parts[2])
