"""Issue 23, round 23a: two fresh blind sets stored a wrong value at US clinical experience, each a level named by its
title ("on paper it was observership", "shadowed a cardiologist") beside another level's work described ("they let me
write notes and examine patients", "sometimes he let me examine the patients"). Round 21a had caught the kind only
with an observership named and no other level's title anywhere. Each story is a reply an IMG types; the blind sets'
own sentences appear once, beside a grid of titles x activities x qualifiers at both experience questions, and
near-misses that must still read."""

from __future__ import annotations

import itertools

import pytest

from tests.test_reading_round14 import reading

_BOTH = {"observership", "hands_on"}


@pytest.mark.parametrize("qid, typed", [
    ("us_clinical_experience",
     "I did a rotation in Chicago, on paper it was observership but they let me write notes and examine patients"),
    ("us_clinical_experience", "shadowed a cardiologist in Texas for 2 weeks, sometimes he let me examine the patients also"),
    ("us_clinical_experience", "an observer rotation at a community hospital, I presented patients on rounds"),
    ("us_clinical_experience", "officially it was an observership, they let me do some procedures"),
    ("us_clinical_experience", "on paper it was hands on, but really I just watched"),
    ("us_clinical_experience", "an elective in Boston but I wasn't allowed to touch patients"),
    ("radiology_experience", "shadowed a radiologist in Chicago, he let me dictate some reports"),
    ("radiology_experience", "a rads observership, most days I was writing the preliminary reports"),
    ("us_clinical_experience", "observership, got to do H&Ps"),
    ("us_clinical_experience", "observership (but hands on in practice)"),
    ("us_clinical_experience", "clinical observership with some hands-on"),
    ("us_clinical_experience", "observership. basically I functioned as a sub-I"),
    ("radiology_experience", "observership in radiology where I wrote prelim reads"),
])
def test_a_level_named_beside_another_levels_work_is_asked_naming_both_and_offering_both(qid, typed):
    """(The last five were found by a third batch of my own wordings after the first landing: "got to do", H&Ps,
    "hands on in practice", "functioned as a sub-I", prelim reads.)"""
    r = reading(qid, typed)
    assert not r.ok and _BOTH <= {v for v, _ in r.candidates}, r
    assert r.doubt and r.doubt.lower() in r.error.lower(), r


def test_a_research_elective_is_not_stored_as_hands_on():
    r = reading("us_clinical_experience", "research elective, no patients")
    assert not r.ok and r.doubt == "“research elective”", r


@pytest.mark.parametrize("qid, typed, value", [
    ("us_clinical_experience", "I shadowed a cardiologist in Texas for 2 weeks", "observership"),
    ("us_clinical_experience", "elective in Boston, I wrote notes and presented patients", "hands_on"),
    ("us_clinical_experience", "2 observerships and then an externship where I examined patients", "hands_on"),
    ("us_clinical_experience", "shadowing only, they did not let me examine anyone", "observership"),
    ("us_clinical_experience", "Obsevership.. wait no it was an externship, i was writing notes n presenting", "hands_on"),
    ("radiology_experience", "radiology elective in Ohio, I dictated reports with the residents", "hands_on"),
    ("radiology_experience", "radiology observership in Miami, just watched the readouts", "observership"),
])
def test_the_work_matching_the_level_named_still_reads(qid, typed, value):
    r = reading(qid, typed)
    assert r.ok and r.value == value, r


_OBS_TITLES = ["an observership", "a shadowing", "an observer rotation", "observerships"]
_HANDS_TITLES = ["an elective", "an externship", "a sub-I", "a clerkship", "a hands-on rotation"]
_HANDS_WORK = ["they let me examine patients", "I wrote notes", "he allowed me to take histories",
               "I presented patients on rounds", "I admitted patients", "it was hands on", "they let me do procedures",
               "I was examining the patients", "she let me write notes"]
_OBS_WORK = ["I only watched", "I just observed", "I could only shadow", "I wasn't allowed to touch patients"]
_QUALIFIERS = ["sometimes", "once", "most days", ""]
_FRAMES = ["I did {t} in {where}, on paper, but {q} {a}", "officially it was {t} but {q} {a}",
           "{t} {where2} for 2 weeks, {q} {a}"]
_WHERE = {"us_clinical_experience": ("Chicago", "in Texas"),
          "radiology_experience": ("radiology in Chicago", "with a radiologist in Texas")}


def _grid() -> list[tuple[str, str]]:
    rows = []
    for qid, (where, where2) in _WHERE.items():
        for t, a, q, frame in itertools.product(_OBS_TITLES + _HANDS_TITLES, _HANDS_WORK + _OBS_WORK, _QUALIFIERS,
                                                _FRAMES):
            if (t in _HANDS_TITLES) == (a in _HANDS_WORK):
                continue  # the work matches the level named
            rows.append((qid, " ".join(frame.format(t=t, where=where, where2=where2, q=q, a=a).split())))
    return rows


@pytest.mark.quality
def test_grid_a_level_named_beside_another_levels_work_is_never_stored():
    """Titles x the other level's work x qualifiers ("sometimes", "once", "most days", none) x three frames ("on
    paper", "officially", plain) x both experience questions: 1,344 replies, none stored."""
    rows = _grid()
    assert len(rows) == 1344
    stored = [(qid, typed, r.value) for qid, typed in rows if (r := reading(qid, typed)).ok]
    assert not stored, (len(stored), stored[:20])


@pytest.mark.quality
def test_grid_the_work_matching_the_level_named_reads_that_level():
    """Titles x their own level's work x qualifiers, plain frame, at both questions: read as the level named."""
    wrong = []
    for qid, (_, where2) in _WHERE.items():
        for t, a, q in itertools.product(_OBS_TITLES + _HANDS_TITLES, _HANDS_WORK + _OBS_WORK, _QUALIFIERS):
            level = "hands_on" if t in _HANDS_TITLES else "observership"
            if (level == "hands_on") != (a in _HANDS_WORK) or q == "once":
                continue
            typed = " ".join(f"{t} {where2} for 2 weeks, {q} {a}".split())
            r = reading(qid, typed)
            if r.ok and r.value != level:
                wrong.append((qid, typed, r.value))
    assert not wrong, wrong


# --------------------------------------------------------------------------- the liking and rating questions: a stress grid

E, N, A = "enjoy", "neutral", "avoid"


def lk(q):
    return True if q == "neuro_interest" else E


def dk(q):
    return False if q == "neuro_interest" else A


@pytest.mark.parametrize("qid, typed", [
    ("neuro_interest", "I used to love neuro, not anymore"),
    ("neuro_interest", "I loved neuro in med school, now not so much"),
    ("neuro_interest", "at first I liked neuro, then I got bored"),
    ("neuro_interest", "I would love neuro if I had more time"),
    ("neuro_interest", "I love neuro... not"),
    ("long_term_us_priority", "I'd love to stay if I get a job"),
    ("long_term_us_priority", "I'd stay if my family could come"),
    ("patient_contact", "I wish I liked seeing the same patients for years"),
    ("academic_environment", "I want to like academic medicine"),
    ("neuro_interest", "I wish I liked neuroimaging"),
    ("english", "used to be strong, now rusty"),
    ("english", "I wish it was strong"),
    ("english", "native... not"),
    ("english", "used to be weak"),
])
def test_a_liking_or_rating_undone_wished_or_past_is_asked_naming_it(qid, typed):
    r = reading(qid, typed)
    assert not r.ok and r.candidates and r.doubt and r.doubt.lower() in r.error.lower(), r


@pytest.mark.parametrize("qid, typed, value", [
    ("english", "I used to be weak, now I'm fluent", "strong"),
    ("neuro_interest", "I liked neuro in med school and still do", True),
])
def test_a_liking_that_is_said_plainly_still_reads(qid, typed, value):
    r = reading(qid, typed)
    assert r.ok and r.value == value, r


_SUBJ_1 = {"patient_contact": ["following patients over time", "continuity of care", "long term patient relationships"],
        "pattern_recognition": ["looking at images", "pattern recognition", "reading scans"],
        "academic_environment": ["research", "academic settings", "an academic environment"],
        "neuro_interest": ["neuro", "neuroradiology", "brain imaging"]}
_T_1 = [  # template, allowed values (as functions of q); empty = ask only
 ("I used to love {s} but now I'm tired of it", lambda q: {dk(q)}),
 ("I used to love {s}, not anymore", lambda q: {dk(q)}),
 ("I loved {s} in med school, now not so much", lambda q: {dk(q)}),
 ("I used to hate {s}, now I love it", lambda q: {lk(q)}),
 ("I thought I'd hate {s} but I actually love it", lambda q: {lk(q)}),
 ("my wife loves {s}, I don't", lambda q: {dk(q)}),
 ("my friends love {s} but honestly I don't", lambda q: {dk(q)}),
 ("my friends hate {s} but I love it", lambda q: {lk(q)}),
 ("everyone says I'd enjoy {s} but I don't", lambda q: {dk(q)}),
 ("my mentor thinks I love {s}, I really don't", lambda q: {dk(q)}),
 ("I don't dislike {s}", lambda q: {N, lk(q)} if q != "neuro_interest" else {False}),
 ("not that I hate {s}", lambda q: {N} if q != "neuro_interest" else {False}),
 ("I can't say I love {s}", lambda q: {N, dk(q)}),
 ("can't say I enjoy {s}", lambda q: {N, dk(q)}),
 ("I wouldn't say I hate {s}", lambda q: {N} if q != "neuro_interest" else {False}),
 ("not a fan of {s} but I can tolerate it", lambda q: {N, dk(q)}),
 ("{s}? not really my cup of tea", lambda q: {dk(q)}),
 ("I'm burned out from {s}", lambda q: {dk(q)}),
 ("love hate relationship with {s}", lambda q: set()),
 ("I would love {s} if I had more time", lambda q: set()),
 ("I love {s}... not", lambda q: {dk(q)}),
 ("is {s} required?", lambda q: set()),
 ("I don't know if I like {s}", lambda q: set()),
 ("I'm not sure I enjoy {s}", lambda q: set()),
 ("never liked {s} tbh", lambda q: {dk(q)}),
 ("I don't hate {s} but I don't love it either", lambda q: {N} if q != "neuro_interest" else {False}),
 ("I enjoy {s} less than surgery", lambda q: set()),
 ("I enjoy {s} more than anything", lambda q: {lk(q)}),
 ("I'd rather not do {s}", lambda q: {dk(q)}),
 ("it's not that I don't like {s}", lambda q: set() | ({N, lk(q)} if q != "neuro_interest" else {True})),
 ("I like {s} sometimes", lambda q: {lk(q), N} if q != "neuro_interest" else {True}),
 ("at first I liked {s}, then I got bored", lambda q: {dk(q)}),
 ("I was never into {s}", lambda q: {dk(q)}),
 ("I hated {s} at first but it grew on me", lambda q: {lk(q)}),
 ("people think I hate {s} but I love it", lambda q: {lk(q)}),
 ("I don't love {s}", lambda q: {N, dk(q)}),
 ("I don't mind {s}", lambda q: {N, lk(q)} if q != "neuro_interest" else {False}),
 ("I'm ok with {s} I guess", lambda q: {N} if q != "neuro_interest" else {False}),
 ("no strong feelings about {s}", lambda q: {N} if q != "neuro_interest" else {False}),
 ("sick of {s} honestly", lambda q: {dk(q)}),
]
_BOOL_1 = {
 "must_match_this_cycle": [
  ("ideally yes but it's not a must", {False}), ("I'd like to, but no pressure", {False}),
  ("my parents say I must match this year, I'm not so sure", set()), ("if I don't match I'll just try again next year", {False}),
  ("it's now or never for me", {True}), ("not necessarily", {False}), ("my visa runs out so yes I have to", {True}),
  ("I have to match this year, my visa expires", {True}), ("not really, I can wait another year", {False}),
  ("my husband needs me to match this year but I don't feel rushed", set()), ("I used to think so, not anymore", {False}),
  ("yes but I could wait if needed", set()), ("no... well maybe yes", set()), ("I would prefer but not must", {False}),
  ("must? no. want? yes", {False}), ("honestly no idea", set()), ("everyone says I must, I don't think so", {False}),
  ("not that I have to, but I'd like to", {False}), ("I don't have to match this year", {False}),
  ("I can't afford to wait another year", {True}), ("there's no rush", {False}), ("no rush but sooner is better", {False}),
  ("not a must but very important", set()), ("it is a must", {True}), ("nope, next cycle is fine too", {False}),
 ],
 "long_term_us_priority": [
  ("my husband wants to stay in the US, I want to go back", {False}), ("initially yes, maybe return home later", set()),
  ("yes for now, long term not sure", set()), ("I'd like to settle in the US", {True}), ("not necessarily, I might go back", {False}),
  ("I used to want to stay, not anymore", {False}), ("my parents want me to come back but I want to stay in the US", {True}),
  ("only for training then back home", {False}), ("train there and go back to Egypt", {False}),
  ("no, I plan to return after residency", {False}), ("depends on how it goes", set()), ("50/50", set()),
  ("I don't want to stay forever", {False}), ("staying long term is the plan", {True}), ("not sure yet", set()),
  ("everyone wants me to stay, I don't", {False}), ("I'd love to stay if I get a job", set()),
  ("home country eventually", {False}), ("yes, permanently", {True}), ("no way I'm staying forever", {False}),
 ],
 "english": [
  ("my friends say my english is good, I think it's average", {"average"}), ("used to be weak, now strong", {"strong"}),
  ("not bad", {"average"}), ("could be better", {"average", "weak"}), ("not weak", set() | {"average", "strong"}),
  ("people say it's strong but I'm not sure", set()), ("my wife's english is strong, mine is average", {"average"}),
  ("strong in writing, speaking needs work", set() | {"weak"}), ("it was weak before, I worked on it, now it's good", {"strong"}),
  ("I wouldn't say strong", {"average", "weak"}), ("not the best but not the worst", {"average"}),
  ("my accent is heavy but fluent", set() | {"strong", "average"}), ("can't say it's strong", {"average", "weak"}),
  ("not perfect", {"average", "strong"}), ("weak? no, it's fine", {"strong", "average"}),
  ("my colleagues think it's weak, I think it's okay", set() | {"average"}), ("average i guess", {"average"}),
  ("never had a problem", {"strong"}), ("I struggle sometimes", {"average", "weak"}), ("I'm not fluent", {"weak", "average"}),
 ],
}

_SUBJ_2 = {"patient_contact": ["seeing the same patients for years", "patient contact"],
        "pattern_recognition": ["spotting patterns on images", "image interpretation"],
        "academic_environment": ["academic medicine", "research heavy places"],
        "neuro_interest": ["neuroimaging", "neuro cases"]}
_T_2 = [("love {s} lol jk", lambda q: {dk(q)}), ("{s}? I love it haha just kidding", lambda q: {dk(q)}),
 ("I could not care less about {s}", lambda q: {dk(q), N}), ("couldn't care less about {s}", lambda q: {dk(q), N}),
 ("I'd hate to do {s} all day", lambda q: {dk(q)}), ("I would hate {s}", lambda q: {dk(q)}),
 ("{s} is fine but I prefer procedures", lambda q: {N, dk(q)} | ({lk(q)} if q=="neuro_interest" else set())),
 ("I was interested in {s} but lost interest", lambda q: {dk(q)}), ("was very into {s} until internship", lambda q: {dk(q)}),
 ("I liked {s} before, now I don't", lambda q: {dk(q)}), ("honestly {s} bores me", lambda q: {dk(q)}),
 ("{s} makes me anxious", lambda q: {dk(q)}), ("I'm good at {s} but I don't enjoy it", lambda q: {dk(q)}),
 ("I'm bad at {s} but I love it", lambda q: {lk(q)}), ("I don't enjoy {s} much", lambda q: {dk(q), N}),
 ("I really really don't like {s}", lambda q: {dk(q)}), ("i lov {s}", lambda q: {lk(q)}), ("i hte {s}", lambda q: {dk(q)}),
 ("{s} is not for me", lambda q: {dk(q)}), ("{s} is for me", lambda q: {lk(q)}), ("I wish I liked {s}", lambda q: {dk(q)}),
 ("I want to like {s}", lambda q: set()), ("maybe I'd like {s}, never tried", lambda q: set()),
 ("not much, {s} isn't my thing", lambda q: {dk(q)}), ("not much of a {s} person", lambda q: {dk(q)}),
 ("I'd love {s} if the hours were better", lambda q: set()), ("I used to enjoy {s} but the burnout killed it", lambda q: {dk(q)}),
 ("I enjoyed {s} during rotations", lambda q: {lk(q)}), ("I liked {s} in med school and still do", lambda q: {lk(q)}),
]
_BOOL_2 = {"must_match_this_cycle":[("I'd like to match this year if my scores are good enough", set()|{True,False}),
  ("would love to if possible", {True}), ("yes lol jk, no rush", {False}), ("I used to think it's a must, not anymore", {False}),
  ("not really, I'd prefer sooner though", {False}), ("have to? no", {False}), ("yes... not", {False})],
 "long_term_us_priority":[("I'd stay if my family could come", set()), ("I would like to stay if I find a good job", set()),
  ("yes lol jk, I'm going back", {False}), ("I used to want to settle there, not anymore", {False}),
  ("I wanted to stay but now I want to go back", {False}), ("I wanted to go back, now I want to stay", {True})],
 "english":[("strong lol jk, average", {"average"}), ("used to be strong, now rusty", {"average","weak"}),
  ("native... not", set()), ("I wish it was strong", {"average","weak"}), ("strong if I prepare", {"strong"}|{"average"}),
  ("good enough I think", set()|{"average","strong"}), ("my kids speak it better than me", set()|{"average","weak"}),
  ("not native but fluent", {"strong","average"}), ("fluent... sort of", {"average"}), ("used to be weak", set()|{"strong","average"})]}


@pytest.mark.quality
def test_stress_grid_at_the_liking_and_rating_questions_stores_no_wrong_value():
    """Two batches of my own wordings of earlier notes' kinds (a liking that was, someone else's liking, double
    negatives, a hypothetical, a joke, a wish, a skill, English as it was), 800 replies at the seven liking and
    rating questions: main at eea442b stored 42 wrong; each reply is asked or read as an allowed value."""
    rows = []
    for subj, templates in ((_SUBJ_1, _T_1), (_SUBJ_2, _T_2)):
        rows += [(q, t.format(s=s), allow(q)) for q, subjects in subj.items() for s in subjects for t, allow in templates]
    rows += [(q, typed, allow) for b in (_BOOL_1, _BOOL_2) for q, items in b.items() for typed, allow in items]
    assert len(rows) == 800
    wrong = [(q, typed, r.value) for q, typed, allow in rows if (r := reading(q, typed)).ok and r.value not in allow]
    assert not wrong, wrong
