"""/programs reminders: the day before an interview (with that specialty's interview guidance), the day
after (what NRMP allows in a thank-you note), and a few days before the rank list must be certified.
The bot's reminder queue schedules them from ``interview_times``."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from dialogs import callbacks as cb
from dialogs.program_list import AFTER, BEFORE, _day_how, _names, match_year, plist, warning_line
from dialogs.reply import Button, Reply, button, esc, rows
from dialogs.session import Session
from dialogs.timeline_flow import settings_of
from knowledge.base import KnowledgeBase
from knowledge.programs import Program, analyse
from knowledge.timeline import day_text, due_at


RANK_NOTICE_DAYS = 3  # the rank-list reminder comes this many days before the certification deadline


def interview_key(session: Session) -> tuple[Any, ...]:
    """What the list's reminders depend on (interview dates and statuses, whether anything is ranked, the
    Match year, the reminder settings); the bot reschedules when it changes."""
    p = settings_of(session)
    if not p.reminders:
        return (False,)
    dated = tuple((q.key, q.interview_date, q.status in BEFORE, q.status in AFTER)
                  for q in plist(session).programs if q.interview_date and q.status in AFTER)
    ranked = any(q.rank for q in plist(session).programs)
    if not dated and not ranked:
        return (False,)
    return (True, p.tz, p.hour, dated, ranked, session.answers.get("match_year"))


def interview_times(kb: KnowledgeBase, session: Session, now: datetime) -> list[tuple[str, datetime]]:
    """(reminder id, due time) for what is still ahead: ``iv-before:KEY`` the day before an interview at the
    user's hour, ``iv-after:KEY`` the day after, and ``rank-deadline`` a few days before the rank list
    must be certified (when anything is ranked)."""
    key = interview_key(session)
    if not key[0]:
        return []
    p = settings_of(session)
    out = []
    for q in plist(session).programs:
        if not q.interview_date or q.status not in AFTER:
            continue
        if q.status in BEFORE:
            out.append((f"iv-before:{q.key}", due_at(q.interview_date - timedelta(days=1), p.tz, p.hour)))
        out.append((f"iv-after:{q.key}", due_at(q.interview_date + timedelta(days=1), p.tz, p.hour)))
    if key[4]:
        deadline = kb.calendar.date_of("rank_list", match_year(kb, session, now.date()))[0]
        out.append(("rank-deadline", due_at(deadline - timedelta(days=RANK_NOTICE_DAYS), p.tz, p.hour)))
    return [(what, at) for what, at in out if at > now]


def rank_reminder(kb: KnowledgeBase, session: Session, today: date) -> Reply | None:
    """The rank-list reminder; None when nothing is ranked any more or the deadline has passed."""
    ranked = [q for q in plist(session).programs if q.rank]
    year = match_year(kb, session, today)
    deadline, how = kb.calendar.date_of("rank_list", year)
    if not ranked or today > deadline:
        return None
    report = analyse(plist(session).programs, kb.season, None, _names(kb))
    problems = [w for w in report.warnings if w.code in ("advanced_without_prelim", "rank_conflict")]
    lines = [f"🏅 <b>Rank-list deadline: {esc(_day_how(kb, 'rank_list', year))}</b>",
             f"Your list here has {len(report.primary)} program{'s' * (len(report.primary) != 1)} on the primary "
             "list. Enter it in NRMP's R3 system and <b>certify</b> it: an uncertified list is not used."]
    if how != "official":
        lines.append("<i>The date is not confirmed yet: check it on nrmp.org.</i>")
    lines += [warning_line(w) for w in problems[:3]]
    return Reply("\n".join(lines), ((button("🏅 Rank list", cb.PgRank(0)),
                                      button("📄 As entered in NRMP", cb.PgFinal())),))


def _guidance_for(kb: KnowledgeBase, q: Program) -> str | None:
    """Which interview guidance fits a program: its specialty's, or the PGY-1 one for a preliminary year."""
    sid = kb.pgy1 if q.is_pgy1 else q.specialty
    return sid if sid in kb.coaching.guidance else None


def interview_reminder(kb: KnowledgeBase, session: Session, what: str, today: date) -> Reply | None:
    """The message for an ``iv-before:KEY`` or ``iv-after:KEY`` reminder; None when it no longer applies
    (the program was removed, its date or status changed, or the interview is already over)."""
    kind, _, key = what.partition(":")
    q = plist(session).program(key)
    if q is None or q.interview_date is None:
        return None
    names = _names(kb)
    where = f"<b>{esc(q.program)}</b> ({esc(names.get(q.specialty, q.specialty))}, {esc(q.track)})"
    gid = _guidance_for(kb, q)
    if kind == "iv-before":
        if q.status not in BEFORE or today > q.interview_date:
            return None
        when = "tomorrow" if q.interview_date == today + timedelta(days=1) else \
            "today" if q.interview_date == today else f"on {day_text(q.interview_date)}"
        lines = [f"🎤 <b>Interview {when}</b>: {where}, {esc(day_text(q.interview_date))}"]
        if gid:
            g = kb.coaching.guidance[gid]
            lines += ["", "<b>Bring out</b>"] + [f"• {esc(x)}" for x in g.emphasise[:3]]
            lines += ["", "<b>Avoid</b>"] + [f"• {esc(x)}" for x in g.pitfalls[:2]]
        if q.visa == "unknown" and session.answers.get("visa") not in (None, "no_visa_needed"):
            lines += ["", "You have not noted which visa this program sponsors: ask the coordinator, politely, "
                      "if it is not on their website."]
        lines += ["", "<i>Guidance, not official advice.</i>"]
        buttons: list[Button] = []
        if gid:
            buttons += [button("🎤 Full guidance", cb.Guidance(gid)), button("🗣 Practise a question", cb.Practice(gid))]
        buttons.append(button("📋 Open the program", cb.PgOpen(q.key)))
        return Reply("\n".join(lines), rows(buttons, 2))
    if kind != "iv-after" or q.status not in AFTER:
        return None
    lines = [f"✉️ <b>After your interview</b> at {where} on {esc(day_text(q.interview_date))}"]
    if today > q.interview_date + timedelta(days=3):
        lines.append(f"<i>Sent late: I could not send this on {esc(day_text(q.interview_date + timedelta(days=1)))}.</i>")
    lines += ["", "A short, specific thank-you note is optional; if you send one, send it within a day or two and "
              "mention something real from the day.",
              esc(kb.render("Under the Match rules: {fact:nrmp-communication}.")),
              "", "Write down now what you liked and what worried you: it is what you will rank by in February."]
    buttons = [button("🎤 Mark as interviewed", cb.PgSet(q.key, "status", "interviewed"))] \
        if q.status != "interviewed" else []
    buttons += [button("🏅 Rank list", cb.PgRank(0)), button("📋 Open the program", cb.PgOpen(q.key))]
    return Reply("\n".join(lines), rows(buttons, 2))
