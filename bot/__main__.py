"""python -m bot: run the bot (Telegram or terminal) or use its command-line tools."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date
from pathlib import Path

DESCRIPTION = """\
Radiology backup-plan advisor for non-US IMGs.

With no sub-command it runs the bot:
  * TELEGRAM_BOT_TOKEN set   -> the Telegram bot (long polling; a webhook when WEBHOOK_URL
                                is set), talking to BOT_API_BASE_URL.
  * no token                 -> the same conversation in this terminal (console mode).
Settings come from the environment or a .env file (see README: Configuration).
"""


class RedactFilter(logging.Filter):
    """Belt and braces: no log line ever carries the bot token."""

    def __init__(self, secrets: list[str]):
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(s in message for s in self.secrets):
            for s in self.secrets:
                message = message.replace(s, "[redacted]")
            record.msg, record.args = message, ()
        return True


def configure_logging(level: str, secrets: list[str]) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # httpx logs request URLs, which hold the token
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("transitions").setLevel(logging.WARNING)  # one INFO line per state change


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot", description=DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command")
    plan = sub.add_parser("plan", help="print the plan for an answers file")
    plan.add_argument("answers", help="path to the answers JSON file")
    plan.add_argument("--json", action="store_true", help="print JSON (docs/CONTRACTS.md §3, §3a)")
    plan.add_argument("--today", type=iso_day, default=None, metavar="YYYY-MM-DD",
                      help="the date the plan is for (default: today); phase, steps and rules in force follow it")
    ask = sub.add_parser("faq", help="answer a question from the FAQ (docs/CONTRACTS.md §4)")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print JSON")
    chk = sub.add_parser("check", help="check an interview answer or personal statement for red flags")
    chk.add_argument("--specialty", required=True, help="specialty id, e.g. internal_medicine")
    chk.add_argument("--kind", choices=("interview", "statement"), default="statement")
    chk.add_argument("file", help="a UTF-8 text file, or - for standard input")
    chk.add_argument("--json", action="store_true", help="print JSON (docs/CONTRACTS.md §5)")
    sub.add_parser("check-knowledge", help="validate the knowledge base files and exit")
    sub.add_parser("diagram", help="print the self-assessment state diagram (Mermaid)")
    return p


def iso_day(text: str) -> date:
    """An argparse type: a calendar date written YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def cmd_plan(path: str, as_json: bool, today: date | None = None) -> int:
    from dialogs.plan_view import as_text
    from knowledge.advisor import build_plan
    from knowledge.answers import AnswersError, validate_answers
    from knowledge.base import load_knowledge

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        print(f"error: {path} is not valid JSON: {exc}", file=sys.stderr)
        return 2
    kb = load_knowledge()
    try:
        plan = build_plan(validate_answers(data), kb, today or date.today())
    except AnswersError as exc:
        print(f"error: invalid answers file: {exc}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(plan.to_json(), indent=2, ensure_ascii=False))
    else:
        print(as_text(kb, plan))
    return 0


def cmd_faq(question: str, as_json: bool) -> int:
    from bot.runtime import faq_index
    from knowledge import faq
    from knowledge.base import load_knowledge
    from storage.db import open_database

    kb = load_knowledge()
    entries = kb.faq
    index = faq_index(open_database(":memory:"), entries)
    result = faq.search(index, question)
    if as_json:
        print(json.dumps(result.to_json()))
    elif result.answered:
        entry = entries[result.results[0][0]]
        print(f"{entry.question}\n\n{kb.render(entry.short)}\n\n{kb.render(entry.more)}")
    else:
        print("I don't have an answer to that. Topics: " + ", ".join(sorted({e.theme for e in entries.values()})))
    return 0


def cmd_check(specialty: str, kind: str, path: str, as_json: bool) -> int:
    from dialogs.coach_flow import render_result
    from dialogs.reply import plain
    from knowledge.interview import MAX_CHARS, CheckError, check
    from knowledge.base import load_knowledge

    try:
        raw = sys.stdin.buffer.read(MAX_CHARS[kind] * 4 + 1) if path == "-" else Path(path).read_bytes()
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print(f"error: {path} is not UTF-8 text", file=sys.stderr)
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


def cmd_check_knowledge() -> int:
    from knowledge.loader import KnowledgeError
    from knowledge.base import load_knowledge

    try:
        kb = load_knowledge()
    except KnowledgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"knowledge base OK: {len(kb.questions)} questions, {len(kb.specialties)} specialties, "
          f"{len(kb.facts)} dated facts, {len(kb.faq)} FAQ entries, "
          f"{len(kb.coaching.rules)} checker rules")
    return 0


def run_bot() -> int:
    from bot.config import load_env_file, load_settings
    from bot.runtime import build_runtime
    from knowledge.loader import KnowledgeError
    from storage import KeyError_, StorageError

    load_env_file()
    settings = load_settings()
    configure_logging(settings.log_level, [settings.token or "", settings.data_key or ""])
    try:
        runtime = build_runtime(settings, notice=lambda msg: print(msg, file=sys.stderr))
    except (KnowledgeError, KeyError_, StorageError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if settings.token:
        from bot.telegram_app import run_telegram

        run_telegram(runtime)
    else:
        from bot.console import Console

        Console(runtime).run()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "plan":
        return cmd_plan(args.answers, args.json, args.today)
    if args.command == "faq":
        return cmd_faq(args.question, args.json)
    if args.command == "check":
        return cmd_check(args.specialty, args.kind, args.file, args.json)
    if args.command == "check-knowledge":
        return cmd_check_knowledge()
    if args.command == "diagram":
        from dialogs.assessment import mermaid

        print(mermaid(), end="")
        return 0
    return run_bot()


if __name__ == "__main__":
    sys.exit(main())
