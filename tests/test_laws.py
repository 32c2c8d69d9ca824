"""Law corpus import: a plain-text statute (a test sample), the shared LawRefBook corpus (skips
without it), unreadable files reported and skipped, and the RDF of provisions in a real store."""

from __future__ import annotations

import argparse
import csv
import time
from datetime import date
from pathlib import Path

import pytest
from citation_fixtures import CORPUS, corpus
from pyoxigraph import Literal

from kg.commands.laws import run_import
from kg.graph.statutes import corpus_quads
from kg.iris import Iris
from kg.laws import CorpusError, CorpusIndex, CorpusStatute, iter_corpus, load_corpus
from kg.store import open_store, select

DATA = Path(__file__).parent / "data"
PLAIN = DATA / "laws_plain"
SAMPLE = "测试样本条例"


def _plain() -> CorpusStatute:
    [record] = list(iter_corpus(PLAIN))
    assert isinstance(record, CorpusStatute), record
    return record


def _rows() -> list[dict[str, str]]:
    with (DATA / "laws_cases.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_plain_text_statute_header() -> None:
    s = _plain()
    assert (s.title, s.version_date, s.effective_date) == (SAMPLE, date(2022, 3, 4), date(2022, 5, 1))
    assert s.history == (date(2020, 1, 2), date(2022, 3, 4))
    assert s.article_numbers == (1, 2, 3)


@pytest.mark.parametrize("row", _rows(), ids=lambda r: "-".join(v or "_" for v in r.values()))
def test_plain_text_provisions(row: dict[str, str]) -> None:
    index = CorpusIndex([_plain()])
    number = {k: int(row[k]) if row[k] else None for k in ("article", "paragraph", "item")}
    article = number["article"]
    assert article is not None
    found = index.provision_exists(SAMPLE, date(2022, 3, 4), article, number["paragraph"], number["item"])
    assert found is (row["exists"] == "yes")


def test_sub_items_stay_in_their_item() -> None:
    text = CorpusIndex([_plain()]).text(SAMPLE, date(2022, 3, 4), 2, 1, 2)
    assert text is not None and "第一目" in text and "第二目" in text


def test_unreadable_files_are_reported_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_bytes((PLAIN / f"{SAMPLE}.txt").read_bytes())
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "noarticles.txt").write_text("某文件\n\n一、没有条文。\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\xff\xfe\x00\x81\x82" * 10)
    records = list(iter_corpus(tmp_path))
    errors = {r.file: r.reason for r in records if isinstance(r, CorpusError)}
    assert [r.title for r in records if isinstance(r, CorpusStatute)] == [SAMPLE]
    assert set(errors) == {"empty.txt", "noarticles.txt", "binary.txt"}, errors


def test_provisions_in_a_real_store(tmp_path: Path) -> None:
    iris = Iris("https://example.org/id/")
    graph = iris.reference_graph("laws")
    store = open_store(tmp_path / "store")
    store.replace_graphs({graph: corpus_quads([_plain()], iris, graph)})
    rows = select(
        store,
        "SELECT ?text ?para ?t WHERE { ?item eli:is_part_of ?para ; qd:item 3 ; qd:text ?text . "
        "?para eli:is_part_of ?art . ?art eli:is_part_of ?v . ?v dcterms:isVersionOf ?s . ?s eli:title ?t }",
        {"t": Literal(SAMPLE, language="zh")},
    )
    assert [(r["text"], r["para"]) for r in rows] == [
        (Literal("（三）第三项。"), iris.provision(SAMPLE, date(2022, 3, 4), 2, 1))
    ]
    versions = select(
        store, "SELECT ?v ?end WHERE { ?v a qd:StatuteVersion OPTIONAL { ?v eli:date_no_longer_in_force ?end } }"
    )
    ends = {r["v"]: r["end"] for r in versions}
    assert ends[iris.statute_version(SAMPLE, date(2020, 1, 2))] is not None
    assert ends[iris.statute_version(SAMPLE, date(2022, 3, 4))] is None


def test_laws_import_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = argparse.Namespace(folder=PLAIN, store=str(tmp_path / "store"), catalogue=tmp_path / "none.csv")
    assert run_import(args) == 0
    assert "导入 1 个文件" in capsys.readouterr().out


@pytest.mark.corpus
def test_shared_corpus_facts() -> None:
    index, statutes = corpus()
    assert len(statutes) > 1400
    assert index.article_count("中华人民共和国安全生产法", date(2021, 6, 10)) == 119
    assert index.article_count("中华人民共和国民法典", date(2020, 5, 28)) == 1260
    [safety] = [s for s in statutes if s.title == "中华人民共和国安全生产法"]
    assert date(2014, 8, 31) in safety.history


@pytest.mark.corpus
def test_shared_corpus_reads_fast_and_reports_skipped_files() -> None:
    corpus()
    started = time.perf_counter()
    _, _, errors = load_corpus(CORPUS)
    assert time.perf_counter() - started < 60
    assert errors and all(e.reason and e.file.endswith((".md", ".txt")) for e in errors)
    assert not any(e.file.startswith(("社会法", "行政法/")) for e in errors), errors
