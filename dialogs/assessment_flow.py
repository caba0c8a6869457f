"""The self-assessment as a flow: /assess, /profile, its buttons, and typed answers to the open question.

The steps themselves (the machine, prompts, reading an answer) are in ``dialogs.assessment``; this
module connects them to the router: which input goes where, what a stale button gets, and what
happens after a side trip.
"""

from __future__ import annotations

import re
from typing import Sequence

from dialogs import assessment as flow
from dialogs import callbacks as cb
from dialogs import once
from dialogs.faq_flow import Faq
from dialogs.flow import CommandSpec, Context, Flow, Interruption
from dialogs.menu_flow import main_menu, small_talk
from dialogs.plan_flow import PlanFlow
from dialogs.reading import looks_like_question
from dialogs.reply import Outcome, Reply, button, esc
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
START_OVER = "start_over"  # the one-time confirmation's action (dialogs.once)


class StartOverYes(cb.Callback, prefix="as:new"):
    token: str


class StartOverNo(cb.Callback, prefix="as:keep"):
    token: str


class AssessmentFlow(Flow):
    name = "assessment"
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
        if note:
            out.say(note)
        out.replies.append(flow.summary(ctx.kb, s))

    def side_trip_over(self, ctx: Context, out: Outcome, by: Interruption) -> None:
        """Back from a side trip in the middle of the assessment: the open question again."""
        if flow.is_question(out.session.state) and not isinstance(by.button, cb.Answer):
            ctx.flows.current_step(ctx, out, BACK)

    def cancel(self, ctx: Context, out: Outcome) -> bool:
        s = out.session
        if not flow.pause(out):
            return False
        n = len([q for q in flow.applicable(s.answers) if q in s.answers])
        if s.complete:
            said = "Paused. Your finished assessment and your plan are as they were; /profile changes an answer."
        elif n == 0:
            said = "Paused before your first answer, so nothing is stored yet; /assess starts the questions."
        else:
            said = (f"Paused. Your {n} answer{'s are' if n != 1 else ' is'} saved; /assess picks up at "
                    f"{self._where(s)}.")
        out.say(said, main_menu())
        return True

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
                    ((button("👤 Review or change answers", cb.Menu("profile")),),
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
                if qid != s.state or not flow.is_question(qid):
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
            case cb.Confirm() if flow.confirm(out):
                out.say("✅ Saved. Your assessment is complete.")
                ctx.flows.get(TimelineFlow).offer_reminders(ctx, out)
                plan = ctx.flows.get(PlanFlow)
                plan.picture(ctx, out)
                plan.show(ctx, out, "overview")
            case cb.Pause():
                if not ctx.flows.cancel(ctx, out):
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
        return flow.is_question(session.state)

    def on_text(self, ctx: Context, out: Outcome, text: str) -> None:
        s = out.session
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
