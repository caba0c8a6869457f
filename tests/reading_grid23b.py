"""Issue 23, round 23b: stress grids of generated replies. The first is at the Match: a span of two years ("the
2027-28 cycle", "27/28", "2027-2028 academic year") names the application season ending in its second year's Match,
or the academic year that is the first residency year of its first year's Match, so it is asked unless the same reply
settles it. Each reply is labelled by rule with the values a careful reader may store; ``ASK`` means asked or
refused. A reply is wrong when a value outside its label is stored. Used by ``tests/test_reading_round23b.py``."""

from __future__ import annotations

import itertools
from typing import Any

ASK = "ask"
M = "match_year"
Item = tuple[str, str, str, set[Any]]


def _span_forms(a: int) -> list[str]:
    b = a + 1
    return [f"{a}-{b % 100}", f"{a}-{b}", f"{a}/{b}", f"{a % 100}-{b % 100}", f"{a % 100}/{b % 100}", f"{a} - {b % 100}",
            f"{a}–{b}", f"{a}/{b % 100}"]


def span_grid() -> list[Item]:
    """(rule, question, reply, the values it may be stored as) at the Match question; today is 30 Nov 2026."""
    items: list[Item] = []

    def add(rule: str, text: str, *allowed: Any) -> None:
        items.append((rule, M, text, set(allowed)))

    for a, form in ((a, f) for a in (2027, 2028) for f in _span_forms(a)):
        b = a + 1
        for frame in ("{}", "the {} cycle", "cycle {}", "the {} season", "{} season", "the {} year", "aiming {}",
                      "probably the {} cycle", "{} cycle inshallah", "{} academic year", "targeting the {} cycle!",
                      "for {}", "{} hopefully"):
            add("bare_span", frame.format(form), ASK)
        add("settled_match", f"the {form} cycle, Match {b}", b, ASK)
        add("settled_match", f"{form} season, i.e. the {b} match", b, ASK)
        add("settled_eras", f"{form} cycle, ERAS {b}", b, ASK)
        add("settled_sent", f"{form} cycle, applying September {a}", b, ASK)
        add("settled_sent", f"the {form} season, will submit ERAS in sept {a}", b, ASK)
        add("settled_start", f"{form}, starting residency July {a}", a, ASK)
        add("settled_start", f"{form} academic year, starting residency in july {a}", a, ASK)
        add("conflict", f"{form} cycle, Match {a} or {b}", ASK)
        add("conflict", f"{form}, ERAS {b} or {b + 1} not sure", ASK)
        add("conflict", f"{form} cycle, starting residency July {b} hopefully, match {a}", ASK)
        add("outside", f"{form} cycle, Match {b + 2}", ASK)
    for form in _span_forms(2026):
        add("past", f"the {form} cycle", 2027, ASK)
        add("past", f"this cycle ({form})", 2027, ASK)
    for a, gap in itertools.product((2027, 2028), (2, 3)):
        add("wide", f"{a}-{(a + gap) % 100}", ASK)
        add("wide", f"the {a}-{a + gap} cycles", ASK)
    return items


R, V = "research", "visa"
NONE, NON, RAD = "none", "non_radiology", "radiology"
GC, J1, H1 = "no_visa_needed", "j1_ok", "h1b_only"


def research_visa_grid() -> list[Item]:
    """(rule, question, reply, the values it may be stored as) at the research and visa questions, from the kinds
    earlier rounds' notes list: work under review, posters and abstracts, imaging in another field, someone else's
    papers, J-1 ruled out or accepted, preferences, conditions, a green card pending, dual status."""
    items: list[Item] = []

    def add(rule: str, q: str, text: str, *allowed: Any) -> None:
        items.append((rule, q, text, {*allowed, ASK}))

    rad = ["CT findings in stroke", "MRI in multiple sclerosis", "ultrasound in appendicitis", "chest x-ray in TB",
           "mammography screening"]
    other = ["heart failure outcomes", "diabetic foot ulcers", "covid vaccine uptake", "depression in students",
             "appendectomy complications"]
    fields = ["cardiology", "surgery", "psychiatry", "internal medicine", "pediatrics"]
    for topic in rad:
        add("rad_output", R, f"published a paper on {topic}", RAD)
        add("rad_output", R, f"a poster on {topic} at a national conference", RAD)
        add("rad_output", R, f"one abstract about {topic}", RAD)
        add("rad_output", R, f"case report: {topic}", RAD)
        add("under_review", R, f"a paper on {topic}, under review", NONE)
        add("under_review", R, f"submitted a manuscript on {topic}, awaiting decision", NONE)
        add("under_review", R, f"abstract on {topic} submitted to RSNA, waiting to hear back", NONE)
        add("others", R, f"my brother published a paper on {topic}, I have nothing yet", NONE)
        add("others", R, f"my friend has a poster on {topic}")
        add("others", R, f"our department has a paper on {topic} but I am not an author", NONE)
        add("plan", R, f"planning a project on {topic} next year", NONE)
        add("plan", R, f"nothing published, working on {topic}", NONE)
        add("rejected", R, f"abstract on {topic} got rejected", NONE)
    for topic, field in zip(other, fields):
        add("other_output", R, f"published a paper on {topic}", NON)
        add("other_output", R, f"2 posters in {field}", NON)
        add("other_output", R, f"one abstract in {field}, nothing in imaging", NON)
        add("other_output", R, f"no radiology research, but 3 {field} papers", NON)
        add("other_under_review", R, f"1 {field} paper published, a radiology one under review", NON)
        add("other_under_review", R, f"a {field} paper under review", NONE)
        add("other_others", R, f"my husband has {field} papers, none for me", NONE)
        add("imaging_other_field", R, f"a {field} paper with CT images", NON, RAD)
        add("imaging_other_field", R, f"{field} case report, imaging was not the focus", NON)
        add("mixed", R, f"one {field} paper and a radiology poster", RAD)
        add("mixed", R, f"{field} poster, and a CT abstract under review", NON)
    for form in ("poster on echo findings at a cardiology conference", "cardiology paper on cardiac MRI",
                 "neurology abstract on MRI in epilepsy", "ob/gyn poster on fetal ultrasound"):
        add("imaging_other_field", R, form, RAD)
    for form in ("thesis on CT in trauma", "my dissertation in cardiology", "research year in a lab, no papers yet",
                 "I did research but nothing came out of it", "I have a paper", "some research"):
        add("unsettled", R, form, NONE)

    # ---- visa
    for j in ("J1", "J-1", "j1", "J 1"):
        add("j1_ok", V, f"{j} is fine", J1)
        add("j1_ok", V, f"happy with {j}", J1)
        add("j1_ok", V, f"{j} works for me", J1)
        add("j1_ok", V, f"ok with a {j}, I'll do a waiver job later", J1)
        add("j1_out", V, f"no {j} for me", H1)
        add("j1_out", V, f"{j} is not an option, I have the 2 year rule already", H1)
        add("j1_out", V, f"can't do {j}", H1)
        add("j1_out", V, f"won't take {j}, H1B only", H1)
        add("prefer_h1b", V, f"prefer H1B but {j} is ok", J1)
        add("prefer_h1b", V, "prefer H1B")
        add("prefer_h1b", V, "ideally H1B")
        add("prefer_h1b", V, f"would rather avoid {j}", H1)
        add("prefer_j1", V, f"I'd rather {j}", J1)
        add("condition", V, f"{j} if I have to", J1)
        add("condition", V, f"H1B if possible, otherwise {j}", J1)
        add("condition", V, f"{j} only if no program offers H1B", J1)
        add("condition", V, f"H1B unless the program only takes {j}", J1)
        add("condition", V, f"{j} is fine if the program does not sponsor H1B", J1)
        add("gc_pending_j1", V, f"green card pending, {j} fine meanwhile", J1)
        add("not_citizen", V, f"not a US citizen, {j} is ok", J1)
    for gc in ("green card pending", "GC in process", "I-485 filed, waiting", "waiting for my green card",
               "green card interview next month", "applied for GC through my husband", "priority date not current yet",
               "my green card should come next year", "GC approved soon hopefully", "green card is being processed",
               "I will get my green card before residency", "green card application pending, on EAD now"):
        add("gc_pending", V, gc)
    for two in ("US citizen and Indian citizen", "dual citizen: USA and Pakistan", "I hold a green card and a Nigerian "
                "passport", "Canadian and American citizen", "green card holder, Egyptian passport",
                "US citizen by birth, raised in India", "I'm both a US and Jordanian national", "I have US citizenship "
                "as well as Indian"):
        add("dual_us", V, two, GC)
    for two in ("dual citizen UK and Pakistan", "Canadian and Indian citizen", "I have Irish and Nigerian passports",
                "British and Egyptian nationality"):
        add("dual_foreign", V, two, J1, H1)
    for rel in ("my wife", "my husband", "my brother", "my father", "my sister"):
        add("others", V, f"{rel} has a green card")
        add("others", V, f"{rel} is a US citizen")
        add("others", V, f"{rel} is on H1B")
        add("others_own", V, f"{rel} has a green card and so do I", GC)
        add("others_own", V, f"{rel} is on H1B, J1 is fine for me", J1)
    for now in ("on H1B now", "currently on a J1 research visa", "H4 EAD", "F1 OPT", "on B1/B2", "TN visa holder",
                "asylum pending", "DACA"):
        add("current_status", V, now)
        add("current_status_plus", V, f"{now}, J1 is fine for residency", J1)
    for goal in ("want a green card eventually, J1 fine for now", "aiming for a green card later, J-1 ok",
                 "end goal is GC, happy with J1"):
        add("goal", V, goal, J1)
    for goal in ("aiming for a green card", "my goal is to get a green card", "hoping for GC through the lottery"):
        add("goal_only", V, goal)
    for j in ("J1", "J-1", "the J1"):  # found by the grid: "avoid" and "hate" read as J-1 fine
        add("avoid_j1", V, f"would rather avoid {j}", H1)
        add("avoid_j1", V, f"I want to avoid {j}", H1)
        add("avoid_j1", V, f"trying to avoid {j} because of the home rule", H1)
        add("avoid_j1", V, f"avoiding {j} if I can", H1)
        add("hate_j1", V, f"hate {j} idea")
        add("hate_j1", V, f"I dislike {j} but will take it if needed", J1)
        add("last_resort", V, f"{j} is my last resort", J1)
        add("last_resort", V, f"{j} is plan B", J1)
    for j in ("J1", "J-1"):  # found by the grid's second batch: a refusal after the J-1 read as J-1 fine
        add("j1_refused_after", V, f"{j} never", H1)
        add("j1_refused_after", V, f"{j} no thanks", H1)
        add("j1_refused_after", V, f"{j} unacceptable", H1)
        add("j1_refused_after", V, f"{j}? never", H1)
    for rel in ("my kids are", "my kid is", "my children are", "my partner is", "my family are", "my baby is"):
        add("others_citizen", V, f"{rel} US citizens" if rel.endswith("are") else f"{rel} a US citizen")
    for gc in ("green card coming in 2027", "GC coming in a few months", "green card coming in march"):
        add("gc_pending", V, gc)
    for form in ("acknowledged in a radiology paper", "I was acknowledged in a CT study",
                 "acknowledgement in a cardiology paper"):
        add("acknowledged", R, form, NONE)
    for gone in ("I gave up my green card", "abandoned my green card", "green card holder until 2020",  # third batch
                 "former US citizen", "US citizen? I wish", "green card in hand by june", "J1 fine until I get GC",
                 "I surrendered my green card", "I renounced my US citizenship", "ex green card holder",
                 "green card? I wish", "H1B only till my green card comes"):
        add("status_not_held", V, gone, *((J1,) if "J1 fine" in gone else (H1,) if "H1B only" in gone else ()))
    for j in ("J1", "J-1", "the J1"):
        add("no_to_j1", V, f"nope to {j}", H1)
        add("no_to_j1", V, f"nah for {j}", H1)
        add("no_to_j1", V, f"{j} 🙅", H1)
        add("no_to_j1", V, f"{j} 🚫", H1)
    for form in ("green card holder since 2020", "I have had my GC since 2019", "US citizen", "permanent resident"):
        add("status_held", V, form, GC)
    for topic, field in zip(rad, fields):  # the fourth batch: work not accepted or retracted
        add("not_out", R, f"an abstract on {topic}, not accepted", NONE)
        add("not_out", R, f"my paper on {topic} was retracted", NONE)
        add("not_out", R, f"{field} paper, an abstract on {topic} not accepted", NON)
        add("not_out", R, f"a {field} poster, not yet accepted", NONE)
    for field in fields:  # found by the grid: imaging said to play no part read as radiology
        add("imaging_no_part", R, f"{field} case report, imaging was not the focus", NON)
        add("imaging_no_part", R, f"a {field} paper, imaging had no role", NON)
        add("imaging_no_part", R, f"{field} poster, no imaging involved", NON)
        add("imaging_no_part", R, f"a {field} paper, nothing to do with imaging", NON)
        add("imaging_no_part", R, f"{field} abstract, radiology was not involved", NON)
    return items
