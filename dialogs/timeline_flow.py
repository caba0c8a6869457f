"""/timeline (milestones with checklists), /settings (reminders, time zone, hour) and reminder texts.

Preferences live in ``data["prefs"]`` and ticks in ``data["ticks"]`` (sealed with the
session). The reminder rows themselves are written by the service whenever the inputs of
the schedule change (see ``schedule_key``); this module stays pure.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from transitions import Machine

from dialogs.machines import ModelPool
from dialogs.reply import Button, Input, Outcome, Reply, clip, esc, rows
from knowledge.timeline import Calendar, Milestone, parse_timezone, reminder_times

DEFAULT_PREFS = {"reminders": True, "tz": "UTC", "hour": 9}
NO_PUSH = "Reminders are sent only when I run in Telegram: this console cannot message you first."
ZONES = ("UTC", "Asia/Karachi", "Asia/Kolkata", "Asia/Dhaka", "Africa/Cairo", "Africa/Lagos",
         "Asia/Manila", "Europe/London", "America/New_York", "America/Sao_Paulo")
HOURS = (7, 9, 12, 18, 20)

# typed settings: one small machine, like the other flows
OFF, TZ_INPUT, HOUR_INPUT = "off", "tz_input", "hour_input"
TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "ask_tz", "source": "*", "dest": TZ_INPUT},
    {"trigger": "ask_hour", "source": "*", "dest": HOUR_INPUT},
    {"trigger": "done", "source": "*", "dest": OFF},
]
MACHINE = Machine(model=None, states=[OFF, TZ_INPUT, HOUR_INPUT], transitions=TRANSITIONS, initial=OFF,
                  auto_transitions=False, ignore_invalid_triggers=False)


class SettingsModel:
    """Holds only the state: the typed-settings flow has no conditions."""


MODELS = ModelPool(MACHINE, SettingsModel)


def fire(data: dict[str, Any], trigger: str) -> str:
    state = MODELS.fire(data.get("settings_input") or OFF, trigger)
    if state == OFF:
        data.pop("settings_input", None)
    else:
        data["settings_input"] = state
    return state


def prefs(data: dict[str, Any]) -> dict[str, Any]:
    return {**DEFAULT_PREFS, **data.get("prefs", {})}


def schedule_key(data: dict[str, Any]) -> tuple[Any, ...]:
    """What the reminder schedule depends on; the service reschedules when it changes."""
    p = prefs(data)
    if not (data.get("complete") and p["reminders"] and "prefs" in data):
        return (False,)  # no reminders: answers changing during the assessment reschedule nothing
    answers = data.get("answers", {})
    return (True, answers.get("match_year"), answers.get("visa"), answers.get("step3"),
            answers.get("step2_ck_score") is None, p["tz"], p["hour"])


def schedule(calendar: Calendar, data: dict[str, Any], now: datetime) -> list[tuple[str, datetime]]:
    """The reminders a user should have from ``now`` on (none when reminders are off)."""
    if not schedule_key(data)[0]:
        return []
    p = prefs(data)
    return reminder_times(calendar.for_user(data.get("answers", {})), p["tz"], p["hour"], now)


def fmt(day: date) -> str:
    return day.strftime("%a %d %b %Y").replace(" 0", " ")


def when(m: Milestone) -> str:
    """ "Thu 1 Oct 2026 – Sun 31 Jan 2027 (estimated)", "Wed 3 Jun 2026 (reported)" """
    text = fmt(m.on) + (f" – {fmt(m.ends)}" if m.ends else "")
    return text + (f" ({m.how})" if m.how in ("estimated", "reported") else "")


def reminder_reply(calendar: Calendar, data: dict[str, Any], milestone_id: str) -> Reply | None:
    """The reminder message for one milestone, or None if it is no longer on the user's timeline."""
    m = calendar.milestone(data.get("answers", {}), milestone_id)
    if m is None:
        return None
    lines = [f"⏰ <b>{esc(m.title)}</b> — {esc(when(m))}", "", "What to do:"]
    lines += [f"• {esc(text)}" for _, text in m.items]
    if m.estimated:
        lines += ["", f"<i>Estimated date: {esc(m.rule)} Check the official calendar.</i>"]
    return Reply("\n".join(lines), ((Button("☑️ Open the checklist", f"tl:m:{m.id}"),
                                     Button("⚙️ Reminder settings", "st:menu")),))


class TimelineFeature:
    """A router extension for the timeline, checklists and reminder settings."""

    COMMANDS = (("timeline", "Your application timeline and checklists"),
                ("settings", "Reminders: on/off, time zone, hour"))
    MENU = (Button("🗓 Timeline", "tl:list"),)

    def __init__(self, calendar: Calendar, pushes: bool = True):
        self.cal = calendar
        self.pushes = pushes  # False in the terminal console, which cannot message a user first

    @staticmethod
    def busy(data: dict[str, Any]) -> bool:
        return bool(data.get("settings_input"))

    # ------------------------------------------------------------------ router hooks
    def handle(self, ctx: Any, out: Outcome, inp: Input) -> bool:
        if inp.kind == "command":
            if self.busy(out.data):
                fire(out.data, "done")
            if inp.text == "timeline":
                return self.timeline(ctx, out)
            if inp.text == "settings":
                return self.settings(out)
            return False
        if inp.kind == "choice":
            kind, _, rest = inp.text.partition(":")
            if kind == "tl":
                return self._timeline_choice(ctx, out, rest)
            if kind == "st":
                return self._settings_choice(out, rest)
            if self.busy(out.data):
                fire(out.data, "done")
            return False
        if not self.busy(out.data):
            return False
        if inp.kind != "text":
            return self._ask_again(out, "Please type it as a message.")
        return self._typed(out, inp.text)

    def on_complete(self, ctx: Any, out: Outcome) -> None:
        """Reminders are offered, on by default, when the assessment is confirmed."""
        first = "prefs" not in out.data
        out.data.setdefault("prefs", dict(DEFAULT_PREFS, reminders=self.pushes))
        out.data.setdefault("timeline_since", ctx.today().isoformat())
        p = prefs(out.data)
        year = out.data.get("answers", {}).get("match_year")
        if not self.pushes:
            out.say(f"🗓 Your {year} Match timeline is ready: /timeline lists each milestone and what to do. "
                    f"{NO_PUSH}", ((Button("🗓 Open my timeline", "tl:list"),),))
            return
        if not p["reminders"]:
            return
        text = (f"🔔 Reminders are {'on' if first else 'still on'}: I will message you at "
                f"{p['hour']:02d}:00 ({esc(p['tz'])}) on each milestone of your {year} Match timeline.")
        out.say(text, ((Button("🔕 Turn off", "st:off"), Button("⚙️ Time zone and hour", "st:menu")),
                       (Button("🗓 Open my timeline", "tl:list"),)))

    # ------------------------------------------------------------------ timeline
    def timeline(self, ctx: Any, out: Outcome) -> bool:
        answers = out.data.get("answers", {})
        milestones = self.cal.for_user(answers)
        if not milestones:
            out.say("Your timeline is built from your Match year. Answer that in the self-assessment first.",
                    ((Button("📝 Self-assessment", "menu:assess"),),))
            return True
        today = ctx.today()
        since = date.fromisoformat(out.data.get("timeline_since") or today.isoformat())
        ticks = out.data.get("ticks", {})
        upcoming = [m for m in milestones if m.on >= today]
        nxt = upcoming[0].id if upcoming else None
        lines = [f"🗓 <b>Your timeline — {answers['match_year']} Match</b>", ""]
        for m in milestones:
            done = len([i for i, _ in m.items if i in ticks.get(m.id, [])])
            label = f"{esc(when(m))} · {esc(m.title)}"
            if m.under_way(today):
                lines.append(f"🔶 <b>{label}</b> — under way ({done}/{len(m.items)} ticked)")
            elif m.id == nxt:
                lines.append(f"▶️ <b>{label}</b> — next")
            elif m.on >= today:
                lines.append(f"⏳ {label}")
            elif done == len(m.items):
                lines.append(f"✅ {label}")
            elif m.last_day() < since:
                lines.append(f"⏺ {label} — passed before you started ({done}/{len(m.items)} ticked)")
            else:
                lines.append(f"⚠️ {label} — missed ({done}/{len(m.items)} done)")
        lines.append("")
        if any(m.estimated for m in milestones):
            lines.append("<i>Estimated dates follow the rules of past cycles until AAMC and NRMP publish "
                         "the official ones; open a milestone to see its rule.</i>")
        cycle = self.cal.source_for(answers["match_year"])
        if cycle:
            kind = "Official" if cycle.status == "official" else "Reported (confirm on aamc.org / nrmp.org)"
            lines.append(f"<i>{kind} dates: {esc(cycle.source)}.</i>")
        if any(m.last_day() < since for m in milestones):
            lines.append("Milestones that passed before you started get no reminders.")
        p = prefs(out.data)
        lines.append(f"🔔 Reminders {'on at %02d:00 (%s)' % (p['hour'], esc(p['tz'])) if p['reminders'] else 'off'}"
                     " · /settings")
        buttons = [Button(f"{'▶️ ' if m.id == nxt else ''}{clip(m.title.split(' (')[0], 30)}", f"tl:m:{m.id}")
                   for m in milestones]
        out.say("\n".join(lines), rows(buttons, 2))
        return True

    def milestone(self, ctx: Any, out: Outcome, mid: str, note: str = "") -> bool:
        m = self.cal.milestone(out.data.get("answers", {}), mid)
        if m is None:
            return self.timeline(ctx, out)
        ticked = out.data.get("ticks", {}).get(mid, [])
        lines = [note] if note else []
        lines += [f"<b>{esc(m.title)}</b>", f"📅 {esc(when(m))}"]
        if m.estimated:
            lines.append(f"<i>How this date is estimated: {esc(m.rule)}</i>")
        lines += ["", "Checklist (tap to tick):"]
        lines += [f"{'☑️' if i in ticked else '⬜'} {esc(text)}" for i, text in m.items]
        buttons = [Button(f"{'☑️' if i in ticked else '⬜'} {clip(text, 40)}", f"tl:t:{mid}:{i}")
                   for i, text in m.items]
        buttons.append(Button("◀️ Timeline", "tl:list"))
        out.say("\n".join(lines), rows(buttons, 1))
        return True

    def _timeline_choice(self, ctx: Any, out: Outcome, rest: str) -> bool:
        if self.busy(out.data):
            fire(out.data, "done")
        if rest == "list":
            return self.timeline(ctx, out)
        parts = rest.split(":")
        if parts[0] == "m" and len(parts) == 2:
            return self.milestone(ctx, out, parts[1])
        if parts[0] == "t" and len(parts) == 3 and parts[2].isdigit():
            mid, index = parts[1], int(parts[2])
            m = self.cal.milestone(out.data.get("answers", {}), mid)
            if m is None or index not in [i for i, _ in m.items]:
                return self.timeline(ctx, out)
            ticks = out.data.setdefault("ticks", {}).setdefault(mid, [])
            if index in ticks:
                ticks.remove(index)
            else:
                ticks.append(index)
            return self.milestone(ctx, out, mid)
        return self.timeline(ctx, out)

    # ------------------------------------------------------------------ settings
    def settings(self, out: Outcome, note: str = "") -> bool:
        p = prefs(out.data)
        lines = [note] if note else []
        lines += ["⚙️ <b>Reminder settings</b>",
                  f"Reminders: <b>{'on' if p['reminders'] else 'off'}</b>",
                  f"Time zone: <b>{esc(p['tz'])}</b>",
                  f"Hour: <b>{p['hour']:02d}:00</b> your time"]
        if not out.data.get("complete"):
            lines.append("Reminders start once your self-assessment is complete (they follow your Match year).")
        if not self.pushes:
            lines.append(NO_PUSH)
        toggle = Button("🔕 Turn off", "st:off") if p["reminders"] else Button("🔔 Turn on", "st:on")
        out.say("\n".join(lines), ((toggle,), (Button("🌍 Time zone", "st:tz"), Button("🕘 Hour", "st:hour"))))
        return True

    def _settings_choice(self, out: Outcome, rest: str) -> bool:
        data = out.data
        if rest in ("on", "off"):
            return self._save(out, "reminders", rest == "on",
                              "🔔 Reminders are on." if rest == "on" else "🔕 Reminders are off.")
        if rest == "tz":
            fire(data, "ask_tz")
            return self._ask_again(out)
        if rest.startswith("tz:") and rest[3:] in ZONES:
            return self._save(out, "tz", rest[3:], "Time zone saved.")
        if rest == "hour":
            fire(data, "ask_hour")
            return self._ask_again(out)
        if rest.startswith("h:") and rest[2:].isdigit() and int(rest[2:]) in HOURS:
            return self._save(out, "hour", int(rest[2:]), "Hour saved.")
        if self.busy(data):
            fire(data, "done")
        return self.settings(out)

    def _save(self, out: Outcome, key: str, value: Any, note: str) -> bool:
        """Store one preference, close any typed question, show the settings."""
        if self.busy(out.data):
            fire(out.data, "done")
        out.data.setdefault("prefs", dict(DEFAULT_PREFS))[key] = value
        return self.settings(out, note)

    def _ask_again(self, out: Outcome, note: str = "") -> bool:
        lines = [note] if note else []
        if out.data.get("settings_input") == TZ_INPUT:
            lines.append("Pick your time zone, or type a UTC offset (<code>UTC+5</code>, <code>-03:00</code>) "
                         "or a name like <code>Asia/Karachi</code>.")
            buttons = rows([Button(z, f"st:tz:{z}") for z in ZONES], 2)
        else:
            lines.append("At what hour (your time) should reminders arrive? Pick one or type 0–23.")
            buttons = rows([Button(f"{h:02d}:00", f"st:h:{h}") for h in HOURS], 5)
        out.say("\n".join(lines), buttons + ((Button("◀️ Settings", "st:menu"),),))
        return True

    def _typed(self, out: Outcome, text: str) -> bool:
        data = out.data
        value = text.strip()[:64]
        if data.get("settings_input") == TZ_INPUT:
            name = parse_timezone(value)
            if name is None:
                return self._ask_again(out, f"I don't know the time zone “{esc(value)}”. "
                                            "Try <code>Asia/Karachi</code> or <code>UTC+5:30</code>.")
            return self._save(out, "tz", name, "Time zone saved.")
        digits = value.split(":")[0].strip()
        if not digits.isdigit() or not 0 <= int(digits) <= 23:
            return self._ask_again(out, f"“{esc(value)}” is not an hour; type a number from 0 to 23, e.g. 9.")
        return self._save(out, "hour", int(digits), "Hour saved.")
