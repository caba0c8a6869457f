"""`python -m bot` as a real process: console mode, Telegram mode over HTTP, kill -9 and restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from tests.examples import STRONG
from tests.fakebot import TOKEN, FakeServer, callback_update, message_update

ROOT = Path(__file__).parent.parent

pytestmark = pytest.mark.process  # every test here runs the bot as a separate process


def bot_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_", "WEBHOOK_"))}
    env.update({"BOT_DB_PATH": str(tmp_path / "db" / "bot.db"), "BOT_KEY_FILE": str(tmp_path / "keys" / "k"),
                "PYTHONUNBUFFERED": "1", **extra})
    return env


def test_console_mode_runs_the_conversation_and_resumes(tmp_path):
    env = bot_env(tmp_path)
    first = subprocess.run([sys.executable, "-m", "bot"], input="/assess\n250\n0\n", env=env, cwd=tmp_path,
                           capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    assert "Question 1 of 17" in first.stdout and "Question 3 of 17" in first.stdout
    assert "Created a new data key" in first.stderr and (tmp_path / "keys" / "k").exists()
    again = subprocess.run([sys.executable, "-m", "bot"], input="/assess\n", env=env, cwd=tmp_path,
                           capture_output=True, text=True, timeout=60)
    assert "Picking up where you are" in again.stdout and "Question 3 of 17" in again.stdout


def test_help_explains_both_modes():
    out = subprocess.run([sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, timeout=60,
                         cwd=ROOT).stdout
    assert "TELEGRAM_BOT_TOKEN" in out and "terminal" in out and "plan" in out


class BotProcess:
    """`python -m bot` in Telegram mode, pointed at the HTTP fake."""

    def __init__(self, server: FakeServer, tmp_path: Path, key: str):
        self.server, self.tmp_path, self.key = server, tmp_path, key
        self.env_extra: dict[str, str] = {}  # more environment, e.g. REMINDER_INTERVAL
        self.proc: subprocess.Popen | None = None
        self.log = tmp_path / "bot.log"

    def start(self) -> None:
        env = bot_env(self.tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, BOT_API_BASE_URL=self.server.base_url,
                      BOT_DATA_KEY=self.key, **{"LOG_LEVEL": "DEBUG", **self.env_extra})
        calls = len(self.server.telegram.calls)
        self.proc = subprocess.Popen([sys.executable, "-m", "bot"], env=env, cwd=self.tmp_path,
                                     stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        self.wait(lambda: "getUpdates" in self.server.telegram.calls[calls:], "the bot to start polling")

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def wait(self, condition, what: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if self.proc and self.proc.poll() is not None:
                raise AssertionError(f"bot exited while waiting for {what}:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.02)
        raise AssertionError(f"timed out waiting for {what}")

    def say(self, chat_id: int, update: dict, replies: int = 1) -> dict:
        """Send one update and return the last of the ``replies`` messages it is answered with."""
        fake = self.server.telegram
        before = len(fake.messages_to(chat_id))
        fake.push_update(update)
        self.wait(lambda: len(fake.messages_to(chat_id)) >= before + replies, f"{replies} replies")
        return fake.messages_to(chat_id)[-1]


@pytest.fixture
def bot_process(tmp_path):
    with FakeServer() as server:
        proc = BotProcess(server, tmp_path, Fernet.generate_key().decode())
        yield proc
        proc.stop()


def test_telegram_mode_talks_to_the_configured_bot_api(bot_process):
    bot_process.start()
    fake = bot_process.server.telegram
    reply = bot_process.say(42, message_update(fake, 42, "/start"))
    assert "radiology" in reply["text"]
    assert fake.commands and not fake.errors


def test_token_never_reaches_the_log(bot_process):
    bot_process.start()
    fake = bot_process.server.telegram
    bot_process.say(42, message_update(fake, 42, "/start"))
    fake.fail_next(42, 500, "Internal Server Error")  # an error path logs too
    fake.push_update(message_update(fake, 42, "/help"))
    bot_process.wait(lambda: any("may not have reached you" in m["text"] for m in fake.messages_to(42)),
                     "the note that a reply was lost")
    bot_process.stop()
    log = bot_process.log.read_text()
    assert "getUpdates" in fake.calls and len(log) > 0
    assert TOKEN not in log and TOKEN.split(":")[1] not in log


def _question_on_screen(proc: BotProcess, chat_id: int, qid: str) -> dict:
    """Wait until the chat shows ``qid``'s question with its keyboard (a tap's reply can be several messages and
    edits, arriving one by one) and return the newest message that shows it."""
    fake = proc.server.telegram

    def showing() -> list[dict]:
        return [m for m in fake.screen_of(chat_id)
                if any(d.startswith(f"a:{qid}:") or d == f"nav:back:{qid}" for _, d in m["buttons"])]

    proc.wait(lambda: bool(showing()), f"question {qid} on screen")
    return max(showing(), key=lambda m: m["seq"])


def _answer(proc: BotProcess, chat_id: int, qid: str, value) -> None:
    """Answer the question on screen as a user does: tap its button on the message that shows it, or type."""
    fake = proc.server.telegram
    question = _question_on_screen(proc, chat_id, qid)
    for _label, data in question["buttons"]:
        if data.startswith(f"a:{qid}:") and data.split(":", 2)[2] == _token(value):
            proc.say(chat_id, callback_update(fake, chat_id, data, message_id=question["message_id"]))
            return
    proc.say(chat_id, message_update(fake, chat_id, str(value)))


def _token(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def test_kill_9_mid_assessment_then_finish(bot_process):
    """Answer half, kill -9, restart: the user continues where they were and the file is complete."""
    from dialogs.assessment import QUESTIONS

    fake = bot_process.server.telegram
    bot_process.start()
    bot_process.say(7, message_update(fake, 7, "/assess"))
    for qid in QUESTIONS[:8]:
        _answer(bot_process, 7, qid, STRONG[qid])
    assert "Question 9 of 17" in _question_on_screen(bot_process, 7, QUESTIONS[8])["text"]
    bot_process.kill9()
    bot_process.start()
    before = len(fake.messages_to(7))
    bot_process.say(7, message_update(fake, 7, "/assess"))
    bot_process.wait(lambda: any("Question 9 of 17" in m["text"] for m in fake.messages_to(7)[before:]),
                     "question 9 again after the restart")
    for qid in QUESTIONS[8:]:
        _answer(bot_process, 7, qid, STRONG[qid])

    def summaries() -> list[dict]:
        return [m for m in fake.screen_of(7) if any(d == "sum:confirm" for _, d in m["buttons"])]

    bot_process.wait(lambda: bool(summaries()), "the summary of the answers")
    summary = max(summaries(), key=lambda m: m["seq"])
    assert "Your answers" in summary["text"]
    bot_process.say(7, callback_update(fake, 7, "sum:confirm", message_id=summary["message_id"]), replies=3)
    bot_process.stop()
    from storage import Store
    data = Store.open(bot_process.tmp_path / "db" / "bot.db", bot_process.key).load(7).data
    assert data["state"] == "complete" and data["answers"] == STRONG
    assert not fake.errors


def test_dotenv_is_read_without_overriding_the_environment(tmp_path):
    (tmp_path / ".env").write_text(f"BOT_DB_PATH={tmp_path / 'fromenv' / 'bot.db'}\nLOG_LEVEL=DEBUG\n")
    env = {k: v for k, v in bot_env(tmp_path).items() if k != "BOT_DB_PATH"}
    result = subprocess.run([sys.executable, "-m", "bot"], input="/assess\n250\n", env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and (tmp_path / "fromenv" / "bot.db").exists()
