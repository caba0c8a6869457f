"""/programs: the rank list (order, moves, the PGY-1 programs linked to each advanced program) and the
lists as the user would enter them in NRMP's system."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from dialogs import callbacks as cb
from dialogs.flow import Context
from dialogs.program_list import PAGE, RANK_CODES, ListViews, match_year, pager, plist, warning_line, _day_how
from dialogs.program_reminders import RANK_NOTICE_DAYS
from dialogs.reply import Outcome, button, clip, esc, rows
from dialogs.session import Session
from dialogs.timeline_flow import settings_of
from knowledge.programs import INVITED, Links, Program, Report, ordered
from knowledge.timeline import day_text


class RankList:
    def __init__(self, views: ListViews):
        self.views = views
        self.kb, self.names, self.pushes = views.kb, views.names, views.pushes

    def rank(self, ctx: Context, out: Outcome, page: int, note: str = "") -> None:
        s = out.session
        pl = plist(s)
        ranked = pl.ranked()
        r = self.views.report(ctx, s)
        pages = max(1, (len(ranked) + PAGE - 1) // PAGE)
        page = min(page, pages - 1)
        shown = ranked[page * PAGE:(page + 1) * PAGE]
        candidates = sorted((q for q in pl.programs if not q.rank and q.status in INVITED),
                            key=lambda q: q.status != "interviewed")
        lines = [note, ""] if note else []
        lines.append(f"🏅 <b>Your rank list</b> — {len(ranked)} program{'s' * (len(ranked) != 1)} (primary list)")
        lines.append("<i>Rank in the order you would like to train there, not by where you think you will "
                     "match: the algorithm favours your preferences.</i>")
        lines += [self._rank_line(r, q) for q in shown]
        if pages > 1:
            lines.append(f"Page {page + 1} of {pages}")
        if candidates:
            lines.append(f"\nNot ranked yet: {len(candidates)} program{'s' * (len(candidates) != 1)} you were "
                         "invited to or interviewed at (➕ below).")
        lines += self._rank_dates(ctx, s, r, bool(ranked))
        lines += self._rank_warnings(r, {q.program for q in ranked})
        buttons = [button(clip(f"{q.rank}. {q.program}", 40), cb.PgRankItem(q.key)) for q in shown]
        buttons += [button(clip(f"➕ {q.program}", 40), cb.PgMove(q.key, "on")) for q in candidates[:6]]
        tail = [button("📄 As entered in NRMP", cb.PgFinal())] if ranked else []
        tail.append(button("📋 Program list", cb.PgHome()))
        out.say("\n".join(lines), rows(buttons, 2) + pager(page, pages, cb.PgRank) + (tuple(tail),))

    def _rank_line(self, r: Report, q: Program) -> str:
        line = f"{q.rank}. <b>{esc(q.program)}</b> ({esc(self.names[q.specialty])}, {esc(q.track)})"
        if q.track == "advanced":
            linked = r.supplemental.get(q.key) or ()
            line += " → PGY-1: " + (", ".join(esc(p.program) for p in linked) or "⚠️ none linked")
        return line

    def _rank_dates(self, ctx: Context, s: Session, r: Report, ranked: bool) -> list[str]:
        """Fees, when rank-list entry opens and closes, and when the reminder comes."""
        year = match_year(self.kb, s, ctx.today())
        lines = ["", f"💵 NRMP: {self._rank_fee_words(r)}",
                 f"📅 Rank-list entry opens {esc(_day_how(self.kb, 'rank_list_opens', year))}; certify by "
                 f"{esc(_day_how(self.kb, 'rank_list', year))}."]
        notice = self.kb.calendar.date_of("rank_list", year)[0] - timedelta(days=RANK_NOTICE_DAYS)
        if ranked and self.pushes and settings_of(s).reminders and notice >= ctx.today():
            lines.append(f"⏰ I will remind you on {esc(day_text(notice))}, {RANK_NOTICE_DAYS} days before.")
        return lines

    @staticmethod
    def _rank_warnings(r: Report, ranked_names: set[str]) -> list[str]:
        """The warnings about the rank list: those naming a ranked program, and those about the whole list."""
        warnings = [w for w in ordered(r.warnings) if w.code in RANK_CODES
                    and (w.program in ranked_names or w.program is None)]
        if not warnings:
            return []
        more = [f"… and {len(warnings) - 4} more (⚠️ All warnings)."] if len(warnings) > 4 else []
        return [""] + [warning_line(w) for w in warnings[:4]] + more

    def _rank_fee_words(self, r: Report) -> str:
        linked = len({q.key for qs in r.supplemental.values() for q in qs})
        return f"about ${r.nrmp_usd:,} for {len(r.primary)} primary and {linked} supplemental programs " \
               "(how it is worked out: 💵 Fees under /programs)"

    def rank_item(self, ctx: Context, out: Outcome, key: str, note: str = "") -> None:
        s = out.session
        pl = plist(s)
        q = pl.program(key)
        if q is None or not q.rank:
            self.rank(ctx, out, 0, note or "That program is not on your rank list.")
            return
        ranked = pl.ranked()
        i = next(j for j, p in enumerate(ranked) if p.key == key)
        lines = [note, ""] if note else []
        lines.append(f"🏅 <b>{q.rank}. {esc(q.program)}</b> ({esc(self.names[q.specialty])}, {esc(q.track)})")
        if i > 0:
            lines.append(f"Above it: {ranked[i - 1].rank}. {esc(ranked[i - 1].program)}")
        if i + 1 < len(ranked):
            lines.append(f"Below it: {ranked[i + 1].rank}. {esc(ranked[i + 1].program)}")
        b = [button("⬆️ Up", cb.PgMove(key, "up")), button("⬇️ Down", cb.PgMove(key, "down")),
             button("⏫ To the top", cb.PgMove(key, "top")), button("⏬ To the bottom", cb.PgMove(key, "bottom"))]
        if q.track == "advanced":
            b.append(button("🔗 PGY-1 programs", cb.PgLinks(key)))
        b += [button("❌ Take off the list", cb.PgMove(key, "off")), button("📋 The program", cb.PgOpen(key)),
              button("◀️ Rank list", cb.PgRank(i // PAGE))]
        out.say("\n".join(lines), rows(b, 2))

    def move(self, ctx: Context, out: Outcome, key: str, to: str) -> None:
        s = out.session
        pl = plist(s)
        q = pl.program(key)
        if q is None:
            self.rank(ctx, out, 0, "That program is no longer on your list.")
            return
        ranked = pl.ranked()
        keys = [p.key for p in ranked]
        if to == "on":
            if q.rank:
                self.rank_item(ctx, out, key)
                return
            if len(ranked) >= self.kb.season.ranks.max_ranks:
                self.rank(ctx, out, 0, f"NRMP takes at most {self.kb.season.ranks.max_ranks} programs on a list.")
                return
            keys.append(key)
        elif key not in keys:
            self.rank(ctx, out, 0, "That program is not on your rank list.")
            return
        else:
            i = keys.index(key)
            keys.pop(i)
            at = {"up": max(0, i - 1), "down": min(len(keys), i + 1), "top": 0, "bottom": len(keys)}.get(to)
            if at is not None:
                keys.insert(at, key)
        by_key = {p.key: p for p in pl.programs}
        pl.renumber([by_key[k] for k in keys])
        if to == "off":
            pl.programs = [replace(p, rank=None) if p.key == key else p for p in pl.programs]
            self.rank(ctx, out, 0, f"Took {esc(q.program)} off your rank list.")
            return
        note = "" if q.status == "interviewed" else "Programs rank only applicants they interviewed; keep its " \
                                                    "status up to date."
        self.rank_item(ctx, out, key, note)

    def links(self, ctx: Context, out: Outcome, key: str, note: str = "") -> None:
        s = out.session
        pl = plist(s)
        q = pl.program(key)
        if q is None or q.track != "advanced":
            self.rank(ctx, out, 0, "That program is no longer an advanced program on your list.")
            return
        linked = Links(pl.programs).of(q)
        pgy1 = [p for p in pl.programs if p.is_pgy1 and p.status not in ("withdrawn", "rejected")]
        pgy1.sort(key=lambda p: (p.key not in {x.key for x in linked}, p.status != "interviewed"))
        lines = [note, ""] if note else []
        lines += [f"🔗 <b>PGY-1 programs for {esc(q.program)}</b>",
                  "An advanced program starts at PGY-2: you need a preliminary or transitional year before it. "
                  "The PGY-1 programs you link form its supplemental rank list, in the order you tap them.",
                  "Linked: " + (", ".join(f"{i}. {esc(p.program)}" for i, p in enumerate(linked, 1)) or "none")]
        if not pgy1:
            lines.append("\nYou have no preliminary or transitional programs on your list yet: add them "
                         "(track preliminary or transitional) first.")
        ids = {p.key for p in linked}
        buttons = [button(clip(("☑️ " if p.key in ids else "⬜ ") + p.program, 40), cb.PgLink(key, p.key))
                   for p in pgy1[:40]]
        out.say("\n".join(lines), rows(buttons, 1) + ((button("➕ Add a program", cb.PgAdd()),
                                                       button("◀️ Back", cb.PgRankItem(key) if q.rank
                                                              else cb.PgOpen(key))),))

    def link(self, ctx: Context, out: Outcome, key: str, pgy1: str) -> None:
        s = out.session
        pl = plist(s)
        q, p = pl.program(key), pl.program(pgy1)
        if q is None or p is None or q.track != "advanced" or not p.is_pgy1:
            self.links(ctx, out, key, "That program is no longer on your list.")
            return
        refs = tuple(r for r in q.linked_prelim if not p.matches(r))  # a link by name, from before keys
        if p.key in q.links or len(refs) < len(q.linked_prelim):
            links, note = tuple(k for k in q.links if k != p.key), f"Unlinked {esc(p.program)}."
        else:
            links, note = (*q.links, p.key), f"Linked {esc(p.program)}."
        pl.replace(q, linked_prelim=refs, links=links)
        self.links(ctx, out, key, note)

    def final(self, ctx: Context, out: Outcome) -> None:
        """The lists as the user would type them into NRMP's system (split into several messages if long)."""
        s = out.session
        r = self.views.report(ctx, s)
        if not r.primary:
            self.rank(ctx, out, 0)
            return
        lines = ["📄 <b>Your lists, as you would enter them in NRMP's system</b>", "", "<b>Primary rank order list</b>"]
        lines += [f"{i}. {esc(q.program)} — {esc(self.names[q.specialty])}, {esc(q.track)}"
                  + (f" (ACGME {esc(q.acgme_id)})" if q.acgme_id else "") for i, q in enumerate(r.primary, 1)]
        groups: dict[tuple[str, ...], list[Program]] = {}
        for q in r.primary:
            linked = r.supplemental.get(q.key)
            if linked:
                groups.setdefault(tuple(p.key for p in linked), []).append(q)
        if groups:
            lines += ["", "<b>Supplemental rank order lists</b> (PGY-1 programs, each list linked to the advanced "
                      "programs named)"]
            by_key = {p.key: p for p in plist(s).programs}
            for n, (keys, advanced) in enumerate(groups.items()):
                lines.append(f"\nList {chr(65 + n % 26)}{n // 26 or ''} — linked to: "
                             + ", ".join(esc(a.program) for a in advanced))
                lines += [f"{i}. {esc(by_key[k].program)}" for i, k in enumerate(keys, 1)]
        lines += ["", f"💵 {self._rank_fee_words(r)}",
                  "<i>Enter and certify the lists yourself in NRMP's R3 system; a list that is not certified "
                  "by the deadline is not used.</i>"]
        out.say("\n".join(lines), ((button("🏅 Rank list", cb.PgRank(0)), button("📋 Program list", cb.PgHome())),))
