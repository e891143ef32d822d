"""Which row's trajectory each multi-turn KTO row borrows for its KL (mismatched) example (pure Python).

KTO estimates its reference point on mismatched (prompt, completion) pairs; a completion of the *same* task is not
mismatched, so the paper form pairs every row with a row of another instance whenever the preprocessing batch holds
one. The authors' form (b3e49cb data/processor/feedback.py) pairs row i with row i-1 of the batch, whatever it is.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence


def _collisions(keys: Sequence[Hashable], shift: int) -> int:
    """How many rows p have keys[p] == keys[p - shift] (cyclic)."""
    return sum(1 for p in range(len(keys)) if keys[p] == keys[p - shift])


def _best_shift(keys: Sequence[Hashable]) -> int:
    """The smallest cyclic shift s >= 1 with the fewest same-instance pairs (p, p - s); 1 for fewer than 2 rows."""
    best, best_count = 1, None
    for shift in range(1, len(keys)):
        count = _collisions(keys, shift)
        if best_count is None or count < best_count:
            best, best_count = shift, count
        if count == 0:
            break
    return best


def other_instance_partners(keys: Sequence[Hashable]) -> tuple[list[int], int]:
    """KL partner of each row: a row of another instance where the batch has one.

    keys: one instance key per row (e.g. system + task prompt), length n. The rows are rotated by the smallest shift
    that pairs no row with its own instance (a permutation: every trajectory serves as a KL completion once; rows
    grouped by instance, N per instance, get shift N); rows still paired with their own instance then take the
    nearest preceding row of another instance. Returns (partners, same_instance_count): partners[p] is the row whose
    trajectory row p's KL example uses; same_instance_count counts rows whose batch holds no other instance
    (they keep the row before them, as LLaMA-Factory does).
    """
    n = len(keys)
    if n == 0:
        return [], 0
    shift = _best_shift(keys)
    partners = [(p - shift) % n for p in range(n)]
    same = 0
    for p in range(n):
        if keys[partners[p]] != keys[p]:
            continue
        for back in range(1, n):
            q = (p - back) % n
            if keys[q] != keys[p]:
                partners[p] = q
                break
        else:
            partners[p] = (p - 1) % n
            same += 1
    return partners, same


def previous_row_partners(n: int) -> list[int]:
    """LLaMA-Factory's and the authors' rule: row i borrows row i-1's response (row 0 the last row's)."""
    return [(i - 1) % n for i in range(n)]
