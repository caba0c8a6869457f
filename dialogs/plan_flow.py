"""/plan: the plan as messages (``dialogs.plan_view`` writes them), the profile picture and the PDF."""

from __future__ import annotations

from typing import Sequence

from dialogs import assessment
from dialogs import callbacks as cb
from dialogs import plan_view
from dialogs.flow import CommandSpec, Context, Flow
from dialogs.inputs import MakeFile
from dialogs.reply import Outcome, button, esc


class PlanFlow(Flow):
    name = "plan"
    buttons = (cb.PlanSection, cb.PlanPdf)

    def commands(self) -> Sequence[CommandSpec]:
        return (CommandSpec("plan", "Your risk tier and backup plan", self._plan, 3, side_trip=False),)

    def _plan(self, ctx: Context, out: Outcome, arg: str) -> None:
        self.picture(ctx, out)
        self.show(ctx, out, "overview")

    def on_button(self, ctx: Context, out: Outcome, data: cb.Callback) -> None:
        match data:
            case cb.PlanSection(key=key):
                self.show(ctx, out, key)
            case cb.PlanPdf() if plan_view.plan_from(ctx.kb, out.session, ctx.today()) is None:
                self.show(ctx, out, "overview")  # says what is missing
            case cb.PlanPdf():
                out.effects.append(MakeFile("pdf"))

    def picture(self, ctx: Context, out: Outcome) -> None:
        """The profile picture, just before the plan's overview (when there is a plan to picture)."""
        if plan_view.plan_from(ctx.kb, out.session, ctx.today()) is not None:
            out.effects.append(MakeFile("png", at=len(out.replies)))

    def show(self, ctx: Context, out: Outcome, key: str) -> None:
        """One view of the plan (``overview`` or a section), or what is missing before there is one."""
        s = out.session
        plan = plan_view.plan_from(ctx.kb, s, ctx.today())
        if plan is not None:
            out.replies.append(plan_view.overview(ctx.kb, plan) if key == "overview"
                               else plan_view.section(ctx.kb, plan, key))
            return
        missing = assessment.missing_answers(s.answers)
        if not s.answers:
            out.say("You have no plan yet: it is built from the self-assessment (16 or 17 short questions, about "
                    "3 minutes).", ((button("📝 Start the self-assessment", cb.StartOver()),),))
        elif missing:
            names = ", ".join(ctx.kb.question(q).title for q in missing[:5])
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            out.say(f"Your plan needs the whole self-assessment. Still missing: {esc(names)}{more}.",
                    ((button("▶️ Continue the self-assessment", cb.Resume()),),))
        else:
            out.say("All answers are in; confirm the summary to see your plan.",
                    ((button("▶️ Go to the summary", cb.Resume()),),))
