"""Settings shared by every part of qingdan, read once from the environment.

One place for the defaults a user may change: where the store lives and the base under which every
IRI is minted. The ontology namespace is fixed (it names the model, not the data).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_BASE_IRI = "https://qingdan.example/id/"
DEFAULT_STORE = Path(".qingdan/store")
PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = PROJECT_ROOT.parent / "shared" / "reference" / "lawrefbook"


def default_corpus() -> Path | None:
    """The law corpus used when none is named: env QINGDAN_CORPUS, else the shared reference corpus
    beside the project (`../shared/reference/lawrefbook`) when it is there, else None."""
    named = os.environ.get("QINGDAN_CORPUS")
    if named:
        return Path(named)
    return SHARED_CORPUS if SHARED_CORPUS.is_dir() else None


@dataclass(frozen=True)
class Settings:
    base_iri: str = DEFAULT_BASE_IRI
    store: str = str(DEFAULT_STORE)
    data_dir: Path = Path("data")

    @classmethod
    def from_env(cls) -> Settings:
        base = os.environ.get("QINGDAN_BASE_IRI", DEFAULT_BASE_IRI)
        if not base.endswith(("/", "#")):
            base += "/"
        return cls(
            base_iri=base,
            store=os.environ.get("QINGDAN_STORE", str(DEFAULT_STORE)),
            data_dir=Path(os.environ.get("QINGDAN_DATA", "data")),
        )
