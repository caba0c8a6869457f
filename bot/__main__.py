"""python -m bot: run the bot (Telegram or terminal) or use its command-line tools."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import sys
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.advisor import Plan
    from knowledge.answers import Answers
    from knowledge.base import KnowledgeBase

DESCRIPTION = """\
Radiology backup-plan advisor for non-US IMGs.

With no sub-command it runs the bot:
  * TELEGRAM_BOT_TOKEN set   -> the Telegram bot (long polling; a webhook when WEBHOOK_URL
                                is set), talking to BOT_API_BASE_URL.
  * no token                 -> the same conversation in this terminal (console mode).
Settings come from the environment or a .env file (see README: Configuration).
"""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot", description=DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command")
    plan = sub.add_parser("plan", help="print the plan for an answers file")
    plan.add_argument("answers", help="path to the answers JSON file")
    plan.add_argument("--json", action="store_true", help="print JSON (docs/CONTRACTS.md §3, §3a)")
    plan.add_argument("--today", type=iso_day, default=None, metavar="YYYY-MM-DD",
                      help="the date the plan is for (default: today); phase, steps and rules in force follow it")
    plan.add_argument("--pdf", default=None, metavar="OUT.pdf", help="write the plan as a one-page PDF to OUT.pdf")
    tl = sub.add_parser("timeline", help="print the milestones of an answers file's Match")
    tl.add_argument("answers", help="path to the answers JSON file")
    tl.add_argument("--ics", action="store_true", help="print iCalendar text (RFC 5545; docs/CONTRACTS.md §8)")
    tl.add_argument("--today", type=iso_day, default=None, metavar="YYYY-MM-DD", help="the date (default: today)")
    ask = sub.add_parser("faq", help="answer a question from the FAQ (docs/CONTRACTS.md §4)")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print JSON")
    ask.add_argument("--today", type=iso_day, default=None, metavar="YYYY-MM-DD",
                     help="the date the answer is for (default: today); this season's dates follow it")
    chk = sub.add_parser("check", help="check an interview answer or personal statement for red flags")
    chk.add_argument("--specialty", required=True, help="a specialty id from knowledge/data/specialties.yaml")
    chk.add_argument("--kind", choices=("interview", "statement"), default="statement")
    chk.add_argument("file", help="a UTF-8 text file, or - for standard input")
    chk.add_argument("--json", action="store_true", help="print JSON (docs/CONTRACTS.md §5)")
    progs = sub.add_parser("programs", help="check a program list (CSV) against the rules and a plan")
    progs.add_argument("file", help="the program list, a UTF-8 CSV file (docs/CONTRACTS.md §7), or - for stdin")
    progs.add_argument("--answers", default=None, metavar="ANSWERS.json",
                       help="an answers file: adds the plan's targets and the visa checks")
    progs.add_argument("--today", type=iso_day, default=None, metavar="YYYY-MM-DD",
                       help="the date the check is for (default: today); visa rules in force follow it")
    progs.add_argument("--json", action="store_true", help="print JSON (docs/CONTRACTS.md §7)")
    chg = sub.add_parser("changes", help="before a restart: how many users the edited rules would tell what "
                                         "(counts only; docs/CONTRACTS.md §9)")
    chg.add_argument("--json", action="store_true", help="print JSON")
    chg.add_argument("--today", type=iso_day, default=None, metavar="YYYY-MM-DD",
                     help="the day the plans are compared on (default: today)")
    out = sub.add_parser("outcomes", help="Match outcomes users shared, as counts no one can be picked out of "
                                          "(docs/CONTRACTS.md §10), from the database the bot uses (BOT_DB_PATH)")
    out.add_argument("--min-cell", type=int, default=10, metavar="K",
                     help="hide every count below K, and any count that would let one be worked out (default 10)")
    out.add_argument("--json", action="store_true", help="print JSON (docs/CONTRACTS.md §10)")
    out.add_argument("--csv", default=None, metavar="OUT", help="write the tables as CSV (CC BY 4.0 licence line, "
                                                                "date) to OUT instead of printing them")
    out.add_argument("--today", type=iso_day, default=None, metavar="YYYY-MM-DD",
                     help="the day the counts are made for (default: today); a Match is counted once its counting "
                          "closes")
    sub.add_parser("check-knowledge", help="validate the knowledge base files and exit")
    sub.add_parser("diagram", help="print the self-assessment state diagram (Mermaid)")
    return p


def iso_day(text: str) -> date:
    """An argparse type: a calendar date written YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


MAX_INPUT_BYTES = 1_000_000  # answers files, statements and program lists are far smaller


class InputError(ValueError):
    """A command-line input file that cannot be used; the message names it and says why."""


def read_input(path: str, limit: int = MAX_INPUT_BYTES) -> str:
    """A UTF-8 text file (or ``-`` for standard input), read at most ``limit`` bytes; a UTF-8 byte-order
    mark is dropped. Anything else (missing, a folder, too large, /dev/zero, not UTF-8) is an InputError."""
    raw = read_bytes(path, limit)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text") from None


def read_bytes(path: str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """A file's bytes (or standard input's), at most ``limit``; an InputError for anything unreadable."""
    try:
        if path == "-":
            raw = sys.stdin.buffer.read(limit + 1)
        else:
            with open(path, "rb") as fh:
                raw = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    if len(raw) > limit:
        raise InputError(f"{path} is larger than {limit // 1_000_000} MB")
    return raw


def read_json(path: str) -> object:
    try:
        return json.loads(read_input(path))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path} is not valid JSON: {exc}") from None
    except RecursionError:
        raise InputError(f"{path} is not a usable JSON file: it is nested too deeply") from None


def load_answers(path: str) -> Answers | str:
    """The validated answers of an answers file, or the error to print."""
    from knowledge.answers import AnswersError, validate_answers

    try:
        data = read_json(path)
    except InputError as exc:
        return str(exc)
    try:
        return validate_answers(data)
    except AnswersError as exc:
        return f"invalid answers file: {exc}"


def cmd_timeline(path: str, ics: bool, today: date | None = None) -> int:
    from knowledge.base import load_knowledge

    answers = load_answers(path)
    if isinstance(answers, str):
        print(f"error: {answers}", file=sys.stderr)
        return 2
    kb = load_knowledge()
    today = today or date.today()
    data = answers.to_dict()
    if ics:
        from bot.exports import timeline_ics

        sys.stdout.write(timeline_ics(kb, data, [], today).decode())
        return 0
    for m in kb.calendar.for_user(data):
        end = f" – {m.ends.isoformat()}" if m.ends else ""
        print(f"{m.on.isoformat()}{end}  {m.title} ({m.how})")
    return 0


def write_pdf(kb: KnowledgeBase, plan: Plan, out: str) -> int:
    """Write the PDF next to ``out`` first and rename it into place: a failure leaves no half file."""
    import os
    import tempfile

    from bot.exports import plan_pdf

    data = plan_pdf(kb, plan)
    target = os.path.abspath(out)
    try:
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target), suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except OSError as exc:
        print(f"error: cannot write {out}: {exc.strerror}", file=sys.stderr)
        return 2
    return 0


def cmd_plan(path: str, as_json: bool, today: date | None = None, pdf: str | None = None) -> int:
    from dialogs.plan_view import as_text
    from knowledge.advisor import build_plan
    from knowledge.base import load_knowledge

    answers = load_answers(path)
    if isinstance(answers, str):
        print(f"error: {answers}", file=sys.stderr)
        return 2
    kb = load_knowledge()
    plan = build_plan(answers, kb, today or date.today())
    if pdf:
        return write_pdf(kb, plan, pdf)
    if as_json:
        print(json.dumps(plan.to_json(), indent=2, ensure_ascii=False))
    else:
        print(as_text(kb, plan))
    return 0


def cmd_faq(question: str, as_json: bool, today: date | None = None) -> int:
    from bot.runtime import faq_index
    from knowledge import faq
    from knowledge.base import load_knowledge
    from storage.db import open_database

    kb = load_knowledge()
    entries = kb.faq
    index = faq_index(open_database(":memory:"), entries)
    result = faq.search(index, question, scope=kb.faq_scope)
    season = faq.season_values(kb.calendar, kb.faq_scope, today or date.today())
    if as_json:
        print(json.dumps(result.to_json()))
    elif result.answered:
        entry = entries[result.results[0][0]]
        general = f"\n\n{kb.render(entry.without_plan, season)}" if entry.without_plan else ""
        print(f"{entry.question}\n\n{kb.render(entry.short, season)}{general}\n\n{kb.render(entry.more, season)}")
    else:
        offered = result.ask or result.reason == "not_covered"
        closest = [entries[i].question for i, _ in result.results[:3]] if offered else []
        print(result.note or "I don't have an answer to that question.")
        if closest:
            print("Closest topics: " + " | ".join(closest))
        print("Topics: " + ", ".join(sorted({e.theme for e in entries.values()})))
    return 0


def cmd_check(specialty: str, kind: str, path: str, as_json: bool) -> int:
    from dialogs.coach_flow import render_result
    from dialogs.reply import plain
    from knowledge.interview import MAX_CHARS, CheckError, check
    from knowledge.base import load_knowledge

    try:
        text = read_input(path, MAX_CHARS[kind] * 4)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    coaching = load_knowledge().coaching
    try:
        result = check(coaching, specialty, kind, text)
    except CheckError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result.to_json(), indent=2, ensure_ascii=False) if as_json
          else plain(render_result(coaching, result)))
    return 0


def cmd_programs(path: str, answers_path: str | None, as_json: bool, today: date | None = None) -> int:
    """Check a program list; a file with any bad row is refused whole (every bad row on stderr, exit 2)."""
    from knowledge.advisor import build_plan
    from knowledge.base import load_knowledge
    from knowledge.programs import ProgramListError, analyse, applicant_for, list_names, ordered, parse_csv

    today = today or date.today()
    try:
        programs = parse_csv(read_bytes(path))
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ProgramListError as exc:
        print(f"error: {path} was not imported:", file=sys.stderr)
        for line in exc.lines(limit=1000):
            print(f"  {line}", file=sys.stderr)
        return 2
    answers = load_answers(answers_path) if answers_path else None
    if isinstance(answers, str):
        print(f"error: {answers}", file=sys.stderr)
        return 2
    kb = load_knowledge()
    plan = build_plan(answers, kb, today) if answers else None
    names = list_names(kb.specialties)  # the PGY-1 year said as one, never beside the backups
    report = analyse(programs, kb.season, applicant_for(plan, kb.season, today), names)
    if as_json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
        return 0
    print(f"{report.programs} programs")
    for sid, c in report.counts.items():
        target = report.targets.get(sid)
        print(f"  {names[sid]}: {c['total']} listed, {c['applied']} applied, {c['invited']} invited, "
              f"{c['interviewed']} interviewed" + (f" (plan: {target[0]}-{target[1]})" if target else ""))
    print(f"Estimated fees: ERAS ${report.eras_usd:,} ({report.fees_as_of}), NRMP ${report.nrmp_usd:,}")
    for w in ordered(report.warnings):
        print(f"! {w.code}{f' [{w.program}]' if w.program else ''}: {w.text}")
    return 0


def cmd_changes(as_json: bool, today: date | None = None) -> int:
    """What the next start would tell whom about the edited rules, read from the bot's database without
    writing to it (the bot may be running); counts only, never a user id or an answer."""
    from bot.config import ConfigError, load_env_file, load_settings
    from bot.notices import RuleNotices
    from bot.reminders import SystemClock
    from knowledge.base import load_knowledge
    from knowledge.changes import load_notice_words
    from knowledge.loader import DATA_DIR, KnowledgeError
    from storage import DataCipher, KeyError_, StorageError, resolve_key
    from storage.notices import NoticeRows, open_readonly

    load_env_file()
    try:
        settings = load_settings()
        data_dir = settings.knowledge_dir or DATA_DIR
        kb, words = load_knowledge(data_dir), load_notice_words(data_dir)
        if not settings.db_path.is_file():
            raise StorageError(f"there is no database at {settings.db_path} (BOT_DB_PATH)")
        key, _ = resolve_key(settings.data_key, settings.key_file, settings.db_path)
        cipher = DataCipher(key)
        db = open_readonly(settings.db_path, cipher)
        notices = RuleNotices(NoticeRows(lambda: db, cipher), kb, words, data_dir, SystemClock())
        report = notices.preview(today or date.today())
    except (ConfigError, KnowledgeError, KeyError_, StorageError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(report.to_json(), indent=2))
        return 0
    print(f"Knowledge version {report.version}" + (f", compared with {', '.join(report.since)}" if report.since
                                                    else ""))
    if report.note:
        print(report.note[0].upper() + report.note[1:] + ".")
    print(f"Users looked at: {report.users}; plans compared: {report.compared}; would be told: {report.told}.")
    directions = {"helps": "better for", "hurts": "harder for"}
    for kind, effects in report.kinds.items():
        split = ", ".join(f"{directions[e]} {n}" for e, n in sorted(effects.items()) if e in directions)
        print(f"  {kind.replace('_', ' ')}: {sum(effects.values())}" + (f" ({split})" if split else ""))
    for rule, n in report.rules.most_common():
        print(f"  because of {rule.replace('fact:', 'the fact ')}: {n}")
    if report.not_compared:
        print("Not compared: " + ", ".join(f"{reason} {n}" for reason, n in report.not_compared.most_common()) + ".")
    return 0


def cmd_check_knowledge() -> int:
    from knowledge.base import load_knowledge
    from knowledge.changes import load_notice_words
    from knowledge.loader import DATA_DIR, KnowledgeError

    try:
        kb = load_knowledge()
        load_notice_words(DATA_DIR)
    except KnowledgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"knowledge base OK: {len(kb.questions)} questions, {len(kb.specialties)} specialties, "
          f"{len(kb.facts)} dated facts, {len(kb.faq)} FAQ entries, "
          f"{len(kb.coaching.rules)} checker rules")
    return 0


def run_bot() -> int:
    # Start-up makes some hundred thousand objects that live as long as the bot (modules, classes, the
    # knowledge base): the collector would scan them again and again while they are made (a tenth of
    # the start's CPU). It runs from the first update on, with those objects set aside for good.
    gc.disable()
    try:
        return _run_bot()
    finally:
        gc.enable()


def _run_bot() -> int:
    from bot import logs
    from bot.config import ConfigError, load_env_file, load_settings
    from bot.runtime import StartupError, build_runtime, single_instance
    from knowledge.loader import KnowledgeError
    from storage import KeyError_, StorageError, check_key_place

    load_env_file()
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    logs.configure(settings.log_level, [settings.token or "", settings.data_key or ""])
    try:
        if not settings.data_key:
            check_key_place(settings.key_file, settings.db_path)  # before anything is written
        lock = single_instance(settings.db_path)
        runtime = build_runtime(settings, notice=lambda msg: print(msg, file=sys.stderr), check=True)
        if settings.token:
            from bot.telegram_app import preflight, run_telegram

            preflight(settings)
    except (KnowledgeError, KeyError_, StorageError, StartupError) as exc:
        print(f"error: {logs.SafeFormatter([settings.token or ''], '').redact(str(exc))}", file=sys.stderr)
        return 2
    logging.getLogger("bot").info("database %s: %d users", settings.db_path, runtime.store.count_users())
    gc.freeze()  # what start-up made stays; the collector looks only at what turns make
    gc.enable()
    try:
        if settings.token:
            run_telegram(runtime)
        else:
            from bot.console import Console

            Console(runtime).run()
    finally:
        lock.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "plan":
        return cmd_plan(args.answers, args.json, args.today, args.pdf)
    if args.command == "timeline":
        return cmd_timeline(args.answers, args.ics, args.today)
    if args.command == "faq":
        return cmd_faq(args.question, args.json, args.today)
    if args.command == "check":
        return cmd_check(args.specialty, args.kind, args.file, args.json)
    if args.command == "programs":
        return cmd_programs(args.file, args.answers, args.json, args.today)
    if args.command == "changes":
        return cmd_changes(args.json, args.today)
    if args.command == "outcomes":
        from bot.outcome_counts import cmd_outcomes

        return cmd_outcomes(args.min_cell, args.json, args.csv, args.today)
    if args.command == "check-knowledge":
        return cmd_check_knowledge()
    if args.command == "diagram":
        from dialogs.assessment import mermaid

        print(mermaid(), end="")
        return 0
    return run_bot()


if __name__ == "__main__":
    sys.exit(main())
