"""/interview guidance, interview practice and the personal-statement check (/check).

One ``transitions`` Machine for the coaching mode, declared as data like the assessment's.
The mode lives in ``data["coach"]`` (sealed in SQLite with the rest of the session): while
it is active, typed text goes to the draft or the practice answer instead of the
assessment. A draft is kept only until it is checked; afterwards only the result's rule
ids are kept (``data["checks"]``), so what the user wrote is stored encrypted or not at all.
"""

from __future__ import annotations

from typing import Any

from transitions import Machine

from dialogs import plan_view
from dialogs.machines import ModelPool
from dialogs.reply import Button, Input, Outcome, esc, rows
from knowledge.interview import BACKUPS, MAX_CHARS, CheckError, CheckResult, Coaching, check

OFF, PICK, DRAFTING, ANSWERING = "off", "pick", "drafting", "answering"
STATES = [OFF, PICK, DRAFTING, ANSWERING]
TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "start_check", "source": "*", "dest": PICK},
    {"trigger": "choose", "source": PICK, "dest": OFF, "conditions": "has_file"},
    {"trigger": "choose", "source": PICK, "dest": DRAFTING},
    {"trigger": "add", "source": [PICK, DRAFTING], "dest": "="},
    {"trigger": "submit", "source": [PICK, DRAFTING], "dest": OFF},
    {"trigger": "start_practice", "source": "*", "dest": ANSWERING},
    {"trigger": "answer", "source": ANSWERING, "dest": OFF},
    {"trigger": "cancel", "source": "*", "dest": OFF},
]
KEEP_CHECKS = 10
DISCARDED = "Stopped. Nothing was checked, and the draft was discarded."
INTERRUPTED = "(I stopped the draft check; /check starts a new one.)"
#: Commands that leave an open draft or practice question alone (the rest stop it first).
KEEPS_MODE = ("check", "interview", "cancel", "help", "privacy", "mydata")
NAMES = {"diagnostic_radiology": "🩻 Radiology", "internal_medicine": "Internal medicine",
         "family_medicine": "Family medicine", "neurology": "Neurology", "pathology": "Pathology"}


class CoachModel:
    coach: dict[str, Any] | None = None

    def has_file(self) -> bool:
        return bool(self.coach and self.coach.get("from_file"))


MACHINE = Machine(model=None, states=STATES, transitions=TRANSITIONS, initial=OFF,
                  auto_transitions=False, ignore_invalid_triggers=False)
MODELS = ModelPool(MACHINE, CoachModel)


def fire(coach: dict[str, Any], trigger: str) -> str:
    state = coach.get("state") if coach.get("state") in STATES else OFF
    coach["state"] = MODELS.fire(state, trigger, coach=coach)
    return coach["state"]


class CoachFeature:
    """A router extension: guidance, practice rounds and the statement check."""

    COMMANDS = (("interview", "Interview guidance and practice"),
                ("check", "Check a personal statement for red flags"))
    MENU = (Button("🎤 Interviews", "iv:menu"), Button("🔎 Check a statement", "ck:new"))

    def __init__(self, coaching: Coaching):
        self.c = coaching

    # ------------------------------------------------------------------ router hooks
    @staticmethod
    def busy(data: dict[str, Any]) -> bool:
        return data.get("coach", {}).get("state", OFF) != OFF

    @staticmethod
    def _coach(out: Outcome) -> dict[str, Any]:
        return out.data.setdefault("coach", {"state": OFF})

    def handle(self, ctx: Any, out: Outcome, inp: Input) -> bool:
        state = out.data.get("coach", {}).get("state", OFF)
        if inp.kind == "command":
            if inp.text == "check":
                return self._start_check(out)
            if inp.text == "interview":
                if state != OFF:
                    self._reset(self._coach(out))
                return self._menu(ctx, out)
            if inp.text == "cancel" and state != OFF:
                return self._stop(out, DISCARDED)
            if state != OFF and inp.text not in KEEPS_MODE:
                self._stop(out, INTERRUPTED)
            return False
        if inp.kind == "choice":
            return self._choice(ctx, out, inp.text)
        if inp.kind == "file":
            return self._file(ctx, out, inp.text)
        if state == OFF:
            return False
        if inp.kind == "text":
            return self._text(ctx, out, inp.text)
        note = {"edited": "I don't read edited messages; send the text again as a new message.",
                "unsupported": f"I can only read text here, not {esc(inp.text)}.",
                "file_error": esc(inp.text)}.get(inp.kind, "")
        return self._prompt(out, note)

    # ------------------------------------------------------------------ inputs
    def _choice(self, ctx: Any, out: Outcome, data: str) -> bool:
        kind, _, rest = data.partition(":")
        if kind not in ("iv", "ck"):
            if self.busy(out.data):
                self._stop(out, INTERRUPTED)
            return False
        coach = self._coach(out)
        if kind == "iv":
            fire(coach, "cancel")
            if rest == "menu":
                return self._menu(ctx, out)
            if rest == "avoid":
                return self._avoid(out)
            if rest == "ethics":
                out.say(f"<b>Ranking ethics</b>\n{esc(ctx.kb.texts['ranking_ethics'])}",
                        ((Button("◀️ Interview topics", "iv:menu"),),))
                return True
            section, _, sid = rest.partition(":")
            if section == "g" and sid in self.c.guidance:
                return self._guidance(ctx, out, sid)
            if section == "p" and sid in self.c.practice:
                return self._ask(out, sid)
            if section == "p":
                out.say("Practise for which specialty?", rows(self._specialty_buttons(ctx, out, "iv:p:"), 2))
                return True
            return self._menu(ctx, out, "That button is no longer active.")
        if kind == "ck":
            if rest == "new":
                return self._start_check(out)
            if rest == "x":
                return self._stop(out, DISCARDED)
            if rest.startswith("s:") and rest[2:] in self.c.guidance and coach.get("state") == PICK:
                coach["specialty"] = rest[2:]
                if fire(coach, "choose") == OFF:
                    return self._run(ctx, out, "statement")
                return self._prompt(out)
            if rest == "go" and coach.get("state") in (PICK, DRAFTING):
                if not coach.get("specialty"):
                    return self._prompt(out, "First pick the specialty the statement is for.")
                if not coach.get("parts"):
                    return self._prompt(out, "There is nothing to check yet: paste your statement first.")
                fire(coach, "submit")
                return self._run(ctx, out, "statement")
            if self.busy(out.data):
                return self._prompt(out, "That button belongs to an earlier message.")
            out.say("That button belongs to an earlier message.", ((Button("🔎 Check a statement", "ck:new"),),))
            return True
        return self._menu(ctx, out, "That button is no longer active.")

    def _text(self, ctx: Any, out: Outcome, text: str) -> bool:
        coach = self._coach(out)
        if not text.strip():
            return self._prompt(out, "That message was empty.")
        if coach["state"] == ANSWERING:
            if len(text) > MAX_CHARS["interview"]:
                return self._prompt(out, f"That answer is {len(text):,} characters; keep a spoken answer under "
                                         f"{MAX_CHARS['interview']:,} (about two minutes is plenty).")
            coach["parts"] = [text]
            fire(coach, "answer")
            return self._run(ctx, out, "interview")
        total = sum(len(p) for p in coach.get("parts", [])) + len(text)
        if total > MAX_CHARS["statement"]:
            return self._prompt(out, f"That would make the draft {total:,} characters; I check up to "
                                     f"{MAX_CHARS['statement']:,}. This part was not added.")
        coach.setdefault("parts", []).append(text)
        fire(coach, "add")
        return self._prompt(out, f"Added ({total:,} characters so far).")

    def _file(self, ctx: Any, out: Outcome, text: str) -> bool:
        """A .txt file: the whole draft (or the practice answer). Checked as soon as the specialty is known."""
        coach = self._coach(out)
        if coach.get("state") == ANSWERING:
            return self._text(ctx, out, text)
        if not text.strip() or len(text) > MAX_CHARS["statement"]:
            reason = "The file is empty." if not text.strip() else \
                f"The file has {len(text):,} characters; I check up to {MAX_CHARS['statement']:,}."
            return self._prompt(out, reason)
        if coach.get("state") == DRAFTING:
            coach["parts"] = [text]
            fire(coach, "submit")
            return self._run(ctx, out, "statement")
        if coach.get("state") != PICK:
            self._reset(coach)
            fire(coach, "start_check")
        coach["parts"], coach["from_file"] = [text], True
        return self._prompt(out, f"Got your file ({len(text):,} characters).")

    # ------------------------------------------------------------------ views
    def _start_check(self, out: Outcome) -> bool:
        coach = self._coach(out)
        self._reset(coach)
        fire(coach, "start_check")
        return self._prompt(out)

    def _prompt(self, out: Outcome, note: str = "") -> bool:
        """Say where the coaching mode is, with its buttons."""
        coach = self._coach(out)
        state = coach.get("state", OFF)
        lines = [note] if note else []
        cancel = Button("✖️ Cancel", "ck:x")
        if state == PICK:
            if not coach.get("parts"):
                lines.append("🔎 <b>Check a personal statement.</b> Which specialty is it for?")
            else:
                lines.append("Which specialty is it for?")
            buttons = [Button(label, f"ck:s:{sid}") for sid, label in NAMES.items()]
            out.say("\n".join(lines), rows(buttons, 2) + ((cancel,),))
        elif state == DRAFTING:
            name = self.c.names[coach["specialty"]]
            if not coach.get("parts"):
                lines.append(f"Paste your <b>{esc(name)}</b> statement. Long texts can come in several messages, "
                             f"or send it as a .txt file (up to {MAX_CHARS['statement']:,} characters). "
                             "Press Check when it is all in.")
            else:
                lines.append("Send more, or press Check.")
            out.say("\n".join(lines), ((Button("✅ Check", "ck:go"), cancel),))
        elif state == ANSWERING:
            lines.append(f"🎤 <b>{esc(coach.get('question', ''))}</b>\nType your answer as you would say it.")
            out.say("\n".join(lines), ((cancel,),))
        elif lines:
            out.say("\n".join(lines))
        return True

    def _stop(self, out: Outcome, note: str) -> bool:
        """Leave the coaching mode (the draft or practice question is dropped) and say so."""
        self._reset(self._coach(out))
        out.say(note)
        return True

    def _reset(self, coach: dict[str, Any]) -> None:
        for key in ("parts", "specialty", "question", "from_file"):
            coach.pop(key, None)
        fire(coach, "cancel")

    def _run(self, ctx: Any, out: Outcome, kind: str) -> bool:
        coach = out.data["coach"]
        text = "\n".join(coach.get("parts", []))
        specialty = coach.get("specialty", "")
        answers = out.data.get("answers", {})
        try:
            result = check(self.c, specialty, kind, text, answers)
        except CheckError as exc:
            self._reset(coach)
            out.say(f"I could not check that: {esc(exc)}.", ((Button("🔎 Try again", "ck:new"),),))
            return True
        self._reset(coach)
        checks = out.data.setdefault("checks", [])
        checks.append({"kind": kind, "specialty": specialty, "flags": [f.rule for f in result.red_flags],
                       "missing": [m for m, _ in result.missing], "on": ctx.today().isoformat()})
        del checks[:-KEEP_CHECKS]
        buttons = [Button("🎤 Another question", f"iv:p:{specialty}"), Button("Done", "iv:menu")] \
            if kind == "interview" else [Button("🔎 Check another", "ck:new")]
        out.say(render_result(self.c, result), rows(buttons, 2))
        return True

    def _menu(self, ctx: Any, out: Outcome, note: str = "") -> bool:
        lines = [note] if note else []
        lines.append("<b>Interviews</b> — what to emphasise, model phrasings, and what never to say. "
                     "Pick a topic, or practise a question and I will check your answer.")
        buttons = self._specialty_buttons(ctx, out, "iv:g:")
        buttons += [Button("🚫 Phrases to avoid", "iv:avoid"), Button("⚖️ Ranking ethics", "iv:ethics"),
                    Button("🎤 Practise a question", "iv:p")]
        out.say("\n".join(lines), rows(buttons, 2))
        return True

    def _specialty_buttons(self, ctx: Any, out: Outcome, prefix: str) -> list[Button]:
        """Radiology and the plan's top two backups (all four before an assessment)."""
        plan = plan_view.plan_from(ctx.kb, out.data, ctx.today())
        backups = [b.id for b in plan.backups if b.id in BACKUPS][:2] if plan is not None else list(BACKUPS)
        sids = ["diagnostic_radiology", *backups]
        return [Button(NAMES[s], prefix + s) for s in sids]

    def _guidance(self, ctx: Any, out: Outcome, sid: str) -> bool:
        g = self.c.guidance[sid]
        answers = out.data.get("answers", {})
        lines = [f"<b>{esc(g.title)}</b>", "", "<b>Emphasise</b>"]
        lines += [f"• {esc(x)}" for x in g.emphasise]
        lines += ["", "<b>Phrasings you could adapt</b>" + (" (picked for your answers)" if answers else "")]
        lines += [f"• <i>“{esc(p)}”</i>" for p in g.phrasings_for(answers)]
        lines += ["", "<b>Pitfalls</b>"] + [f"• {esc(x)}" for x in g.pitfalls]
        lines += ["", "<i>Guidance, not official advice. Say it in your own words.</i>"]
        out.say("\n".join(lines), ((Button("🎤 Practise a question", f"iv:p:{sid}"),
                                    Button("◀️ Interview topics", "iv:menu")),))
        return True

    def _avoid(self, out: Outcome) -> bool:
        lines = ["<b>Phrases to avoid</b> (in any interview or statement)"]
        for say, instead in self.c.avoid:
            lines.append(f"🚫 {esc(say)}\n   ✅ {esc(instead)}")
        out.say("\n".join(lines), ((Button("◀️ Interview topics", "iv:menu"),),))
        return True

    def _ask(self, out: Outcome, sid: str) -> bool:
        coach = self._coach(out)
        asked = coach.setdefault("asked", {})
        questions = self.c.practice[sid]
        n = asked.get(sid, 0)
        asked[sid] = n + 1
        coach["specialty"], coach["question"] = sid, questions[n % len(questions)]
        fire(coach, "start_practice")
        return self._prompt(out)


def render_result(coaching: Coaching, result: CheckResult) -> str:
    """The check's result as Telegram HTML (long results are split by the service)."""
    what = "interview answer" if result.kind == "interview" else "personal statement"
    lines = [f"<b>Check: {what} for {esc(coaching.names[result.specialty])}</b>", ""]
    if result.red_flags:
        lines.append(f"🚩 <b>Red flags ({len(result.red_flags)})</b>")
        for i, flag in enumerate(result.red_flags, 1):
            lines.append(f"{i}. “{esc(flag.quote)}”\n   {esc(flag.why)}")
    else:
        lines.append("✅ No red flags found.")
    if result.missing:
        lines += ["", "➕ <b>Missing</b>"] + [f"• {esc(label)}" for _, label in result.missing]
    if result.suggestion:
        lines += ["", f"✏️ <b>Suggestion</b>\n{esc(result.suggestion)}"]
    lines += ["", "<i>An automatic check of wording: guidance, not official advice. "
                  "Your text is not kept after the check.</i>"]
    return "\n".join(lines)
