"""A fake Telegram Bot API that enforces Telegram's rules and records a transcript.

Edits are supported as Telegram does them: ``editMessageText`` and ``editMessageReplyMarkup``
change a message the bot sent (recorded in ``edited``; a text edit is also an event in ``sent``,
with ``edit`` set; and applied to ``screen``, the chat as the user now sees it); an edit of a message that is gone, a file's caption
by ``editMessageText``, or one that changes nothing is refused with Telegram's 400 (kept in
``refused``, apart from ``errors``: a client meets these in normal use and must fall back).

One core (``FakeTelegram``) with two transports:
* ``FakeRequest``: an in-process python-telegram-bot ``BaseRequest`` for fast flow tests;
* ``FakeServer``: a real HTTP server on 127.0.0.1 for ``python -m bot`` as a subprocess
  (``BOT_API_BASE_URL=http://127.0.0.1:PORT/bot``), long polling included.

Rules enforced as Telegram does (400 errors): text 1-4096 characters after entity
parsing, HTML that Telegram's parser accepts (known tags, balanced, no bare ``<``/``&``),
callback data 1-64 bytes. Failures can be injected per chat: 429 with ``retry_after``,
403 "bot was blocked by the user", 5xx, a dropped or lost answer, a request that hangs (``stall``).
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
from email.parser import BytesParser
from email.policy import HTTP
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from telegram.error import NetworkError
from telegram.request import BaseRequest, RequestData

TOKEN = "123456:TEST-token-do-not-log"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "AdvisorBot", "username": "advisor_test_bot",
            "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                "tg-spoiler", "span", "blockquote", "tg-emoji"}
ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


class TelegramHTMLError(ValueError):
    pass


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            raise TelegramHTMLError(f"Unsupported start tag \"{tag}\"")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise TelegramHTMLError(f"Unmatched end tag \"{tag}\"")
        self.stack.pop()


def check_html(text: str) -> str:
    """Validate Telegram HTML; return the visible text after entity parsing."""
    # a '<' must open a tag, an '&' must start one of the entities Telegram knows
    for m in re.finditer(r"<", text):
        if not re.match(r"</?[a-zA-Z][a-zA-Z-]*(\s[^<>]*)?>", text[m.start():]):
            raise TelegramHTMLError("Unexpected '<': it must be escaped as &lt;")
    for m in re.finditer(r"&", text):
        if not ENTITY.match(text, m.start()):
            raise TelegramHTMLError("Unsupported entity or bare '&': it must be escaped as &amp;")
    checker = _Checker()
    checker.feed(text)
    checker.close()
    if checker.stack:
        raise TelegramHTMLError(f"Can't find end tag corresponding to start tag \"{checker.stack[-1]}\"")
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


#: fail_next(chat_id, DROP): the request gets no answer at all (a network failure or timeout).
DROP = 0
#: fail_next(chat_id, LOST): the message is delivered, then the answer to the bot is lost.
LOST = -1


class _Rejected(Exception):
    """A request Telegram refuses: ``response`` is its (status, body)."""

    def __init__(self, response: tuple[int, dict[str, Any]]):
        super().__init__(response[1].get("description"))
        self.response = response


class FakeTelegram:
    """The Bot API's state: sent messages, callback answers, queued updates, injected failures."""

    def __init__(self, check_html: bool = True) -> None:
        self.check_html = check_html  # benchmarks turn the (slow) HTML validator off for both bots
        self.lock = threading.RLock()
        self.cond = threading.Condition(self.lock)
        self.sent: list[dict[str, Any]] = []
        self.errors: list[dict[str, Any]] = []  # rejected requests (400s) for tests to inspect
        self.calls: list[str] = []
        self.answered: set[str] = set()
        self.queries: set[str] = set()  # callback query ids delivered to the bot
        self.updates: list[dict[str, Any]] = []
        self.failures: dict[int, list[tuple[int, str, int | None]]] = {}
        self.global_failures: list[tuple[int, str, int | None]] = []
        self.stalled: set[int] = set()  # chats whose messages hang, unanswered and not delivered (stall())
        self.commands: list[dict[str, Any]] | None = None
        self.descriptions: dict[str, str] = {}  # setMyDescription / setMyShortDescription
        self.screen: dict[int, dict[str, Any]] = {}  # message_id -> the bot's message as it now is
        self.refused: list[dict[str, Any]] = []  # edits Telegram refuses in normal use (gone, unchanged, a file)
        self.edited: list[dict[str, Any]] = []  # every edit, keyboard-only ones included
        self._seq = 0  # orders sends and edits: the newest keyboard is the one changed last
        self.files: dict[str, bytes] = {}  # file_id -> content, served by getFile + the file URL
        self._update_id = 1000
        self._message_id = 1
        self.confirmed = 0  # updates below this id were confirmed by a getUpdates offset (Telegram forgets them)
        self.delays: dict[str, float] = {}  # method (lower case) -> seconds the HTTP fake waits before answering
        self.on_confirm: Any = None  # called with the new offset when a getUpdates confirms updates

    # ----------------------------------------------------------------- injection
    def fail_next(self, chat_id: int, status: int, description: str = "", retry_after: int | None = None,
                  times: int = 1) -> None:
        with self.lock:
            self.failures.setdefault(chat_id, []).extend([(status, description, retry_after)] * times)

    def stall(self, chat_id: int, on: bool = True) -> None:
        """Messages to ``chat_id`` hang until ``stall(chat_id, False)``, then fail unanswered and undelivered
        (a network that swallows them: the bot may be killed while it waits)."""
        with self.cond:
            (self.stalled.add if on else self.stalled.discard)(chat_id)
            self.cond.notify_all()

    def block(self, chat_id: int) -> None:
        self.fail_next(chat_id, 403, "Forbidden: bot was blocked by the user", times=10**6)

    def add_file(self, content: bytes, file_name: str, mime_type: str = "text/plain") -> dict[str, Any]:
        """Store a file as if a user uploaded it; returns the message's ``document`` object."""
        with self.lock:
            file_id = f"doc{len(self.files) + 1}"
            self.files[file_id] = content
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": file_name,
                "mime_type": mime_type, "file_size": len(content)}

    def file_content(self, path: str) -> bytes | None:
        """The bytes behind a ``/file/bot<token>/documents/<file_id>`` URL."""
        return self.files.get(path.rstrip("/").rsplit("/", 1)[-1])

    # ----------------------------------------------------------------- updates
    def next_update_id(self) -> int:
        with self.lock:
            self._update_id += 1
            return self._update_id

    def next_message_id(self) -> int:
        with self.lock:
            self._message_id += 1
            return self._message_id

    def push_update(self, update: dict[str, Any]) -> None:
        with self.cond:
            if "callback_query" in update:
                self.queries.add(update["callback_query"]["id"])
            self.updates.append(update)
            self.cond.notify_all()

    # ----------------------------------------------------------------- API
    def call(self, method: str, params: dict[str, Any], files: dict[str, tuple[str, bytes]] | None = None
             ) -> tuple[int, dict[str, Any]]:
        method_l = method.lower()
        with self.lock:
            self.calls.append(method)
        if self.delays.get(method_l):
            time.sleep(self.delays[method_l])  # a slow answer (the HTTP server's threads only)
        if method_l == "getupdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        if method_l == "getme":
            return 200, {"ok": True, "result": BOT_USER}
        if method_l in ("setmycommands", "deletewebhook", "setwebhook", "close", "logout",
                        "deletemycommands"):
            if method_l == "setmycommands":
                self.commands = _json(params.get("commands")) or []
            return 200, {"ok": True, "result": True}
        if method_l in ("setmydescription", "setmyshortdescription"):
            key, limit = ("description", 512) if method_l == "setmydescription" else ("short_description", 120)
            value = str(params.get(key) or "")
            if len(value) > limit:
                return self._error(400, f"Bad Request: {key} is too long", method, params)
            self.descriptions[key] = value
            return 200, {"ok": True, "result": True}
        if method_l == "getfile":
            file_id = str(params.get("file_id"))
            if file_id not in self.files:
                return self._error(400, "Bad Request: invalid file_id", method, params)
            return 200, {"ok": True, "result": {"file_id": file_id, "file_unique_id": f"u{file_id}",
                                                "file_size": len(self.files[file_id]),
                                                "file_path": f"documents/{file_id}"}}
        if method_l == "answercallbackquery":
            qid = str(params.get("callback_query_id"))
            with self.lock:
                if qid in self.answered:
                    return self._error(400, "Bad Request: query is too old and response timeout expired "
                                            "or query ID is invalid", method, params)
                self.answered.add(qid)
            return 200, {"ok": True, "result": True}
        if method_l in ("sendmessage", "senddocument", "sendphoto", "editmessagetext", "editmessagereplymarkup"):
            chat_id = int(params.get("chat_id", 0))
            with self.cond:
                if chat_id in self.stalled:
                    self.cond.wait_for(lambda: chat_id not in self.stalled, timeout=60)
                    return DROP, {}
            failure = self._take_failure(chat_id)
            if failure and failure[0] == LOST:
                self._edit(method_l, chat_id, params) if method_l.startswith("edit") else \
                    self._send(method_l, chat_id, params, files or {})
                return DROP, {}
            if failure:
                status, description, retry_after = failure
                body: dict[str, Any] = {"ok": False, "error_code": status,
                                        "description": description or _default_description(status)}
                if retry_after is not None:
                    body["parameters"] = {"retry_after": retry_after}
                return status, body
            if method_l.startswith("edit"):
                return self._edit(method_l, chat_id, params)
            return self._send(method_l, chat_id, params, files or {})
        return self._error(404, f"Not Found: method {method} is not faked", method, params)

    def _take_failure(self, chat_id: int) -> tuple[int, str, int | None] | None:
        with self.lock:
            if self.global_failures:
                return self.global_failures.pop(0)
            queue = self.failures.get(chat_id)
            if queue:
                return queue.pop(0)
        return None

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + min(timeout, 2.0)
        with self.cond:
            if offset:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                if offset > self.confirmed:
                    self.confirmed = offset
                    if self.on_confirm is not None:
                        self.on_confirm(offset)
            while not self.updates and time.monotonic() < deadline:
                self.cond.wait(deadline - time.monotonic())
            return list(self.updates[:100])

    def _error(self, status: int, description: str, method: str, params: dict[str, Any]
               ) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.errors.append({"method": method, "status": status, "description": description,
                                "params": params})
        return status, {"ok": False, "error_code": status, "description": description}

    def _refuse(self, description: str, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.refused.append({"method": method, "description": description, "params": params})
        return 400, {"ok": False, "error_code": 400, "description": description}

    def _text_of(self, method: str, params: dict[str, Any], upload: bool) -> tuple[str, str]:
        """(html, visible text) of a send or an edit; ``_Rejected`` with Telegram's error when it is invalid."""
        text = params.get("caption") if upload else params.get("text")
        visible = text or ""
        if not upload and not text:
            raise _Rejected(self._error(400, "Bad Request: message text is empty", method, params))
        if text and params.get("parse_mode") == "HTML" and self.check_html:
            try:
                visible = check_html(text)
            except TelegramHTMLError as exc:
                raise _Rejected(self._error(400, f"Bad Request: can't parse entities: {exc}", method, params))
        if utf16_len(visible) > (1024 if upload else 4096):
            raise _Rejected(self._error(400, "Bad Request: message is too long", method, params))
        return text or "", visible

    def _buttons(self, method: str, params: dict[str, Any]) -> list[tuple[str, str]]:
        markup = _json(params.get("reply_markup"))
        buttons: list[tuple[str, str]] = []
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if not button.get("text"):
                    raise _Rejected(self._error(400, "Bad Request: button text is empty", method, params))
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    raise _Rejected(self._error(400, "Bad Request: BUTTON_DATA_INVALID", method, params))
                buttons.append((button["text"], data))
        return buttons

    def _edit(self, method: str, chat_id: int, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """editMessageText / editMessageReplyMarkup of a message the bot sent to this chat."""
        with self.lock:
            current = self.screen.get(int(params.get("message_id") or 0))
        if current is None or current["chat_id"] != chat_id:
            return self._refuse("Bad Request: message to edit not found", method, params)
        html_text, visible = current["html"], current["text"]
        try:
            buttons = self._buttons(method, params)
            if method == "editmessagetext":
                if current["document"] is not None or current["photo"] is not None:
                    return self._refuse("Bad Request: there is no text in the message to edit", method, params)
                html_text, visible = self._text_of(method, params, upload=False)
        except _Rejected as rejected:
            return rejected.response
        if html_text == current["html"] and buttons == current["buttons"]:
            return self._refuse("Bad Request: message is not modified: specified new message content and reply "
                                "markup are exactly the same as a current content and reply markup of the message",
                                method, params)
        with self.lock:
            self._seq += 1
            changed = {**current, "text": visible, "html": html_text, "buttons": buttons, "seq": self._seq}
            self.screen[current["message_id"]] = changed
            event = {**changed, "method": method, "edit": True}
            self.edited.append(event)
            if method == "editmessagetext":  # a keyboard that only goes is on screen, not a message event
                self.sent.append(event)
        result = {"message_id": current["message_id"], "date": int(time.time()),
                  "chat": {"id": chat_id, "type": "private"}, "from": BOT_USER, "edit_date": int(time.time())}
        if current["document"] is None and current["photo"] is None:
            result["text"] = visible
        return 200, {"ok": True, "result": result}

    def _send(self, method: str, chat_id: int, params: dict[str, Any], files: dict[str, tuple[str, bytes]]
              ) -> tuple[int, dict[str, Any]]:
        upload = method in ("senddocument", "sendphoto")
        try:
            text, visible = self._text_of(method, params, upload)
            buttons = self._buttons(method, params)
        except _Rejected as rejected:
            return rejected.response
        document = photo = None
        if method == "senddocument":
            document = next(iter(files.values()), None)
            if document is None:
                return self._error(400, "Bad Request: there is no document in the request", method, params)
        if method == "sendphoto":
            photo = next(iter(files.values()), (None, b""))[1]
            if not photo:
                return self._error(400, "Bad Request: there is no photo in the request", method, params)
            if len(photo) > 10_000_000:
                return self._error(400, "Bad Request: PHOTO_INVALID_DIMENSIONS", method, params)
        message = {"message_id": self.next_message_id(), "chat_id": chat_id, "text": visible, "html": text or "",
                   "buttons": buttons, "document": document, "photo": photo, "method": method, "edit": False}
        with self.lock:
            self._seq += 1
            message["seq"] = self._seq
            self.sent.append(message)
            self.screen[message["message_id"]] = dict(message)
        result = {"message_id": message["message_id"], "date": int(time.time()),
                  "chat": {"id": chat_id, "type": "private"}, "from": BOT_USER}
        if method == "senddocument" and document:
            result["document"] = {"file_id": f"doc{message['message_id']}", "file_unique_id": "u",
                                  "file_name": document[0]}
        elif method == "sendphoto":
            result["photo"] = [{"file_id": f"photo{message['message_id']}", "file_unique_id": "p",
                                "width": 90, "height": 64}]
        else:
            result["text"] = visible
        return 200, {"ok": True, "result": result}

    def messages_to(self, chat_id: int) -> list[dict[str, Any]]:
        """Everything that happened on this chat's screen, in order: new messages and edits."""
        with self.lock:
            return [m for m in self.sent if m["chat_id"] == chat_id]

    def screen_of(self, chat_id: int) -> list[dict[str, Any]]:
        """The chat as the user sees it now: each of the bot's messages once, as last edited, in order."""
        with self.lock:
            return sorted((m for m in self.screen.values() if m["chat_id"] == chat_id), key=lambda m: m["message_id"])

    def edits_to(self, chat_id: int) -> list[dict[str, Any]]:
        """Every edit of this chat's messages, in order (a keyboard removed included)."""
        with self.lock:
            return [m for m in self.edited if m["chat_id"] == chat_id]


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def _default_description(status: int) -> str:
    return {429: "Too Many Requests: retry later", 403: "Forbidden: bot was blocked by the user"}.get(
        status, "Internal Server Error")


def _method_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


class FakeRequest(BaseRequest):
    """In-process transport: PTB calls ``do_request``; the fake answers at once."""

    def __init__(self, telegram: FakeTelegram):
        self.telegram = telegram

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = None, write_timeout: Any = None, connect_timeout: Any = None,
                         pool_timeout: Any = None) -> tuple[int, bytes]:
        if "/file/bot" in url:
            content = self.telegram.file_content(url)
            return (200, content) if content is not None else (404, b"")
        params: dict[str, Any] = dict(request_data.json_parameters) if request_data else {}
        files: dict[str, tuple[str, bytes]] = {}
        if request_data and request_data.multipart_data:
            for name, part in request_data.multipart_data.items():
                filename, content = part[0], part[1]
                if hasattr(content, "read"):
                    content = content.read()
                files[name] = (filename, content)
        status, body = self.telegram.call(_method_of(url), params, files)
        if status == DROP:
            raise NetworkError("connection dropped (injected)")
        return status, json.dumps(body).encode()


class _Handler(BaseHTTPRequestHandler):
    telegram: FakeTelegram
    token: str

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:  # noqa: N802 (http.server naming)
        self._serve()

    def do_GET(self) -> None:  # noqa: N802
        self._serve()

    def _serve(self) -> None:
        path = self.path.split("?", 1)[0]
        if path.startswith(f"/file/bot{self.token}/"):
            content = self.telegram.file_content(path)
            self.send_response(200 if content is not None else 404)
            self.send_header("Content-Length", str(len(content or b"")))
            self.end_headers()
            self.wfile.write(content or b"")
            return
        if not path.startswith(f"/bot{self.token}/"):
            self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if len(body) < length:  # the client died mid-request (kill -9): a real server never sees such a call
            self.close_connection = True
            return
        ctype = self.headers.get("Content-Type") or ""
        params: dict[str, Any] = {}
        files: dict[str, tuple[str, bytes]] = {}
        if "multipart/form-data" in ctype:
            message = BytesParser(policy=HTTP).parsebytes(
                f"Content-Type: {ctype}\r\n\r\n".encode() + body)
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                filename = part.get_filename()
                payload = part.get_payload(decode=True) or b""
                if filename:
                    files[name] = (filename, payload)
                else:
                    params[name] = payload.decode()
        elif "json" in ctype:
            params = json.loads(body or b"{}")
        else:
            params = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        status, reply = self.telegram.call(_method_of(path), params, files)
        if status == DROP:  # a network failure: close the connection without an answer
            self.close_connection = True
            return
        self._reply(status, reply)

    def _reply(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a bot killed mid-request (the crash suite) leaves broken pipes; nothing to report


class FakeServer:
    """The fake over real HTTP on 127.0.0.1 (an ephemeral port)."""

    def __init__(self, telegram: FakeTelegram | None = None, token: str = TOKEN):
        self.telegram = telegram or FakeTelegram()
        handler = type("Handler", (_Handler,), {"telegram": self.telegram, "token": token})
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/bot"

    def __enter__(self) -> "FakeServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        with self.telegram.cond:
            self.telegram.stalled.clear()
            self.telegram.cond.notify_all()
        self.httpd.shutdown()
        self.httpd.server_close()


# --------------------------------------------------------------------------- update factories

def user_dict(chat_id: int, first_name: str = "Ana") -> dict[str, Any]:
    return {"id": chat_id, "is_bot": False, "first_name": first_name, "language_code": "en"}


def message_update(fake: FakeTelegram, chat_id: int, text: str | None = None, *, chat_type: str = "private",
                   first_name: str = "Ana", edited: bool = False, extra: dict[str, Any] | None = None,
                   user_id: int | None = None) -> dict[str, Any]:
    chat = {"id": chat_id, "type": chat_type}
    if chat_type == "private":
        chat["first_name"] = first_name
    else:
        chat["title"] = "IMG study group"
    message: dict[str, Any] = {"message_id": fake.next_message_id(), "date": int(time.time()), "chat": chat,
                               "from": user_dict(user_id or abs(chat_id), first_name)}
    if text is not None:
        message["text"] = text
        if text.startswith("/"):
            length = len(text.split(" ", 1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    if extra:
        message.update(extra)
    if edited:
        message["edit_date"] = int(time.time())
        return {"update_id": fake.next_update_id(), "edited_message": message}
    return {"update_id": fake.next_update_id(), "message": message}


def callback_update(fake: FakeTelegram, chat_id: int, data: str, message_id: int = 1,
                    first_name: str = "Ana") -> dict[str, Any]:
    """A tap on a button of message ``message_id`` (as it is on the fake's screen; a message the fake does
    not know, such as the default 1, stands for one Telegram no longer lets the bot edit)."""
    qid = f"q{fake.next_update_id()}"
    message: dict[str, Any] = {"message_id": message_id, "date": int(time.time()),
                               "chat": {"id": chat_id, "type": "private", "first_name": first_name}, "from": BOT_USER}
    shown = fake.screen.get(message_id)
    if shown is not None and shown["photo"] is not None:
        message["photo"] = [{"file_id": f"photo{message_id}", "file_unique_id": "p", "width": 90, "height": 64}]
        message["caption"] = shown["text"]
    elif shown is not None and shown["document"] is not None:
        message["document"] = {"file_id": f"doc{message_id}", "file_unique_id": "u", "file_name": shown["document"][0]}
        message["caption"] = shown["text"]
    else:
        message["text"] = shown["text"] if shown is not None else "..."
    return {"update_id": fake.next_update_id(), "callback_query": {
        "id": qid, "from": user_dict(chat_id, first_name), "chat_instance": "ci", "data": data, "message": message}}
