"""The checks against the generator's ground truth: two counties of the demonstration province are
generated (`qingdan demo generate`), built through the real pipeline with the real reference data,
and every finding is compared with manifest.csv. Precision and recall must be 1.0 for every kind the
manifest records; item identity (catalogue matches) must never name a wrong catalogue item.

One known gap of the manifest is allowed for, and checked to be exactly that: two rows of one
township with the same name and no catalogue code are duplicates the check reports and the manifest
does not record (see `_uncoded_twins`)."""

from __future__ import annotations

import csv
import importlib.util
from collections import defaultdict
from pathlib import Path

import pytest

from kg.build import build
from kg.checks import Finding, run_checks
from kg.regions import name_key
from kg.store import EmbeddedStore, select
from kg.vocab import SPARQL_PREFIXES

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
COUNTIES = ("640104", "640221")  # 兴庆区 (街道 and 镇), 平罗县 (乡 and 镇)
SEED = 1

Key = tuple[str, str, int] | str

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("kg.demo") is None or not (DATA / "catalogue" / "items.csv").is_file(),
    reason="the demonstration generator (kg.demo) or data/catalogue is not there yet",
)


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> tuple[EmbeddedStore, Path]:
    from kg.demo import generate

    out = tmp_path_factory.mktemp("province")
    generate(SEED, out / "lists", data_dir=DATA, counties=list(COUNTIES))
    store = EmbeddedStore(out / "store")
    workbooks = sorted(p for p in (out / "lists").iterdir() if p.is_dir())  # not manifest.csv beside them
    report = build(workbooks, store, data_dir=DATA)
    assert report.failures == (), [f.message for f in report.failures]
    return store, out / "lists"


def _truth(manifest: Path) -> dict[str, set[Key]]:
    truth: dict[str, set[Key]] = defaultdict(set)
    with manifest.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for kind in filter(None, row["defect"].split("|")):
                if kind == "missing_mandatory":
                    truth[kind].add(f"{row['township_code']}.{row['catalogue_code']}")
                else:
                    truth[kind].add((row["file"], row["sheet"], int(row["row"])))
    return truth


def _uncoded_twins(manifest: Path) -> set[Key]:
    """Rows without a catalogue code whose name occurs twice in their township: real duplicates the
    generator's ground truth does not record (kg/demo/defects.py `_duplicates` groups by code only)."""
    rows: dict[tuple[str, str], list[Key]] = defaultdict(list)
    with manifest.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["file"] and not row["catalogue_code"]:
                rows[(row["township_code"], name_key(row["item_name"]))].append(
                    (row["file"], row["sheet"], int(row["row"]))
                )
    return {key for keys in rows.values() if len(keys) > 1 for key in keys}


def _key(f: Finding) -> Key:
    if f.kind == "missing_mandatory":
        return f.subject_key
    return (f.source_file or "", f.sheet or "", f.row or 0)


def test_precision_and_recall_per_kind_are_one(province: tuple[EmbeddedStore, Path]) -> None:
    store, lists = province
    truth = _truth(lists / "manifest.csv")
    found: dict[str, set[Key]] = defaultdict(set)
    for f in run_checks(store, data_dir=DATA):
        if f.kind != "uncited_statute":
            found[f.kind].add(_key(f))
    found["duplicate_in_township"] -= _uncoded_twins(lists / "manifest.csv") - truth["duplicate_in_township"]
    report = {
        kind: (len(found[kind] - truth[kind]), len(truth[kind] - found[kind]))
        for kind in sorted(set(truth) | set(found))
        if found[kind] != truth[kind]
    }
    assert report == {}, f"(false positives, false negatives) per kind: {report}"
    assert all(truth[k] for k in truth), "the manifest should record every kind it injects"


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
