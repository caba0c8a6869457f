"""The first reading's tier range, worked out cheaply, says exactly what the tier rule says of every way the
remaining answers could go (the benchmark's users give answers of their own, so the shortcuts are run)."""

from itertools import product

from benchmarks.throughput import user_answers
from knowledge.answers import CHOICES, check_consistency, validate_answers
from knowledge.provisional import _FILL, DECIDING, LATER, _tier_range
from knowledge.ratings import tier_for


def every_tier(given: dict) -> set[str]:
    unknown = [k for k in LATER if k not in given]
    tiers = set()
    for values in product(*(CHOICES[k] for k in unknown)):
        data = {**_FILL, **given, **dict(zip(unknown, values))}
        if check_consistency(data) is None:
            tiers.add(tier_for(validate_answers(data))[0])
    return tiers


def test_the_range_is_every_tier_the_remaining_answers_could_give_and_no_other():
    keys = (*DECIDING, *LATER)
    for chat in range(1, 61):
        answers = user_answers(chat)
        for known in range(len(DECIDING), len(keys) + 1):
            given = {k: answers[k] for k in keys[:known]}
            worked = _tier_range.__wrapped__(tuple(given.items()))
            assert worked is not None and set(worked.tiers) == every_tier(given), (chat, given)
            assert worked.firm == (len(every_tier(given)) == 1)
