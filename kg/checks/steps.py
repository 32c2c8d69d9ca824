"""Steps a query check's hits pass through (`Check.then`): what a vocabulary of another pipeline stage
decides and SPARQL cannot ask.

- Whether a 设定依据 says "no ground" (empty, 无, 根据工作需要 …) is the citation engine's vocabulary
  (kg/resources/citation_vocab.toml `empty_bases`, `kg.citations.basis_is_empty`): one list for the
  parser, missing_basis and unresolved_basis.
- Which names a 承办机构 or department cell lists is the linker's (`kg.organizations.split_names`):
  unknown_organization reports each name no linked organisation bears, not the whole cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from kg.checks.model import Hit
from kg.citations import basis_is_empty
from kg.organizations import split_names
from kg.regions import name_key

Step = Callable[[Iterable[Hit]], Iterator[Hit]]


def _where(test: Callable[[Mapping[str, str]], bool]) -> Step:
    return lambda hits: (h for h in hits if test(h.values))


def unknown_parts(hits: Iterable[Hit]) -> Iterator[Hit]:
    """One hit per name of a cell that no organisation linked from the cell bears (name or alias).

    The query gives, per item and cell (`key`), the text as written (`written`) and one hit per label
    (`label`) of each organisation the linker linked from it; a cell linked to nothing comes once,
    without a label. Like the linker, the whole text is tried first, then each part. A cell of
    several names gets the key `<cell>.<n>` (n: the part's position) and the whole text as `cell`."""
    cells: dict[tuple[str, str], list[Hit]] = {}
    for hit in hits:
        cells.setdefault((hit.subject, hit.key), []).append(hit)
    for (subject, key), group in cells.items():
        first = group[0]
        written = first.values.get("written", "")
        labels = {name_key(h.values["label"]) for h in group if h.values.get("label")}
        if name_key(written) in labels:
            continue
        parts = split_names(written) or (written.strip(),)
        for n, part in enumerate(parts, start=1):
            if name_key(part) in labels:
                continue
            values = {k: v for k, v in first.values.items() if k not in ("label", "separators")}
            if len(parts) > 1:
                values.update(written=part, cell=written)
            related = tuple(dict.fromkeys(r for h in group for r in h.related))
            yield Hit(subject, f"{key}.{n}" if len(parts) > 1 else key, values, related)


STEPS: dict[str, Step] = {
    "no_ground": _where(lambda values: basis_is_empty(values.get("basis"))),
    "some_ground": _where(lambda values: not basis_is_empty(values.get("basis"))),
    "organization_parts": unknown_parts,
}
