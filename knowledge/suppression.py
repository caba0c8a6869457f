"""Small-count suppression with complementary suppression, proved by linear algebra. Pure.

Every count a table could show is a *group* of people, written as a vector over variables (the
counts of the finest groups the tables are built from): the published number is the sum of the
variables the vector names. Whoever reads the published counts can work out, exactly, every linear
combination of them, and of the relations known to hold by construction (``known``: vectors whose
count is zero, such as "a tier's visa counts and its experience counts add up to the same people").
A group is *disclosed* when its vector lies in that span.

``suppress`` publishes the candidate groups in priority order, each only if publishing it discloses
no protected group. Protected are: every group of fewer than ``k`` people (zero included), every
candidate already hidden (so no hidden count can be worked out either), and, found by re-checking
after each pass, every *union* of small groups that anyone can work out: the groups of a
``partition`` (say, all the finest counts of one field) are disjoint, so any set of them is a group
of people too. If a row's total and all but two of its cells are shown, the two hidden cells
together are a count anyone can work out; so is, less visibly, "the higher tier's count plus one
moderate cell" when a year's total, one tier's total and another cell are shown. Such a sum must be
``k`` or more. Which unions can be worked out is a linear question too (the null space of the small
groups' residues against what is shown), and the unions that add up to fewer than ``k`` are found
by enumerating the 0/1 points of that null space, component by component. The method is the Gaussian-elimination secondary suppression Statistics
Norway publishes its frequency tables with (GaussSuppression; Langsrud 2024), here over the integers
modulo a 61-bit prime, with the span kept in reduced row echelon form so that each check is one pass
over a sparse vector and one dictionary look-up.

What it does not cover, by design: bounds. An inequality known from the rules (nobody with no US
experience is in a tier above high) can bound a hidden count without fixing it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set as AbstractSet
from dataclasses import dataclass, field

#: A prime modulus (2**61 - 1): exact arithmetic on the small integer vectors used here, in machine-size
#: Python integers. Two different rational combinations agree modulo it with probability about 1e-18.
P = (1 << 61) - 1

Vector = dict[int, int]  # variable index -> coefficient modulo P (no zero entries)


def vector(variables: Iterable[int], sign: int = 1) -> Vector:
    """The sum of ``variables`` (each once), times ``sign``."""
    return {v: sign % P for v in variables}


def combine(a: Vector, b: Vector, factor: int = 1) -> Vector:
    """``a + factor * b`` modulo P."""
    out = dict(a)
    for k, c in b.items():
        value = (out.get(k, 0) + factor * c) % P
        if value:
            out[k] = value
        else:
            out.pop(k, None)
    return out


def _key(v: Vector) -> tuple[tuple[int, int], ...]:
    """``v`` scaled so that its first coefficient is 1: equal keys mean parallel vectors."""
    first = min(v)
    inv = pow(v[first], P - 2, P)
    return tuple(sorted((k, c * inv % P) for k, c in v.items()))


class Span:
    """The span of published vectors and known relations, in reduced row echelon form modulo P."""

    def __init__(self) -> None:
        self.rows: dict[int, Vector] = {}  # pivot -> row with row[pivot] == 1 and 0 at every other pivot

    def reduce(self, v: Vector) -> Vector:
        """``v`` less its part in the span: empty when the span holds ``v``."""
        out = dict(v)
        for pivot in [k for k in v if k in self.rows]:
            c = out.get(pivot)
            if c:  # rows are zero at the other pivots, so this introduces no pivot entry
                out = combine(out, self.rows[pivot], -c)
        return out

    def add(self, reduced: Vector) -> int:
        """Add a vector already reduced against the span (and not empty); return its pivot."""
        pivot = min(reduced)
        inv = pow(reduced[pivot], P - 2, P)
        row = {k: c * inv % P for k, c in reduced.items()}
        for other in self.rows.values():
            c = other.get(pivot)
            if c:
                updated = combine(other, row, -c)
                other.clear()
                other.update(updated)
        self.rows[pivot] = row
        return pivot

    def holds(self, v: Vector) -> bool:
        return not self.reduce(v)


@dataclass(frozen=True)
class Group:
    """A count that a table could show (or that could be worked out): its vector and its true value."""

    id: str
    vector: Vector
    count: int


@dataclass
class Pattern:
    """What ``suppress`` decided: the groups shown, and why the others are hidden."""

    shown: set[str] = field(default_factory=set)
    hidden: set[str] = field(default_factory=set)  # candidates not shown
    protected_sums: list[tuple[str, ...]] = field(default_factory=list)  # unions of small groups, kept hidden
    passes: int = 0


class _Protector:
    """The protected vectors' residues against the growing span, indexed by direction."""

    def __init__(self, span: Span):
        self.span = span
        self.residues: dict[int, Vector] = {}
        self.index: dict[tuple[tuple[int, int], ...], set[int]] = {}
        self._next = 0

    def protect(self, v: Vector) -> bool:
        """Keep ``v`` out of the span from now on; False when it is already in it (known)."""
        residue = self.span.reduce(v)
        if not residue:
            return False
        n = self._next
        self._next += 1
        self.residues[n] = residue
        self.index.setdefault(_key(residue), set()).add(n)
        return True

    def would_disclose(self, reduced: Vector) -> bool:
        """Would adding ``reduced`` (a candidate less its part in the span) bring a protected vector in?
        Both are reduced against the span, so it does exactly when they are parallel."""
        return bool(self.index.get(_key(reduced)))

    def publish(self, reduced: Vector) -> None:
        pivot = self.span.add(reduced)
        row = self.span.rows[pivot]
        for n, residue in self.residues.items():
            c = residue.get(pivot)
            if not c:
                continue
            old = _key(residue)
            updated = combine(residue, row, -c)
            self.index[old].discard(n)
            # never empty: that would mean the candidate disclosed it, which ``would_disclose`` refused
            self.residues[n] = updated
            self.index.setdefault(_key(updated), set()).add(n)


#: How many steps the search for small unions may take in one group of relations (2**n at worst, a few
#: hundred in practice); past it each relation itself is kept out of reach (more hidden, never less).
SEARCH_STEPS = 200_000


def suppress(groups: Mapping[str, Group], candidates: Sequence[str], k: int, known: Sequence[Vector] = (),
             partitions: Sequence[Sequence[str]] = (), forced_hidden: AbstractSet[str] = frozenset(),
             max_passes: int = 30) -> Pattern:
    """Decide which ``candidates`` (group ids, highest priority first) to show.

    Guarantees, for the returned pattern: every shown group has at least ``k`` people; no hidden
    candidate, no group of fewer than ``k`` people (that is not known to be empty by construction)
    and no union of groups of one of the ``partitions`` (each a list of disjoint groups) that holds
    fewer than ``k`` people lies in the span of what is shown. ``forced_hidden`` candidates are hidden
    whatever their count.
    """
    extra: list[tuple[Vector, tuple[str, ...]]] = []
    pattern = Pattern()
    for attempt in range(1, max_passes + 1):
        pattern, span = _pass(groups, candidates, k, known, forced_hidden, extra)
        pattern.passes = attempt
        found = _exposed_unions(groups, partitions, span, k)
        if not found:
            pattern.protected_sums = [ids for _, ids in extra]
            return pattern
        extra.extend(found)
    # no stable pattern (never seen in practice): show nothing but what cannot disclose anything
    return Pattern(shown=set(), hidden=set(candidates), passes=max_passes)


def _span_of(known: Sequence[Vector]) -> Span:
    span = Span()
    for v in known:
        r = span.reduce(v)
        if r:
            span.add(r)
    return span


def _pass(groups: Mapping[str, Group], candidates: Sequence[str], k: int, known: Sequence[Vector],
          forced_hidden: AbstractSet[str], extra: list[tuple[Vector, tuple[str, ...]]]) -> tuple[Pattern, Span]:
    """One greedy pass; the span it returns holds exactly what the pattern shows (and ``known``)."""
    span = _span_of(known)
    guard = _Protector(span)
    for g in groups.values():
        if g.count < k:
            guard.protect(g.vector)
    for gid in forced_hidden:
        guard.protect(groups[gid].vector)
    for v, _ in extra:
        guard.protect(v)
    pattern = Pattern()
    for gid in candidates:
        g = groups[gid]
        if gid in forced_hidden or g.count < k:
            pattern.hidden.add(gid)
            continue
        reduced = span.reduce(g.vector)
        if not reduced:  # already worked out from what is shown: showing it adds nothing
            pattern.shown.add(gid)
        elif guard.would_disclose(reduced):
            pattern.hidden.add(gid)
            guard.protect(g.vector)
        else:
            guard.publish(reduced)
            pattern.shown.add(gid)
    return pattern, span


def _relations(residues: Sequence[Vector]) -> list[dict[int, int]]:
    """A basis of the combinations of ``residues`` that are zero: one per residue that depends on the
    ones before it, with coefficient 1 on that residue and others only on independent residues."""
    rows: dict[int, tuple[Vector, dict[int, int]]] = {}  # pivot -> (row, its combination of residues)
    out: list[dict[int, int]] = []
    for n, residue in enumerate(residues):
        v, comb = dict(residue), {n: 1}
        while v:
            pivot = min(v)
            if pivot not in rows:
                rows[pivot] = (v, comb)
                break
            row, row_comb = rows[pivot]
            c = v[pivot] * pow(row[pivot], P - 2, P) % P
            v, comb = combine(v, row, -c), combine(comb, row_comb, -c)
        else:
            out.append(comb)
    return out


class _TooLong(Exception):
    pass


def _small_unions(relations: Sequence[dict[int, int]], counts: Sequence[int], k: int,
                  steps: int = SEARCH_STEPS) -> list[tuple[int, ...]] | None:
    """The sets of indices whose indicator is a combination of ``relations`` (each with coefficient 1 on
    its own index, which no other relation has) and whose counts add up to fewer than ``k``: every
    0/1 point of the relations' span, found by deciding each relation in or out (depth first, a
    coordinate checked once the last relation touching it is decided, and the count bounding).
    None when that takes more than ``steps``."""
    last: dict[int, int] = {}
    for n, rel in enumerate(relations):
        for i in rel:
            last[i] = n
    closing: list[list[int]] = [[] for _ in relations]
    for i, n in last.items():
        closing[n].append(i)
    found: list[tuple[int, ...]] = []
    point: dict[int, int] = {}
    budget = [steps]

    def walk(n: int, total: int, chosen: bool) -> None:
        budget[0] -= 1
        if budget[0] < 0:
            raise _TooLong
        if n == len(relations):
            if chosen:
                found.append(tuple(sorted(i for i, x in point.items() if x == 1)))
            return
        for take in (0, 1):
            if take:
                for i, c in relations[n].items():
                    point[i] = (point.get(i, 0) + c) % P
            added = 0
            fits = True
            for i in closing[n]:
                x = point.get(i, 0)
                if x not in (0, 1):
                    fits = False
                    break
                added += counts[i] * x
            if fits and total + added < k:
                walk(n + 1, total + added, chosen or bool(take))
            if take:
                for i, c in relations[n].items():
                    point[i] = (point.get(i, 0) - c) % P
    try:
        walk(0, 0, False)
    except _TooLong:
        return None
    return found


def _components(relations: Sequence[dict[int, int]]) -> list[list[dict[int, int]]]:
    """The relations in groups that share no index (their 0/1 points add up independently)."""
    parent = list(range(len(relations)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    owner: dict[int, int] = {}
    for n, rel in enumerate(relations):
        for i in rel:
            if i in owner:
                parent[root(n)] = root(owner[i])
            else:
                owner[i] = n
    out: dict[int, list[dict[int, int]]] = {}
    for n, rel in enumerate(relations):
        out.setdefault(root(n), []).append(rel)
    return list(out.values())


def _exposed_unions(groups: Mapping[str, Group], partitions: Sequence[Sequence[str]], span: Span,
                    k: int) -> list[tuple[Vector, tuple[str, ...]]]:
    """Unions of a partition's groups that anyone can work out and that hold fewer than ``k`` people.

    Only groups below ``k`` that cannot be worked out one by one can be in such a union (a group of
    ``k`` or more would make it large; one that can be worked out can be left out of it). A union can
    be worked out exactly when its indicator is a relation among those groups' residues."""
    found: list[tuple[Vector, tuple[str, ...]]] = []
    seen: set[tuple[str, ...]] = set()
    for parts in partitions:
        small = [p for p in parts if groups[p].count < k and groups[p].vector]
        residues = [span.reduce(groups[p].vector) for p in small]
        small = [p for p, r in zip(small, residues) if r]
        relations = _relations([r for r in residues if r])
        counts = [groups[p].count for p in small]
        for component in _components(relations):
            unions = _small_unions(component, counts, k)
            if unions is None:  # too many to look through: keep every relation of them out of reach
                exposed = [(_combination(groups, small, rel), tuple(small[i] for i in sorted(rel))) for rel in component]
            else:
                exposed = [(_combination(groups, small, dict.fromkeys(ids, 1)), tuple(small[i] for i in ids))
                           for ids in unions]
            for v, ids in exposed:
                if ids not in seen:
                    seen.add(ids)
                    found.append((v, ids))
    return found


def _combination(groups: Mapping[str, Group], ids: Sequence[str], coefficients: Mapping[int, int]) -> Vector:
    out: Vector = {}
    for i, c in coefficients.items():
        out = combine(out, groups[ids[i]].vector, c)
    return out
