"""/programs as a flow: its command, its buttons and its typed-field mode, routed to the list's pieces.

The applicant's own list of programs, checked against their plan and the Match rules. The pieces:
``program_list`` (the list's part of the session and its views), ``program_form`` (adding a
program, changing a field, removing one), ``program_files`` (CSV import and export),
``program_rank`` (the rank list) and ``program_reminders`` (interview and rank-list reminders).
"""

from __future__ import annotations

from typing import Any, Callable, Sequence, TypeVar

from dialogs import callbacks as cb
from dialogs.flow import CommandSpec, Context, Flow, Interruption
from dialogs.inputs import File
from dialogs.program_files import ProgramFiles
from dialogs.program_form import ProgramForm
from dialogs.program_list import PROGRAM_INPUT, ListViews, PgFees, plist
from dialogs.program_rank import RankList
from dialogs.reply import Outcome
from knowledge.base import KnowledgeBase


class ProgramsFlow(Flow):
    """The /programs views and edits; ``pushes`` is False in the console (no reminders there)."""

    name = "programs"
    modes = frozenset({PROGRAM_INPUT})
    retype_hint = " Please type it as a message."

    def __init__(self, kb: KnowledgeBase, pushes: bool = True):
        self.views = ListViews(kb, pushes)
        self.form = ProgramForm(self.views)
        self.files = ProgramFiles(self.views, self.form.leave)
        self.rank = RankList(self.views)

    def commands(self) -> Sequence[CommandSpec]:
        return (CommandSpec("programs", "Your program list: visas, signals, interviews, rank list",
                            lambda ctx, out, arg: self.views.home(ctx, out), 5),)

    # ------------------------------------------------------------------ the Flow hooks
    def on_button(self, ctx: Context, out: Outcome, data: cb.Callback) -> None:
        """A /programs button: leave any typed field (a half-added program waits), then its view."""
        if out.session.mode == PROGRAM_INPUT and not isinstance(data, (cb.PgNew, cb.PgDraft)):
            self.form.leave(out.session)
        handler = HANDLERS.get(type(data))
        if handler is None:
            self.views.home(ctx, out)
        else:
            handler(self, ctx, out, data)

    def on_text(self, ctx: Context, out: Outcome, text: str) -> None:
        self.form.typed(ctx, out, text)

    def prompt(self, ctx: Context, out: Outcome, note: str = "") -> None:
        self.form.prompt(ctx, out, note)

    def takes_file(self, file: File) -> bool:
        return file.name.lower().endswith(".csv")

    def on_file(self, ctx: Context, out: Outcome, file: File) -> None:
        self.files.import_file(ctx, out, file.name, file.text)

    def interrupted(self, ctx: Context, out: Outcome, by: Interruption) -> None:
        """A half-added program waits (/programs offers to continue it); a one-field change is dropped. The
        add form's own buttons keep it open."""
        if not isinstance(by.button, (cb.PgNew, cb.PgDraft)):
            self.form.leave(out.session)

    def cancel(self, ctx: Context, out: Outcome) -> bool:
        s = out.session
        if s.mode != PROGRAM_INPUT:
            return False
        edit = plist(s).edit
        if edit is not None and edit.key != "new":
            self.form.leave(s)
            self.views.detail(ctx, out, edit.key, "Nothing was changed.")
        else:
            self.form.draft(ctx, out, "drop")
        return True


T = TypeVar("T", bound=cb.Callback)
#: Which view or change each /programs button leads to. Each entry is typed for its kind of button when
#: registered (``_on``), so its fields are checked; the table itself holds them side by side.
HANDLERS: dict[type[cb.Callback], Callable[[ProgramsFlow, Context, Outcome, Any], None]] = {}


def _on(kind: type[T], run: Callable[[ProgramsFlow, Context, Outcome, T], None]) -> None:
    HANDLERS[kind] = run


_on(cb.PgHome, lambda f, ctx, out, d: f.views.home(ctx, out))
_on(cb.PgGroup, lambda f, ctx, out, d: f.views.group(ctx, out, d.specialty, d.page))
_on(cb.PgOpen, lambda f, ctx, out, d: f.views.detail(ctx, out, d.key))
_on(cb.PgWarnings, lambda f, ctx, out, d: f.views.warnings(ctx, out, d.page))
_on(PgFees, lambda f, ctx, out, d: f.views.fees(ctx, out))
_on(cb.PgField, lambda f, ctx, out, d: f.form.field(ctx, out, d.key, d.field))
_on(cb.PgSet, lambda f, ctx, out, d: f.form.set_field(ctx, out, d.key, d.field, d.value))
_on(cb.PgClear, lambda f, ctx, out, d: f.form.clear(ctx, out, d.key, d.field))
_on(cb.PgAdd, lambda f, ctx, out, d: f.form.start_add(ctx, out))
_on(cb.PgNew, lambda f, ctx, out, d: f.form.form_choice(ctx, out, d.field, d.value))
_on(cb.PgDraft, lambda f, ctx, out, d: f.form.draft(ctx, out, d.act))
_on(cb.PgRemove, lambda f, ctx, out, d: f.form.remove(ctx, out, d.key))
_on(cb.PgRemoveYes, lambda f, ctx, out, d: f.form.remove_yes(ctx, out, d.key, d.token))
_on(cb.PgExport, lambda f, ctx, out, d: f.files.export(ctx, out))
_on(cb.PgImportHelp, lambda f, ctx, out, d: f.files.import_help(ctx, out))
_on(cb.PgImport, lambda f, ctx, out, d: f.files.import_choice(ctx, out, d.how, d.token))
_on(cb.PgImportUnbound, lambda f, ctx, out, d: f.files.import_choice(ctx, out, d.how, ""))  # only expires
_on(cb.PgRemoveUnbound, lambda f, ctx, out, d: f.form.remove_yes(ctx, out, d.key, ""))  # only expires
_on(cb.PgRank, lambda f, ctx, out, d: f.rank.rank(ctx, out, d.page))
_on(cb.PgRankItem, lambda f, ctx, out, d: f.rank.rank_item(ctx, out, d.key))
_on(cb.PgMove, lambda f, ctx, out, d: f.rank.move(ctx, out, d.key, d.to))
_on(cb.PgFinal, lambda f, ctx, out, d: f.rank.final(ctx, out))
_on(cb.PgLinks, lambda f, ctx, out, d: f.rank.links(ctx, out, d.key))
_on(cb.PgLink, lambda f, ctx, out, d: f.rank.link(ctx, out, d.key, d.pgy1))
ProgramsFlow.buttons = tuple(HANDLERS)
