"""/programs: the list as a CSV file and back (``knowledge.programs.parse_csv``, the CLI's rules: a file
with a bad row imports nothing)."""

from __future__ import annotations

from typing import Callable

from dialogs import callbacks as cb
from dialogs import once
from dialogs.flow import Context
from dialogs.program_list import PROGRAM_INPUT, ListViews, plist
from dialogs.reply import Outcome, Reply, button, clip, esc
from dialogs.session import Session
from knowledge.programs import COLUMNS, MAX_ROWS, ProgramListError, example_programs, parse_csv, to_csv


IMPORT = "import"  # the one-time confirmation of what to do with an uploaded list


class ProgramFiles:
    def __init__(self, views: ListViews, leave: Callable[[Session], None]):
        self.views = views
        self.pushes = views.pushes
        self.leave = leave

    def export(self, ctx: Context, out: Outcome) -> None:
        s = out.session
        pl = plist(s)
        if not pl.programs:
            self.views.home(ctx, out, "Your list is empty: nothing to export yet.")
            return
        data = to_csv(pl.programs).encode("utf-8-sig")  # the byte-order mark makes Excel read it as UTF-8
        out.replies.append(Reply(f"📤 Your {len(pl.programs)} program{'s' * (len(pl.programs) != 1)} as a CSV file. "
                                 "Open it in any spreadsheet; send it back to me (edited or not) to import it.",
                                 ((button("📋 Program list", cb.PgHome()),),), document=("programs.csv", data)))

    def import_help(self, ctx: Context, out: Outcome) -> None:
        columns = ", ".join(f"<code>{c}</code>" for c in COLUMNS)
        out.replies.append(Reply(
            "📥 <b>Import a program list</b>\nSend me a <b>.csv</b> file (UTF-8; from a spreadsheet: "
            "<i>Save as CSV UTF-8</i>)" + ("" if self.pushes else "; in this terminal, type <code>/file PATH</code>")
            + ". One row per program, a header row with these columns in any order: "
            f"{columns}. Only <code>program</code> and <code>specialty</code> are required.\n\n"
            "The file is checked as a whole: if any row has a problem, nothing is imported and I name every "
            "row and column to fix. The attached example shows every value that is allowed in use.",
            ((button("📋 Back to my list", cb.PgHome()),),), document=("programs-example.csv",
                                                                      to_csv(example_programs()).encode("utf-8-sig"))))

    def import_file(self, ctx: Context, out: Outcome, name: str, text: str) -> None:
        s = out.session
        pl = plist(s)
        if s.mode == PROGRAM_INPUT:
            self.leave(s)
        try:
            programs = parse_csv(text)
        except ProgramListError as exc:
            lines = [f"I could not import <b>{esc(clip(name, 60))}</b>; nothing was imported. Fix these and send it "
                     "again:"] + [f"• {esc(line)}" for line in exc.lines(30)]
            out.say("\n".join(lines), ((button("❔ The file format", cb.PgImportHelp()),
                                        button("📋 My list", cb.PgHome())),))
            return
        if not programs:
            self.views.home(ctx, out, "That file has a header but no programs; nothing was imported.")
            return
        if not pl.programs:
            pl.take(programs, replace_all=True)
            self.views.home(ctx, out, f"✅ Imported {len(programs)} program{'s' * (len(programs) != 1)}.")
            return
        pl.pending_import = programs
        self.ask_import(out)

    @staticmethod
    def ask_import(out: Outcome, note: str = "") -> None:
        """Replace or add? Asked with a fresh one-time value: a later file's question, or this one asked
        again, makes the earlier buttons expire."""
        pl = plist(out.session)
        pending = pl.pending_import or []
        token = once.issue(out.session, IMPORT)
        out.say((note + "\n\n" if note else "") +
                f"Your list has {len(pl.programs)} programs and the file {len(pending)}. What should I do?",
                ((button("🔁 Replace my list with the file", cb.PgImport("replace", token)),),
                 (button("➕ Add the file's programs to my list", cb.PgImport("add", token)),),
                 (button("✖️ Cancel, keep my list", cb.PgImport("cancel", token)),)))

    def import_choice(self, ctx: Context, out: Outcome, how: str, token: str) -> None:
        """The answer to the question asked under the last file, once: a choice shown under an earlier
        file has expired (it would apply to a file the user did not mean)."""
        s = out.session
        if not once.redeem(s, IMPORT, token):
            if plist(s).pending_import is not None:  # the question still open is asked again, with live buttons
                out.settle()
                self.ask_import(out, "That button has expired, so nothing was done.")
            else:
                once.expired(ctx, out)
            return
        pl = plist(s)
        pending, pl.pending_import = pl.pending_import, None
        if pending is None or how == "cancel":
            self.views.home(ctx, out, "Nothing was imported." if pending is not None or how == "cancel" else
                            "That file was already dealt with.")
            return
        if len(pending) + (0 if how == "replace" else len(pl.programs)) > MAX_ROWS:
            self.views.home(ctx, out, f"Together that is more than {MAX_ROWS} programs; nothing was imported.")
            return
        pl.take(pending, replace_all=how == "replace")
        self.views.home(ctx, out, f"✅ {'Replaced your list with' if how == 'replace' else 'Added'} {len(pending)} "
                                  f"program{'s' * (len(pending) != 1)}.")
