"""Number and year answers that are not settled yet, though a value was read: a count of failed attempts said "for
now" beside a result still pending ("zero so far, waiting on my Step 3 result"), and two years each tied to
finishing medical school ("final exams in 2016, certificate in 2017"). Each is asked back, naming the doubt,
offering what was said. Pure; called by ``dialogs.reading.understand`` once a value has been read."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from dialogs.reading_base import Reading, _ask, _read, _with_rest, quoted, with_note
from dialogs.reading_numbers import mentions
from dialogs.sentence import Sentence, ascii_digits, plain_text
from knowledge.loader import Question

#: A count said to hold only until now: "for now", "so far", "as of now", "till now", "yet".
_SO_FAR = re.compile(r"\b(?:for now|so far|as of (?:now|today)|till now|until now|up to now|to date|as it stands|"
                     r"(?:none|zero|0|no \w+|one|1|two|2) yet)\b", re.IGNORECASE)
#: A result of a Step still to come: "waiting on my Step 3 result", "CK score is pending", "result comes out ...".
_PENDING = re.compile(r"\b(?:waiting|awaiting|await)\b(?:\W+\w+){0,6}?\W+(?:results?|scores?|outcome)\b|"
                      r"\b(?:results?|scores?)\b(?:\W+\w+){0,4}?\W+(?:pending|awaited|due|not out|isn'?t out|"
                      r"aren'?t out|are not out|is not out|not (?:back|released)|comes? out|releases?d? (?:on|next))\b|"
                      r"\bpending (?:results?|scores?)\b", re.IGNORECASE)


def pending_count(q: Question, text: str, reading: Reading, today: date) -> Reading | None:
    """A count of failed attempts said "for now" beside a result still pending may grow before the user is done:
    asked, offering the count said and one more."""
    if q.kind != "count" or not reading.ok or not isinstance(reading.value, int):
        return None
    t = plain_text(text)
    so_far, pending = _SO_FAR.search(t), _PENDING.search(t)
    if so_far is None or pending is None:
        return None
    n = reading.value
    doubt = f"{quoted(so_far.group(0))} with {quoted(pending.group(0))}"
    return _ask(f"You wrote {doubt}: a result still to come may change the count, so I have not noted {n} yet. "
                f"How many failed attempts do you have now? Tap it; you can change it once the result is out.",
                doubt, _with_rest(q, (n, n + 1), today))


#: Words that tie a year to finishing medical school (the last exams, the degree, its certificate or ceremony).
_FINISH = re.compile(r"\b(?:graduat\w*|finish\w*|final(?:s| exams?| year exams?)?|last exams?|complet\w*|degree|"
                     r"certificate|diploma|convocation|ceremony|induction|oath|awarded|conferred|passed out|mbbs|"
                     r"md|mbchb)\b", re.IGNORECASE)
#: Words that tie a year to something after it (training, work, an exam of the USMLE) instead.
_AFTER = re.compile(r"\b(?:intern\w*|housemanship|house ?job|house ?officer|residency|resident|work\w*|job|"
                    r"started|joined|step|usmle|ck|ecfmg|nysc|service|fellowship|rotation)\b", re.IGNORECASE)
#: Someone else's graduation ("my wife graduated 2016, I graduated 2018") is not the user's.
_SOMEONE = re.compile(r"\b(?:wife|husband|sister|brother|friend|father|mother|dad|mom|son|daughter|spouse|partner|"
                      r"cousin|he|she|they|his|her)\b", re.IGNORECASE)
_UNREAL = re.compile(r"\b(?:should|would|could) have\b|\bsupposed to\b|\b(?:was|were) meant to\b", re.IGNORECASE)
_PARTS = re.compile(r"[,;()]|\s(?:but|and|then|because|while|whereas|although|though)\s", re.IGNORECASE)


def finish_years(q: Question, text: str, reading: Reading) -> Reading | None:
    """A graduation year read where another year is tied to finishing school too ("we finished final exams in
    2016, but our certificate came in 2017"): either may be the year on the diploma, so both are offered."""
    if q.kind != "year" or not reading.ok or not isinstance(reading.value, int):
        return None
    tied: dict[int, str] = {}
    for part in _PARTS.split(ascii_digits(plain_text(text))):
        years = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", part)}
        finish = _FINISH.search(part)
        if len(years) == 1 and finish is not None and _AFTER.search(part) is None and not _SOMEONE.search(part) \
                and not _UNREAL.search(part):  # "we were supposed to finish in 2020": not a year it was
            tied.setdefault(years.pop(), " ".join(part.split()))
    if len(tied) < 2 or reading.value not in tied:
        return None
    both = sorted(tied)
    doubt = " and ".join(quoted(tied[y]) for y in both)
    return _ask(f"You wrote {doubt}: each of those years is tied to finishing school. Which year is on your "
                "diploma? Tap it, or type the year.", doubt, tuple((y, str(y)) for y in both))


#: The user asks whether what they counted counts: "does that one count?", "would Step 1 count?".
_DOES_IT_COUNT = re.compile(r"\b(?:does|do|would|will|should)\s+(?:that|it|this|those|these|they|(step\s*\d\w*|ck|cs))"
                            r"(?:\s+ones?)?(?:\s+(?:even|really|also|too))?\s+(?:count|matter)\b[^.!]*\??", re.IGNORECASE)
#: Failures said outright before the user's question ("failed CK once, and step 3 once also").
_FAILED = re.compile(r"\b(?:failed|fails?|failures?|flunked)\b", re.IGNORECASE)
_COUNT_WORD = re.compile(r"\b(?:(only|just)\s+)?(one|two|three|1|2|3)\b", re.IGNORECASE)


def count_asked(q: Question, text: str, reading: Reading, today: date,
                reread: Callable[[str], Reading] | None = None) -> Reading | None:
    """A count with the user's own question whether it counts ("Only one and it was Step 1, does that one count?"):
    their question answered (every failed attempt shows on the USMLE transcript), and the count offered to tap, not
    stored on a reply that doubts itself."""
    m = _DOES_IT_COUNT.search(text)
    if q.kind != "count" or m is None:
        return None
    if m.group(1) and _FAILED.search(text[:m.start()]) and reread is not None:  # the failures said before it, read
        before = reread(text[:m.start()].rstrip(" ,;.—–-"))
        reading = before if before.ok else reading
    said = _COUNT_WORD.search(text[:m.start()])
    n = reading.value if reading.ok and isinstance(reading.value, int) else \
        ({"one": 1, "two": 2, "three": 3}.get(said.group(2).lower()) or int(said.group(2))) if said else None
    if n is None or isinstance(n, bool):
        return None
    if m.group(1) and re.fullmatch(r"cs|step\s*2\s*cs", m.group(1).strip().lower()):  # "Failed once; does CS count?"
        doubt = quoted(m.group(0).strip())  # the question names Steps 1, 2 CK and 3: asked, as round 21b asks CS
        return _ask(f"You asked {doubt}: Step 2 CS was a USMLE Step until 2021, but this question counts Steps 1, 2 CK "
                    f"and 3. Should your plan count it? Tap the total: {n} with CS, {max(n - 1, 0)} without.", doubt,
                    _with_rest(q, tuple(dict.fromkeys((n, max(n - 1, 0)))), today))
    if reading.ok and m.group(1) and _FAILED.search(text[:m.start()]):  # "failed CK once and Step 3 once, does
        step = " ".join(m.group(1).split()).title().replace("Ck", "Step 2 CK").replace("Cs", "Step 2 CS")  # Step 3
        return _read(n, with_note(reading.said or f"{n} failed attempts", f"you asked {quoted(m.group(0).strip())}: "
                                  f"yes, {step} counts; every failed attempt at any USMLE Step counts here"))
    doubt = quoted(m.group(0).strip())
    return _ask(f"You asked {doubt}: yes, every failed attempt at any USMLE Step counts here, and programs see it on "
                f"your transcript (a Step 1 failure too, though Step 1 is now pass/fail). Is it {n} in total? Tap it.",
                doubt, _with_rest(q, (n,), today))


#: Another number beside "not taken yet" ("rank 340 in my national exam"): three digits, not a year.
_OTHER_NUMBER = re.compile(r"(?<![\d/.:])\b(?!(?:19|20)\d\d\b)(\d{3,4})\b(?![\d/.:])")


def practice_aside(q: Question, text: str, reading: Reading) -> Reading | None:
    """"Not taken yet" read beside a practice test's score ("my last NBME was 245 but I never sat for the real exam")
    or another number ("rank 340 in the national exam"): the number set aside is named in what is said back, so the
    user sees it was not taken for the CK."""
    if q.kind != "score" or not reading.ok or reading.value is not None or "set aside" in reading.said:
        return None
    s = Sentence.of(text, numbers=True)
    found = mentions(s, q.reading, 100, 300)
    practice = [str(m.value) for m in found if m.label == "a practice test"]
    steps = [f"{m.value}: {m.label}" for m in found if re.fullmatch(r"Step (?:1|3|2 CS)", m.label)]
    named = {str(m.value) for m in found if m.label == "a practice test" or m.label.startswith("Step ")}
    other = [n for n in dict.fromkeys(_OTHER_NUMBER.findall(ascii_digits(text))) if n not in named]
    if not practice and not steps and not other:
        return None
    notes = ([f"set aside {', '.join(dict.fromkeys(practice))}: a practice test"] if practice else []) + (
        [f"set aside {', '.join(dict.fromkeys(steps))}, another Step's score"] if steps else []) + (
        [f"set aside {', '.join(other)}: not a Step 2 CK score"] if other else [])
    return _read(None, with_note(reading.said or "Not taken yet", "; ".join(notes)))


#: Clauses of a score reply: at punctuation and at the words that start another attempt ("..., then 226 on the
#: second attempt"); a bracket stays in its clause ("first attempt 206 (failed)").
_SCORE_CLAUSES = re.compile(r"[,;]|[.!?](?:\s|$)|\s(?:and then|then|but|while|whereas|and later|later)\s|"
                            r"\sand\s(?=(?:i\s)?(?:passed|cleared)\b)", re.IGNORECASE)
_FAILED = re.compile(r"\b(?:fail|failed|fails|failure|flunked)\b", re.IGNORECASE)
#: Words that point to the attempt that stands: passed, the current score, the one that counts. A retake or a
#: second attempt alone does not ("first attempt 198 (fail) then 226 on the retake" is asked, as a labelled set has
#: it: both scores are on the transcript).
_STANDS = re.compile(r"\b(?:passed|pass|cleared|current|currently|counts|counted|valid|official)\b", re.IGNORECASE)
_SCORE = re.compile(r"(?<![\d/.])\b([1-2]\d\d|300)\b(?![\d/.])")


def failed_score_aside(q: Question, text: str, reading: Reading) -> Reading | None:
    """Two Step 2 CK scores where one is said to be a failed attempt and the other is pointed to as the one that
    stands ("first attempt I failed with 207, second attempt I got 239 and that is the one that counts"): the one
    pointed to is read, the failed one named as set aside. Both failed, neither pointed to, or the one pointed to
    not the higher: asked, as before."""
    if q.id != "step2_ck_score" or reading.ok or not reading.doubt.startswith("two numbers") or "?" in text:
        return None
    failed: list[tuple[int, str]] = []
    stands: list[tuple[int, str]] = []
    for clause in (" ".join(c.split()) for c in _SCORE_CLAUSES.split(ascii_digits(text)) if c and c.strip()):
        scores = [int(v) for v in _SCORE.findall(clause)]
        if len(scores) > 1:
            return None
        if not scores:
            continue
        if _FAILED.search(clause):
            failed.append((scores[0], clause))
        elif _STANDS.search(clause) and not re.search(r"\b(?:not|no|never|maybe|or|if)\b", clause, re.IGNORECASE):
            stands.append((scores[0], clause))
        else:
            return None
    if len(failed) != 1 or len(stands) != 1 or stands[0][0] <= failed[0][0]:
        return None
    (v, _), (f, fclause) = stands[0], failed[0]
    return _read(v, f"{v} (Step 2 CK; set aside {f}: {quoted(fclause)}, a failed attempt)")


#: "one" standing for the level named earlier in the chat, with a field: "I have one in neuroradiology", "got one in
#: IR", "One in body imaging".
_ONE_IN = re.compile(r"\b(?:one|1)\s+(?:in|at|on)\s+([a-z][a-z -]*?)(?=\s+(?:is|was|planned|booked|scheduled|set|"
                     r"lined|confirmed|coming|starting|for|from|in|at|this|next)\b|\s*$)")
#: A plan said of it: booked, scheduled, planned, starting, coming up.
_PLANNED = re.compile(r"\b(?:planned|booked|scheduled|set up|lined up|confirmed|coming up|upcoming|starting|starts|"
                      r"will start|to start)\b")
#: Words that say something was done, or more than the one planned: then the level matters, and is asked.
_NOT_ONLY_PLANNED = re.compile(r"\b(?:did|done|completed|finished|had|already|another|also|other|two|2|both|not|no|"
                               r"never|cancel\w*|maybe|might|hope\w*|if|or|and|but)\b")


def planned_one(q: Question, text: str, reading: Reading) -> Reading | None:
    """ "I have one in neuroradiology planned for Feb": "one" stands for the level named earlier in the chat, and
    whatever level that is, it is only planned; with the question's own field named and nothing done or denied, the
    answer today is the lowest, said back with why (round 15b's rule for "radiology observership planned for
    spring"). Asked otherwise, as before."""
    if reading.ok or reading.candidates or not q.reading or not q.reading.topic \
            or all(o.value != "none" for o in q.options):
        return None
    t = plain_text(text).strip(" .!")
    one, planned = _ONE_IN.search(t), _PLANNED.search(t)
    if one is None or planned is None or _NOT_ONLY_PLANNED.search(t):
        return None
    field = Sentence.of(one.group(1))
    if not any(field.find(tuple(w.split()), fuzzy=False) for w in q.reading.topic if w not in ("exposure", "experience")):
        return None
    return _read("none", f"{q.label_for('none')}: {quoted(text.strip(), 48)}: planned, not done yet")
