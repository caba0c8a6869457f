"""The self-assessment as a flow: /assess, /profile, its buttons, and typed answers to the open question.

The steps themselves (the machine, prompts, reading an answer) are in ``dialogs.assessment``; this
module connects them to the router: which input goes where, what a stale button gets, and what
happens after a side trip.
"""

from __future__ import annotations

import re
from typing import Any, Sequence

from dialogs import assessment as flow
from dialogs import callbacks as cb
from dialogs import once
from dialogs.faq_flow import Faq
from dialogs.flow import CommandSpec, Context, Flow, Interruption
from dialogs.menu_flow import main_menu, small_talk
from dialogs.plan_flow import PlanFlow
from dialogs.reading import looks_like_question, other_facts, understand, value_token
from dialogs.reply import Button, Outcome, Reply, button, esc
from dialogs.session import Session
from dialogs.timeline_flow import TimelineFlow
from knowledge.answers import KEYS, by_key

def note_shown(session: Session, replies: Sequence[Reply]) -> None:
    """The turn's replies are about to be sent: the last question they put to the user is the one a typed
    answer counts for (called by the service; the session's assessment fields are written here only)."""
    asked = next((r.asks for r in reversed(replies) if r.asks), None)
    if asked is not None:
        session.shown = asked


def note_unseen(session: Session) -> bool:
    """The last replies may not have reached the user: no question counts as seen. False when none did."""
    if session.shown is None:
        return False
    session.shown = None
    return True


STALE = "That button belongs to an earlier message; here is where you are now:"
#: A question about the open question itself ("why do you need my nationality?", "what is this for?").
WHY_ASKED = re.compile(r"^\W*why\W*$|\bwhy\b.*\byou\b.*\b(need|ask|asking|want|care)\b|"
                       r"\bwhat\b.*\b(is|'s)\s+(this|that|it)\s+for\b|\bwhat\b.*\bneed\s+(this|that|it)\s+for\b",
                       re.IGNORECASE)
BACK = "Back to the self-assessment:"
#: Typed at the summary to mean "save it": the button does that (a typed word is not a tap).
CONFIRM_WORDS = re.compile(r"\b(confirm\w*|yes|yeah|yep|ok|okay|done|save|submit|correct|right|looks? good|all good|"
                           r"fine|next|continue|proceed|go|plan)\b", re.IGNORECASE)
BACK_TO_SUMMARY = "Back to your answers; nothing was changed:"
#: Words of a question's reading that name no question on their own ("take it", "got").
UNNAMING = frozenset({"take", "take it", "got", "exam", "test"})
#: A message about the user themself ("my score is...", "I graduated..."), not a topic to look up.
FIRST_PERSON = re.compile(r"\b(i|i'm|im|i've|ive|my|me|mine|actually)\b", re.IGNORECASE)
#: A message asking to change an answer without saying the new value ("change my visa", "graduation year is wrong").
CHANGE_WORDS = re.compile(r"\b(change|edit|update|fix|correct(?:ion)?|wrong|mistake|typo|modify)\b", re.IGNORECASE)
CONFIRM_HINT = "To save these answers and see your plan, tap ✅ Confirm and see my plan below."
ALREADY_SAVED = "✅ Already saved: your assessment is complete, and that tap changed nothing."
START_OVER = "start_over"  # the one-time confirmation's action (dialogs.once)


class StartOverYes(cb.Callback, prefix="as:new"):
    token: str


class StartOverNo(cb.Callback, prefix="as:keep"):
    token: str


class AssessmentFlow(Flow):
    name = "assessment"
    edited_hint = (" If you corrected an answer you had already sent, it is still as first sent: change it with "
                   "« Back, or with ✏️ on the summary at the end.")
    buttons = (cb.Answer, cb.Back, cb.Fix, cb.Edit, cb.Confirm, cb.Pause, cb.StartOver, cb.Resume, StartOverYes,
               StartOverNo)

    def commands(self) -> Sequence[CommandSpec]:
        return (CommandSpec("assess", "Start or resume the self-assessment", self._assess, 2, side_trip=False),
                CommandSpec("profile", "Your answers; change any of them", self._profile, 4, side_trip=False))

    # ------------------------------------------------------------------ where the user is
    def holds(self, session: Session) -> bool:
        return flow.is_question(session.state) or session.state == flow.SUMMARY

    def open_step(self, ctx: Context, out: Outcome, note: str = "") -> None:
        s = out.session
        if flow.is_question(s.state):
            out.replies.append(flow.prompt(ctx.kb, s.state, s, ctx.today(), note=note))
            return
        out.replies.append(flow.summary(ctx.kb, s, note))  # one screen: the note above the answers

    def side_trip_over(self, ctx: Context, out: Outcome, by: Interruption) -> None:
        """Back from a side trip in the middle of the assessment: the open question again, or after a command
        at the summary, the summary (so Confirm is one tap away below what the command said)."""
        s = out.session
        if flow.is_question(s.state) and not isinstance(by.button, cb.Answer):
            ctx.flows.current_step(ctx, out, BACK)
        elif s.state == flow.SUMMARY and by.command is not None:
            ctx.flows.current_step(ctx, out, "Back to your answers, not confirmed yet:")

    def cancel(self, ctx: Context, out: Outcome) -> bool:
        s = out.session
        if not flow.pause(out):
            return False
        out.say(self._paused(s), main_menu())
        return True

    def _paused(self, s: Session, already: bool = False) -> str:
        """What a pause kept, as the user reads it (``already``: a second tap on Pause)."""
        n = len([q for q in flow.applicable(s.answers) if q in s.answers])
        head = "Already paused" if already else "Paused"
        if s.complete:
            return f"{head}. Your finished assessment and your plan are as they were; /profile changes an answer."
        if n == 0:
            return f"{head} before your first answer, so nothing is stored yet; /assess starts the questions."
        return (f"{head}. Your {n} answer{'s are' if n != 1 else ' is'} saved; /assess picks up at "
                f"{self._where(s)}.")

    @staticmethod
    def _where(s: Session) -> str:
        """Where /assess resumes, as the user reads it ("question 4 of 17", "the summary")."""
        target, asked = flow.resume_target(s), flow.applicable(s.answers)
        return f"question {asked.index(target) + 1} of {len(asked)}" if target in asked else "the summary"

    # ------------------------------------------------------------------ commands
    def _assess(self, ctx: Context, out: Outcome, arg: str) -> None:
        s = out.session
        if s.complete:
            out.say("You have completed the self-assessment.",
                    ((button("📊 Show my plan", cb.Menu("plan")),),
                     (button("👤 Review or change answers", cb.Menu("profile")),),
                     (button("🔄 Start over", cb.StartOver()),)))
        elif flow.is_question(s.state):
            ctx.flows.current_step(ctx, out, "Picking up where you are:")
        elif s.answers or s.state == flow.SUMMARY:
            asked = flow.applicable(s.answers)
            where = self._where(s)
            out.say(f"You have a self-assessment in progress ({len([q for q in asked if q in s.answers])} of "
                    f"{len(asked)} answered).",
                    ((button(f"▶️ Resume at {where}", cb.Resume()),), (button("🔄 Start over", cb.StartOver()),)))
        else:
            flow.begin(ctx.kb, out, ctx.today(), fresh=True)

    def _profile(self, ctx: Context, out: Outcome, arg: str) -> None:
        if not out.session.answers:
            out.say("You have no answers yet.", ((button("📝 Start the self-assessment", cb.StartOver()),),))
        else:
            flow.review(ctx.kb, out)

    # ------------------------------------------------------------------ buttons
    def on_button(self, ctx: Context, out: Outcome, data: cb.Callback) -> None:
        s = out.session
        stale = False
        match data:
            case cb.Answer(question=qid, token=token):
                if qid != s.state and self._saved_as(ctx, s, qid, token):  # tapped twice: the first was taken
                    out.settle()
                    chosen = flow.display(ctx.kb, qid, by_key(s.answers)[qid])
                    ctx.flows.current_step(ctx, out, f"Already noted: {esc(ctx.kb.question(qid).title)}: "
                                                     f"<b>{esc(chosen)}</b>.")
                elif qid != s.state or not flow.is_question(qid):
                    stale = True
                elif not flow.answer_button(ctx.kb, out, qid, token, ctx.today()):
                    ctx.flows.current_step(ctx, out, "That option is no longer offered.")
                elif s.state != qid:  # answered: the question keeps what was chosen, the next comes below
                    chosen = flow.display(ctx.kb, qid, by_key(s.answers)[qid])
                    out.settle(f"✅ {esc(ctx.kb.question(qid).title)}: <b>{esc(chosen)}</b>")
            case cb.Back(question=qid):
                stale = not flow.back(ctx.kb, out, qid, ctx.today())
            case cb.Fix(question=qid) if qid in flow.QUESTIONS and flow.is_question(s.state):
                flow.goto(ctx.kb, out, qid, ctx.today(), editing=False)
            case cb.Edit(question=qid) if qid in flow.applicable(s.answers):
                if s.state in (flow.SUMMARY, flow.COMPLETE) or not flow.missing_answers(s.answers):
                    flow.goto(ctx.kb, out, qid, ctx.today(), editing=True)
                else:
                    ctx.flows.current_step(ctx, out, "Finish the open question first; you can change answers at "
                                                     "the end.")
            case cb.Confirm() if s.complete and s.state != flow.SUMMARY:  # tapped twice, or an old summary's
                self._already_saved(ctx, out)
            case cb.Confirm() if flow.confirm(out):
                out.say("✅ Saved. Your assessment is complete.")
                ctx.flows.get(TimelineFlow).offer_reminders(ctx, out)
                plan = ctx.flows.get(PlanFlow)
                plan.picture(ctx, out)
                plan.show(ctx, out, "overview")
            case cb.Pause():
                if ctx.flows.cancel(ctx, out):
                    pass
                elif s.resume_at is not None and not ctx.flows.focused(s):  # tapped twice: the first paused it
                    out.say(self._paused(s, already=True), main_menu())
                else:
                    out.say("Nothing to cancel. What would you like to do?", main_menu())
            case cb.StartOver() if s.answers:
                self._ask_start_over(ctx, out)
            case cb.StartOver():
                flow.begin(ctx.kb, out, ctx.today(), fresh=True)
            case StartOverYes(token=token):
                if once.redeem(s, START_OVER, token):
                    flow.begin(ctx.kb, out, ctx.today(), fresh=True)
                else:
                    once.expired(ctx, out)
            case StartOverNo(token=token):
                once.redeem(s, START_OVER, token)
                ctx.flows.current_step(ctx, out, "Nothing was erased.")
            case cb.Resume():
                flow.resume(ctx.kb, out, ctx.today())
            case _:
                stale = True
        if stale:  # an old message's button: its keyboard goes, and where the user is comes below it
            out.settle()
            ctx.flows.current_step(ctx, out, STALE)

    @staticmethod
    def _saved_as(ctx: Context, s: Session, qid: str, token: str) -> bool:
        """Is ``token`` (an answer button of ``qid``) the answer already saved for it?"""
        saved = by_key(s.answers)
        return flow.is_question(qid) and qid in saved and value_token(saved[qid]) == token

    def _already_saved(self, ctx: Context, out: Outcome) -> None:
        """Confirm tapped when the assessment is already confirmed: say so, and the plan is one tap away
        (or, while an answer is being changed, that question again)."""
        out.settle()  # the tapped message stays as it is; its keyboard, if any, goes
        if self.holds(out.session):
            ctx.flows.current_step(ctx, out, ALREADY_SAVED)
        else:
            out.say(f"{ALREADY_SAVED} Your plan is built from it.", ((button("📊 Show my plan", cb.Menu("plan")),),))

    def _ask_start_over(self, ctx: Context, out: Outcome) -> None:
        """Starting over erases the answers: asked first, bound to a one-time value."""
        s = out.session
        n = len(s.answers)
        what = (f"your {n} answers and the plan built from them (your reminders stop until you finish again)"
                if s.complete else f"the {n} answer{'s' * (n != 1)} you have given so far")
        token = once.issue(s, START_OVER)
        out.say(f"Start the self-assessment over? This erases {what}. Your program list, checklists and "
                "settings stay.",
                ((button("Yes, erase and start over", StartOverYes(token)),
                  button("No, keep my answers", StartOverNo(token))),))

    # ------------------------------------------------------------------ typed answers
    def takes_text(self, session: Session) -> bool:
        return flow.is_question(session.state) or session.state in (flow.SUMMARY, flow.COMPLETE)

    def on_text(self, ctx: Context, out: Outcome, text: str) -> None:
        s = out.session
        if s.state == flow.SUMMARY:
            self._at_summary(ctx, out, text[:2000])
            return
        if s.state == flow.COMPLETE:
            self._after_finishing(ctx, out, text[:2000])
            return
        if s.shown != s.state:
            # the question never reached the user (a failed send): this text cannot be its answer
            ctx.flows.current_step(ctx, out, "I did not count that as an answer: this question may not have "
                                             "reached you.")
            return
        error = flow.answer_text(ctx.kb, out, text[:2000], ctx.today())
        if error is None:
            return
        greeting = small_talk(text)
        if greeting is not None:
            ctx.flows.current_step(ctx, out, f"{greeting} We were at this question:")
        elif WHY_ASKED.search(text):  # "why do you need my nationality?": about this question itself
            q = ctx.kb.question(s.state)
            ctx.flows.current_step(ctx, out, f"<b>Why I ask:</b> {esc(q.why)}"
                                   + (" You can skip it." if s.state not in KEYS else ""))
        elif looks_like_question(text):
            if ctx.flows.get(Faq).answer_inline(ctx, out, text):
                ctx.flows.current_step(ctx, out, BACK)
            else:
                ctx.flows.current_step(ctx, out, "I have no answer to that one in my notes (/faq lists what I can "
                                                 "answer, at any time). Back to the self-assessment:")
        else:
            ctx.flows.current_step(ctx, out, esc(error))

    # ------------------------------------------------------------------ typed at the summary
    def _at_summary(self, ctx: Context, out: Outcome, text: str) -> None:
        """Text typed at the summary, before Confirm: a change it states is offered (one tap, nothing stored
        unasked), a question is answered, a greeting greeted; then the summary again, so Confirm and every
        answer stay one tap away."""
        s = out.session
        asks = looks_like_question(text)  # "what if my score is 230?" asks; it changes nothing
        changes, same = ([], []) if asks else self._changes_read(ctx, s, text)
        notes: list[str] = []
        greeting = small_talk(text)
        if greeting is not None:
            notes.append(greeting)
        elif asks:
            if ctx.flows.get(Faq).answer_inline(ctx, out, text):
                notes.append(BACK_TO_SUMMARY)
            else:
                notes.append("I have no answer to that one in my notes (/faq lists what I can answer, at any time). "
                             + BACK_TO_SUMMARY)
        if changes:
            notes.append(f"{self._offer(ctx, s, changes)} Nothing is changed yet: tap ✏️ below to make it, or ✅ "
                         "Confirm to keep your answers as they are.")
        elif same:
            notes.append("That is already your answer: " + "; ".join(
                f"{esc(ctx.kb.question(q).title)} <b>{esc(flow.display(ctx.kb, q, v))}</b>" for q, v in same) + ".")
        elif not notes and (wanted := self._named(ctx, s, text) if CHANGE_WORDS.search(text) else []):
            # "I want to change my visa": no new value said, the question named: its ✏️ first
            titles = " and ".join(f"✏️ {esc(ctx.kb.question(q).title)}" for q in wanted)
            notes.append(f"To change it, tap {titles} below; nothing was changed yet.")
            changes = [(q, ...) for q in wanted]
        elif not notes:
            notes.append(CONFIRM_HINT if CONFIRM_WORDS.search(text) else
                         "I did not read a change to your answers in that, so nothing was changed.")
        summary = flow.summary(ctx.kb, s, "\n".join(notes))
        out.replies.append(Reply(summary.text, (*self._edit_buttons(ctx, changes), *summary.buttons)))

    def _after_finishing(self, ctx: Context, out: Outcome, text: str) -> None:
        """Text once the assessment is finished goes to the FAQ, unless the user says one of their own answers
        differently ("my score is actually 245", "I graduated in 2019"): then the change is said back, one tap
        from being made (the plan follows it at once), instead of an FAQ entry that happens to share a word."""
        s = out.session
        about_me = not looks_like_question(text) and FIRST_PERSON.search(text)
        changes = self._changes_read(ctx, s, text)[0] if about_me else []
        if not changes:
            ctx.flows.get(Faq).on_text(ctx, out, text)
            return
        plan = (button("📊 Show my plan", cb.Menu("plan")),)
        out.say(f"{self._offer(ctx, s, changes)} Nothing is changed yet: tap ✏️ to change it, and your plan "
                "follows at once.", (*self._edit_buttons(ctx, changes), plan))

    @staticmethod
    def _offer(ctx: Context, s: Session, changes: list[tuple[str, Any]]) -> str:
        """Changes read from a message, said back ("I read a change...: Step 2 CK score 237 → 245."), and kept
        as offers: the question, opened, offers the value first."""
        s.offers.update(dict(changes))
        given = by_key(s.answers)
        read = "; ".join(f"{esc(ctx.kb.question(q).title)} "
                         + (f"<b>{esc(flow.display(ctx.kb, q, given[q]))}</b> → " if q in given else "")
                         + f"<b>{esc(flow.display(ctx.kb, q, v))}</b>" for q, v in changes)
        return f"I read a change in your message: {read}."

    @staticmethod
    def _edit_buttons(ctx: Context, changes: list[tuple[str, Any]]) -> tuple[tuple[Button, ...], ...]:
        """A ✏️ button per change read (``...`` as the value: the question named, no value said)."""
        def label(q: str, v: Any) -> str:
            return f"✏️ {ctx.kb.question(q).title}" + (f" → {flow.display(ctx.kb, q, v)}" if v is not ... else "")

        return tuple((button(label(q, v), cb.Edit(q)),) for q, v in changes)

    @staticmethod
    def _named(ctx: Context, s: Session, text: str, numbers: bool = False) -> list[str]:
        """The questions a message names by their title or subject ("change my visa", "the graduation year");
        with ``numbers``, also by the words that say a number is their answer ("score", "scored")."""
        lowered = text.casefold()
        named = []
        for qid in flow.applicable(s.answers):
            q = ctx.kb.question(qid)
            names = (q.title, *q.reading.topic, *(q.reading.this if numbers else ()))
            if any(re.search(rf"\b{re.escape(n.casefold())}\b", lowered) for n in names
                   if len(n) > 2 and n.casefold() not in UNNAMING):
                named.append(qid)
        return named

    @classmethod
    def _changes_read(cls, ctx: Context, s: Session, text: str) -> tuple[list[tuple[str, Any]], list[tuple[str, Any]]]:
        """Answers a message typed at the summary states ("my score is actually 245", "I graduated in 2019"):
        a value said with the words that name its question, read as that question reads it. Returns the
        ones that differ from the answer given, and the ones that repeat it."""
        if small_talk(text) is not None:  # "thanks, I got it" names nothing
            return [], []
        cued = dict(other_facts("", text)[0])
        found: dict[str, Any] = {}
        named = cls._named(ctx, s, text, numbers=True)
        for qid in flow.applicable(s.answers):
            if qid in cued or qid in named:
                reading = understand(ctx.kb.question(qid), text, s.answers, ctx.today()).reading
                # a cued fact counts when the question's own reader agrees ("scored 250 on NBME" is a practice test)
                if reading.ok and (qid not in cued or value_token(reading.value) == value_token(cued[qid])):
                    found[qid] = reading.value
        answers = by_key(s.answers)
        asked = [(q, v) for q, v in found.items() if q in flow.applicable({**s.answers, q: v})]
        changed = [(q, v) for q, v in asked if q not in answers or value_token(answers[q]) != value_token(v)]
        return changed, [(q, v) for q, v in asked if (q, v) not in changed]
