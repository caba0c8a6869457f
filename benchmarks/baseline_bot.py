"""The baseline: the same questionnaire as a bare python-telegram-bot ConversationHandler.

Written in the style of PTB's ``examples/conversationbot.py``: one state per question, answers in
``context.user_data`` (memory only, nothing persisted or encrypted), a keyboard per question. It
accepts exactly the updates the real bot receives (the same callback data and typed numbers), so
the benchmark can drive both with one update stream. The questions are the knowledge base's, so
the baseline asks what the bot asks (``tests/test_benchmarks.py`` keeps the two in step).
"""

from __future__ import annotations

import warnings

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (Application, ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes,
                          ConversationHandler, MessageHandler, filters)
from telegram.request import BaseRequest
from telegram.warnings import PTBUserWarning

from knowledge.base import load_knowledge

KB = load_knowledge()
QUESTIONS = KB.questions


def ask(index: int) -> tuple[str, InlineKeyboardMarkup | None]:
    q = QUESTIONS[index]
    buttons = [[InlineKeyboardButton(o.label, callback_data=f"a:{q.id}:{o.value}")] for o in q.options]
    return f"Question {index + 1} of {len(QUESTIONS)}: {q.prompt}", InlineKeyboardMarkup(buttons) if buttons else None


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    context.user_data.clear()
    text, markup = ask(0)
    await update.effective_message.reply_text(text, reply_markup=markup)
    return 0


def make_answer(index: int):
    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        if update.callback_query:
            await update.callback_query.answer()
            value = update.callback_query.data.rsplit(":", 1)[-1]
        else:
            value = update.effective_message.text.strip()
        context.user_data[QUESTIONS[index].id] = value
        chat = update.effective_chat.id
        if index + 1 == len(QUESTIONS):
            await context.bot.send_message(chat, "Your answers: " + ", ".join(
                f"{k}={v}" for k, v in context.user_data.items()), reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("Confirm", callback_data="sum:confirm")]]))
            return len(QUESTIONS)
        text, markup = ask(index + 1)
        await context.bot.send_message(chat, text, reply_markup=markup)
        return index + 1
    return answer


async def confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    await update.callback_query.answer()
    await context.bot.send_message(update.effective_chat.id, "Saved.")
    return ConversationHandler.END


async def plan(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(f"Your plan, from {len(context.user_data)} answers.")


def build(token: str, request: BaseRequest) -> Application:
    states = {i: [MessageHandler(filters.TEXT & ~filters.COMMAND, make_answer(i)),
                  CallbackQueryHandler(make_answer(i), pattern=r"^a:")] for i in range(len(QUESTIONS))}
    states[len(QUESTIONS)] = [CallbackQueryHandler(confirm, pattern=r"^sum:confirm$")]
    app = ApplicationBuilder().token(token).request(request).get_updates_request(request).build()
    with warnings.catch_warnings():  # per_message=False is intended: one conversation per chat, as in the example
        warnings.simplefilter("ignore", PTBUserWarning)
        app.add_handler(ConversationHandler(entry_points=[CommandHandler("assess", start)], states=states,
                                            fallbacks=[CommandHandler("assess", start)]))
    app.add_handler(CommandHandler("plan", plan))
    return app
