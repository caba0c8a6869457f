"""Route one Input to the flow it belongs to and return the turn's Outcome.

The router imports no flow: it dispatches through the registry (``ctx.flows``, ``dialogs.flow``).
A command goes to the flow that declared it, a button to the flow that owns its kind, typed text
to the flow whose mode is open (else the first flow that takes text), a file to the first flow
that takes it. Before a command, a button or a file for another flow, the flow whose mode is open
is told it was interrupted. After a tap, the first reply replaces the tapped message when it is a
text screen (``Outcome.in_place``): navigation edits one message instead of adding one. Pure: the
caller loads the session, calls ``handle``, stores the outcome, performs its effects, and only then
sends the replies.
"""

from __future__ import annotations

from dialogs import callbacks as cb
from dialogs.flow import Context, Interruption
from dialogs.inputs import Choice, Command, Edited, File, FileError, Input, Text, Unsupported
from dialogs.reply import Outcome, esc
from dialogs.session import NO_MODE, Session

STALE = "That button belongs to an earlier message; here is where you are now:"
#: The commands a main-menu button (``cb.Menu``) may run.
MENU_ITEMS = ("assess", "profile", "plan", "help", "faq", "programs")


def handle(ctx: Context, session: Session, inp: Input) -> Outcome:
    """Apply one input to a user's conversation. The outcome's session is ``session`` itself, changed:
    pass a session read from storage for this turn (the caller keeps nothing else pointing at it)."""
    out = Outcome(session)
    match inp:
        case Command(name=name, arg=arg):
            command(ctx, out, name, arg)
        case Choice(callback=data):
            _choice(ctx, out, data)
        case Text(text=text):
            _text(ctx, out, text)
        case File():
            _file(ctx, out, inp)
        case Edited():
            holder = ctx.flows.holder(out.session) if ctx.flows.focused(out.session) is None else None
            _not_read(ctx, out, "I don't read edited messages; please send it again as a new message."
                      + (holder.edited_hint if holder is not None else ""))
        case Unsupported(what=what):
            _not_read(ctx, out, f"I can only read text and button taps, not {esc(what)}.")
        case FileError(reason=reason):
            _not_read(ctx, out, esc(reason))
    return out


def _not_read(ctx: Context, out: Outcome, note: str) -> None:
    focused = ctx.flows.focused(out.session)
    ctx.flows.current_step(ctx, out, note + (focused.retype_hint if focused is not None else ""))


def _side_trip_over(ctx: Context, out: Outcome, by: Interruption) -> None:
    for flow in ctx.flows.all:
        flow.side_trip_over(ctx, out, by)


def command(ctx: Context, out: Outcome, name: str, arg: str) -> None:
    """Run a /command: the open mode's flow is told first; then, in the middle of the assessment, the
    open question is asked again after a side trip."""
    spec = ctx.flows.command(name)
    if spec is None:
        ctx.flows.current_step(ctx, out, f"I don't know the command /{esc(name[:32])}. Try /help.")
        return
    by = Interruption(command=spec)
    focused = ctx.flows.focused(out.session)
    if focused is not None and spec.interrupts:
        focused.interrupted(ctx, out, by)
    spec.run(ctx, out, arg)
    if spec.side_trip and out.session.mode == NO_MODE:
        _side_trip_over(ctx, out, by)


def _choice(ctx: Context, out: Outcome, data: cb.Callback | None) -> None:
    flow = ctx.flows.for_button(data) if data is not None else None
    if data is None or (flow is None and not isinstance(data, cb.Menu)):
        out.settle()  # a button the bot no longer knows: its keyboard goes, and where the user is comes below
        ctx.flows.current_step(ctx, out, "That button is no longer active; here is where you are now:")
        return
    by = Interruption(button=data)
    focused = ctx.flows.focused(out.session)
    if focused is not None:
        focused.interrupted(ctx, out, by)
    if isinstance(data, cb.Menu):  # a main-menu button stands for a command
        if data.item in MENU_ITEMS:
            command(ctx, out, data.item, "")
        else:
            ctx.flows.current_step(ctx, out, STALE)
    elif flow is not None:
        flow.on_button(ctx, out, data)
    if focused is not None and out.session.mode == NO_MODE:
        _side_trip_over(ctx, out, by)
    out.in_place()  # navigation changes the tapped message instead of adding one


def _text(ctx: Context, out: Outcome, text: str) -> None:
    focused = ctx.flows.focused(out.session)
    if focused is not None:
        focused.on_text(ctx, out, text)
        return
    if not text.strip():
        ctx.flows.current_step(ctx, out, "That message was empty.")
        return
    flow = ctx.flows.for_text(out.session)
    if flow is not None:
        flow.on_text(ctx, out, text)


def _file(ctx: Context, out: Outcome, file: File) -> None:
    flow = ctx.flows.for_file(file)
    if flow is None:
        ctx.flows.current_step(ctx, out, "I can't use that file here.")
        return
    focused = ctx.flows.focused(out.session)
    if focused is not None and focused is not flow:
        focused.interrupted(ctx, out, Interruption(file=file))
    flow.on_file(ctx, out, file)
