"""Issue 23, round 22b: a stress grid of generated replies at the score, failures, graduation year, Match and
nationality questions, built from the kinds the earlier rounds' notes list (someone else's numbers, practice scores,
ranges, several Steps with attempts, totals and restatements, years of other events, relative years, cycles,
corrections, dual nationality and origin, places that are not countries). Each reply is labelled by rule with the
values a careful reader may store; ``ASK`` means asked or refused. A reply is wrong when a value outside its label is
stored. Used by ``tests/test_reading_round22b.py``."""

from __future__ import annotations

import itertools
from typing import Any

ASK = "ask"
S, F, Y, M, C = "step2_ck_score", "usmle_failures", "graduation_year", "match_year", "citizenship"


def grid() -> list[tuple[str, str, str, set[Any]]]:
    """(rule, question, reply, the values it may be stored as)."""
    items: list[tuple[str, str, str, set[Any]]] = []

    def add(rule: str, q: str, text: str, *allowed: Any) -> None:
        items.append((rule, q, text, set(allowed)))

    # ---- scores
    for rel, n, m in itertools.product(["my wife", "my brother", "my friend", "my roommate"], [251, 262], [238]):
        add("others_score", S, f"{rel} got {n} on CK, mine is next month", ASK, None)
        add("others_score", S, f"{rel} scored {n} in step 2, I haven't written it yet", ASK, None)
        add("others_score_own", S, f"{rel} got {n} on CK and I got {m}", m, ASK)
        add("others_score_own", S, f"I got {m}, {rel} got {n}", m, ASK)
    for p, n in itertools.product([231, 245, 258], [240, 249]):
        add("practice", S, f"NBME {p}, real CK {n}", n, ASK)
        add("practice", S, f"UWSA2 was {p} and actual score {n}", n, ASK)
        add("practice_only", S, f"UWSA2 {p}, exam next month", ASK, None)
        add("practice_only", S, f"my NBMEs are around {p}, haven't taken the real one", ASK, None)
        add("range", S, f"somewhere {p}-{p+5}", ASK)
        add("step1_score", S, f"Step 1 {p}, CK {n}", n, ASK)
        add("step1_score", S, f"{p} on step 1 and {n} on step 2", n, ASK)
        add("step3_score", S, f"step 3 {p}, CK not taken yet", ASK, None)
        add("fail_then", S, f"first attempt {p - 30} (fail), second {n}", n, ASK)
        add("correction", S, f"{p}, sorry I mean {n}", n, ASK)
        add("hedge", S, f"around {n} i think", ASK)
    # ---- failures
    W = {1: "once", 2: "twice", 3: "three times"}
    for a, b in itertools.product([0, 1, 2], [0, 1, 2]):
        if a == b == 0:
            continue
        sa = f"failed step 1 {W[a]}" if a else "step 1 first attempt"
        sb = f"failed CK {W[b]}" if b else "CK first attempt"
        add("several_steps", F, f"{sa}, {sb}", a + b, ASK)
        add("several_steps", F, f"{sa} and {sb}. step 3 not yet", a + b, ASK)
    for k in [1, 2, 3]:
        ordn = {1: "second", 2: "third", 3: "fourth"}[k]
        add("pass_on_nth", F, f"passed step 1 on the {ordn} attempt, CK first attempt", k, ASK)
        add("pass_on_nth", F, f"cleared CK in {ordn} attempt, rest first go", k, ASK)
        add("plab", F, f"failed PLAB 1 {W[k]} but never a USMLE exam", 0, ASK)
        add("plab", F, f"I failed PLAB {W[k]}, never any USMLE step", 0, ASK)
        add("plab", F, f"failed plab 2 {W[k]} but usmle all first attempt", 0, ASK)
        add("others_fail", F, f"my friend failed CK {W[k]}, I passed everything first time", 0, ASK)
        add("total", F, f"{k} attempts in total", ASK)
        add("total_restated", F, f"failed CK {W[k]}, so {k} in total", k, ASK)
        add("correction", F, f"{k+1}, no wait, {k}", k, ASK)
        add("feared", F, f"CK result pending, I think I failed it", ASK)
        add("other_exam", F, f"failed OET {W[k]} but usmle i have not attempted any step till now", 0, ASK)
        add("other_exam", F, f"failed my final prof {W[k]}, USMLE none", 0, ASK)
        add("after_nth", F, f"failed step 1 {W[k]} then passed, CK first attempt", k, ASK)
    add("never", F, "never failed a USMLE", 0)
    add("never", F, "never failed any step", 0, ASK)
    # ---- graduation year
    for y in [2015, 2018, 2021]:
        add("plain", Y, f"graduated {y}", y)
        add("internship", Y, f"MBBS {y}, internship done {y+1}", y, ASK)
        add("other_event", Y, f"Graduated MBBS in {y}, house job finished {y+1}, came to US in {y+4}", y, ASK)
        add("other_event", Y, f"graduated in {y}, moved to the US in {y+3}", y, ASK)
        add("other_event", Y, f"married in {y+2}, graduated {y}", y, ASK)
        add("step_year", Y, f"passed step 1 in {y}", ASK)
        add("joined", Y, f"joined med school in {y}", ASK)
        add("someone_else", Y, f"my wife graduated in {y}", ASK)
        add("relative", Y, f"graduated {2026 - y} years ago", ASK, y, y + 1)
        add("cycle_other", Y, f"graduated {y}, applying for the {y+9} match", y, ASK)
        add("md_later", Y, f"MBBS {y}, MD radiology {y+3}", y, ASK)
        add("hedge", Y, f"{y} or {y+1}, not sure", ASK)
    add("relative", Y, "graduating next year", 2027, ASK)
    add("relative", Y, "graduated last year", 2025, ASK)
    # ---- match
    for y in [2027, 2028]:
        add("plain", M, f"{y} match", y)
        add("cycle", M, f"the {y} cycle", ASK, y)
        add("given_up", M, f"{y} was the plan but I missed ERAS so now the next one", y + 1, ASK)
        add("other_person", M, f"my husband matches in {y}", ASK)
        add("graduation", M, f"I graduate in {y}, so the match after that", ASK, y + 1)
        add("hedge", M, f"{y} or {y+1}", ASK)
        add("other_event", M, f"taking CK in {y-1}, aiming for the {y} Match", y, ASK)
    add("relative", M, "not this one, the one after", 2028, ASK)
    add("relative", M, "next year's match", 2027, 2028, ASK)
    # ---- nationality
    DEM = {"Indian": "IN", "Pakistani": "PK", "Nigerian": "NG", "Egyptian": "EG", "Filipino": "PH", "Bangladeshi": "BD"}
    for (one, _), (two, code) in itertools.permutations(DEM.items(), 2):
        add("dual", C, f"{one} and {two}, dual citizen", ASK)
        add("born_passport", C, f"born {one}, {two} passport now", ASK, code)
        add("origin", C, f"{one} origin, {two} citizen", code, ASK)
        add("spouse", C, f"my wife is {one}, I am {two}", code, ASK)
    for one, code in DEM.items():
        add("plain", C, one, code)
        add("live", C, f"{one}, living in Saudi", code, ASK)
    for t, c in [("From Kerala", "IN"), ("from Tamil Nadu", "IN"), ("from Sindh", "PK"), ("I'm from Karnataka", "IN"),
                 ("philipino", "PH"), ("phillipino", "PH"), ("from Punjab", ASK),
                 ("I live in Kerala, Indian passport", "IN")]:
        add("region", C, t, c, ASK)

    # ---- more kinds (second batch)
    for n in [228, 241, 256]:
        add("context", S, f"CK {n}, step 1 passed", n)
        add("context", S, f"took CK last summer, got {n}", n, ASK)
        add("context", S, f"graduated 2019, CK {n}", n, ASK)
        add("context", S, f"scored {n} in ck on 2nd attempt", n, ASK)
        add("others_score", S, f"my senior got {n} and matched rads", ASK, None)
        add("target", S, f"aiming for {n}+ on CK", ASK, None)
        add("target", S, f"need {n} for rads right?", ASK, None)
        add("step1_only", S, f"step 1 {n}, haven't taken CK", ASK, None)
        add("restated", S, f"{n}. yes {n}", n)
        add("two_attempts", S, f"failed CK once, passed with {n}", n, ASK)
    for a, b in [(1, 1), (2, 1), (1, 0), (0, 2)]:
        add("per_step_attempts", F, f"Step 1: {a+1} attempts, CK: {b+1} attempts", a + b, ASK)
        add("sum_said", F, f"failed {a+b} times total (step 1 {a}, ck {b})", a + b, ASK)
        add("letters", F, "step 1 " + ", ".join(["F"] * a + ["P"]) + "; CK " + ", ".join(["F"] * b + ["P"]), a + b, ASK)
        add("total_across", F, f"{a+b+2} attempts across step 1 and ck", ASK, a + b)
        add("someone_else_plus_own", F, f"my wife failed ck twice, I failed step 1 {W[a]}" if a
            else "my wife failed ck twice, I never failed", a, ASK)
        if a:
            add("year_context", F, f"failed step 1 in 2019 {W[a]}, CK in 2021 first attempt", a, ASK)
    for y in [2016, 2020]:
        add("context", Y, f"graduated in {y} from Karachi", y)
        add("context", Y, f"YOG {y}", y)
        add("context", Y, f"class of {y}, CK 245", y, ASK)
        add("degree_later", Y, f"finished MBBS {y} and PG diploma {y+2}", y, ASK)
        add("someone_else_plus_own", Y, f"my husband graduated {y-2}, I graduated {y}", y, ASK)
        add("correction", Y, f"{y+1}.. sorry {y}", y, ASK)
        add("expected", Y, f"will graduate in {y+10}", y + 10, ASK)
    for y in [2027, 2028, 2029]:
        add("context", M, f"CK in {y-2}, applying for {y}", y, ASK)
        add("context", M, f"want to match in {y}, graduated 2019", y, ASK)
        add("step_year", M, f"step 3 in {y}", ASK)
        add("plain_year", M, f"{y}", y)
        add("if", M, f"{y} if my score comes in time, else {y+1}", ASK)
    add("season", M, "applying this september", 2028, ASK)
    add("season", M, "already applied, waiting for interviews", 2027, ASK)
    for t, c in [("Pakistani passport, born in Saudi", "PK"), ("born and raised in Kuwait but Indian citizen", "IN"),
                 ("Egyptian, studying in Romania", "EG"), ("studied in China, I'm Nigerian", "NG"),
                 ("Indian origin but US citizen now", "US"), ("I have green card, Indian passport", "IN"),
                 ("Canadian PR, Indian citizen", "IN"), ("Nepali", "NP"), ("Sri Lankan", "LK"), ("Iranian", "IR"),
                 ("Syrian but I live in Jordan", "SY"), ("from Lagos", "NG"),
                 ("my mother is British, I am Pakistani", "PK"),
                 ("not Indian, I'm Bangladeshi", "BD"), ("Georgia", ASK),
                 ("half Indian half British, British passport", "GB")]:
        add("context", C, t, c, ASK)

    # ---- third batch: years of other events alone, places that are not countries, negated places
    for y in [2017, 2021]:
        for ev in ["came to the US in", "moved to the US in", "got married in", "arrived in America", "immigrated in",
                   "relocated to Canada in"]:
            add("other_event_alone", Y, f"{ev} {y}", ASK)
        add("other_event", Y, f"graduated {y}, moved here {y+2}", y, ASK)
        add("degree_came", Y, f"degree came in {y}", y, ASK)
    for t in ["from west", "south", "north side", "from the east", "West Bengal", "not from Lahore", "not from Kerala",
              "I live in Kerala", "working in Punjab", "Bengal", "Kashmir"]:
        add("place", C, t, ASK, "IN" if t == "West Bengal" else ASK)
    # ---- fourth batch (written after the first landing): other exams' and other people's scores, totals said
    # first, years failed in, two-digit and spanned years, ERAS and residency years, peoples of two countries
    for n in [233, 247, 259]:
        add("step1_labelled", S, f"{n} (step 1)", ASK, None)
        add("step1_labelled", S, f"step 1: {n}", ASK, None)
        add("step3", S, f"{n} in step 3", ASK, None)
        add("nbme", S, f"{n} on nbme 12", ASK, None)
        add("uwsa", S, f"{n} uwsa1", ASK, None)
        add("target", S, f"target {n}", ASK, None)
        add("target", S, f"hoping for {n}", ASK, None)
        add("expected", S, f"expecting around {n}", ASK, None)
        add("friend", S, f"{n} is what my friend got", ASK, None)
        add("comlex", S, f"comlex {n*2}", ASK, None)
        add("percentile", S, f"{n-170} percentile", ASK)
        add("two_attempts", S, f"{n-40} first time (failed), {n} on retake", n, ASK)
        add("retake_pending", S, f"{n-40}, failed, retaking in march", ASK, n - 40)
        add("cutoff", S, f"passing is 214, I got {n}", n, ASK)
        add("out_of", S, f"{n}/300", n, ASK)
        add("old_new", S, f"{n}, sorry typo, {n+2}", n + 2, ASK)
    for k in [1, 2]:
        times = {1: "once", 2: "twice"}[k]
        add("s1_step_word", F, f"step {k+1} passed, step 1 failed {times}", k, ASK)
        add("cs", F, f"CS failed {times}", ASK)
        add("comlex", F, f"failed comlex level 1 {times}", ASK, 0)
        add("nbme", F, f"failed nbme {times}", ASK, 0)
        add("friend", F, f"my friend failed {times}", ASK, 0)
        add("plan", F, f"if I fail CK {times}", ASK, 0)
        add("math", F, f"{k}+1", k + 1, ASK)
        add("total_then_split", F, f"{k+1} total: step 1 {times}, ck once", k + 1, ASK)
        add("mismatch", F, f"{k+2} total: step 1 {times}, ck once", ASK)
        add("retake", F, f"retook ck {times}", ASK, k)
        add("took", F, f"took step 1 {'two' if k == 2 else 'one'} times", ASK, k - 1)
        add("years_as_counts", F, f"failed in 2019 and 2021", 2, ASK)
        add("score_beside", F, f"failed ck with 209 {times}", k, ASK)
    for y in [2016, 2019, 2022]:
        add("start_end", Y, f"{y-6}-{y}", y, ASK)
        add("start_end", Y, f"MBBS {y-5} to {y}", y, ASK)
        add("batch", Y, f"{y} batch", ASK, y)
        add("two_digit", Y, f"grad '{str(y)[2:]}", y, ASK)
        add("step_and_grad", Y, f"step 1 {y+1}, graduation {y}", y, ASK)
        add("house_job_then", Y, f"house job ended {y+1}", ASK)
        add("wife", Y, f"wife {y}, me {y+1}", y + 1, ASK)
        add("about", Y, f"around {y}", ASK)
        add("ago_month", Y, f"graduated in July {y}", y)
        add("future", Y, f"graduating {y+8}", y + 8, ASK)
    for y in [2027, 2028]:
        add("eras", M, f"ERAS {y-1}", ASK, y)
        add("apply_year", M, f"applying in {y-1}", y, ASK)
        add("residency_start", M, f"want to start residency july {y}", y, ASK)
        add("after_step3", M, f"after step 3, so {y}", y, ASK)
        add("not_this", M, f"not {y}, {y+1}", y + 1, ASK)
        add("or_later", M, f"{y} or later", ASK)
        add("at_latest", M, f"{y} at the latest", ASK, y)
        add("prelim", M, f"prelim year in {y}, DR {y+1}", ASK, y + 1)
    nat: list[tuple[str, set[Any]]] = [
        ("Indian living in UAE", {"IN"}),
        ("UAE resident, Indian national", {"IN"}),
        ("Palestinian (Jordanian passport)", {"JO", ASK}),
        ("Kurdish, Iraqi passport", {"IQ"}),
        ("Iraqi Kurd", {"IQ", ASK}),
        ("Tamil from Sri Lanka", {"LK", ASK}),
        ("Sri Lankan Tamil", {"LK", ASK}),
        ("Punjabi", {ASK}),
        ("Bengali", {"BD", ASK}),
        ("Niger", {"NE"}),
        ("Nigerien", {"NE", ASK}),
        ("Dominican", {"DM", "DO", ASK}),
        ("Guinean", {"GN", ASK}),
        ("Congolese", {ASK}),
        ("Sudanese", {"SD", ASK}),
        ("South Sudanese", {"SS", ASK}),
        ("Korean", {ASK}),
        ("Hyderabad", {"IN", ASK}),
        ("from Hyderabad Sindh", {"PK", ASK}),
        ("Punjab, Pakistan", {"PK"}),
        ("East Punjab", {"IN", ASK}),
        ("UK passport but Pakistani born", {"GB", ASK}),
        ("US green card, Egyptian", {"EG"}),
        ("stateless", {ASK}),
        ("refugee from Syria", {"SY", ASK}),
        ("Indian, OCI no", {"IN", ASK}),
        ("OCI holder, British passport", {"GB", ASK}),
    ]
    for t, allowed in nat:
        add("nat", C, t, *allowed)
    # ---- fifth batch: corrections, two scores, expected scores, passes on a numbered attempt, a Step not passed
    # yet, internship and residency years, Match seasons
    for n in [236, 252]:
        add("corr", S, f"{n}.. no wait {n-10}", n - 10, ASK)
        add("corr", S, f"{n}* {n+1}", n + 1, ASK, n)
        add("both", S, f"{n} and {n+5}", ASK)
        add("both", S, f"{n} / {n+5}", ASK)
        add("attempts", S, f"first {n-30}, then {n}", n, ASK)
        add("attempts", S, f"{n} on second attempt, {n-25} first", n, ASK)
        add("ck_cs", S, f"ck {n}, cs pass", n)
        add("step2", S, f"step 2 {n}", n)
        add("score_date", S, f"{n} in june 2025", n, ASK)
        add("score_year_only", S, f"took it in 2025", ASK, None)
        add("neg", S, f"not {n}, {n-3}", n - 3, ASK)
        add("exp", S, f"expecting {n} in results next week", ASK, None)
        add("wife_step1", S, f"my step 1 was {n}", ASK, None)
        add("minus", S, f"{n}-ish", ASK)
        add("plus", S, f"{n}+", ASK)
    for k in [1, 2, 3]:
        add("nth_step3", F, f"passed step 3 on attempt {k+1}", k, ASK)
        add("retook", F, f"retook step 1 {k} time{'s' if k > 1 else ''} after failing", k, ASK)
        times = "once" if k == 1 else "twice" if k == 2 else "three times"
        add("both", F, f"failed both step 1 and ck {times}", ASK, 2 * k)
        add("each", F, f"{k} each on step 1 and ck", 2 * k, ASK)
        add("tries", F, f"step 1 took {k+1} tries", k, ASK)
        add("not_passed_yet", F, f"failed CK {k} times, not passed yet", k, ASK)
        add("nbme_fail", F, f"{k} fails on nbmes, real exams clean", 0, ASK)
        add("minus", F, f"-{k}", ASK)
        add("wife_own", F, f"wife failed {k}, me 0", 0, ASK)
    for y in [2017, 2020]:
        add("internship_then", Y, f"internship {y}", ASK)
        add("two_years_grad", Y, f"{y} (graduation), {y+1} (internship)", y, ASK)
        add("in_words", Y, "twenty twenty", 2020, ASK)
        add("class_of", Y, f"class of {y}, internship {y+1}", y, ASK)
        add("grad_then", Y, f"graduation {y}, married {y+1}, baby {y+2}", y, ASK)
        add("expected", Y, f"expected {y+10}", y + 10, ASK)
        add("residency_local", Y, f"finished residency in {y}", ASK)
        add("md_local", Y, f"MD pediatrics {y}", ASK, y)
    for y in [2027, 2028]:
        add("start_jul", M, f"residency starting july {y}", y, ASK)
        add("interview", M, f"interviews this winter, match {y}", y, ASK)
        add("grad_year", M, f"graduated {y-8}, match {y}", y)
        add("wife", M, f"wife matches {y}, me {y+1}", y + 1, ASK)
        add("cycle", M, f"{y-1}-{str(y)[2:]} cycle", y, ASK)
        add("season", M, f"{y-1} season", ASK, y)
    add("asap", M, "asap", ASK)
    add("next", M, "next one", 2027, ASK)
    add("this", M, "this one", 2027, ASK)
    return items
