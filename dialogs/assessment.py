"""The self-assessment flow: one ``transitions`` Machine, declared as data.

The machine is built once per process. For each update a tiny model carrying
the user's state and data is attached, triggered and detached again, so the
machine holds nothing per user between updates; SQLite holds the truth.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from transitions import Machine

from dialogs.machines import ModelPool
from dialogs.reply import Button, Outcome, Reply, esc, rows
from knowledge.answers import EARLIEST_GRADUATION, KEYS, check_consistency, country_name, find_countries
from knowledge.loader import Question
from knowledge.base import KnowledgeBase

#: The questions in the order asked: the answers file's keys, with the optional nationality after the visa.
QUESTIONS: tuple[str, ...] = (*KEYS[:KEYS.index("visa") + 1], "citizenship", *KEYS[KEYS.index("visa") + 1:])
IDLE, SUMMARY, COMPLETE = "idle", "summary", "complete"
STATES: list[str] = [IDLE, *QUESTIONS, SUMMARY, COMPLETE]
#: Asked only when a visa is needed (nationality decides which visa rules apply).
VISA_ONLY = "citizenship"

TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "begin", "source": "*", "dest": QUESTIONS[0]},
    # after an answer: back to the summary when editing one answer, else onwards
    *({"trigger": "answered", "source": q, "dest": SUMMARY, "conditions": "is_editing"} for q in QUESTIONS),
    # no visa needed: the nationality question is skipped, both ways
    {"trigger": "answered", "source": "visa", "dest": "step3", "conditions": "needs_no_visa"},
    {"trigger": "back", "source": "step3", "dest": "visa", "conditions": "needs_no_visa"},
    *({"trigger": "answered", "source": q, "dest": nxt}
      for q, nxt in zip(QUESTIONS, (*QUESTIONS[1:], SUMMARY))),
    *({"trigger": "back", "source": q, "dest": prev} for prev, q in zip(QUESTIONS, QUESTIONS[1:])),
    *({"trigger": f"goto_{q}", "source": "*", "dest": q} for q in QUESTIONS),
    {"trigger": "review", "source": "*", "dest": SUMMARY},
    {"trigger": "confirm", "source": SUMMARY, "dest": COMPLETE},
    {"trigger": "pause", "source": "*", "dest": IDLE},
]


class FlowModel:
    """A user's place in the flow for one turn: the state plus the data the conditions read."""

    data: dict[str, Any] | None = None

    def is_editing(self) -> bool:
        return bool(self.data and self.data.get("editing"))

    def needs_no_visa(self) -> bool:
        return bool(self.data and self.data.get("answers", {}).get("visa") == "no_visa_needed")


MACHINE = Machine(model=None, states=STATES, transitions=TRANSITIONS, initial=IDLE,
                  auto_transitions=False, ignore_invalid_triggers=False)
MODELS = ModelPool(MACHINE, FlowModel)


def fire(state: str, data: dict[str, Any], trigger: str) -> str:
    """Apply one trigger to a user's state and return the new state."""
    return MODELS.fire(state if state in STATES else IDLE, trigger, data=data)


def is_question(state: str) -> bool:
    return state in QUESTIONS


def mermaid() -> str:
    """The state diagram of the flow, generated from the transition table."""
    lines = ["stateDiagram-v2", f"    [*] --> {IDLE}"]
    for t in TRANSITIONS:
        sources = STATES if t["source"] == "*" else [t["source"]]
        if t["trigger"].startswith("goto_") or t["source"] == "*":
            continue  # jumps from anywhere are listed once below
        for src in sources:
            label = t["trigger"] + (f" [{t['conditions'].replace('is_', '')}]" if t.get("conditions") else "")
            lines.append(f"    {src} --> {t['dest']}: {label}")
    lines.append(f"    note right of {SUMMARY}: from any state - begin → {QUESTIONS[0]}, "
                 f"goto_&lt;question&gt;, review → {SUMMARY}, pause → {IDLE}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- parsing

QUESTION_WORDS = ("how", "what", "why", "when", "should", "can", "is", "do", "does", "which", "where",
                  "will", "could", "would", "are", "am")


def looks_like_question(text: str) -> bool:
    t = text.strip().lower()
    if t.endswith("?"):
        return True
    first = re.split(r"[\s,]+", t, maxsplit=1)[0] if t else ""
    return first in QUESTION_WORDS and len(t.split()) >= 2


def normalize(text: str) -> str:
    """Lower-case, drop emoji and punctuation, collapse spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(ch if ch.isalnum() or ch in " +" else " " for ch in text)
    return " ".join(text.split())


def value_token(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def next_matches(today: date, count: int = 3) -> list[int]:
    """The next ``count`` Matches: Match Day is in the third week of March."""
    first = today.year if (today.month, today.day) < (3, 20) else today.year + 1
    return [first + i for i in range(count)]


def options_for(q: Question, today: date) -> list[tuple[Any, str]]:
    if q.kind == "match_year":
        return [(y, f"{y} Match") for y in next_matches(today)]
    return [(o.value, o.label) for o in q.options]


def match_option(q: Question, text: str, today: date) -> tuple[bool, Any]:
    """Find the option a typed text means: its number, label, value or an alias."""
    norm = normalize(text)
    if not norm:
        return False, None
    opts = options_for(q, today)
    if norm.isdigit() and q.kind in ("choice", "boolean", "match_year") and 1 <= int(norm) <= len(opts):
        return True, opts[int(norm) - 1][0]
    for option in q.options:
        words = {normalize(option.label), normalize(value_token(option.value)),
                 normalize(str(option.value).replace("_", " "))}
        words |= {normalize(a) for a in option.aliases}
        if norm in words:
            return True, option.value
    return False, None


#: A typed Step 2 CK score below this is asked about once before it is kept ("1" is more
#: likely a button number or a slip than a real score; the contract still allows 1-300).
UNLIKELY_SCORE = 150


def _single_number(text: str) -> int | None:
    if re.search(r"-\s*\d", text):
        return None
    numbers = re.findall(r"\d+", unicodedata.normalize("NFKC", text))
    return int(numbers[0]) if len(numbers) == 1 else None


def parse(q: Question, text: str, answers: dict[str, Any], today: date) -> tuple[bool, Any, str]:
    """Return (ok, value, error message) for a typed answer to ``q``."""
    found, value = match_option(q, text, today)
    if found:
        return (True, value, "") if q.kind != "match_year" else _check_year(q, value, answers, today)
    if q.kind == "country":
        codes = find_countries(text[:100])
        if len(codes) == 1:
            return True, codes[0], ""
        if codes:
            return False, None, "Which one do you mean? " + ", ".join(f"{country_name(c)} ({c})" for c in codes) + \
                ". Tap it below, or type the country's English name."
        return False, None, (f"I don't know the country “{text.strip()[:40]}”. Type its English name "
                             "(e.g. Nigeria, Egypt) or tap “Prefer not to say”.")
    if q.kind == "score":
        n = _single_number(text)
        if n is None:
            return False, None, "Please type your Step 2 CK score as a number, e.g. 247, or tap “Not taken yet”."
        if not 1 <= n <= 300:
            return False, None, f"{n} is not a Step 2 CK score: scores run from 1 to 300."
        return True, n, ""
    if q.kind == "count":
        n = _single_number(text)
        if n is None:
            return False, None, "Please type the number of failed attempts, e.g. 0 or 1, or tap a button."
        if n > 20:
            return False, None, f"{n} failed attempts looks like a typo; please type a number from 0 to 20."
        return True, n, ""
    if q.kind in ("year", "match_year"):
        n = _single_number(text)
        if n is None or not 1000 <= n <= 9999:
            example = today.year - 3 if q.kind == "year" else next_matches(today)[0]
            return False, None, f"Please type a four-digit year, e.g. {example}."
        return _check_year(q, n, answers, today)
    return False, None, "Please choose one of the buttons (or type its number)."


def _check_year(q: Question, year: int, answers: dict[str, Any], today: date) -> tuple[bool, Any, str]:
    if q.kind == "year":
        if year > today.year:
            return False, None, f"{year} is in the future; please type the year you graduated."
        if year < EARLIEST_GRADUATION:
            return False, None, f"Please type a graduation year from {EARLIEST_GRADUATION} on."
        match = answers.get("match_year")
        if match is not None and year > match:
            return False, None, (f"You chose the {match} Match, which is before a {year} graduation. "
                                 f"Type your graduation year, or go back and change the Match.")
        return True, year, ""
    first = next_matches(today)[0]
    if not first <= year <= first + 5:
        return False, None, f"Please choose a Match from {first} to {first + 5}."
    grad = answers.get("graduation_year")
    if grad is not None and grad > year:
        return False, None, f"The {year} Match is before your graduation in {grad}; choose a later Match."
    return True, year, ""


def conflict(qid: str, value: Any, answers: dict[str, Any]) -> tuple[str, str] | None:
    """Return (message, other question id) when this answer conflicts with another."""
    trial = {**answers, qid: value}
    error = check_consistency(trial)
    if error is None or error.key != "radiology_experience":
        return None
    rad, usce = trial["radiology_experience"], trial["us_clinical_experience"]
    other = "us_clinical_experience" if qid == "radiology_experience" else "radiology_experience"
    words = {"none": "none", "observership": "an observership", "hands_on": "hands-on experience"}
    message = (f"That conflicts with another answer: you said your US clinical experience overall is "
               f"<b>{esc(words[usce])}</b>, but radiology is part of it, so radiology can't be more "
               f"(<b>{esc(words[rad])}</b>). Pick again, or change the other answer.")
    return message, other


# --------------------------------------------------------------------------- prompts

def applicable(answers: dict[str, Any]) -> list[str]:
    """The questions this user is asked: the nationality only when a visa is needed."""
    return [q for q in QUESTIONS if q != VISA_ONLY or answers.get("visa") != "no_visa_needed"]


def prompt(kb: KnowledgeBase, qid: str, answers: dict[str, Any], today: date,
           note: str = "", extra: tuple[tuple[Any, str], ...] = ()) -> Reply:
    """The question with progress, why it matters, its buttons (plus ``extra`` options to pick from)."""
    q = kb.question(qid)
    asked = applicable(answers)
    index = asked.index(qid) + 1 if qid in asked else QUESTIONS.index(qid) + 1
    lines = []
    if note:
        lines.append(note)
        lines.append("")
    lines.append(f"<b>Question {index} of {len(asked)} · {esc(q.title)}</b>")
    lines.append(esc(q.prompt))
    lines.append(f"<i>Why it matters: {esc(q.why)}</i>")
    current = answers.get(qid, ...)
    if current is not ...:
        lines.append(f"Current answer: <b>{esc(display(kb, qid, current))}</b> (tap it to keep it)")
    buttons = [Button(label, f"a:{qid}:{value_token(value)}") for value, label in extra]
    for value, label in options_for(q, today):
        mark = "✓ " if current is not ... and current == value and type(current) is type(value) else ""
        buttons.append(Button(f"{mark}{label}", f"a:{qid}:{value_token(value)}"))
    if q.kind in ("year", "score", "count", "country") and current is not ... and not any(
            current == v for v, _ in options_for(q, today)):
        buttons.insert(0, Button(f"✓ {display(kb, qid, current)}", f"a:{qid}:{value_token(current)}"))
    per_row = 1 if any(len(b.label) > 18 for b in buttons) else 3 if len(buttons) > 4 else 2
    nav = [Button("« Back", f"nav:back:{qid}")] if index > 1 else []
    nav.append(Button("Pause", "nav:pause"))
    return Reply("\n".join(lines), (*rows(buttons, per_row), tuple(nav)))


def display(kb: KnowledgeBase, qid: str, value: Any) -> str:
    q = kb.question(qid)
    if q.kind == "match_year":
        return f"{value} Match"
    if q.kind == "score" and value is None:
        return "Not taken yet"
    if q.kind == "country" and value is not None:
        return country_name(value) or str(value)
    return q.label_for(value)


def missing_answers(answers: dict[str, Any]) -> list[str]:
    """Required answers not given yet (the nationality is optional and never holds the plan back)."""
    return [k for k in applicable(answers) if k not in answers and k in KEYS]


def next_unanswered(answers: dict[str, Any]) -> str:
    """Where to resume: the first question not answered yet (optional ones included), else the summary."""
    return next((k for k in applicable(answers) if k not in answers), SUMMARY)


def summary(kb: KnowledgeBase, data: dict[str, Any], state: str) -> Reply:
    """All answers; edit buttons once every answer is in, then confirm (or show the plan)."""
    answers = data.get("answers", {})
    lines = ["<b>Your answers</b>"]
    asked = applicable(answers)
    for i, qid in enumerate(asked, 1):
        missing = "— not given" if qid not in KEYS else "— not answered"
        value = display(kb, qid, answers[qid]) if qid in answers else missing
        lines.append(f"{i}. {esc(kb.question(qid).title)}: <b>{esc(value)}</b>")
    if missing_answers(answers):
        return Reply("\n".join(lines), ((Button("▶️ Continue the self-assessment", "as:resume"),),))
    lines.append("")
    lines.append("Tap an answer to change it.")
    edit = [Button(f"✏️ {kb.question(q).title}", f"ed:{q}") for q in asked]
    if state == SUMMARY:
        finish = Button("✅ Confirm and see my plan", "sum:confirm")
    else:
        finish = Button("📊 Show my plan", "menu:plan")
    return Reply("\n".join(lines), (*rows(edit, 2), (finish,)))


# --------------------------------------------------------------------------- steps

def accept(kb: KnowledgeBase, out: Outcome, qid: str, value: Any, today: date) -> Outcome:
    """Store a valid answer and move on (or report a conflict and stay)."""
    answers = out.data.setdefault("answers", {})
    clash = conflict(qid, value, answers)
    if clash:
        message, other = clash
        reply = prompt(kb, qid, answers, today, note=message)
        fix = (Button(f"Change: {kb.question(other).title}", f"fix:{other}"),)
        out.replies.append(Reply(reply.text, (fix, *reply.buttons)))
        return out
    answers[qid] = value
    out.data.pop("confirm", None)
    out.state = fire(out.state, out.data, "answered")
    if out.state == SUMMARY:
        out.data.pop("editing", None)
        out.replies.append(summary(kb, out.data, SUMMARY))
    else:
        out.replies.append(prompt(kb, out.state, answers, today))
    return out


def answer_text(kb: KnowledgeBase, out: Outcome, text: str, today: date) -> tuple[Outcome, str | None]:
    """Try a typed answer. Returns (outcome, error) - error set when it was not accepted."""
    qid = out.state
    answers = out.data.setdefault("answers", {})
    q = kb.question(qid)
    ok, value, error = parse(q, text, answers, today)
    if not ok and q.kind == "country" and error.startswith("Which one"):
        codes = find_countries(text[:100])
        out.replies.append(prompt(kb, qid, answers, today, note=esc(error),
                                  extra=tuple((c, country_name(c) or c) for c in codes)))
        return out, None
    if not ok:
        return out, error
    unconfirmed = out.data.pop("confirm", None) != [qid, value]
    if kb.question(qid).kind == "score" and value is not None and value < UNLIKELY_SCORE and unconfirmed:
        out.data["confirm"] = [qid, value]  # kept with the session, so a restart does not forget it
        return out, (f"Did you mean {value}? That is far below the scores programs see, so it may be a slip. "
                     f"Type {value} again to keep it, or type your score.")
    return accept(kb, out, qid, value, today), None


def answer_button(kb: KnowledgeBase, out: Outcome, qid: str, token: str, today: date) -> Outcome | None:
    """Apply a tapped option; None when the token is not an option of the question."""
    q = kb.question(qid)
    for value, _label in options_for(q, today):
        if value_token(value) == token:
            return accept(kb, out, qid, value, today)
    # a kept default that is not among the buttons (a typed score or year)
    current = out.data.get("answers", {}).get(qid, ...)
    if current is not ... and value_token(current) == token:
        return accept(kb, out, qid, current, today)
    if q.kind == "country" and country_name(token):  # one of the countries offered for a typed name
        return accept(kb, out, qid, token, today)
    return None


def begin(kb: KnowledgeBase, out: Outcome, today: date, fresh: bool) -> Outcome:
    if fresh:
        out.data["answers"] = {}
        out.data.pop("complete", None)
    out.data.pop("editing", None)
    out.data.pop("resume_at", None)
    out.state = fire(out.state, out.data, "begin")
    answers = out.data.setdefault("answers", {})
    note = ("Let's assess your chances in radiology and build your backup plan. "
            f"{len(KEYS)} short questions; tap a button or type. You can go back at any time, "
            "pause with /cancel, and change any answer at the end.")
    out.replies.append(prompt(kb, out.state, answers, today, note=note))
    return out


def goto(kb: KnowledgeBase, out: Outcome, qid: str, today: date, editing: bool) -> Outcome:
    if editing:
        out.data["editing"] = True
    out.state = fire(out.state, out.data, f"goto_{qid}")
    out.replies.append(prompt(kb, qid, out.data.setdefault("answers", {}), today))
    return out
