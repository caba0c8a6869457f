"""No USMLE failure said beside another exam's: the failure verb said once and left out of the USMLE clause ("I failed
PLAB 1 once but never a USMLE exam": never failed a USMLE exam), and no USMLE Step taken at all ("failed OET writing
twice but I have not attempted any USMLE step yet"). Both are 0 failed attempts, said back with what was set aside.

Pure; called by ``dialogs.reading`` at the failures question when the reply was not read otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dialogs.reading_base import Reading, _read, quoted
from dialogs.sentence import ascii_digits, plain_text

#: The USMLE clause with its failure verb left out, ending the reply: "but never a USMLE exam", ", never any step",
#: "but not a single USMLE Step (so far)".
_GAPPED = re.compile(r"(?:\bbut\b|[,;])\s*(?:i\s+)?(never|not)\s+((?:a|an|any|one)\s+(?:single\s+)?(?:usmle|step)\b"
                     r"(?:\s+(?:exam|exams|step|steps|attempt))?)\s*(?:yet|so far|till now|until now)?\s*[.!]*$")
#: No USMLE Step taken at all: "havent attempted any USMLE step yet", "usmle i have not taken any step till now", "No
#: USMLE step attempted yet". "any" (or "no") is needed: "haven't taken step 1 yet" leaves the other Steps open.
_NONE_TAKEN = re.compile(r"\b(?:not|never|havent|haven't|hasnt|didnt|didn't)\s+(?:yet\s+)?(?:attempted|taken|written|"
                         r"given|sat|appeared (?:in|for))\s+any\s+(?:usmle\s+)?(?:step|steps|exam|exams)\b|"
                         r"\bno\s+(?:usmle\s+)?(?:step|steps|exam|exams)\s+(?:attempted|taken|written|given)\b")
#: A fail word, and the words of a USMLE Step: a fail beside a Step is a USMLE failure and is left to the count reader.
_FAIL = re.compile(r"\b(?:fail\w*|flunk\w*|did not pass|didn'?t pass)\b")
_STEP = re.compile(r"\b(?:usmle|step\s*[123]?|steps|s[123]|ck|cs)\b")
_CLAUSES = re.compile(r"\s*(?:[,;.!]|\bbut\b|\band\b)\s*")
#: Words that leave the reply open: a later exam, a doubt, a question.
_OPEN = re.compile(r"\b(?:(?:until|till)(?!\s+now\b)|except|but then|maybe|might|think|guess|not sure|if|unless)\b|\?")


def no_usmle_failure(qid: str, text: str, reading: Reading, reread: Callable[[str], Reading]) -> Reading | None:
    """0 failed attempts when the reply fails only other exams and says no USMLE Step was failed or taken."""
    if qid != "usmle_failures" or reading.ok:
        return None
    t = " ".join(plain_text(ascii_digits(text)).lower().split())
    gapped = _GAPPED.search(t)
    if gapped is not None and _FAIL.search(t[:gapped.start()]) and not _OPEN.search(t[:gapped.start()]):
        # "failed PLAB 1 once but never a USMLE exam": the verb said once; read again with it put in
        again = reread(f"{t[:gapped.start()]} but {gapped.group(1)} failed {gapped.group(2)}")
        if again.ok and again.value == 0:
            return _read(0, f"{again.said or 'no failed attempts'}; I read {quoted(gapped.group(0).strip(' ,;'))} as "
                            f"“{gapped.group(1)} failed {gapped.group(2)}”")
        return None
    taken = _NONE_TAKEN.search(t)
    if taken is None or _OPEN.search(t):
        return None
    clauses = [c for c in _CLAUSES.split(t) if c.strip()]
    if any(_FAIL.search(c) and _STEP.search(c) for c in clauses):
        return None  # "havent attempted any step 1 retake but failed CK once": a USMLE failure, the count reader's
    aside = [c for c in clauses if _FAIL.search(c)]
    note = "; ".join(f"{quoted(c)} is not a USMLE Step" for c in aside)
    return _read(0, f"no failed attempts (no USMLE Step taken yet{'; ' + note if note else ''})")
