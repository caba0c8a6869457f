"""The python-telegram-bot adapter: handlers turn updates into Inputs and Replies into messages."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from datetime import timedelta
from typing import Any, Awaitable, Sequence

from telegram import Bot, BotCommand, Document, Message, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import Forbidden, InvalidToken, NetworkError, TelegramError, TimedOut
from telegram.ext import (Application, ApplicationBuilder, ApplicationHandlerStop, BaseUpdateProcessor,
                          CallbackQueryHandler, ChatMemberHandler, ContextTypes, ExtBot, JobQueue, MessageHandler,
                          TypeHandler, filters)
from telegram.request import BaseRequest, HTTPXRequest
from telegram.warnings import PTBUserWarning

from bot.keyboard import RAW
from bot.notices import run_apart
from bot.ratelimit import ClockRateLimiter
from bot.runtime import Runtime
from bot.screens import OpenQuestions, Tapped, show
from storage import StorageError
from dialogs import callbacks
from dialogs.inputs import (MAX_FILE_BYTES, Choice, Command, Edited, File, FileError, Input, Text, Unsupported,
                            Upload)
from dialogs.reply import Reply

log = logging.getLogger(__name__)
#: The Application this adapter builds: PTB's default context, data dicts and job queue; the bot is an
#: ``ExtBot`` with or without the rate limiter (whose arguments type its parameter).
BotApplication = Application[ExtBot[Any], ContextTypes.DEFAULT_TYPE, dict[Any, Any], dict[Any, Any], dict[Any, Any],
                             JobQueue[ContextTypes.DEFAULT_TYPE]]
GROUP_NOTICE = "I only work in a private chat, to keep your answers private. Open a chat with me directly."


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Run updates concurrently across chats, but strictly one after another, in arrival order,
    within a chat: each update waits for the one before it in its chat to finish, before it takes
    one of the ``max_concurrent_updates`` slots (so a burst in one chat never holds them all)."""

    def __init__(self, max_concurrent_updates: int = 64):
        super().__init__(max_concurrent_updates)
        self._last: dict[int, asyncio.Future[None]] = {}  # per chat: the newest update's "finished" signal

    # PTB marks this final; it is overridden on purpose, to wait for the chat's previous update
    # *before* taking one of the slots (PTB's own version takes the slot first).
    async def process_update(self, update: object, coroutine: Awaitable[Any]) -> None:  # type: ignore[misc]
        key = _chat_key(update)
        previous = self._last.get(key)
        finished: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._last[key] = finished  # registered before any await: arrival order is the processing order
        try:
            if previous is not None:
                await asyncio.shield(previous)
            await super().process_update(update, coroutine)
        finally:
            finished.set_result(None)
            if self._last.get(key) is finished:
                del self._last[key]  # nothing per chat outlives its updates

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        await coroutine

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


def _chat_key(update: object) -> int:
    if isinstance(update, Update):
        if update.effective_chat:
            return update.effective_chat.id
        if update.effective_user:
            return update.effective_user.id
    return 0


_background: set[asyncio.Task[None]] = set()  # checkpoints under way (a task is kept until it ends)


def wrote_on_loop(runtime: Runtime) -> None:
    """The event loop committed on its own connection, which runs no checkpoint (its fsync could take a
    while): every so many commits, a worker thread runs one instead (``Connections.checkpoint``)."""
    connections = runtime.store.connections
    if connections.wrote_without_waiting():
        task = asyncio.get_running_loop().create_task(asyncio.to_thread(connections.checkpoint))
        _background.add(task)
        task.add_done_callback(_background.discard)


#: The longest a getUpdates batch's open transaction waits for the batch's first turn to commit it
#: (``DurableQueue.keep_batch``'s ``hold``); meanwhile other writers (worker threads, other processes) wait
HOLD_SECONDS = 0.005


class DurableQueue(asyncio.Queue[object]):
    """The Application's update queue, made durable: each update is kept in SQLite (sealed, in the
    store's inbox) before it enters the queue. Polling, the bot keeps each getUpdates batch as it
    arrives, in one transaction (``InboxBot``), before the Updater puts it here and then asks Telegram
    for the next batch, which is what confirms this one; a webhook call is kept here, at its put, and
    answered only after it. So a kill -9 at any moment loses no update Telegram considers delivered: the
    next start handles what was kept and not yet handled (``replay``). An update received before
    (Telegram redelivers what a killed process never confirmed) is dropped here, whether it was handled
    or is still waiting."""

    def __init__(self, runtime: Runtime):
        super().__init__()
        self.runtime = runtime
        self._kept: dict[str, bool] = {}  # the last batch kept, by update fingerprint: new (True) or seen before
        self._keys: dict[int, tuple[Update, str]] = {}  # the last batch kept: each update's fingerprint

    async def keep_batch(self, updates: Sequence[Update], raw: Sequence[Any] | None = None,
                         hold: bool = False) -> list[bool]:
        """Keep updates as received, all in one transaction; for each, False when it was received before.
        ``raw``: the same updates as Telegram sent them (JSON), stored as they are; without it each is
        serialised again (``to_dict``, which costs more than the write). The write is made on the event
        loop's own connection, which never waits for a lock (no thread hand-over, the dearest part of
        it); when another writer holds the database it is made from a worker thread instead, which waits
        for it, so the loop never waits.

        ``hold`` (a getUpdates batch, ``InboxBot``): the transaction is left open for the batch's first
        turn made on the loop to commit with its own writes (``BotService.handle_now``); ``settle``
        commits it before the next getUpdates confirms the batch, and at the latest ``HOLD_SECONDS``
        after, whichever comes first, so another writer waits no longer than that."""
        if raw is None or len(raw) != len(updates) or any(
                not isinstance(r, dict) or r.get("update_id") != u.update_id for u, r in zip(updates, raw)):
            raw = [u.to_dict() for u in updates]
        store, items = self.runtime.store, [(update_key(u), r) for u, r in zip(updates, raw)]
        kept = store.receive_many(items, wait=False, hold=hold)
        if kept and kept[0] is None:
            kept = await asyncio.to_thread(store.receive_many, items)
        elif store.holding():
            asyncio.get_running_loop().call_later(HOLD_SECONDS, self._settle_now)
        else:
            wrote_on_loop(self.runtime)
        self._kept = {key: bool(new) for (key, _), new in zip(items, kept)}
        self._keys = {id(u): (u, key) for u, (key, _) in zip(updates, items)}
        return [bool(new) for new in kept]

    def key_of(self, update: Update) -> str:
        """``update_key(update)``, worked out once for an update of the last batch kept."""
        known = self._keys.get(id(update))
        return known[1] if known is not None and known[0] is update else update_key(update)

    async def settle(self) -> None:
        """Commit the batch kept with ``hold`` if no turn did (and keep again any batch whose transaction
        was lost): before Telegram is told the batch arrived, and at a stop."""
        store = self.runtime.store
        try:
            store.commit_received()
        except StorageError as exc:
            log.warning("could not commit the updates received (kept again): %s", exc)
        if store.lost():
            store.receive_many([], wait=False)
            if store.lost():  # the database is held by another writer: kept from a worker thread, which waits
                await asyncio.to_thread(store.receive_many, [])

    def _settle_now(self) -> None:
        """``settle``, from a timer: a batch no turn committed is not left holding the lock."""
        store = self.runtime.store
        try:
            if store.commit_received():
                return
        except StorageError as exc:
            log.warning("could not commit the updates received (kept again): %s", exc)
        task = asyncio.get_running_loop().create_task(self.settle())
        _background.add(task)
        task.add_done_callback(_background.discard)

    async def keep(self, update: Update) -> bool:
        """Keep one update as received (``keep_batch``); False when it was received before."""
        return (await self.keep_batch([update]))[0]

    async def put(self, item: object) -> None:
        if isinstance(item, Update):
            new = self._kept.pop(self.key_of(item), None)  # kept with its batch (``InboxBot``)
            if new is None:
                new = await self.keep(item)
                self._kept.clear()
            if not new:
                log.info("update %s was received before; dropped", item.update_id)
                return
        await super().put(item)

    async def replay(self, bot: Any) -> int:
        """Start-up: queue the updates received before the last stop but never handled, in the order
        received, ahead of anything Telegram sends now."""
        waiting = await asyncio.to_thread(self.runtime.store.waiting)
        for payload in waiting:
            await super().put(Update.de_json(payload, bot))
        if waiting:
            log.info("handling %d updates received before the last stop", len(waiting))
        return len(waiting)


class InboxBot(ExtBot[Any]):
    """The bot, keeping each getUpdates batch in the inbox as it arrives, in one transaction and as
    Telegram sent it (``DurableQueue.keep_batch``), before the Updater sees it (and so before the next
    getUpdates confirms it)."""

    def __init__(self, queue: DurableQueue, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._queue = queue
        self._received: Any = None  # the last getUpdates answer, as JSON

    # PTB's advice to use the typed method, given at every raw send (``bot.keyboard``), which silences it
    # anyway: not issued at all (``warnings.warn`` and its filters cost more per turn than the rest of the call)
    _SILENCED = tuple(f"Please use 'Bot.{m}' instead of 'Bot.do_api_request(\"{m}\"" for m in RAW)

    @classmethod
    def _warn(cls, message: Any, category: type[Warning] = PTBUserWarning, stacklevel: int = 0) -> None:
        if isinstance(message, str) and message.startswith(cls._SILENCED):
            return
        super()._warn(message, category, stacklevel + 1)

    async def _post(self, endpoint: str, *args: Any, **kwargs: Any) -> Any:
        result = await super()._post(endpoint, *args, **kwargs)
        if endpoint == "getUpdates":
            self._received = result
        return result

    async def shutdown(self) -> None:
        """A clean stop (the Application shuts its bot down last): the marks of the replies sent are
        written, else their users would be shown where they are again at the next start."""
        await self._queue.settle()
        await asyncio.to_thread(self._queue.runtime.store.flush_replied)
        await super().shutdown()

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        await self._queue.settle()  # this call confirms the last batch: it is committed first
        self._received = None
        updates = await super().get_updates(*args, **kwargs)
        if updates:
            raw, self._received = self._received, None
            await self._queue.keep_batch(updates, raw if isinstance(raw, list) else None, hold=True)
        return updates


LOST = ("My last reply may not have reached you. What you sent was saved; tap /assess (or the last "
        "command) to see where you are.")


async def send(runtime: Runtime, bot: Any, chat_id: int, replies: list[Reply], tapped: Tapped | None = None,
               questions: OpenQuestions | None = None) -> None:
    """Send replies in order, after the turn was committed, changing the tapped message where a reply
    says so (``bot.screens``). A user who blocked the bot is marked blocked. When a send fails or its
    answer is lost, the open question counts as not seen (the next typed text is not taken as its
    answer) and the user is told their input was saved."""
    try:
        await show(bot, chat_id, replies, tapped, questions if questions is not None else OpenQuestions(0))
    except Forbidden:
        log.info("chat %s blocked the bot; marking inactive", chat_id)
        await asyncio.to_thread(runtime.store.set_user_status, chat_id, "blocked")
    except TelegramError as exc:
        log.warning("a reply to chat %s may not have arrived: %s", chat_id, type(exc).__name__)
        await asyncio.to_thread(runtime.service.unseen, chat_id)
        try:
            await bot.send_message(chat_id, LOST)
        except TelegramError:
            pass


def _runtime(context: ContextTypes.DEFAULT_TYPE) -> Runtime:
    runtime = context.application.bot_data["runtime"]
    assert isinstance(runtime, Runtime)
    return runtime


def update_key(update: Update) -> str:
    """A fingerprint of an update's identity: a redelivered update has the same one, and a new update
    never does, even when Telegram (or a restarted Bot API server) starts its ids again."""
    message = update.effective_message
    query = update.callback_query
    parts = (update.update_id, update.effective_chat.id if update.effective_chat else None,
             message.message_id if message else None, message.date.timestamp() if message and message.date else None,
             query.id if query else None)
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _questions(context: ContextTypes.DEFAULT_TYPE) -> OpenQuestions:
    questions = context.application.bot_data.setdefault("open_questions", OpenQuestions())
    assert isinstance(questions, OpenQuestions)
    return questions


async def _turn(update: Update, context: ContextTypes.DEFAULT_TYPE, inp: Input, tapped: Tapped | None = None) -> None:
    runtime = _runtime(context)
    chat_id = update.effective_chat.id  # type: ignore[union-attr]
    # A turn first runs on the event loop, on a connection that never waits for a lock; when another writer
    # holds the database (or the turn makes files), it runs from a worker thread instead, which waits: a
    # locked database delays this chat, not everyone. A turn that writes marks its update handled in the
    # inbox in its own transaction; one that only reads, here once its replies went out, without waiting
    queue = context.application.update_queue
    key = queue.key_of(update) if isinstance(queue, DurableQueue) else update_key(update)
    done = runtime.service.handle_now(chat_id, inp, key)
    if done is not None:
        wrote_on_loop(runtime)
    else:
        done = await asyncio.to_thread(runtime.service.handle_update, chat_id, inp, key)
    await send(runtime, context.bot, chat_id, done.replies, tapped, _questions(context))
    if done.due is not None:
        runtime.store.replied(done.due)  # no longer due (written with the next turn that saves)
    marked = done.marked
    if not marked:
        with runtime.store.connections.nowait_here():
            marked = runtime.store.handled(key, wait=False)
    if marked:
        raise ApplicationHandlerStop  # nothing left for ``on_handled``, which waits (from a worker thread)


async def on_handled(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Last, for an update not marked handled yet (one in a group, a change of membership, a read-only
    turn that found the database held by another writer), after its replies went out: mark it handled in
    the inbox, so it is not handled again at the next start. A failure here (a database held by another
    process) only means a read-only turn may be answered twice after a crash."""
    try:
        await asyncio.to_thread(_runtime(context).store.handled, update_key(update))
    except StorageError as exc:
        log.warning("could not mark update %s handled: %s", update.update_id, exc)


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A /command, possibly with an argument (deep links: /start PAYLOAD)."""
    text = update.effective_message.text or ""  # type: ignore[union-attr]
    head, _, arg = text.partition(" ")
    name = head[1:].split("@", 1)[0].lower()
    await _turn(update, context, Command(name, arg.strip()))


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A typed message: an answer, a question, or free text."""
    await _turn(update, context, Text(update.effective_message.text or ""))  # type: ignore[union-attr]


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button tap: always answered, then handled like any other input."""
    query = update.callback_query
    assert query is not None
    try:
        await query.answer()
    except TelegramError as exc:  # an old query can no longer be answered; carry on
        log.info("could not answer callback query: %s", type(exc).__name__)
    if update.effective_chat is None or update.effective_chat.type != ChatType.PRIVATE:
        return
    message = query.message
    tapped = Tapped(message.message_id, isinstance(message, Message) and message.text is not None) \
        if message is not None else None
    await _turn(update, context, Choice(callbacks.decode(query.data or "")), tapped)


async def on_edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message is not read: private chats see the current step again; groups get nothing."""
    if update.effective_chat and update.effective_chat.type == ChatType.PRIVATE:
        await _turn(update, context, Edited())


async def read_text_file(document: Document) -> File | FileError:
    """A document as an Input, by the upload rules (``dialogs.inputs.Upload``): checked by name, type
    and declared size before it is downloaded, and by its bytes after."""
    upload = Upload.of(document.file_name or "", document.mime_type or "")
    if isinstance(upload, FileError):
        return upload
    if (document.file_size or 0) > MAX_FILE_BYTES:
        return upload.too_big()
    telegram_file = await document.get_file()
    return upload.read(bytes(await telegram_file.download_as_bytearray()))


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A file: a .txt statement goes to the checker, a .csv to the program list; anything else gets a reason."""
    document = update.effective_message.document  # type: ignore[union-attr]
    assert document is not None
    try:
        inp = await read_text_file(document)
    except TelegramError as exc:
        log.info("could not download a document: %s", type(exc).__name__)
        inp = FileError("I could not download that file; please send it again.")
    await _turn(update, context, inp)


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A sticker, photo, voice note...: a short hint and the current step."""
    message = update.effective_message
    kind = "that kind of message"
    for attr, label in (("sticker", "stickers"), ("photo", "photos"), ("voice", "voice messages"),
                        ("video", "videos"), ("document", "files"), ("audio", "audio"),
                        ("location", "locations"), ("contact", "contacts"), ("animation", "GIFs")):
        if getattr(message, attr, None):
            kind = label
            break
    await _turn(update, context, Unsupported(kind))


async def on_group(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Anything in a group: a notice, nothing stored."""
    message = update.effective_message
    if message is not None and update.message is not None:
        await message.reply_text(GROUP_NOTICE)


async def on_my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Track users who block (or unblock) the bot in private chats."""
    change = update.my_chat_member
    if change is None or change.chat.type != ChatType.PRIVATE:
        return
    status = change.new_chat_member.status
    store = _runtime(context).store
    if status in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT):
        await asyncio.to_thread(store.set_user_status, change.chat.id, "blocked")
    elif store.user_status(change.chat.id) == "blocked":
        await asyncio.to_thread(store.set_user_status, change.chat.id, "active")
        await asyncio.to_thread(_runtime(context).reminders.reschedule, change.chat.id)  # reminders were cancelled


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure (update id and traceback only) and tell the user."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s: %s: %s", update_id, type(context.error).__name__,
              context.error if isinstance(context.error, StorageError) else "see traceback",
              exc_info=(type(context.error), context.error, context.error.__traceback__)
              if context.error else None)
    if isinstance(update, Update) and update.effective_chat and update.effective_chat.type == ChatType.PRIVATE:
        text = ("Sorry, I could not save that just now (a storage problem on my side). Nothing was changed; "
                "please try again later.") if isinstance(context.error, StorageError) else \
            "Sorry, something went wrong on my side. Your answers are safe; please try again, or send /start."
        try:
            await context.bot.send_message(update.effective_chat.id, text)
        except TelegramError:
            pass


async def send_due_reminders(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job: send every reminder that is due (SQLite is the source of truth)."""
    report = await _runtime(context).reminders.run_once(context.bot)
    if report.sent or report.failed or report.blocked:
        log.info("reminders: %d sent, %d retried later, %d failed, %d to blocked users",
                 report.sent, report.retried, report.failed, report.blocked)


async def forget_old_updates(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job: drop the fingerprints of applied updates older than two days (Telegram redelivers for one)."""
    runtime = _runtime(context)
    await asyncio.to_thread(runtime.store.prune_applied, runtime.clock.now() - timedelta(days=2))


async def refresh_reminders(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job (once, at start-up): reschedule everyone if the calendar in the knowledge base changed."""
    await _runtime(context).reminders.refresh()


async def tell_rule_changes(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job (once, at start-up): when the rules changed, compare every user's plan and queue the notices
    (in a low-priority worker process, in batches; the reminder job sends them as they come)."""
    runtime = _runtime(context)
    if await asyncio.to_thread(runtime.notices.prepare):
        await run_apart(runtime.settings, runtime.notices.data_dir)


async def show_where_they_are(application: BotApplication) -> int:
    """Start-up: a user whose last turn was saved but whose replies a stop cut off (a kill -9 between the
    commit and the sends) is shown where they are, once, instead of waiting for them to ask."""
    runtime: Runtime = application.bot_data["runtime"]
    due = await asyncio.to_thread(runtime.store.replies_due)
    for chat_id, mark in due:
        replies = await asyncio.to_thread(runtime.service.where_you_are, chat_id)
        await send(runtime, application.bot, chat_id, replies)
        runtime.store.replied(mark)
    if due:
        await asyncio.to_thread(runtime.store.flush_replied)
        log.info("showed %d users where they are (their last replies may have been cut off)", len(due))
    return len(due)


async def start_up(application: BotApplication) -> None:
    """After initialize(): recover reminders claimed before a crash, show users whose replies a stop cut
    off where they are, start the reminder jobs, publish commands."""
    runtime: Runtime = application.bot_data["runtime"]
    runtime.reminders.recover()
    await show_where_they_are(application)
    if isinstance(application.update_queue, DurableQueue):
        await application.update_queue.replay(application.bot)
    if application.job_queue is not None:
        application.job_queue.run_once(refresh_reminders, when=0.1, name="refresh-reminders")
        application.job_queue.run_once(tell_rule_changes, when=0.2, name="rule-notices")
        application.job_queue.run_repeating(send_due_reminders, interval=runtime.settings.reminder_interval,
                                            first=1.0, name="reminders")
        application.job_queue.run_repeating(forget_old_updates, interval=3600, first=5.0, name="forget-updates")
    await publish_commands(application)


async def publish_commands(application: BotApplication) -> None:
    """The command menu, and what the empty chat says before /start (the description and the short
    description on the bot's profile), from the knowledge base: a newcomer sees what the bot does."""
    runtime: Runtime = application.bot_data["runtime"]
    commands = [BotCommand(c.name, c.description) for c in runtime.service.ctx.flows.commands]
    texts = runtime.service.ctx.kb.texts
    try:
        await application.bot.set_my_commands(commands)
        await application.bot.set_my_description(" ".join(texts["description"].split()))
        await application.bot.set_my_short_description(" ".join(texts["short_description"].split()))
    except TelegramError as exc:
        log.warning("could not publish the command list and description: %s", type(exc).__name__)


def file_url(base_url: str) -> str:
    """Files are served beside the API: https://api.telegram.org/bot -> https://api.telegram.org/file/bot."""
    head, sep, _ = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/bot" if sep else base_url


def build_application(runtime: Runtime, request: BaseRequest | None = None,
                      rate_limit: bool = True) -> BotApplication:
    """Build the Application; tests pass an in-process fake ``request``."""
    settings = runtime.settings
    queue = DurableQueue(runtime)
    # PTB's own defaults for the two HTTP clients (a pool of 256 for calls, one for getUpdates); the one
    # limiter (bot.ratelimit), off for a self-hosted Bot API or the tests' fake
    limiter = ClockRateLimiter(runtime.clock, rate=settings.send_rate) if rate_limit else None
    bot: ExtBot[Any] = InboxBot(queue, settings.token or "0:console", base_url=settings.base_url,
                                base_file_url=file_url(settings.base_url),
                                request=request or HTTPXRequest(connection_pool_size=256),
                                get_updates_request=request or HTTPXRequest(connection_pool_size=1),
                                rate_limiter=limiter)
    application: BotApplication = (ApplicationBuilder().bot(bot).concurrent_updates(PerChatUpdateProcessor(64))
                                   .update_queue(queue).post_init(start_up).build())
    application.bot_data["runtime"] = runtime
    private = filters.ChatType.PRIVATE
    application.add_handler(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(MessageHandler(filters.UpdateType.EDITED, on_edited))
    application.add_handler(MessageHandler(~private, on_group))
    application.add_handler(MessageHandler(private & filters.COMMAND, on_command))
    application.add_handler(MessageHandler(private & filters.TEXT, on_text))
    application.add_handler(MessageHandler(private & filters.Document.ALL, on_document))
    application.add_handler(MessageHandler(private, on_other))
    application.add_handler(TypeHandler(Update, on_handled), group=1)
    application.add_error_handler(on_error)
    return application


def preflight(settings: Any, attempts: int = 5, wait: float = 2.0) -> None:
    """Before polling: reach the Bot API and have the token accepted. A rejected token is a clear
    error (never the token itself); an unreachable server is retried, then a clear error."""
    from bot.runtime import StartupError

    async def check() -> None:
        # one HTTP client for the one call (a Bot makes two by default, each loading the CA certificates)
        request = HTTPXRequest(connection_pool_size=1)
        bot = Bot(settings.token, base_url=settings.base_url, base_file_url=file_url(settings.base_url),
                  request=request, get_updates_request=request)
        pause = wait
        for attempt in range(1, attempts + 1):
            try:
                async with bot:
                    return
            except InvalidToken:
                raise StartupError(f"the Bot API at {settings.base_url} rejected the token (or that address is not "
                                   "a Bot API server): check TELEGRAM_BOT_TOKEN and BOT_API_BASE_URL") from None
            except (NetworkError, TimedOut) as exc:
                if attempt == attempts:
                    raise StartupError(f"could not reach the Bot API at {settings.base_url} after {attempts} "
                                       f"attempts ({type(exc).__name__}); check the network and "
                                       "BOT_API_BASE_URL") from None
                log.warning("the Bot API is not reachable (%s); trying again in %.1f s", type(exc).__name__, pause)
                await asyncio.sleep(pause)
                pause *= 2
    asyncio.run(check())


def run_telegram(runtime: Runtime) -> None:
    """Long polling, or a webhook when WEBHOOK_URL is set."""
    application = build_application(runtime, rate_limit=runtime.settings.rate_limit)
    settings = runtime.settings
    if settings.webhook_url:
        from urllib.parse import urlparse

        path = urlparse(settings.webhook_url).path.lstrip("/")
        application.run_webhook(listen=settings.webhook_listen, port=settings.webhook_port, url_path=path,
                                webhook_url=settings.webhook_url, secret_token=settings.webhook_secret,
                                allowed_updates=Update.ALL_TYPES)
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
