"""Rule-change notices end to end (CONTRACTS §9).

At start-up, when the rule files (facts.yaml, season.yaml, timeline.yaml) differ from the version every
user was last compared under, ``run`` compares each user's plan under that earlier knowledge with the plan
under today's (``knowledge.changes``), in batches in the background, and queues one notice for each user
whose plan changed on something that matters. It reads sessions and writes only its own rows (the
users' versions, their sealed notices, rows of kind ``notice`` in the reminder queue), one transaction
per batch, so a crash repeats at most the batch it interrupted. The reminder dispatcher sends a notice
when it is due (rate limits, retries, the /settings switch, quiet for blocked or deleted users) and asks
``reply`` for its text. ``preview`` is the same comparison without writing (``python -m bot changes``).
"""

from __future__ import annotations

import asyncio
import ctypes
import json
import logging
import os
import signal
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any, Callable, Protocol

from bot.config import Settings
from dialogs.reply import Reply, esc
from dialogs.rule_notices import marked, notice_reply
from dialogs.session import Session
from dialogs.timeline_flow import Prefs, TimelineState, settings_of
from knowledge.answers import Answers, AnswersError, validate_answers
from knowledge.base import KnowledgeBase
from knowledge.changes import Comparer, Notice, NoticeWords, diff_rules, read_rules, version_of
from knowledge.loader import KnowledgeError
from knowledge.timeline import zone
from storage.notices import NOTICE, NoticeRows, Pending, Told

log = logging.getLogger(__name__)
#: The notice goes out at once when it is daytime for the user: the 12 hours from their reminder hour.
AWAKE = timedelta(hours=12)


class Clock(Protocol):
    def now(self) -> datetime: ...


def due_for(now: datetime, prefs: Prefs) -> datetime:
    """When a notice should arrive: now in the user's day (their reminder hour and the 12 hours after),
    otherwise at their next reminder hour."""
    local = now.astimezone(zone(prefs.tz))
    start = local.replace(hour=prefs.hour, minute=0, second=0, microsecond=0)
    if start > local:
        start -= timedelta(days=1)
    if local - start < AWAKE:
        return now
    return (start + timedelta(days=1)).astimezone(timezone.utc)


@dataclass
class Report:
    """What a run did, or a preview would do: counts only (no user id, no answer)."""

    version: str
    since: list[str] = field(default_factory=list)
    users: int = 0  # users looked at
    compared: int = 0  # plans compared under both versions
    told: int = 0
    kinds: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    rules: Counter[str] = field(default_factory=Counter)
    not_compared: Counter[str] = field(default_factory=Counter)
    note: str | None = None
    seconds: float = 0.0

    def count(self, notice: Notice) -> None:
        self.told += 1
        for change in notice.changes:
            self.kinds[change.kind][change.effect] += 1
        for key in notice.because:
            self.rules[key] += 1

    def to_json(self) -> dict[str, Any]:
        return {"knowledge_version": self.version, "compared_from": self.since, "users": self.users,
                "compared": self.compared, "told": self.told,
                "by_kind": {k: dict(v) for k, v in self.kinds.items()}, "by_rule": dict(self.rules),
                "not_compared": dict(self.not_compared), "note": self.note}


class RuleNotices:
    """The comparison runs and the notices' text; ``rows`` is the store's (or a read-only view for a preview)."""

    def __init__(self, rows: NoticeRows, kb: KnowledgeBase, words: NoticeWords, data_dir: Path, clock: Clock,
                 batch: int = 200):
        self.rows, self.kb, self.words, self.data_dir = rows, kb, words, data_dir
        self.clock, self.batch = clock, batch
        self.files = read_rules(data_dir)
        self.version = version_of(self.files)
        self._comparers: dict[tuple[str, date], Comparer | None] = {}

    # ------------------------------------------------------------------ comparing
    def comparer(self, since: str, today: date) -> Comparer | None:
        """The comparison from ``since`` to today's knowledge (None: that version's files are gone or
        this release cannot read them)."""
        key = (since, today)
        if key not in self._comparers:
            self._comparers[key] = self._build(since, today)
        return self._comparers[key]

    def _build(self, since: str, today: date) -> Comparer | None:
        files = self.rows.files(since)
        if files is None:
            log.warning("the rule files of knowledge version %s are not kept; its users are not compared", since)
            return None
        with TemporaryDirectory(prefix="rules-") as folder:
            for name, text in files.items():
                (Path(folder) / name).write_text(text, encoding="utf-8")
            try:
                diff = diff_rules(self.kb, self.data_dir, Path(folder))
            except KnowledgeError as exc:
                log.warning("knowledge version %s cannot be read by this release (%s); its users are not "
                            "compared", since, exc)
                return None
        return Comparer(diff, self.version, today, self.words)

    def evaluate(self, pending: list[Pending], today: date, report: Report) -> list[tuple[Pending, Notice, Prefs]]:
        """Who of ``pending`` is told what (counted in ``report``). Only users with a completed assessment
        and reminders on who did not block the bot are compared."""
        out = []
        for p in pending:
            report.users += 1
            reason, session = self._skip(p)
            if reason is None and session is not None and p.since is not None:
                compare = self.comparer(p.since, today)
                if p.since not in report.since:
                    report.since.append(p.since)
                try:
                    answers = validate_answers(session.answers)
                except AnswersError:
                    reason = "answers no longer valid"
                else:
                    if compare is None:
                        reason = "earlier knowledge unreadable"
                    else:
                        notice, reason = self._compare(compare, answers)
                        report.compared += reason is None
                        if notice is not None:
                            report.count(notice)
                            out.append((p, notice, settings_of(session)))
            if reason:
                report.not_compared[reason] += 1
        return out

    @staticmethod
    def _compare(compare: Comparer, answers: Answers) -> tuple[Notice | None, str | None]:
        """One user's comparison; a plan that cannot be built under one of the versions costs that user their
        notice, never the rest of the run (logged without the answers)."""
        try:
            return compare.notice(answers), None
        except Exception as exc:  # noqa: BLE001 - one user's plan must not stop everyone else's
            log.warning("a plan could not be compared (%s); that user is not told", type(exc).__name__)
            return None, "plan could not be built"

    def _skip(self, p: Pending) -> tuple[str | None, Session | None]:
        if p.status == "blocked":
            return "blocked the bot", None
        if p.since is None:
            return "no earlier knowledge recorded", None
        if p.session is None:
            return "session unreadable", None
        session = Session.from_json(p.session)
        if not session.complete:
            return "assessment not complete", None
        prefs = session.part(TimelineState).prefs
        if not (prefs and prefs.reminders):
            return "reminders off", None
        return None, session

    # ------------------------------------------------------------------ the start-up run
    async def run(self) -> Report:
        """Compare and queue in this process, batch by batch (each off the event loop, one transaction
        each), until every user is at today's knowledge. The bot itself runs ``run_apart`` instead."""
        report, started = Report(self.version), time.monotonic()
        if not await asyncio.to_thread(self.prepare):
            return report
        after = -(2**63)
        while (last := await asyncio.to_thread(self._step, after, report)) is not None:
            after = last
            await asyncio.sleep(0)  # let waiting updates run between batches
        await asyncio.to_thread(self.rows.finish, self.version)
        return self._done(report, started)

    def run_batches(self) -> Report:
        """The same run, synchronously (the worker process of ``run_apart``)."""
        report, started = Report(self.version), time.monotonic()
        if not self.prepare():
            return report
        after = -(2**63)
        while (last := self._step(after, report)) is not None:
            after = last
        self.rows.finish(self.version)
        return self._done(report, started)

    def _done(self, report: Report, started: float) -> Report:
        report.seconds = time.monotonic() - started
        log.info("rule change %s: %d users looked at, %d plans compared, %d told (%.1f s)", self.version,
                 report.users, report.compared, report.told, report.seconds)
        return report

    def prepare(self) -> bool:
        """Keep today's rule files and make them the version in force; False when every user is at it."""
        self.rows.remember(self.version, self.files, self.clock.now())
        return self.rows.behind(self.version)

    def _step(self, after: int, report: Report) -> int | None:
        pending = self.rows.pending(self.version, after, self.batch)
        if not pending:
            return None
        now = self.clock.now()
        told = [Told(p.chat_id, notice.to_json(), due_for(now, prefs))
                for p, notice, prefs in self.evaluate(pending, now.date(), report)]
        self.rows.commit(self.version, [p.chat_id for p in pending if p.chat_id], told, now)
        return pending[-1].uid

    # ------------------------------------------------------------------ the operator's preview
    def preview(self, today: date) -> Report:
        """What the next start would tell whom, in counts; writes nothing."""
        report = Report(self.version)
        if self.rows.in_force() is None:
            report.note = ("no knowledge version is recorded yet: the next start records this one and tells "
                           "no one")
            return report
        if not self.rows.behind(self.version):
            report.note = "every user was already compared under this knowledge: nobody would be told"
            return report
        after = -(2**63)
        while pending := self.rows.pending(self.version, after, self.batch):
            self.evaluate(pending, today, report)
            after = pending[-1].uid
        return report

    # ------------------------------------------------------------------ sending
    def reply(self, chat_id: int, milestone: str, session: Session) -> Reply | None:
        """A due notice's message; None when it no longer applies (reminders turned off, assessment
        started over, the notice gone)."""
        prefs = session.part(TimelineState).prefs
        if not (session.complete and prefs and prefs.reminders):
            return None
        data = self.rows.notice(chat_id, milestone.removeprefix(NOTICE))
        return notice_reply(self.kb, self.words, Notice.from_json(data)) if data else None

    def mark(self, chat_id: int, overview: Reply) -> Reply:
        """The plan's overview with what changed since the user last looked ("🔔 Changed on 12 Jan: visa
        outlook"); in the user's own turn, so this counts as looking. Unchanged when nothing is new."""
        unseen = [Notice.from_json(n) for n in self.rows.unseen(chat_id)]
        if not unseen:
            return overview
        self.rows.mark_seen(chat_id, self.clock.now())
        line = "; ".join(marked(self.words, n) for n in unseen)
        return replace(overview, text=f"🔔 <i>{esc(line[0].upper() + line[1:])}</i> (a rule behind your plan "
                                      f"changed)\n\n{overview.text}")


# --------------------------------------------------------------------------- the run in a process of its own

PARENT = "BOT_NOTICES_PARENT"


async def run_apart(settings: Settings, data_dir: Path) -> dict[str, Any] | None:
    """Run the comparison in a worker process (``python -m bot.notices``) at low priority, so that the
    bot's replies never wait for it (a thread would share the interpreter lock). The worker dies with the
    bot; a run cut off is resumed by the next start. Returns the worker's report (counts), or None."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "BOT_"))}
    env.update({"BOT_DB_PATH": str(settings.db_path), "BOT_KNOWLEDGE_DIR": str(data_dir),
                "BOT_KEY_FILE": str(settings.key_file), "LOG_LEVEL": settings.log_level, PARENT: str(os.getpid())})
    if settings.data_key:
        env["BOT_DATA_KEY"] = settings.data_key
    worker = await spawn_worker([sys.executable, "-m", "bot.notices"], env)
    out, _ = await worker.communicate()
    if worker.returncode != 0:
        log.error("the rule-change run stopped (exit %s); the next start resumes it", worker.returncode)
        return None
    lines = out.decode().strip().splitlines()
    return json.loads(lines[-1]) if lines else None


async def spawn_worker(command: list[str], env: dict[str, str]) -> asyncio.subprocess.Process:
    """Start the worker, its output piped to the bot. On Linux the kernel is told to kill it when the bot
    goes (even by kill -9) before it starts: a worker still starting Python under load when the bot was
    killed would otherwise run on for seconds beside the next start."""
    return await asyncio.create_subprocess_exec(*command, env=env, stdout=asyncio.subprocess.PIPE,
                                                preexec_fn=_armed_with(os.getpid()))


def _armed_with(bot: int) -> Callable[[], None] | None:
    """What the worker runs between fork and exec: PR_SET_PDEATHSIG (kept across exec), then a check that
    the bot did not go before it took effect. Only a system call already looked up: nothing that imports,
    logs or takes a lock another thread of the bot could hold. None where there is no prctl."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    kill = int(signal.SIGKILL)

    def arm() -> None:
        prctl(1, kill)  # PR_SET_PDEATHSIG
        if os.getppid() != bot:
            os._exit(3)
    return arm


def _die_with_parent() -> None:
    """Linux: be killed when the bot goes (even by kill -9), instead of running on as an orphan (the bot
    has already asked this before exec; this covers a worker started otherwise)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    parent = os.environ.get(PARENT)
    if parent and os.getppid() != int(parent):  # the bot went before the line above took effect
        raise SystemExit(3)


def main() -> int:
    """The worker: compare and queue for the configured database, print the report (counts) as JSON."""
    from bot import logs
    from bot.config import load_settings
    from knowledge.base import load_knowledge
    from knowledge.changes import load_notice_words
    from knowledge.loader import DATA_DIR
    from storage import Store, resolve_key

    _die_with_parent()
    os.nice(10)
    settings = load_settings()
    logs.configure(settings.log_level, [settings.data_key or ""])
    data_dir = settings.knowledge_dir or DATA_DIR
    key, _ = resolve_key(settings.data_key, settings.key_file, settings.db_path)
    store = Store.open(settings.db_path, key)
    from bot.reminders import SystemClock

    notices = RuleNotices(store.notices, load_knowledge(data_dir), load_notice_words(data_dir), data_dir,
                          SystemClock())
    print(json.dumps(notices.run_batches().to_json()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
