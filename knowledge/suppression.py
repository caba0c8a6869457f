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
after each pass, the hidden part of any line whose total is known: if a row's total and all but two
of its cells are shown, the two hidden cells together are a count anyone can work out, so that sum
must be ``k`` or more too. The method is the Gaussian-elimination secondary suppression Statistics
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


@dataclass(frozen=True)
class Line:
    """A total and the groups that add up to it (a row of a table, a column, a margin)."""

    total: str
    parts: tuple[str, ...]


@dataclass
class Pattern:
    """What ``suppress`` decided: the groups shown, and why the others are hidden."""

    shown: set[str] = field(default_factory=set)
    hidden: set[str] = field(default_factory=set)  # candidates not shown
    protected_sums: list[tuple[str, ...]] = field(default_factory=list)  # hidden parts of lines, kept hidden
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


def suppress(groups: Mapping[str, Group], candidates: Sequence[str], k: int, known: Sequence[Vector] = (),
             lines: Sequence[Line] = (), forced_hidden: AbstractSet[str] = frozenset(),
             max_passes: int = 30) -> Pattern:
    """Decide which ``candidates`` (group ids, highest priority first) to show.

    Guarantees, for the returned pattern: every shown group has at least ``k`` people; no hidden
    candidate, no group of fewer than ``k`` people (that is not known to be empty by construction)
    and no hidden part of a ``line`` whose total can be worked out holds fewer than ``k`` people and
    lies in the span of what is shown. ``forced_hidden`` candidates are hidden whatever their count.
    """
    extra: list[tuple[Vector, tuple[str, ...]]] = []
    pattern = Pattern()
    for attempt in range(1, max_passes + 1):
        pattern, span = _pass(groups, candidates, k, known, forced_hidden, extra)
        pattern.passes = attempt
        found = _exposed_sums(groups, lines, span, k)
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


def _exposed_sums(groups: Mapping[str, Group], lines: Sequence[Line], span: Span,
                  k: int) -> list[tuple[Vector, tuple[str, ...]]]:
    """Hidden parts of lines that anyone can work out and that hold fewer than ``k`` people."""
    derivable: dict[str, bool] = {}

    def worked_out(gid: str) -> bool:
        if gid not in derivable:
            derivable[gid] = span.holds(groups[gid].vector)
        return derivable[gid]

    found: list[tuple[Vector, tuple[str, ...]]] = []
    seen: set[tuple[str, ...]] = set()
    for line in lines:
        hidden = tuple(p for p in line.parts if groups[p].vector and not worked_out(p))
        if not hidden or hidden in seen:
            continue
        seen.add(hidden)
        total: Vector = {}
        count = 0
        for p in hidden:
            total = combine(total, groups[p].vector)
            count += groups[p].count
        if count < k and total and span.holds(total):
            found.append((total, hidden))
    return found
