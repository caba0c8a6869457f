"""/timeline (milestones with checklists), /settings (reminders, time zone, hour) and reminder texts.

Preferences, the day the timeline started and ticks live in this flow's part of the session,
``TimelineState`` (sealed with the session).
A typed setting is this flow's mode ``TZ_INPUT`` or ``HOUR_INPUT``: two plain assignments, no
machine. The reminder rows are written by the bot's reminder scheduler whenever ``schedule_key``
changes; this module stays pure.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from typing import Any, Sequence

from dialogs import callbacks as cb
from dialogs.flow import CommandSpec, Context, Flow, Interruption
from dialogs.inputs import MakeFile
from dialogs.menu_flow import main_menu
from dialogs.reply import Button, Outcome, Reply, button, clip, esc, rows
from dialogs.session import NO_MODE, Part, Session
from knowledge.answers import country_name
from knowledge.timeline import Calendar, Milestone, day_text, reminder_times, zone
from knowledge.zones import Places, country_zones, find_zones, is_zone, offset_words, read_hour

NO_PUSH = "Reminders are sent only when I run in Telegram: this console cannot message you first."
ZONES = ("UTC", "Asia/Karachi", "Asia/Kolkata", "Asia/Dhaka", "Africa/Cairo", "Africa/Lagos",
         "Asia/Manila", "Europe/London", "America/New_York", "America/Sao_Paulo")
HOURS = (7, 9, 12, 18, 20)
TZ_INPUT = "tz_input"  # /settings: a typed time zone
HOUR_INPUT = "hour_input"  # /settings: a typed hour
SETTING_MODES = frozenset({TZ_INPUT, HOUR_INPUT})
#: The buttons that keep a typed setting open (picking one instead of typing it).
_SETTING_BUTTONS = (cb.AskZone, cb.SetZone, cb.AskHour, cb.SetHour)


@dataclass
class Prefs:
    reminders: bool = True
    tz: str = "UTC"
    hour: int = 9


@dataclass
class TimelineState(Part):
    """This flow's part of the session: reminder preferences (None until reminders were first offered),
    the day the timeline started (earlier milestones get no reminders) and the checklist items ticked."""

    KEY = "timeline"
    prefs: Prefs | None = None
    started: str | None = None  # ISO date
    ticks: dict[str, list[int]] = field(default_factory=dict)

    @property
    def settings(self) -> Prefs:
        """The reminder preferences in force (defaults before the user set any)."""
        return self.prefs or Prefs()

    def since(self, today: date) -> date:
        return date.fromisoformat(self.started) if self.started else today

    @classmethod
    def from_json(cls, data: Any) -> "TimelineState":
        if not isinstance(data, dict):
            return cls()
        prefs = data.get("prefs")
        return cls(Prefs(**{k: prefs[k] for k in ("reminders", "tz", "hour") if k in prefs})
                   if isinstance(prefs, dict) else None,
                   data.get("started") if isinstance(data.get("started"), str) else None,
                   {str(k): [int(i) for i in v] for k, v in (data.get("ticks") or {}).items()})

    def to_json(self) -> Any:
        out = {"prefs": asdict(self.prefs) if self.prefs is not None else None, "started": self.started,
               "ticks": self.ticks or None}
        return {k: v for k, v in out.items() if v is not None} or None


def settings_of(session: Session) -> Prefs:
    """A user's reminder preferences in force (read by the program list's interview reminders too)."""
    return session.part(TimelineState).settings


def schedule_key(session: Session) -> tuple[Any, ...]:
    """What the reminder schedule depends on; the bot reschedules when it changes."""
    p = session.part(TimelineState).prefs
    if not (session.complete and p is not None and p.reminders):
        return (False,)  # no reminders: answers changing during the assessment reschedule nothing
    a = session.answers
    return (True, a.get("match_year"), a.get("visa"), a.get("step3"), a.get("step2_ck_score") is None, p.tz, p.hour)


def schedule(calendar: Calendar, session: Session, now: datetime) -> list[tuple[str, datetime]]:
    """The reminders a user should have from ``now`` on (none when reminders are off)."""
    if not schedule_key(session)[0]:
        return []
    p = settings_of(session)
    return reminder_times(calendar.for_user(session.answers), p.tz, p.hour, now)


def when(m: Milestone) -> str:
    """ "Thu 1 Oct 2026 – Sun 31 Jan 2027 (estimated)", "Wed 3 Jun 2026 (reported)" """
    return f"{day_text(m.on)} – {day_text(m.ends, m.how)}" if m.ends else day_text(m.on, m.how)


def reminder_reply(calendar: Calendar, session: Session, milestone_id: str, today: date) -> Reply | None:
    """The reminder message for one milestone, or None if it is no longer on the user's timeline.
    A reminder that arrives after its day (downtime) says so."""
    m = calendar.milestone(session.answers, milestone_id)
    if m is None:
        return None
    late = today > m.last_day()
    lines = [f"⏰ <b>{esc(m.title)}</b> — {esc(when(m))}"]
    if late:
        lines.append(f"<i>Sent late: this was due on {esc(day_text(m.on))} and I could not send it then.</i>")
    lines += ["", "What to do:"] + [f"• {esc(text)}" for _, text in m.items]
    if m.estimated:
        lines += ["", f"<i>Estimated date: {esc(m.rule)} Check the official calendar.</i>"]
    return Reply("\n".join(lines), ((button("☑️ Open the checklist", cb.MilestoneOpen(m.id)),
                                     button("⚙️ Reminder settings", cb.Settings())),))


def _status_line(m: Milestone, today: date, since: date, is_next: bool, ticked: list[int], now: bool = False) -> str:
    """One milestone in the timeline: under way (``now``: the planning phase the user is in), next, ahead,
    done, passed before the user started, or missed."""
    done = len([i for i, _ in m.items if i in ticked])
    label = f"{esc(when(m))} · {esc(m.title)}"
    if m.under_way(today) or now:
        return f"🔶 <b>{label}</b> — under way ({done}/{len(m.items)} ticked)"
    if is_next:
        return f"▶️ <b>{label}</b> — next"
    if m.on >= today:
        return f"⏳ {label}"
    if done == len(m.items):
        return f"✅ {label}"
    if m.last_day() < since:
        return f"⏺ {label} — passed before you started ({done}/{len(m.items)} ticked)"
    return f"⚠️ {label} — missed ({done}/{len(m.items)} done)"


class TimelineFlow(Flow):
    """The timeline, checklists and reminder settings; ``pushes`` is False in the console."""

    name = "timeline"
    modes = SETTING_MODES
    buttons = (cb.Timeline, cb.TimelineIcs, cb.MilestoneOpen, cb.Tick, cb.Settings, cb.RemindersOn, cb.RemindersOff,
               cb.AskZone, cb.SetZone, cb.AskHour, cb.SetHour)
    retype_hint = " Please type it as a message."

    def __init__(self, calendar: Calendar, pushes: bool = True, places: Places | None = None):
        self.cal = calendar
        self.pushes = pushes
        self.places = places or Places()

    def commands(self) -> Sequence[CommandSpec]:
        return (CommandSpec("timeline", "Your application timeline and checklists",
                            lambda ctx, out, arg: self.timeline(ctx, out), 7),
                CommandSpec("settings", "Reminders: on/off, time zone, hour",
                            lambda ctx, out, arg: self.settings(ctx, out), 8))

    # ------------------------------------------------------------------ the Flow hooks
    def on_button(self, ctx: Context, out: Outcome, data: cb.Callback) -> None:
        self.choice(ctx, out, data)

    def on_text(self, ctx: Context, out: Outcome, text: str) -> None:
        self.typed(ctx, out, text)

    def prompt(self, ctx: Context, out: Outcome, note: str = "") -> None:
        self.ask(ctx, out, note)

    def interrupted(self, ctx: Context, out: Outcome, by: Interruption) -> None:
        """A typed setting ends without a word at anything but a button that sets it."""
        if not isinstance(by.button, _SETTING_BUTTONS):
            out.session.mode = NO_MODE

    def cancel(self, ctx: Context, out: Outcome) -> bool:
        if out.session.mode not in SETTING_MODES:
            return False
        out.session.mode = NO_MODE
        out.say("Nothing was changed.", main_menu())
        return True

    def offer_reminders(self, ctx: Context, out: Outcome) -> None:
        """When the assessment is confirmed: reminders on by default (off in the console, which cannot push)."""
        s, mine = out.session, out.session.part(TimelineState)
        first = mine.prefs is None
        if first:
            mine.prefs = Prefs(reminders=self.pushes)
        mine.started = mine.started or ctx.today().isoformat()
        year = s.answers.get("match_year")
        if not self.pushes:
            out.say(f"🗓 Your {year} Match timeline is ready: /timeline lists each milestone and what to do. "
                    f"{NO_PUSH}", ((button("🗓 Open my timeline", cb.Timeline()),),))
            return
        p = mine.settings
        if not p.reminders:
            return
        text = (f"🔔 Reminders are {'on' if first else 'still on'}: I will message you at "
                f"{p.hour:02d}:00 ({esc(self._zone_words(ctx, p.tz))}) on each milestone of your {year} Match "
                "timeline.")
        suggest = self._suggest(ctx, s)
        if suggest:
            text += " If that is not where you are, pick your time zone below."
        out.say(text, ((*suggest,),) * bool(suggest) + (
            (button("🔕 Turn off", cb.RemindersOff()), button("⚙️ Time zone and hour", cb.Settings())),
            (button("🗓 Open my timeline", cb.Timeline()),)))

    # ------------------------------------------------------------------ timeline
    def timeline(self, ctx: Context, out: Outcome) -> None:
        s = out.session
        milestones = self.cal.for_user(s.answers)
        if not milestones:
            out.say("Your timeline is built from your Match year. Answer that in the self-assessment first.",
                    ((button("📝 Self-assessment", cb.Menu("assess")),),))
            return
        today = ctx.today()
        mine = s.part(TimelineState)
        since = mine.since(today)
        upcoming = [m for m in milestones if m.on >= today]
        nxt = upcoming[0].id if upcoming else None
        lines = [f"🗓 <b>Your timeline — {s.answers['match_year']} Match</b>", ""]
        now = self._phase_now(milestones, today)
        lines += [_status_line(m, today, since, m.id == nxt, mine.ticks.get(m.id, []), m.id == now) for m in milestones]
        lines.append("")
        lines += self._notes(s, milestones, since)
        buttons = [button(f"{'▶️ ' if m.id == nxt else ''}{clip(m.title.split(' (')[0], 30)}", cb.MilestoneOpen(m.id))
                   for m in milestones]
        out.say("\n".join(lines), rows(buttons, 2) + ((button("📅 Add to my calendar (.ics)", cb.TimelineIcs()),),))

    def _phase_now(self, milestones: list[Milestone], today: date) -> str | None:
        """The planning phase ("Lay the groundwork", dated months before the Match) that ``today`` falls in: it
        lasts until the next milestone begins, so a user who starts in it is in it, not past it."""
        planning = {d.id for d in self.cal.milestones if d.rule.startswith("months_before")}
        for m, after in zip(milestones, milestones[1:]):
            if m.id in planning and m.ends is None and m.on <= today < after.on:
                return m.id
        return None

    def _notes(self, s: Session, milestones: list[Milestone], since: date) -> list[str]:
        """Under the timeline: how dates are known, and the reminder settings."""
        lines = []
        if any(m.estimated for m in milestones):
            lines.append("<i>Estimated dates follow the rules of past cycles until AAMC and NRMP publish "
                         "the official ones; open a milestone to see its rule.</i>")
        cycle = self.cal.source_for(s.answers["match_year"])
        if cycle:
            kind = "Official" if cycle.status == "official" else "Reported (confirm on aamc.org / nrmp.org)"
            lines.append(f"<i>{kind} dates: {esc(cycle.source)}.</i>")
        if any(m.last_day() < since for m in milestones):
            lines.append("Milestones that passed before you started get no reminders.")
        p = settings_of(s)
        lines.append(f"🔔 Reminders {'on at %02d:00 (%s)' % (p.hour, esc(p.tz)) if p.reminders else 'off'}"
                     " · /settings")
        return lines

    def milestone(self, ctx: Context, out: Outcome, mid: str) -> None:
        m = self.cal.milestone(out.session.answers, mid)
        if m is None:
            self.timeline(ctx, out)
            return
        ticked = out.session.part(TimelineState).ticks.get(mid, [])
        lines = [f"<b>{esc(m.title)}</b>", f"📅 {esc(when(m))}"]
        if m.estimated:
            lines.append(f"<i>How this date is estimated: {esc(m.rule)}</i>")
        lines += ["", "Checklist (tap to tick):"]
        lines += [f"{'☑️' if i in ticked else '⬜'} {esc(text)}" for i, text in m.items]
        buttons = [button(f"{'☑️' if i in ticked else '⬜'} {clip(text, 40)}", cb.Tick(mid, i)) for i, text in m.items]
        buttons.append(button("◀️ Timeline", cb.Timeline()))
        out.say("\n".join(lines), rows(buttons, 1))

    def tick(self, ctx: Context, out: Outcome, mid: str, index: int) -> None:
        m = self.cal.milestone(out.session.answers, mid)
        if m is None or index not in [i for i, _ in m.items]:
            self.timeline(ctx, out)
            return
        ticks = out.session.part(TimelineState).ticks.setdefault(mid, [])
        if index in ticks:
            ticks.remove(index)
        else:
            ticks.append(index)
        self.milestone(ctx, out, mid)

    # ------------------------------------------------------------------ settings
    def _zone_words(self, ctx: Context, name: str) -> str:
        return f"{name} ({offset_words(name, ctx.today())})" if "/" in name else name

    def _likely_zone(self, s: Session) -> tuple[str, str] | None:
        """(zone, country) the user's nationality suggests, when the country has one zone and the reminders
        still run on the default UTC: offered, never set (where one lives is not one's nationality)."""
        code = s.answers.get("citizenship")
        if settings_of(s).tz != "UTC" or not isinstance(code, str):
            return None
        zones = country_zones(self.places, code)
        name = country_name(code)
        return (zones[0], name) if len(zones) == 1 and name else None

    def _suggest(self, ctx: Context, s: Session) -> tuple[Button, ...]:
        likely = self._likely_zone(s)
        if likely is None:
            return ()
        zone_name, country = likely
        return (button(f"🌍 Use {clip(country, 20)} time ({offset_words(zone_name, ctx.today())})",
                       cb.SetZone(zone_name)),)

    def settings(self, ctx: Context, out: Outcome, note: str = "") -> None:
        s = out.session
        s.mode = NO_MODE if s.mode in SETTING_MODES else s.mode
        p = settings_of(s)
        lines = [note] if note else []
        lines += ["⚙️ <b>Reminder settings</b>",
                  f"Reminders: <b>{'on' if p.reminders else 'off'}</b>",
                  f"Time zone: <b>{esc(self._zone_words(ctx, p.tz))}</b>",
                  f"Hour: <b>{p.hour:02d}:00</b> your time"]
        if not s.complete:
            lines.append("Reminders start once your self-assessment is complete (they follow your Match year).")
        if not self.pushes:
            lines.append(NO_PUSH)
        toggle = button("🔕 Turn off", cb.RemindersOff()) if p.reminders else button("🔔 Turn on", cb.RemindersOn())
        suggest = self._suggest(ctx, s)
        out.say("\n".join(lines), ((toggle,), *((suggest,) if suggest else ()),
                                    (button("🌍 Time zone", cb.AskZone()), button("🕘 Hour", cb.AskHour()))))

    def choice(self, ctx: Context, out: Outcome, data: cb.Callback) -> None:
        """A timeline or settings button."""
        match data:
            case cb.Timeline():
                self.timeline(ctx, out)
            case cb.TimelineIcs():
                if self.cal.for_user(out.session.answers):
                    out.effects.append(MakeFile("ics", buttons=((button("🗓 My timeline", cb.Timeline()),
                                                                  button("⚙️ Reminder settings", cb.Settings())),)))
                else:
                    self.timeline(ctx, out)
            case cb.MilestoneOpen(milestone=mid):
                self.milestone(ctx, out, mid)
            case cb.Tick(milestone=mid, item=index):
                self.tick(ctx, out, mid, index)
            case cb.RemindersOn() | cb.RemindersOff():
                on = isinstance(data, cb.RemindersOn)
                self.save(ctx, out, reminders=on, note="🔔 Reminders are on." if on else "🔕 Reminders are off.")
            case cb.AskZone():
                out.session.mode = TZ_INPUT
                self.ask(ctx, out)
            case cb.AskHour():
                out.session.mode = HOUR_INPUT
                self.ask(ctx, out)
            case cb.SetZone(zone=name) if is_zone(name):
                self.save_zone(ctx, out, name)
            case cb.SetHour(hour=hour) if 0 <= hour <= 23:
                self.save_hour(ctx, out, hour)
            case _:
                self.settings(ctx, out)

    def save(self, ctx: Context, out: Outcome, note: str, **changes: Any) -> None:
        """Store preferences, close any typed question, show the settings."""
        mine = out.session.part(TimelineState)
        mine.prefs = Prefs(**{**vars(mine.settings), **changes})
        self.settings(ctx, out, note)

    def save_zone(self, ctx: Context, out: Outcome, new: str) -> None:
        """A time zone, saved with what it changed: the old zone, and the hour reminders reach the user now
        against the hour they came before (09:00 UTC was 14:00 in Karachi)."""
        old = settings_of(out.session)
        words = esc(self._zone_words(ctx, new))
        if old.tz == new:
            self.save(ctx, out, tz=new, note=f"Time zone kept: {words}.")
            return
        note = f"✅ Time zone saved: {words}, was {esc(self._zone_words(ctx, old.tz))}."
        came = datetime.combine(ctx.today(), time(old.hour), zone(old.tz)).astimezone(zone(new))
        if old.reminders and came.hour != old.hour:
            note += f" Reminders now come at {old.hour:02d}:00 your time (until now at {came:%H:%M} your time)."
        self.save(ctx, out, tz=new, note=note)

    def save_hour(self, ctx: Context, out: Outcome, hour: int) -> None:
        """An hour, saved with the hour it replaces."""
        old = settings_of(out.session).hour
        note = (f"Hour kept: {hour:02d}:00." if old == hour
                else f"✅ Hour saved: {hour:02d}:00 your time, was {old:02d}:00.")
        self.save(ctx, out, hour=hour, note=note)

    def ask(self, ctx: Context, out: Outcome, note: str = "", zones: Sequence[str] = (),
            hours: Sequence[int] = ()) -> None:
        lines = [note] if note else []
        if out.session.mode == TZ_INPUT:
            if not zones:
                lines.append("Where are you? Type your city or country (<code>Lahore</code>, <code>Pakistan</code>), "
                             "or an offset (<code>UTC+5</code>), or pick one:")
            likely = self._likely_zone(out.session)
            offered = list(dict.fromkeys([*zones] or [*([likely[0]] if likely else []), *ZONES]))[:10]
            buttons = rows([button(clip(self._zone_words(ctx, z), 40), cb.SetZone(z)) for z in offered], 2)
        else:
            if not hours:
                lines.append("At what hour (your time) should reminders arrive? Pick one, or type it "
                             "(<code>8pm</code>, <code>20:00</code>, <code>9</code>).")
            buttons = rows([button(f"{h:02d}:00", cb.SetHour(h)) for h in hours or HOURS], 5)
        out.say("\n".join(lines), buttons + ((button("« Settings", cb.Settings()),),))

    def typed(self, ctx: Context, out: Outcome, text: str) -> None:
        """A typed time zone (a city, a country, an offset...) or hour ("8pm", "20:00")."""
        value = text.strip()[:64]
        if out.session.mode == TZ_INPUT:
            found = find_zones(self.places, value)
            if len(found) == 1:
                self.save_zone(ctx, out, found[0])
            elif found:
                self.ask(ctx, out, f"“{esc(value)}” could be one of these; which is yours?", zones=found)
            else:
                self.ask(ctx, out, f"I don't know the time zone or place “{esc(value)}”.")
            return
        read = read_hour(value)
        if read is None:
            self.ask(ctx, out, f"“{esc(value)}” is not an hour I can read; type it like <code>8pm</code>, "
                               "<code>20:00</code> or <code>9</code>.")
            return
        hour, minutes = read
        if minutes:  # never store what was not said: 9:30 is neither 9 nor 10
            self.ask(ctx, out, f"“{esc(value)}” is not an hour on the dot, and reminders come on the hour: "
                               f"{hour:02d}:00 or {(hour + 1) % 24:02d}:00?", hours=(hour, (hour + 1) % 24))
            return
        self.save_hour(ctx, out, hour)
