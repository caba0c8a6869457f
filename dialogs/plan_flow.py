"""/plan: the plan as messages (``dialogs.plan_view`` writes them), the profile picture and the PDF."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self, Sequence

from dialogs import assessment
from dialogs import callbacks as cb
from dialogs import plan_view
from dialogs.flow import CommandSpec, Context, Flow
from dialogs.inputs import MakeFile, MarkChanges
from dialogs.outcome_flow import OutcomeFlow
from dialogs.reply import Outcome, button, esc
from dialogs.session import Part
from knowledge.advisor import Plan


@dataclass
class Pictured(Part):
    """What the last picture sent showed (the tier and the seven levels), so /plan sends it again only
    when it changed."""

    KEY = "pictured"
    shows: str = ""

    @classmethod
    def from_json(cls, data: Any) -> Self:
        return cls(data if isinstance(data, str) else "")

    def to_json(self) -> Any:
        return self.shows or None


def picture_key(plan: Plan) -> str:
    """What the picture shows: the tier, provisional or not, and each rating's level."""
    return ":".join([plan.route_tier, "p" if plan.provisional else "", *(r.level for r in plan.ratings.values())])


class PlanFlow(Flow):
    name = "plan"
    buttons = (cb.PlanSection, cb.PlanPdf, plan_view.PlanPage, plan_view.PlanPicture)

    def commands(self) -> Sequence[CommandSpec]:
        return (CommandSpec("plan", "Your risk tier and backup plan", self._plan, 3, side_trip=False),)

    def _plan(self, ctx: Context, out: Outcome, arg: str) -> None:
        self.picture(ctx, out)
        self.show(ctx, out, "overview")

    def on_button(self, ctx: Context, out: Outcome, data: cb.Callback) -> None:
        match data:
            case cb.PlanSection(key=key):
                self.show(ctx, out, key)
            case plan_view.PlanPage(key=key, page=page):
                self.show(ctx, out, key, page)
            case cb.PlanPdf() | plan_view.PlanPicture() if plan_view.plan_from(ctx.kb, out.session, ctx.today()) is None:
                self.show(ctx, out, "overview")  # says what is missing
            case cb.PlanPdf():
                out.effects.append(MakeFile("pdf", buttons=((plan_view.back_to_plan(),),)))
            case plan_view.PlanPicture():
                self.picture(ctx, out, again=True)

    def picture(self, ctx: Context, out: Outcome, again: bool = False) -> None:
        """The profile picture, just before the plan's overview, when it shows something new since the last
        one sent (or on request): the same picture on every /plan is noise."""
        plan = plan_view.plan_from(ctx.kb, out.session, ctx.today())
        if plan is None:
            return
        pictured = out.session.part(Pictured)
        if again or pictured.shows != picture_key(plan):
            pictured.shows = picture_key(plan)
            out.effects.append(MakeFile("png", at=len(out.replies),
                                        buttons=((plan_view.back_to_plan(),),) if again else ()))

    def show(self, ctx: Context, out: Outcome, key: str, page: int = 0) -> None:
        """One screen of the plan (``overview`` or a section's page), or what is missing before there is one."""
        s = out.session
        plan = plan_view.plan_from(ctx.kb, s, ctx.today())
        if plan is not None:
            if key == "overview":
                like_you = ctx.flows.get(OutcomeFlow).like_you(ctx, s, plan.tier)
                if like_you is not None:  # only when enough people like this user shared (CONTRACTS §10)
                    out.replies.append(like_you)
                out.effects.append(MarkChanges(len(out.replies)))  # "changed on 12 Jan: visa outlook"
                out.replies.append(plan_view.overview(ctx.kb, plan))
            else:
                out.replies.append(plan_view.section(ctx.kb, plan, key, page))
            return
        missing = assessment.missing_answers(s.answers)
        if not s.answers:
            out.say(f"You have no plan yet: it is built from the self-assessment ({assessment.how_many()} short "
                    "questions, about 3 minutes).", ((button("📝 Start the self-assessment", cb.StartOver()),),))
        elif missing:
            names = ", ".join(ctx.kb.question(q).title for q in missing[:5])
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            out.say(f"Your plan needs the whole self-assessment. Still missing: {esc(names)}{more}.",
                    ((button("▶️ Continue the self-assessment", cb.Resume()),),))
        else:
            out.say("All answers are in; confirm the summary to see your plan.",
                    ((button("▶️ Go to the summary", cb.Resume()),),))
