"""The checks against the generator's ground truth: the whole demonstration province (22 counties,
243 townships; `qingdan demo generate`) is generated, built through the real pipeline with the real
reference data, and every finding is compared with manifest.csv. Precision and recall must be 1.0 for
every kind; item identity (catalogue matches) must never name a wrong catalogue item.

Generating and building the province takes about a minute; the fixture does it once for the module."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from kg.build import build
from kg.checks import run_checks
from kg.store import EmbeddedStore, select
from kg.vocab import SPARQL_PREFIXES

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SEED = 1
TOWNSHIPS = 243

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("kg.demo") is None or not (DATA / "catalogue" / "items.csv").is_file(),
    reason="the demonstration generator (kg.demo) or data/catalogue is not there yet",
)


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> tuple[EmbeddedStore, Path]:
    from kg.demo import generate

    out = tmp_path_factory.mktemp("province")
    generated = generate(SEED, out / "lists", data_dir=DATA)
    assert generated.province.summary["townships"] == TOWNSHIPS
    store = EmbeddedStore(out / "store")
    workbooks = sorted(p for p in (out / "lists").iterdir() if p.is_dir())  # not manifest.csv beside them
    report = build(workbooks, store, data_dir=DATA)
    assert report.failures == (), [f.message for f in report.failures]
    return store, out / "lists"


def test_precision_and_recall_per_kind_are_one(province: tuple[EmbeddedStore, Path]) -> None:
    from kg.demo.defects import KINDS
    from kg.demo.manifest import found_keys, read_truth, score

    store, lists = province
    truth = read_truth(lists / "manifest.csv")
    found = found_keys(run_checks(store, data_dir=DATA))
    scores = score(truth, found)
    report = "\n".join(s.line() for s in scores)
    assert all(s.precision == 1.0 and s.recall == 1.0 for s in scores), report
    assert {s.kind for s in scores if s.truth} == set(KINDS), "every kind should be injected:\n" + report


def test_no_item_is_matched_to_a_wrong_catalogue_item(province: tuple[EmbeddedStore, Path]) -> None:
    store, lists = province
    with (lists / "manifest.csv").open(encoding="utf-8") as f:
        expected = {(r["file"], r["sheet"], r["row"]): r["catalogue_code"] for r in csv.DictReader(f) if r["file"]}
    rows = select(store, SPARQL_PREFIXES + """
        SELECT ?file ?sheet ?row ?code WHERE {
          ?item qd:matchesCatalogueItem/skos:notation ?code ; qd:row ?row ;
                prov:wasDerivedFrom/dcterms:title ?file .
          OPTIONAL { ?item qd:sheet ?sheet }
        }""")
    wrong = [
        (key, expected[key], code)
        for r in rows
        if (key := (r["file"].value if r["file"] else "", r["sheet"].value if r["sheet"] else "",
                    r["row"].value if r["row"] else ""))
        and (code := r["code"].value if r["code"] else "")
        and expected.get(key) != code
    ]
    assert wrong == []
    assert len(rows) >= 0.99 * len([c for c in expected.values() if c])
