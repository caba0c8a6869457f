"""The self-assessment: one ``transitions`` Machine, declared as data, run on the user's ``Session``.

The machine is built once per process and holds nothing about any user: each turn triggers one
of its events on the session (``MACHINE.events[name].trigger(session)``), which moves
``session.state``; SQLite holds the truth between turns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping, Self

from transitions import Machine

from dialogs import callbacks as cb
from dialogs import first_reading
from dialogs.reading import UNLIKELY_SCORE, Reading, Value, options_for, understand, value_token
from dialogs.reply import Outcome, Reply, button, esc, rows
from dialogs.session import IDLE, Part, Session
from knowledge.answers import KEYS, by_key, check_consistency, country_name
from knowledge.base import KnowledgeBase

#: The questions in the order asked: the answers file's keys, with the optional nationality after the visa.
QUESTIONS: tuple[str, ...] = (*KEYS[:KEYS.index("visa") + 1], "citizenship", *KEYS[KEYS.index("visa") + 1:])
SUMMARY, COMPLETE = "summary", "complete"
STATES: list[str] = [IDLE, *QUESTIONS, SUMMARY, COMPLETE]
#: Asked only when a visa is needed (nationality decides which visa rules apply).
VISA_ONLY = "citizenship"

TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "begin", "source": "*", "dest": QUESTIONS[0]},
    # after an answer: when changing one answer, back to the finished assessment (the plan follows at
    # once) or, before it was confirmed, to the summary; else onwards
    *({"trigger": "answered", "source": q, "dest": COMPLETE, "conditions": ["is_editing", "is_complete"]}
      for q in QUESTIONS),
    *({"trigger": "answered", "source": q, "dest": SUMMARY, "conditions": "is_editing"} for q in QUESTIONS),
    # « Back while changing one answer: back where the user came from, the answer as it was
    *({"trigger": "back", "source": q, "dest": COMPLETE, "conditions": ["is_editing", "is_complete"]}
      for q in QUESTIONS),
    *({"trigger": "back", "source": q, "dest": SUMMARY, "conditions": "is_editing"} for q in QUESTIONS),
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

MACHINE = Machine(model=None, states=STATES, transitions=TRANSITIONS, initial=IDLE,
                  auto_transitions=False, ignore_invalid_triggers=False)


def fire(session: Session, trigger: str) -> str:
    """Trigger one event of the flow on the session (an unknown stored state counts as idle)."""
    if session.state not in STATES:
        session.state = IDLE
    MACHINE.events[trigger].trigger(session)
    return session.state


def is_question(state: str) -> bool:
    return state in QUESTIONS


def mermaid() -> str:
    """The state diagram of the flow, generated from the transition table."""
    lines = ["stateDiagram-v2", f"    [*] --> {IDLE}"]
    for t in TRANSITIONS:
        if t["trigger"].startswith("goto_") or t["source"] == "*":
            continue  # jumps from anywhere are listed once below
        conditions = t.get("conditions") or []
        conditions = [conditions] if isinstance(conditions, str) else conditions
        label = t["trigger"] + (f" [{' & '.join(c.replace('is_', '') for c in conditions)}]" if conditions else "")
        lines.append(f"    {t['source']} --> {t['dest']}: {label}")
    lines.append(f"    note right of {SUMMARY}: from any state - begin → {QUESTIONS[0]}, "
                 f"goto_&lt;question&gt;, review → {SUMMARY}, pause → {IDLE}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- which questions

def applicable(answers: Mapping[str, object]) -> list[str]:
    """The questions this user is asked: the nationality only when a visa is needed."""
    return [q for q in QUESTIONS if q != VISA_ONLY or answers.get("visa") != "no_visa_needed"]


def how_many() -> str:
    """How many questions the self-assessment asks, counted from the questions: "16 or 17"."""
    most = len(QUESTIONS)
    fewest = len(applicable({"visa": "no_visa_needed"}))
    return f"{fewest} or {most}" if fewest != most else str(most)


def missing_answers(answers: Mapping[str, object]) -> list[str]:
    """Required answers not given yet (the nationality is optional and never holds the plan back)."""
    return [k for k in applicable(answers) if k not in answers and k in KEYS]


def next_unanswered(answers: Mapping[str, object]) -> str:
    """Where to resume: the first question not answered yet (optional ones included), else the summary."""
    return next((k for k in applicable(answers) if k not in answers), SUMMARY)


def conflict(qid: str, value: Any, answers: Mapping[str, object]) -> tuple[str, str] | None:
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


# --------------------------------------------------------------------------- asked back

@dataclass
class AskedBack(Part):
    """The values a targeted question back offered for one question ("Did you mean 236 (Step 2 CK)?"):
    a tap on one of them is taken, any other tap for a value that is not an option is not."""

    KEY = "asked_back"
    question: str = ""
    values: list[Value] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: Any) -> Self:
        if not isinstance(data, dict) or not isinstance(data.get("q"), str) or not isinstance(data.get("v"), list):
            return cls()
        return cls(data["q"], [v for v in data["v"] if v is None or isinstance(v, (str, int, bool))])

    def to_json(self) -> Any:
        return {"q": self.question, "v": list(self.values)} if self.question else None

    def offer(self, qid: str, values: list[Value]) -> None:
        self.question, self.values = qid, values

    def holds(self, qid: str, token: str) -> list[Value]:
        """The offered value of ``qid`` whose button data is ``token`` (none, or one)."""
        return [v for v in self.values if value_token(v) == token][:1] if qid == self.question else []

    def clear(self) -> None:
        self.question, self.values = "", []


def say_back(kb: KnowledgeBase, qid: str, said: str, editing: bool) -> str:
    """What was understood from a sentence, said back with the next question so a misread costs one tap."""
    fix = f"tap ✏️ {esc(kb.question(qid).title)} below" if editing else "tap « Back"
    return f"Noted: <b>{esc(said)}</b>. Not right? {fix}."


# --------------------------------------------------------------------------- what the user sees

def prompt(kb: KnowledgeBase, qid: str, session: Session, today: date,
           note: str = "", extra: tuple[tuple[Any, str], ...] = ()) -> Reply:
    """The question with progress, why it matters, its buttons (plus ``extra`` options to pick from, and
    an answer an earlier message gave, offered first); each value is offered once."""
    q = kb.question(qid)
    answers = session.answers
    asked = applicable(answers)
    index = asked.index(qid) + 1 if qid in asked else QUESTIONS.index(qid) + 1
    lines = [note, ""] if note else []
    lines.append(f"<b>Question {index} of {len(asked)} · {esc(q.title)}</b>")
    lines.append(esc(q.prompt))
    lines.append(f"<i>Why it matters: {esc(q.why)}</i>")
    current = by_key(answers).get(qid, ...)
    if current is not ...:
        lines.append(f"Current answer: <b>{esc(display(kb, qid, current))}</b> (tap it to keep it)")
    choices: list[tuple[str, str]] = []  # (label, token), each token once

    def offer(label: str, value: Any) -> None:
        token = value_token(value)
        if all(t != token for _, t in choices):
            mark = "✓ " if current is not ... and value_token(current) == token and not label.startswith("✓") else ""
            choices.append((mark + label, token))

    if q.kind in ("year", "score", "count", "country") and current is not ... and not any(
            value_token(current) == value_token(v) for v, _ in (*extra, *options_for(q, today))):
        offer(f"✓ {display(kb, qid, current)}", current)
    for value, label in extra:
        offer(label, value)
    if qid in session.offers and not extra:
        offered = session.offers[qid]
        lines.append(f"From your earlier message: <b>{esc(display(kb, qid, offered))}</b>. Tap it to use it, or "
                     "answer again.")
        offer(f"✅ {display(kb, qid, offered)}", offered)
    for value, label in options_for(q, today):
        offer(label, value)
    buttons = [button(label, cb.Answer(qid, token)) for label, token in choices]
    per_row = 1 if any(len(b.label) > 18 for b in buttons) else 3 if len(buttons) > 4 else 2
    if session.editing:  # changing one answer: « Back returns to the answers, this one as it was
        nav = [button("« Back to my answers", cb.Back(qid))]
    else:
        nav = [button("« Back", cb.Back(qid))] if index > 1 else []
    nav.append(button("Pause", cb.Pause()))
    return Reply("\n".join(lines), (*rows(buttons, per_row), tuple(nav)), asks=qid)


def display(kb: KnowledgeBase, qid: str, value: Any) -> str:
    q = kb.question(qid)
    if q.kind == "match_year":
        return f"{value} Match"
    if q.kind == "score" and value is None:
        return "Not taken yet"
    if q.kind == "country" and value is not None:
        return country_name(value) or str(value)
    return q.label_for(value)


def summary(kb: KnowledgeBase, session: Session, note: str = "") -> Reply:
    """All answers; edit buttons once every answer is in, then confirm (or show the plan)."""
    answers = session.answers
    lines = [note, ""] if note else []
    lines.append("<b>Your answers</b>")
    asked = applicable(answers)
    for i, qid in enumerate(asked, 1):
        missing = "— not given" if qid not in KEYS else "— not answered"
        value = display(kb, qid, by_key(answers)[qid]) if qid in answers else missing
        lines.append(f"{i}. {esc(kb.question(qid).title)}: <b>{esc(value)}</b>")
    if missing_answers(answers):
        return Reply("\n".join(lines), ((button("▶️ Continue the self-assessment", cb.Resume()),),))
    lines += ["", "Tap an answer to change it."]
    edit = [button(f"✏️ {kb.question(q).title}", cb.Edit(q)) for q in asked]
    if session.state == SUMMARY:
        finish = button("✅ Confirm and see my plan", cb.Confirm())
    else:
        finish = button("📊 Show my plan", cb.Menu("plan"))
    return Reply("\n".join(lines), (*rows(edit, 2), (finish,)))


# --------------------------------------------------------------------------- steps

def accept(kb: KnowledgeBase, out: Outcome, qid: str, value: Any, today: date, note: str = "",
           said: str = "") -> None:
    """Store a valid answer and move on (or report a conflict and stay); ``note`` goes above what comes next,
    after ``said``: what was understood from a sentence, said back."""
    s = out.session
    s.part(AskedBack).clear()
    if said:
        note = "\n".join(x for x in (say_back(kb, qid, said, s.editing), note) if x)
    clash = conflict(qid, value, s.answers)
    if clash:
        message, other = clash
        reply = prompt(kb, qid, s, today, note=message)
        fix = (button(f"Change: {kb.question(other).title}", cb.Fix(other)),)
        out.replies.append(Reply(reply.text, (fix, *reply.buttons), asks=qid))
        return
    before = dict(by_key(s.answers))
    by_key(s.answers)[qid] = value
    s.pending_confirm = None
    s.offers.pop(qid, None)
    editing = s.editing
    state = fire(s, "answered")
    if state in (SUMMARY, COMPLETE):
        s.editing = False
        # a changed answer says what it did, on the summary too (the plan the user is about to see)
        saved = saved_note(kb, qid, before, by_key(s.answers), today, state == COMPLETE) if editing else ""
        out.replies.append(summary(kb, s, "\n".join(x for x in (note, saved) if x)))
    else:
        asked = applicable(s.answers)
        if VISA_ONLY in applicable(before) and VISA_ONLY not in asked:  # the count the user saw changes: say why
            note = "\n".join(x for x in (note, f"That makes {len(asked)} questions: your nationality matters only "
                                                "for a visa.") if x)
        reading, moved = first_reading.tell(kb, before, s.answers, len([q for q in asked if q in s.answers]),
                                            len(asked))
        if reading is not None:
            out.replies.append(reading)
        out.replies.append(prompt(kb, s.state, s, today, note="\n".join(x for x in (note, moved) if x)))


def saved_note(kb: KnowledgeBase, qid: str, before: Mapping[str, Any], after: Mapping[str, Any], today: date,
               complete: bool = True) -> str:
    """A changed answer: what it was, what it is, and what that did to the plan (of a finished assessment,
    else to the plan the summary is about to show)."""
    if qid in before and before[qid] == after[qid] and type(before[qid]) is type(after[qid]):
        return f"✅ Kept: {esc(kb.question(qid).title)} is still <b>{esc(display(kb, qid, after[qid]))}</b>."
    was = f"{esc(display(kb, qid, before[qid]))} → " if qid in before else ""
    head = f"✅ Saved: {esc(kb.question(qid).title)} {was}<b>{esc(display(kb, qid, after[qid]))}</b>."
    return "\n".join(x for x in (head, first_reading.changed(kb, before, after, today, complete)) if x)


def answer_text(kb: KnowledgeBase, out: Outcome, text: str, today: date) -> str | None:
    """Try a typed answer to the open question; return why it was not taken (None when handled)."""
    s = out.session
    qid = s.state
    q = kb.question(qid)
    understood = understand(q, text, s.answers, today)
    reading = understood.reading
    asked = applicable({**s.answers, qid: reading.value} if reading.ok else s.answers)
    later = [(f, v) for f, v in understood.offers if f in asked]  # offers hold only questions not answered yet
    noted = ""
    if later:
        s.offers.update(dict(later))
        noted = ("I also noted " + "; ".join(f"{esc(kb.question(f).title.lower())}: <b>{esc(display(kb, f, v))}</b>"
                                              for f, v in later) + ". I will ask you to confirm it when we get there.")
    if reading.candidates:
        ask_back(kb, out, qid, reading, today, noted)
        return None
    if not reading.ok:
        return reading.error + (" " + re.sub(r"</?b>", "", noted) if noted else "")
    value = reading.value
    unconfirmed = s.pending_confirm != (qid, value)
    s.pending_confirm = None
    if q.kind == "score" and isinstance(value, int) and value < UNLIKELY_SCORE and unconfirmed:
        s.pending_confirm = (qid, value)  # kept with the session, so a restart does not forget it
        slip = Reading(error=f"Did you mean {value} (Step 2 CK)? That is far below the scores programs see, so it "
                             f"may be a slip. Tap {value} (or type it again) to keep it, or type your score.",
                       doubt=f"{value} (Step 2 CK)", candidates=((value, str(value)),))
        ask_back(kb, out, qid, slip, today, noted)
        return None
    accept(kb, out, qid, value, today, noted, reading.said or said_plainly(kb, qid, text, value))
    return None


def said_plainly(kb: KnowledgeBase, qid: str, text: str, value: Value) -> str:
    """What to say back for a value the reader took from a sentence without a note of its own ("I graduated
    in 2021", "my score was 238"): every answer read from words is said back. Nothing for a value typed as
    it is (the number itself, a button's label or its number)."""
    typed = re.sub(r"[\s.!]+", " ", text).strip().casefold()
    shown = display(kb, qid, value)
    if typed.isdecimal() or typed == shown.casefold() or (isinstance(value, str) and typed == value.casefold()):
        return ""  # not "none" at the Step 2 CK question: that is read as "Not taken yet", and said back
    q = kb.question(qid)
    return shown if q.kind == "match_year" else f"{shown} ({q.title})"


def ask_back(kb: KnowledgeBase, out: Outcome, qid: str, reading: Reading, today: date, noted: str = "") -> None:
    """The question again, with the doubt named above it and the values understood as the first buttons
    (a tap on one of them is taken: they are kept with the session)."""
    out.session.part(AskedBack).offer(qid, [v for v, _ in reading.candidates])
    note = "\n".join(x for x in (esc(reading.error), noted) if x)
    out.replies.append(prompt(kb, qid, out.session, today, note=note, extra=reading.candidates))


def answer_button(kb: KnowledgeBase, out: Outcome, qid: str, token: str, today: date) -> bool:
    """Apply a tapped option; False when the token is not an option of the question."""
    q = kb.question(qid)
    for value, _label in options_for(q, today):
        if value_token(value) == token:
            accept(kb, out, qid, value, today)
            return True
    s = out.session
    kept: list[Value] = [s.pending_confirm[1]] if s.pending_confirm and s.pending_confirm[0] == qid else []
    kept += [store[qid] for store in (by_key(s.answers), s.offers) if qid in store] + s.part(AskedBack).holds(qid, token)
    for value in kept:
        if value_token(value) == token:  # kept, given earlier, or offered in a question back
            accept(kb, out, qid, value, today)
            return True
    if q.kind == "country" and country_name(token):  # one of the countries offered for a typed name
        accept(kb, out, qid, token, today)
        return True
    return False


def begin(kb: KnowledgeBase, out: Outcome, today: date, fresh: bool) -> None:
    s = out.session
    if fresh:
        s.answers, s.complete, s.offers, s.pending_confirm = {}, False, {}, None
    s.editing, s.resume_at = False, None
    fire(s, "begin")
    note = ("Let's assess your chances in radiology and build your backup plan. "
            f"{how_many()} short questions; tap a button or type. You can go back at any time, "
            "pause with /cancel, and change any answer at the end.")
    out.replies.append(prompt(kb, s.state, s, today, note=note))


def goto(kb: KnowledgeBase, out: Outcome, qid: str, today: date, editing: bool) -> None:
    s = out.session
    s.editing = s.editing or editing
    fire(s, f"goto_{qid}")
    out.replies.append(prompt(kb, qid, s, today))


def review(kb: KnowledgeBase, out: Outcome) -> None:
    """Show the summary (moving there unless the assessment is already complete)."""
    s = out.session
    if not missing_answers(s.answers) and s.state != COMPLETE:
        fire(s, "review")
    out.replies.append(summary(kb, s))


def pause(out: Outcome) -> bool:
    """Leave the open question or the summary, remembering where; False when there was nothing to pause."""
    s = out.session
    if not (is_question(s.state) or s.state == SUMMARY):
        if s.state != COMPLETE:
            s.state = IDLE
        return False
    s.resume_at, s.editing = s.state, False
    fire(s, "pause")
    return True


def resume_target(session: Session) -> str:
    return session.resume_at or next_unanswered(session.answers)


def resume(kb: KnowledgeBase, out: Outcome, today: date) -> None:
    s = out.session
    target = resume_target(s)
    s.resume_at = None
    if target == SUMMARY or target not in QUESTIONS:
        fire(s, "review")
        out.replies.append(summary(kb, s))
    else:
        goto(kb, out, target, today, editing=False)


def back(kb: KnowledgeBase, out: Outcome, qid: str, today: date) -> bool:
    """Go to the previous question (or, while changing one answer, back to the answers); False when the
    button is not for the open question."""
    s = out.session
    if qid != s.state or not is_question(qid) or (qid == QUESTIONS[0] and not s.editing):
        return False
    if fire(s, "back") in (SUMMARY, COMPLETE):  # changing one answer: back to the answers, unchanged
        s.editing = False
        out.replies.append(summary(kb, s, f"Nothing was changed: {esc(kb.question(qid).title)} is as it was."))
        return True
    out.replies.append(prompt(kb, s.state, s, today))
    return True


def confirm(out: Outcome) -> bool:
    """Confirm the summary; False when the user is not at the summary (a stale button)."""
    s = out.session
    if s.state != SUMMARY:
        return False
    fire(s, "confirm")
    s.complete = True
    return True
