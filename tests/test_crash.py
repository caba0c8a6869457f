"""Crash and fault suite: `python -m bot` over the HTTP fake, killed with SIGKILL again and again.

Run apart with ``pytest -m crash -s`` (it prints its figures); CI runs it with the rest.
"""

from __future__ import annotations

import random
from collections import defaultdict
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import pytest
from cryptography.fernet import Fernet

from dialogs.assessment import QUESTIONS
from dialogs.session import Session
from dialogs.timeline_flow import Prefs, TimelineState
from storage import Reschedule
from storage import Store
from storage.reminders import iso
from tests.examples import STRONG, answers
from tests.fakebot import DROP, TOKEN, FakeServer, callback_update, message_update
from tests.test_subprocess import BotProcess

pytestmark = pytest.mark.crash
TYPED = ("step2_ck_score", "usmle_failures", "graduation_year")


def token(value) -> str:
    return "1" if value is True else "0" if value is False else str(value)


QUIET = 0.03  # a reply can be an edit and several messages: the user reads once the chat is quiet this long
IDLE = 1.0  # a reply that has not come while the bot did nothing this long is not coming


class Chats:
    """Every chat's events (messages and text edits, in order) and screen (each message as last changed),
    kept up to date from what the fake recorded since the last look: 200 users each scanning the whole
    transcript every round held the interpreter lock the fake's own HTTP threads need."""

    def __init__(self) -> None:
        self.events: dict[int, list[dict]] = defaultdict(list)
        self.screens: dict[int, dict[int, dict]] = defaultdict(dict)
        self._sent = self._edited = self._calls = 0
        self.bot_busy = time.monotonic()  # when the bot last called anything but getUpdates

    def update(self, fake) -> "Chats":
        with fake.lock:
            sent, edited, calls = fake.sent[self._sent:], fake.edited[self._edited:], fake.calls[self._calls:]
        self._sent, self._edited, self._calls = self._sent + len(sent), self._edited + len(edited), \
            self._calls + len(calls)
        if any(c != "getUpdates" for c in calls):
            self.bot_busy = time.monotonic()
        for m in sent:
            self.events[m["chat_id"]].append(m)
            if not m["edit"]:
                self.screens[m["chat_id"]][m["message_id"]] = m
        for m in edited:  # every edit (keyboard-only ones too) carries the message as it now is
            self.screens[m["chat_id"]][m["message_id"]] = m
        return self

    def screen(self, chat_id: int) -> list[dict]:
        return list(self.screens[chat_id].values())


def on_screen(screen: list[dict]) -> tuple[str, str | None, int] | None:
    """What a chat shows to act on, as a user sees it: the lowest message in the chat with a keyboard of the
    assessment, as (what, question id, message id); ``what`` is 'question', 'summary' or 'resume'."""
    shown = None
    for m in screen:
        for _label, data in m["buttons"]:
            if data.startswith(("a:", "nav:back:")):
                found = ("question", data.split(":")[-2] if data.startswith("a:") else data.split(":")[-1])
            elif data in ("sum:confirm", "as:resume"):
                found = ("summary" if data == "sum:confirm" else "resume", None)
            else:
                continue
            if shown is None or m["message_id"] > shown[0]:
                shown = (m["message_id"], *found, m["message_id"])
            break
    return shown[1:] if shown else None


@dataclass
class SimUser:
    """One simulated user: answers the question on screen (tapping the message that shows it, or typing), reads
    once the reply is complete, and resyncs from the screen or with /assess when no reply comes."""

    chat_id: int
    seen: int = 0  # chat events the user has read
    heard: int = 0  # chat events at the last look, and since when there have been that many
    quiet_since: float = 0.0
    waiting_since: float | None = None
    asked: str | None = None  # the question id answered last
    acted_on: tuple[str, str | None] | None = None  # what the screen showed when the user last acted
    acted_at: int = 0  # and on which message
    shown: tuple[str, str | None, int] | None = None  # what the screen showed when the user last read it
    acked: set[str] = field(default_factory=set)
    done: bool = False
    sent: list[tuple[float, str]] = field(default_factory=list)  # what the user sent, when (for a stuck report)

    def turn(self, fake, chats: Chats, now: float, patience: float) -> dict | None:
        """The user's next update, or None while a reply is still coming (or the user is done)."""
        if self.done:
            return None
        events = chats.events[self.chat_id]
        if len(events) != self.heard:
            self.heard, self.quiet_since = len(events), now
        if self.waiting_since is not None:
            if self.heard > self.seen:
                if now - self.quiet_since < QUIET:
                    return None
                self.read_replies(events, chats.screen(self.chat_id))
            if self.shown is None or self.shown[:2] == self.acted_on or self.shown[2] < self.acted_at:
                # nothing new to act on yet (only what was answered, or an older keyboard above it, the answered
                # one having been edited away): the rest of the reply is coming, or it said "earlier message", or
                # the reply was lost (a kill, a fault). The user acts again, on what the screen shows, only once the
                # bot has had time and is idle: a bot that is merely slow (two shared cores) is waited for, since
                # tapping again on every slow reply doubles its work and it never catches up
                if now - self.waiting_since < patience or now - chats.bot_busy < IDLE:
                    return None
        if self.done:
            return None
        self.waiting_since = now
        shown = on_screen(chats.screen(self.chat_id)) if self.seen else None
        if shown is not None and shown[2] < self.acted_at:
            # only a keyboard above what the user last acted on: a question answered long ago whose keyboard a
            # restart left behind (bot.screens), while the reply that would have come below it was lost to a kill
            # (its turn was committed: the summary after the last answer, "complete" after Confirm). A user does
            # not answer an old question again: they ask where they are
            shown = None
        update = self.next_update(fake, shown)
        self.sent.append((now, _said(update)))
        return update

    def next_update(self, fake, shown: tuple[str, str | None, int] | None) -> dict:
        self.asked = None
        self.acted_on = shown[:2] if shown else None
        self.acted_at = shown[2] if shown else self.acted_at  # /assess keeps the floor: nothing above it is acted on
        if shown is None:
            return message_update(fake, self.chat_id, "/assess")
        what, qid, message_id = shown
        if what == "summary":
            return callback_update(fake, self.chat_id, "sum:confirm", message_id=message_id)
        if what == "resume":
            return callback_update(fake, self.chat_id, "as:resume", message_id=message_id)
        self.asked = qid
        if qid in TYPED:
            return message_update(fake, self.chat_id, str(STRONG[qid]))
        return callback_update(fake, self.chat_id, f"a:{qid}:{token(STRONG[qid])}", message_id=message_id)

    def read_replies(self, events: list[dict], screen: list[dict]) -> None:
        new = events[self.seen:]
        self.seen = len(events)
        if any("assessment is complete" in m["text"] or "completed the self-assessment" in m["text"] for m in new):
            self.done = True
        self.shown = on_screen(screen)
        if self.asked and self.shown:  # the bot moved on past the answer: it is acknowledged
            what, qid, _ = self.shown
            if what == "question" and qid in QUESTIONS and QUESTIONS.index(qid) > QUESTIONS.index(self.asked) or \
                    what == "summary" and self.asked == QUESTIONS[-1]:
                self.acked.add(self.asked)


def _said(update: dict) -> str:
    if "callback_query" in update:
        q = update["callback_query"]
        return f"tap {q['data']} on #{q['message']['message_id']} (update {update['update_id']})"
    return f"type {update['message'].get('text')!r} (update {update['update_id']})"


def stuck_report(fake, chats: Chats, users: list[SimUser], db_path, key, started: float,
                 kills: list[tuple[float, int]] = ()) -> str:
    """For each user not done: what they sent last, what the chat showed them last (messages and edits),
    what the sim waits for, what the fake still holds for the bot, and what the store holds for them."""
    chats.update(fake)
    now = time.monotonic()
    store = Store.open(db_path, key)
    waiting = store.waiting()
    lines = []
    for u in users:
        if u.done:
            continue
        lines.append(f"--- user {u.chat_id}: seen {u.seen}/{len(chats.events[u.chat_id])} events, asked {u.asked}, "
                     f"acted_on {u.acted_on} at #{u.acted_at}, shown {u.shown}, "
                     f"waiting {'-' if u.waiting_since is None else f'{now - u.waiting_since:.1f}'} s, "
                     f"on screen now {on_screen(chats.screen(u.chat_id))}, acked {len(u.acked)}")
        for at, said in u.sent[-4:]:
            lines.append(f"    sent at {at - started:.1f} s: {said}")
        changes = fake.edits_to(u.chat_id) + [m for m in fake.messages_to(u.chat_id) if not m["edit"]]
        marks = [(seq, f"    ==== kill {i + 1} at {at - started:.1f} s") for i, (at, seq) in enumerate(kills)]
        rows = sorted([(m["seq"], f"    {'edit' if m['edit'] else 'msg '} #{m['message_id']} seq {m['seq']} "
                                  f"{m['method']}: {m['text'][:70]!r} {[d for _, d in m['buttons']][:3]}")
                       for m in changes] + marks)  # in the order they happened, the kills among them
        lines.extend(line for _, line in rows[-40:])
        loaded = store.load(u.chat_id)
        data = loaded.data if loaded else {}
        lines.append(f"    stored: state {data.get('state')}, shown {data.get('shown')}, mode {data.get('mode')}, "
                     f"complete {data.get('complete')}, answers {sorted(data.get('answers', {}))}")
        with fake.lock:
            updates = list(fake.updates)
        queued = [x["update_id"] for x in updates if (x.get("message") or x.get("callback_query", {})
                                                            .get("message", {})).get("chat", {}).get("id") == u.chat_id]
        inbox = [x["update_id"] for x in waiting if (x.get("message") or x.get("callback_query", {})
                                                    .get("message", {})).get("chat", {}).get("id") == u.chat_id]
        lines.append(f"    updates unconfirmed at the fake {queued}, kept unhandled in the inbox {inbox}")
    store.db.conn.close()
    return "\n".join(lines)


def drive(fake, chats: Chats, users: list[SimUser], patience: float) -> None:
    """One round: each user reads what came and does their next thing."""
    chats.update(fake)
    now = time.monotonic()
    for u in users:
        update = u.turn(fake, chats, now, patience)
        if update is not None:
            fake.push_update(update)


@dataclass
class Progress:
    """Fails a run that stops moving, not one that is slow: the suite runs beside others' on two shared cores,
    where a start of the bot alone can take 10 s. Progress is any answer acknowledged, user done or kill."""

    stall: float = 90.0
    cap: float = 900.0
    started: float = field(default_factory=time.monotonic)
    last: tuple[int, ...] = ()
    moved: float = field(default_factory=time.monotonic)

    def check(self, *marks: int) -> None:
        now = time.monotonic()
        if marks != self.last:
            self.last, self.moved = marks, now
        assert now - self.moved < self.stall, f"no progress for {self.stall:.0f} s (at {marks})"
        assert now - self.started < self.cap, f"the run did not finish in {self.cap:.0f} s"


def lost_answers(db_path, key, users: list[SimUser]) -> int:
    store = Store.open(db_path, key)
    lost = 0
    for u in users:
        loaded = store.load(u.chat_id)
        stored = loaded.data.get("answers", {}) if loaded else {}
        lost += sum(1 for q in u.acked if stored.get(q, object()) != STRONG[q])
    store.db.conn.close()
    return lost


def test_200_users_and_20_kill_9s_lose_no_acknowledged_answer(tmp_path, capsys):
    rng = random.Random(20261129)
    key = Fernet.generate_key().decode()
    users = [SimUser(chat_id) for chat_id in range(1, 201)]
    kills, lost, checks = 0, 0, 0
    kill_marks: list[tuple[float, int]] = []
    with FakeServer() as server:
        fake = server.telegram
        chats = Chats()
        proc = BotProcess(server, tmp_path, key)
        # the fake has no rate limits; PTB's limiter (30 messages/s overall) would make this run take minutes
        proc.env_extra = {"BOT_RATE_LIMIT": "0", "LOG_LEVEL": "INFO"}
        proc.start()
        started = time.monotonic()
        report = started + 10
        progress = Progress()
        next_kill = time.monotonic() + rng.uniform(0.3, 1.0)
        try:
            while not all(u.done for u in users):
                progress.check(kills, sum(u.done for u in users), sum(len(u.acked) for u in users))
                now = time.monotonic()
                if now > report:
                    report = now + 10
                    with capsys.disabled():
                        print(f"  {now - started:.0f} s: kills {kills}, done {sum(u.done for u in users)}, "
                              f"acknowledged {sum(len(u.acked) for u in users)}")
                drive(fake, chats, users, patience=5.0)
                if kills < 20 and time.monotonic() > next_kill:
                    proc.kill9()
                    with fake.lock:
                        kill_marks.append((time.monotonic(), fake._seq))  # where the kill falls in the transcript
                    kills += 1
                    checks += 1
                    lost += lost_answers(tmp_path / "db" / "bot.db", key, users)
                    proc.start()
                    next_kill = time.monotonic() + rng.uniform(0.3, 1.2)
                time.sleep(0.01)
        except AssertionError:
            with capsys.disabled():
                print("\n" + stuck_report(fake, chats, users, tmp_path / "db" / "bot.db", key, started,
                                          kill_marks))
            raise
        finally:
            proc.stop()
        acked = sum(len(u.acked) for u in users)
        lost += lost_answers(tmp_path / "db" / "bot.db", key, users)
        final = Store.open(tmp_path / "db" / "bot.db", key)
        complete = sum(1 for u in users if final.load(u.chat_id).data.get("answers") == STRONG)
        with capsys.disabled():
            print(f"\ncrash suite: {len(users)} users, kills {kills}, acknowledged answers {acked}, "
                  f"answers lost {lost}, users complete {complete}/{len(users)}, "
                  f"{time.monotonic() - started:.0f} s; users who asked /assess where they were after it began "
                  f"{sum(any('/assess' in said for _, said in u.sent[1:]) for u in users)}")
        assert kills >= 20 and lost == 0 and complete == len(users)
        assert acked >= len(users) * 10  # most answers were acknowledged between the kills
        # a button tap redelivered after a crash is answered again; Telegram refuses that, harmlessly
        assert [e for e in fake.errors if e["method"] != "answerCallbackQuery"] == []


def test_injected_429_5xx_dropped_connections_and_403_lose_nothing(tmp_path, capsys):
    """Faults during a run: no crash, no lost answer or reminder, blocked users marked inactive."""
    key = Fernet.generate_key().decode()
    db_path = tmp_path / "db" / "bot.db"
    now = datetime.now(timezone.utc)
    seeded = Store.open(db_path, key)  # users who already have due reminders
    for chat_id in range(501, 531):
        seeded.save(chat_id, Session(state="complete", complete=True, answers=answers()).with_parts(
            TimelineState(Prefs())).to_json(),
                    reschedule=Reschedule((("match_week", now - timedelta(minutes=1)),)))
    seeded.db.conn.close()
    users = [SimUser(chat_id) for chat_id in range(1, 41)]
    with FakeServer() as server:
        fake = server.telegram
        chats = Chats()
        for chat_id in range(501, 511):
            fake.fail_next(chat_id, 429, "Too Many Requests: retry after 1", retry_after=1)
        for chat_id in range(511, 516):
            fake.fail_next(chat_id, 502, "Bad Gateway", times=2)
        for chat_id in range(516, 521):
            fake.fail_next(chat_id, DROP, times=1)
        for chat_id in range(521, 526):
            fake.block(chat_id)
        proc = BotProcess(server, tmp_path, key)
        # the limiter stays on (a 429 pauses its chat), but not at Telegram's 25 messages a second: each tap now
        # costs three calls (answer it, edit the tapped message, send the next question), and 40 users at 25
        # calls/s took minutes, with the reminder scans queued behind them
        proc.env_extra = {"REMINDER_INTERVAL": "0.5", "REMINDER_BACKOFF": "0.5", "BOT_SEND_RATE": "500"}
        proc.start()
        faults = 0
        try:
            started = time.monotonic()
            progress = Progress()
            while not all(u.done for u in users):
                progress.check(sum(u.done for u in users), sum(len(u.acked) for u in users))
                if faults < 60 and time.monotonic() - started > 0.5:
                    victim = users[faults % len(users)].chat_id
                    status = (429, 500, DROP)[faults % 3]
                    fake.fail_next(victim, status, "Too Many Requests: retry after 1" if status == 429 else "",
                                   retry_after=1 if status == 429 else None)
                    faults += 1
                drive(fake, chats, users, patience=3.0)
                time.sleep(0.01)
            deadline = time.monotonic() + 30
            store = Store.open(db_path, key)
            while time.monotonic() < deadline:  # the seeded reminders all reach an end state
                open_rows = sum(1 for c in range(501, 531) for r in store.reminders.for_user(c)
                                if r["status"] in ("pending", "claimed") and r["due_at"] < iso(now))
                if open_rows == 0:
                    break
                time.sleep(0.2)
        finally:
            proc.stop()
        assert proc.proc.returncode in (0, -2, 130), "the bot crashed"
        store = Store.open(db_path, key)
        # the seeded, already-due reminder of each user (start-up also schedules their future ones)
        statuses = {c: [r["status"] for r in store.reminders.for_user(c) if r["due_at"] < iso(now)]
                    for c in range(501, 531)}
        assert all(statuses[c] == ["sent"] for c in range(501, 521)), statuses
        assert all(statuses[c] == ["cancelled"] and store.user_status(c) == "blocked" for c in range(521, 526))
        assert all(statuses[c] == ["sent"] for c in range(526, 531))
        assert all(store.load(u.chat_id).data["answers"] == STRONG for u in users)
        with capsys.disabled():
            print(f"\nfault suite: {len(users)} users, {faults} injected faults on replies + 25 on reminders; "
                  f"reminders {store.reminders.counts()}; answers lost 0; blocked users marked inactive 5/5")


def test_a_request_cut_off_by_a_kill_is_not_a_call():
    """A bot killed while writing a request leaves a short body; Telegram would never act on it."""
    import socket

    with FakeServer() as server:
        host, port = server.httpd.server_address[:2]
        with socket.create_connection((host, port)) as sock:
            sock.sendall(f"POST /bot{TOKEN}/sendMessage HTTP/1.1\r\nHost: x\r\n"
                         "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\n"
                         "chat_id=1&te".encode())
            sock.shutdown(socket.SHUT_WR)
            try:
                assert sock.recv(100) == b""  # closed without an answer
            except ConnectionResetError:
                pass  # also closed without an answer
        assert server.telegram.errors == [] and server.telegram.messages_to(1) == []


@pytest.mark.parametrize("slow_answer", [0.4, 0.0])
def test_kill_9_right_after_a_button_tap_loses_no_tap_telegram_was_told_arrived(tmp_path, capsys, slow_answer):
    """A user taps an answer; the bot fetches the tap, and by asking for the next batch tells Telegram it
    arrived; the process is killed 0-30 ms later, before the tap's turn is done. After the restart the
    tap is applied and answered: it was kept before Telegram was told. Twelve kills, with answering the
    tap slow (so every kill lands mid-turn) and at full speed."""
    import threading

    rng = random.Random(7)
    key = Fernet.generate_key().decode()
    db_path = tmp_path / "db" / "bot.db"
    users = list(range(301, 313))
    qid = "us_clinical_experience"
    seeded = Store.open(db_path, key)  # each user is at the same button question, its prompt seen
    for chat_id in users:
        seeded.save(chat_id, Session(state=qid, shown=qid, answers={q: STRONG[q] for q in QUESTIONS[:4]}).to_json())
    seeded.db.conn.close()
    lost, killed_mid_turn = [], 0
    with FakeServer() as server:
        fake = server.telegram
        fake.delays["answercallbackquery"] = slow_answer
        proc = BotProcess(server, tmp_path, key)
        proc.env_extra = {"BOT_RATE_LIMIT": "0", "LOG_LEVEL": "INFO"}
        proc.start()
        try:
            for chat_id in users:
                tap = callback_update(fake, chat_id, f"a:{qid}:{token(STRONG[qid])}")
                before = len(fake.messages_to(chat_id))
                victim = proc.proc
                fake.on_confirm = lambda offset, tap_id=tap["update_id"], p=victim: offset > tap_id and \
                    threading.Timer(rng.uniform(0, 0.03), p.kill).start()  # SIGKILL
                fake.push_update(tap)
                victim.wait(10)
                fake.on_confirm = None
                killed_mid_turn += len(fake.messages_to(chat_id)) == before
                proc.start()
                try:
                    proc.wait(lambda: len(fake.messages_to(chat_id)) > before, "the tap's reply", timeout=15)
                except AssertionError:
                    pass
                store = Store.open(db_path, key)
                if store.load(chat_id).data["answers"].get(qid) != STRONG[qid]:
                    lost.append(chat_id)
                store.db.conn.close()
        finally:
            proc.stop()
    with capsys.disabled():
        print(f"\nkill -9 after a tap (answer delay {slow_answer} s): {len(users)} kills, {killed_mid_turn} before "
              f"the reply was sent, taps lost {len(lost)}")
    assert lost == []
    assert killed_mid_turn == len(users) if slow_answer else killed_mid_turn > 0
