"""The baseline: the same questionnaire as a bare python-telegram-bot ConversationHandler.

Written in the style of PTB's ``examples/conversationbot.py`` and ``inlinekeyboard.py``: one state
per question, answers in ``context.user_data`` (memory only, nothing persisted or encrypted), a
keyboard per question. It accepts exactly the updates the real bot receives (the same callback data
and typed numbers) and makes the same Bot API calls for them as the bot does (a tapped question is
edited to keep what was chosen, a typed answer takes the keyboard off the question above, the
confirmation sends a picture and the plan), so the benchmark compares the cost of the same
conversation, on the same wire. The questions are the knowledge base's; ``tests/test_benchmarks.py``
keeps the two in step, call for call.
"""

from __future__ import annotations

import warnings

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (Application, ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes,
                          ConversationHandler, MessageHandler, PicklePersistence, filters)
from telegram.request import BaseRequest
from telegram.warnings import PTBUserWarning

from knowledge.base import load_knowledge

KB = load_knowledge()
QUESTIONS = KB.questions


PICTURE = b"\x89PNG\r\n\x1a\n" + bytes(23_000)  # about the size of the bot's profile picture
OPEN = "open_question"
FIRST_READING = 3  # the bot gives a first reading after the fourth answer (Step 2 CK, failures, graduation, Match)  # user_data key: the message that holds the open question's keyboard


def ask(index: int) -> tuple[str, InlineKeyboardMarkup | None]:
    q = QUESTIONS[index]
    buttons = [[InlineKeyboardButton(o.label, callback_data=f"a:{q.id}:{o.value}")] for o in q.options]
    buttons.append([InlineKeyboardButton("Pause", callback_data="nav:pause")])  # as the bot's questions have
    return f"Question {index + 1} of {len(QUESTIONS)}: {q.prompt}", InlineKeyboardMarkup(buttons)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    context.user_data.clear()
    text, markup = ask(0)
    sent = await update.effective_message.reply_text(text, reply_markup=markup)
    context.user_data[OPEN] = sent.message_id
    return 0


def make_answer(index: int):
    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        chat = update.effective_chat.id
        query = update.callback_query
        if query:  # as the bot does: the tapped question keeps what was chosen, the next comes below
            await query.answer()
            value = query.data.rsplit(":", 1)[-1]
            await query.edit_message_text(f"{query.message.text}\n✅ {value}")
        else:
            value = update.effective_message.text.strip()
        context.user_data[QUESTIONS[index].id] = value
        if index + 1 == len(QUESTIONS):
            text, markup = "Your answers: " + ", ".join(f"{k}={v}" for k, v in context.user_data.items()), \
                InlineKeyboardMarkup([[InlineKeyboardButton("Confirm", callback_data="sum:confirm")]])
        else:
            text, markup = ask(index + 1)
        if index == FIRST_READING:  # as the bot does: a first reading once the first four answers are in
            await context.bot.send_message(chat, f"A first reading, from {index + 1} answers.")
        sent = await context.bot.send_message(chat, text, reply_markup=markup)
        if not query:  # a typed answer: the question above keeps no keyboard
            await context.bot.edit_message_reply_markup(chat, context.user_data[OPEN], reply_markup=None)
        context.user_data[OPEN] = sent.message_id
        return index + 1 if index + 1 < len(QUESTIONS) else len(QUESTIONS)
    return answer


async def confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    query = update.callback_query
    await query.answer()
    await query.edit_message_text(f"{query.message.text}\n✅ Confirmed")
    chat = update.effective_chat.id
    await context.bot.send_message(chat, "Saved. Reminders are on.")
    await context.bot.send_photo(chat, PICTURE, caption="Your profile")
    await context.bot.send_message(chat, f"Your plan, from {len(context.user_data) - 1} answers.")
    return ConversationHandler.END


async def plan(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(f"Your plan, from {len(context.user_data) - 1} answers.")


def build(token: str, request: BaseRequest, persist_to: str | None = None) -> Application:
    """The baseline bot; with ``persist_to``, its conversations and answers are kept in a pickle file by
    PTB's PicklePersistence (the benchmark writes it after every update: the durable peer)."""
    states = {i: [MessageHandler(filters.TEXT & ~filters.COMMAND, make_answer(i)),
                  CallbackQueryHandler(make_answer(i), pattern=r"^a:")] for i in range(len(QUESTIONS))}
    states[len(QUESTIONS)] = [CallbackQueryHandler(confirm, pattern=r"^sum:confirm$")]
    builder = ApplicationBuilder().token(token).request(request).get_updates_request(request)
    if persist_to is not None:
        builder = builder.persistence(PicklePersistence(persist_to))
    app = builder.build()
    with warnings.catch_warnings():  # per_message=False is intended: one conversation per chat, as in the example
        warnings.simplefilter("ignore", PTBUserWarning)
        app.add_handler(ConversationHandler(entry_points=[CommandHandler("assess", start)], states=states,
                                            fallbacks=[CommandHandler("assess", start)], name="assessment",
                                            persistent=persist_to is not None))
    app.add_handler(CommandHandler("plan", plan))
    return app
