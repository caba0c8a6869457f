"""Replies that name what the question counts beside something that changes it (issue 23, round 21a): a
neighbouring field, another field's venue, a level named and described as another, a rotation outside the US, teaching
alone, the top of a rating denied, J-1 ruled out. Each is a kind, with its words as data here:

- **A neighbouring field of radiology** at US radiology experience ("observership in the nuclear medicine
  department", "not exactly radiology, it was nuclear medicine", "elective in radiation oncology", "the echo lab"):
  nuclear medicine, interventional radiology, radiation oncology, cardiac imaging, sonography in another department
  are close to radiology but not diagnostic radiology. Asked, naming the field.
- **Imaging inside another field's research** ("abstract on ultrasound guided nerve blocks, presented at an
  anesthesia conference", "case report ... in a neurosurgery journal, mostly MRI images", "OCT retinal imaging,
  it's ophthalmology though"): round 18b's ``mixed`` rule asks when both fields stand in one part; here the other
  field is the work's own field said in another clause ("it's ophthalmology though"), or its venue while the imaging
  only guides or illustrates the work ("ultrasound guided", "CT images in it"). Asked, offering both. Imaging that is
  the subject stays radiology research wherever it was presented ("MRI in multiple sclerosis, presented at a
  neurology meeting", round 15b).
- **Authorship heard of, the work not out** ("my supervisor says I'm a co-author on a neuroimaging paper but I
  haven't seen it published yet"): asked, whatever was read.
- **A level named, then described as another** ("It was called an observership but honestly I was writing notes and
  examining patients"): asked, naming both.
- **"not US"** said of the experience named ("an elective in North America... Toronto actually, so Canada not US"):
  asked, offering None yet first.
- **Teaching alone** at academic settings ("I enjoy teaching the students", "I'm not a research person, but I love
  teaching"): the question asks about research-heavy settings; teaching answers part of it. Asked, naming teaching,
  unless the reply reads the same with teaching set aside and names research or academia.
- **The top of a rating denied** at English ("Not great honestly"): read as Needs work, but "not great" leaves
  Average too. Asked, unless the rest of the reply rates it on its own.
- **J-1 ruled out** at the visa question ("J1 is not possible for me ... 2 year rule, so H only", "j1 is ruled out"):
  read as J-1 is fine from the J-1 word; J-1 is out, so H-1B only when the H-1B is named, else asked.

Pure; called from ``dialogs.reading.understand`` with the reader to re-read a part of the reply.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dialogs.reading_base import Options, Reading, Value, _ask, _read, quoted
from dialogs.reading_typos import person_spellings


#: Fields next to diagnostic radiology that are not it. Interventional radiology is not among them: it is a radiology
#: subspecialty (the integrated IR/DR residency), and every set written so far counts an IR elective as radiology.
_NEIGHBOUR = re.compile(
    r"\b(?:nuclear\s+medicine|nuc(?:lear)?\s+med|nucmed|radiation\s+oncology|"
    r"rad\s+onc|radonc|radiotherapy|cardiac\s+imaging|cardiology\s+imaging|cardiac\s+ct|cardiac\s+mri|echo\s+lab|"
    r"echocardiography|echo|cath\s+lab|vascular\s+lab|vascular\s+surgery|sonography|pocus|point\s+of\s+care\s+ultrasound|"
    r"pet\s+(?:center|centre|ct|scan\w*)|endoscopy)\b", re.IGNORECASE)
#: Radiology itself, named apart from a neighbour.
_RADIOLOGY = re.compile(r"\b(?:radiology|rads|radiologists?|reading\s+room|neuroradiology|neurorad|diagnostic\s+"
                        r"radiology|msk\s+rad\w*|body\s+imaging|breast\s+imaging|mammo\w*)\b", re.IGNORECASE)
_NEGATOR = re.compile(r"\b(?:not|no|never|n't|isn'?t|wasn'?t|non)\b", re.IGNORECASE)


def neighbour_field(q_id: str, text: str, reading: Reading, options: Options) -> Reading | None:
    """At US radiology experience, a neighbouring field named (nuclear medicine, IR, radiation oncology, cardiac
    imaging, another department's sonography) and radiology itself not named plainly beside it: asked, naming it."""
    if q_id != "radiology_experience" or not reading.ok and not reading.candidates:
        return None
    near = _NEIGHBOUR.search(text)
    if near is None:
        return None
    rest = _NEIGHBOUR.sub(" ", text)
    if _RADIOLOGY.search(rest) and not _NEGATOR.search(rest):
        return None  # "neuroradiology observership, saw some IR cases": radiology itself, named plainly
    doubt = quoted(near.group(0))
    return _ask(f"You wrote {doubt}: a field next to radiology, not diagnostic radiology itself, so I have noted "
                "nothing yet. Which fits your US radiology experience?", doubt, options)


#: Another field, said as the work's own or its venue: "at an anesthesia conference", "in a neurosurgery journal",
#: "it's ophthalmology though".
_FIELD = (r"(?:anesth\w*|anaesth\w*|neurosurg\w*|surg\w*|cardio\w*|cardiac|ophthalm\w*|ophtho|optometry|neurolog\w*|"
          r"oncolog\w*|pediatric\w*|paediatric\w*|peds|obgyn|obstetric\w*|gyn\w*|emergency(?:\s+medicine)?|"
          r"internal\s+medicine|(?<!nuclear\s)medicine|dermatolog\w*|derm|patholog\w*|gastro\w*|hepatolog\w*|"
          r"pulmon\w*|nephrol\w*|urolog\w*|ent|otolaryngol\w*|psychiatr\w*|endocrin\w*|rheumat\w*|hematol\w*|"
          r"haematol\w*|critical\s+care|icu|family\s+medicine|infectious\s+diseases?|orthop\w*|ortho|vascular|"
          r"dental|dentistry|sports\s+medicine|public\s+health|pain(?:\s+medicine)?)")
_VENUE = re.compile(rf"\b(?:at|in|for|to|from|with|by)\s+(?:a|an|the|our|my|one)?\s*({_FIELD})\s+(?:conference|"
                    r"congress|meeting|journal|society|department|dept|team|group|symposium|summit|workshop|forum|"
                    r"residents?|program|unit)s?\b", re.IGNORECASE)
_ITS_FIELD = re.compile(rf"\b(?:it'?s|it\s+is|it\s+was|that'?s|this\s+is|the\s+field\s+is|field\s+was)\s+(?:an?\s+|"
                        rf"in\s+|more\s+|really\s+|mostly\s+)?({_FIELD})\b", re.IGNORECASE)


#: Imaging that guides or illustrates another field's work rather than being its subject.
_AIDS = re.compile(r"\b(?:(?:ultrasound|sono|usg|us|ct|mri|fluoro\w*|x[\s-]?ray|echo|imaging)[\s-]+guided|"
                   r"(?:images?|pictures?|figures?|scans?)\s+in\s+it|mostly\s+(?:\w+\s+)?(?:images?|pictures?|scans?)|"
                   r"with\s+(?:some\s+|the\s+|a\s+few\s+)?(?:mri|ct|x[\s-]?ray|ultrasound|imaging)\s+(?:images?|pictures?|"
                   r"figures?|scans?))\b", re.IGNORECASE)


def imaging_elsewhere(q_id: str, text: str, reading: Reading, label: Callable[[Value], str]) -> Reading | None:
    """At research, imaging work read as radiology whose venue or own field is another field's ("... presented at
    an anesthesia conference", "it's ophthalmology though"): asked, offering both."""
    if q_id != "research" or not reading.ok or reading.value != "radiology":
        return None
    other = _ITS_FIELD.search(text) or (_VENUE.search(text) if _AIDS.search(text) else None)
    if other is None or _RADIOLOGY.search(text) and not _NEGATOR.search(_RADIOLOGY.sub(" ", text)):
        return None
    doubt = quoted(other.group(0).strip())
    return _ask(f"You wrote {doubt}: imaging used in another field's work, so I have not noted “{label('radiology')}”. "
                "Which fits it best?", doubt, (("radiology", label("radiology")),
                                               ("non_radiology", label("non_radiology"))))


_AUTHOR = re.compile(r"\b(?:co[\s-]?authors?|co[\s-]?authored|authorship|(?:first|second|third|last|\d(?:st|nd|rd|th))"
                     r"\s+author|my\s+name\s+(?:is\s+)?on)\b", re.IGNORECASE)
_NOT_OUT = re.compile(r"\b(?:not\s+(?:yet\s+)?published(?:\s+yet)?|(?:have\s*n[o']?t|havent|have\s+not|did\s*n[o']?t|"
                      r"not)\s+seen\s+it\s+(?:published|out|online)|not\s+out\s+yet|yet\s+to\s+(?:be\s+)?(?:published|come\s+out|"
                      r"see\s+it)|unpublished|not\s+online\s+yet)\b", re.IGNORECASE)


def authorship_not_out(q_id: str, text: str, reading: Reading, options: Options) -> Reading | None:
    """At research, an authorship named beside work not out yet ("my supervisor says I'm a co-author on a
    neuroimaging paper but I haven't seen it published yet"): asked, naming it, whatever was read."""
    if q_id != "research" or not reading.ok:
        return None
    author, out = _AUTHOR.search(text), _NOT_OUT.search(text)
    if author is None or out is None:
        return None
    doubt = f"{quoted(author.group(0))} and {quoted(out.group(0))}"
    return _ask(f"You wrote {doubt}: work not out yet counts here once it is an abstract, poster, case report or "
                "paper that is out or accepted. Which fits today?", doubt, options)


#: What a hands-on level is called ("observer rotation" and "shadowing rotation" are observerships), and what
#: hands-on work is described as: the user's own deeds, or what they were let or allowed to do.
_HANDS_LABEL = re.compile(r"(?<!observer\s)(?<!observership\s)(?<!shadowing\s)(?<!observation\s)\b(?:electives?|"
                          r"sub[\s-]?i|subi|sub[\s-]?internships?|clerkships?|(?:clinical\s+)?rotations?|externships?|"
                          r"extern|residency|hands[\s-]?on\s+(?:elective|rotation|externship)s?)\b", re.IGNORECASE)
_GENERIC_ROTATION = re.compile(r"^(?:clinical\s+)?rotations?$", re.IGNORECASE)
_HANDS_DONE = re.compile(
    r"\b(?:wr(?:ote|iting|ite)\s+(?:the\s+|some\s+|progress\s+|my\s+own\s+)?(?:notes|h&ps?|orders|(?:preliminary\s+|"
    r"prelim\s+)?reports|(?:preliminary|prelim)\s+reads)|(?:do|did|doing)\s+(?:the\s+|some\s+|a\s+few\s+)?(?:h&ps?|"
    r"physicals)|got\s+to\s+(?!watch|observ|shadow|sit|see\b|follow)\w+|(?:examin(?:ed|ing|e)|exam)\s+(?:the\s+|some\s+|my\s+own\s+)?(?:patients|pts)|"
    r"present(?:ed|ing|s)?\s+(?:the\s+|some\s+|my\s+own\s+)?(?:patients|pts|cases)|present(?:ed|ing)\s+on\s+rounds|"
    r"(?:took|taking|take)\s+(?:the\s+|some\s+|a\s+)?(?:histor(?:y|ies))|admitt?(?:ed|ing)?\s+(?:the\s+|some\s+)?"
    r"(?:patients|pts)|(?:my\s+)?own\s+patients|(?:was|were|got|being|quite|very|fully|it\s+was|it's)\s+hands[\s-]?on|"
    r"placing\s+orders|put\s+in\s+orders|scrubb?(?:ed|ing)?\s+in|(?:did|do|doing)\s+(?:some\s+|a\s+|the\s+)?"
    r"procedures?|dictat(?:ed|ing|e)\s+(?:some\s+|the\s+)?(?:reports|studies|cases)|"
    r"scan(?:ned|ning)?\s+(?:some\s+|the\s+)?patients|touch(?:ed|ing)?\s+(?:the\s+|any\s+)?(?:patients|pts)|"
    r"(?:let|lets|letting|allowed|allow|allows|permitted)\s+me\s+(?:to\s+)?(?:sometimes\s+|also\s+|even\s+)?"
    r"(?!watch|observ|shadow|sit|follow|attend|join|stand|tag|listen|look|see\b|come|stay|ask)\w+)", re.IGNORECASE)
_OBS_LABEL = re.compile(r"\b(?:observerships?|observer|obs|shadow(?:ing|ed|s)?|observ(?:ed|ing)\s+(?:a|an|the|with))\b",
                        re.IGNORECASE)
_OBS_DONE = re.compile(r"\b(?:(?:only|just|mostly|mainly|basically|simply|really)\s+(?:shadow(?:ed|ing)?|observ(?:ed|ing)|"
                       r"watch(?:ed|ing)?)|(?:could|can)\s+only\s+(?:shadow|observe|watch)|basically\s+watching|"
                       r"observership\s+only|only\s+an?\s+observ\w*|hands[\s-]?off)\b", re.IGNORECASE)
#: The title given apart from the work: "on paper", "officially", "called", "technically".
_TITLE_APART = re.compile(r"\b(?:on\s+paper|officially|technically|nominally|in\s+name|called|titled|labell?ed|"
                          r"listed\s+as|registered\s+as|supposed\s+to\s+be|functioned\s+as|worked\s+(?:as|like)|"
                          r"acted\s+as|felt\s+like|basically\s+(?:a|an|like))\b", re.IGNORECASE)
_RESEARCH_LEVEL = re.compile(r"\bresearch\s+(?:electives?|rotations?|externships?|observerships?)\b", re.IGNORECASE)


#: A denial shortly before, within the clause ("no hands on", "I never touched patients or wrote notes").
_NEGATED_BEFORE = re.compile(r"(?:\b(?:no|not|never|without|didn'?t|did\s+not|wasn'?t|0|zero|couldn'?t|could\s+not|"
                             r"nobody|none|nothing|dont|doesnt|cant|cannot|wont)|\w*n[’']t)[\s:-]+(?:[\w']+\s+){0,4}$",
                             re.IGNORECASE)
_CLAUSE_START = re.compile(r"[,;.!?]|\bbut\b|\band\b|\bwhere\b", re.IGNORECASE)


def _denied(text: str, at: int) -> bool:
    """Whether the words at ``at`` are denied within their own clause ("they did not let me examine anyone")."""
    before = text[:at]
    cut = max((m.end() for m in _CLAUSE_START.finditer(before)), default=0)
    return bool(_NEGATED_BEFORE.search(before[cut:] if before[cut:].strip() else before))


def _found(pattern: re.Pattern[str], text: str, denied: bool = False) -> list[re.Match[str]]:
    return [m for m in pattern.finditer(text) if _denied(text, m.start()) == denied]


#: A title denied ("not an elective", "wasn't a real externship"); "wait no it was an externship" corrects, not denies.
_TITLE_DENIED = re.compile(r"\b(?:not|never|n't|no|without)\s+(?:an?\s+|any\s+|the\s+)?(?:real\s+|proper\s+|official\s+|"
                           r"formal\s+|actual\s+)?$", re.IGNORECASE)


def _titles(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    return [m for m in pattern.finditer(text) if not _TITLE_DENIED.search(text[:m.start()])]


def level_described_apart(q_id: str, text: str, reading: Reading, options: Options) -> Reading | None:
    """At US clinical or radiology experience, one level named by its title (or "on paper", "officially", "called")
    and another level's work described: an observership or shadowing beside hands-on work ("shadowed a cardiologist,
    sometimes he let me examine the patients"; "on paper it was observership but they let me write notes"), or a
    hands-on level beside watching ("an elective but I only shadowed", "... but I wasn't allowed to touch patients").
    Asked, naming both, offering both. Read only where the work matches the level named, or where a hands-on level is
    named plainly beside observerships ("2 observerships and then an externship where I examined patients")."""
    if q_id not in ("us_clinical_experience", "radiology_experience") or not reading.ok \
            or reading.value not in ("observership", "hands_on"):
        return None
    apart = _TITLE_APART.search(text)
    watched = _found(_OBS_DONE, text) + _found(_HANDS_DONE, text, denied=True)
    obs = [m for m in _titles(_OBS_LABEL, text)  # "I could only shadow": the work, not a title
           if not any(w.start() <= m.start() < w.end() for w in watched)]
    hands = [m for m in _titles(_HANDS_LABEL, text) if not (obs and _GENERIC_ROTATION.match(m.group(0)))]
    done = _found(_HANDS_DONE, text)
    hands_said = [m for m in re.finditer(r"\bhands[\s-]?on\b(?!\s*[:=-]?\s*(?:0|zero|none|no|nil)\b)", text,
                                         re.IGNORECASE) if not _denied(text, m.start())]  # "hands-on: 0" denies
    if reading.value == "hands_on" and obs and not hands and not done and not hands_said and not apart:
        # "an observer rotation in Texas, I only watched": the rotation is an observership's
        said = dict(options).get("observership", "observership")
        return _read("observership", f"{said} (you wrote {quoted(obs[0].group(0))})")
    research = _RESEARCH_LEVEL.search(text)
    if research is not None:  # "research elective, no patients": not clinical experience as named
        doubt = quoted(research.group(0))
        return _ask(f"You wrote {doubt}: research time is not clinical experience unless you saw patients. Which "
                    "fits?", doubt, options)
    pair = None
    if obs and hands_said and not hands and not done and not watched:
        pair = (obs[0], hands_said[0])  # "observership (but hands on in practice)"
    elif obs and done and (not hands or apart):
        pair = (obs[0], done[0])
    elif hands and watched and (not obs or apart):
        pair = (hands[0], watched[0])
    elif apart and hands_said and watched and not done:
        pair = (hands_said[0], watched[0])  # "on paper it was hands on, but really I just watched"
    elif apart and obs and hands:
        pair = (obs[0], hands[0])  # "technically a rotation but it was observership only"
    if pair is None:
        return None
    doubt = f"{quoted(pair[0].group(0))} and {quoted(pair[1].group(0))}"
    wanted = tuple(o for v in ("observership", "hands_on") for o in options if o[0] == v)
    return _ask(f"You wrote {doubt}: the level named and what you describe differ. Which fits what you did?", doubt,
                wanted)


_NOT_US = re.compile(r"\bnot\s+(?:in\s+)?(?:the\s+)?(?:us|u\.s\.?|usa|america|states|united\s+states)\b(?!\s+citizen)",
                     re.IGNORECASE)


_LEVEL = re.compile(r"\b(?:observerships?|observer|obs|shadow\w*|electives?|rotations?|externships?|clerkships?|"
                    r"sub[\s-]?i|subi|sub[\s-]?internships?|usce|experience)\b", re.IGNORECASE)


def not_in_us(q_id: str, text: str, reading: Reading, options: Options) -> Reading | None:
    """At US clinical or radiology experience, a level read beside "not US" said of it ("an elective in North
    America... Toronto actually, so Canada not US"): asked, None yet first."""
    if q_id not in ("us_clinical_experience", "radiology_experience") or not reading.ok or reading.value == "none":
        return None
    level = _LEVEL.search(text)
    said = _NOT_US.search(text, level.end()) if level else None
    if said is None:  # "I'm not in the US, but did an observership at MGH": said of the user, before the level
        return None
    doubt = quoted(said.group(0))
    first = tuple(o for o in options if o[0] == "none")
    return _ask(f"You wrote {doubt}: this question counts experience in the US only, so I have noted nothing yet. "
                "Which fits?", doubt, (*first, *(o for o in options if o[0] != "none")))


_TEACHING = re.compile(r"\b(?:teach\w*(?!\s+(?:hospitals?|programs?|programmes?|institutions?|centers?|centres?|"
                       r"universit\w*|rounds?|jobs?\s+at))|tutor\w*|mentor\w*|lectur\w*|educat\w*|(?:the\s+|my\s+)?(?:medical\s+)?students?|"
                       r"juniors?|interns)\b", re.IGNORECASE)
_RESEARCH = re.compile(r"\b(?:research\w*|academ\w*|papers?|publications?|publish\w*|studies|projects?|"
                       r"conferences?|scholarly|universit\w*)\b", re.IGNORECASE)


def teaching_only(q_id: str, text: str, reading: Reading, reread: Callable[[str], Reading],
                  options: Options) -> Reading | None:
    """At academic settings, a liking (or dislike) of teaching, research not named beside it plainly ("I enjoy
    teaching the students", "I'm not a research person, but I love teaching"): asked, naming teaching."""
    if q_id != "academic_environment" or not reading.ok:
        return None
    taught = _TEACHING.search(text)
    if taught is None:
        return None
    rest = _TEACHING.sub(" ", text)
    for clause in re.split(r"[,;.!?]|\b(?:but|though|although|however|while)\b", text, flags=re.IGNORECASE):
        alone = reread(clause) if re.search(r"\w", clause) and not _TEACHING.search(clause) else None
        if alone is not None and alone.ok and alone.value == reading.value:
            return None  # "very much, I like teaching": a clause of its own answers, teaching is the reason
    named = _RESEARCH.search(rest)
    if named and (reading.value == "avoid" or not _NEGATED_BEFORE.search(rest[:named.start()])):
        # "not a research person" names research to deny it: that backs a dislike, not a liking of teaching
        alone = reread(rest)
        if alone.ok and alone.value == reading.value:
            return None  # "I enjoy research and teaching": the research read on its own says the same
    doubt = quoted(taught.group(0))
    first = tuple(o for o in options if o[0] == reading.value)
    return _ask(f"You wrote {doubt}: teaching is part of academic settings, and this question is about research-heavy "
                "ones. Which fits those?", doubt, (*first, *(o for o in options if o[0] != reading.value)))


_NOT_TOP = re.compile(r"\bnot\s+(?:that\s+|so\s+|too\s+|very\s+|the\s+|all\s+that\s+)?(?:great|greatest|amazing|"
                      r"excellent|perfect|the\s+best|best|top)\b", re.IGNORECASE)


def top_rating_denied(q_id: str, text: str, reading: Reading, reread: Callable[[str], Reading],
               options: Options) -> Reading | None:
    """At the English rating, Needs work read from a denial of the top alone ("Not great honestly"): that leaves
    Average too. Asked, offering both, unless the rest of the reply rates it on its own ("not great, I get
    nervous")."""
    if q_id != "english" or (reading.value != "weak" if reading.ok else bool(reading.candidates)):
        return None  # read as Needs work, or refused ("not the greatest")
    denied = _NOT_TOP.search(text)
    if denied is None:
        return None
    rest = _NOT_TOP.sub(" ", text)
    if re.search(r"[a-z]{2}", rest, re.IGNORECASE) and reread(rest).ok:
        return None
    doubt = quoted(denied.group(0))
    offered = tuple(o for v in ("average", "weak") for o in options if o[0] == v)
    return _ask(f"You wrote {doubt}: not at the top, which leaves two answers. Average, or needs work?", doubt,
                offered)


_J1 = r"(?:j[\s-]?1|j[\s-]?one|j\s+visa)"
_J1_OUT = re.compile(
    rf"\b{_J1}\s+(?:is\s+|was\s+)?(?:not\s+(?:possible|an\s+option|allowed|available|for\s+me)|ruled\s+out|impossible|"
    rf"out\s+of\s+the\s+question|out|no\s+longer\s+possible|off\s+the\s+table)\b|"
    rf"\b{_J1}\s+(?:waiver\s+)?(?:is\s+|would\s+be\s+)?(?:very\s+|too\s+|really\s+|so\s+)?(?:hard|difficult|impossible|risky)\b|"
    rf"\b(?:can\s*n?o?[o']?t|cannot|can't|cant|could\s*n[o']?t|unable\s+to|not\s+eligible\s+for)\s+(?:do\s+|use\s+|get\s+|"
    rf"take\s+|go\s+)?(?:a\s+|the\s+|another\s+)?{_J1}\b", re.IGNORECASE)
_H1B = re.compile(r"\b(?:h[\s-]?1[\s-]?b|h1|h[\s-]?only|only\s+h)\b", re.IGNORECASE)


#: J-1 accepted after all ("J1 is hard but I'd take it", "... but fine", "if there is no other choice").
_TAKES_J1 = re.compile(r"\b(?:fine|ok|okay|take\s+it|accept\w*|open|happy|would\s+do|if\s+(?:i|there|needed|"
                       r"necessary|no|nothing)|otherwise|but)\b", re.IGNORECASE)


def j1_ruled_out(q_id: str, text: str, reading: Reading, options: Options,
                 label: Callable[[Value], str]) -> Reading | None:
    """At the visa question, J-1 is fine read beside J-1 ruled out ("J1 is not possible for me ... so H only"):
    H-1B only when the H-1B is named, said back; else asked."""
    if q_id != "visa" or (reading.value != "j1_ok" if reading.ok else
                          "h1b_only" not in {v for v, _ in reading.candidates}):
        return None  # read as J-1 is fine, or asked with H-1B only offered ("... my research J1, so H-1B")
    out = _J1_OUT.search(text)
    if out is None or _TAKES_J1.search(text, out.end()):
        return None  # "J1 is hard but I'd take it": accepted after all, as read
    if _H1B.search(text):
        return _read("h1b_only", f"{label('h1b_only')} ({quoted(out.group(0))}: J-1 ruled out)")
    doubt = quoted(out.group(0))
    return _ask(f"You wrote {doubt}: J-1 ruled out, so I have not noted “{label('j1_ok')}”. Which fits how you will "
                "train?", doubt, tuple(o for o in options if o[0] != "j1_ok"))


_ONLY_H = re.compile(r"\b(?:only\s+h[\s-]?1[\s-]?b?|h[\s-]?1[\s-]?b\s+only)\b", re.IGNORECASE)
_REASON = re.compile(r"\b(?:because|since|as|coz|cause|cuz|bc|due\s+to)\b", re.IGNORECASE)


def only_h_for_a_j1_reason(q_id: str, text: str, reading: Reading, label: Callable[[Value], str]) -> Reading | None:
    """ "Only H-1B works for me, because with J-1 I would have to go back to Iran for 2 years": asked between H-1B
    only and J-1 is fine from the J-1 word, but the J-1 stands in the reason for the H-1B only: H-1B only, said back."""
    if q_id != "visa" or reading.ok or "h1b_only" not in {v for v, _ in reading.candidates}:
        return None
    only = _ONLY_H.search(text)
    reason = _REASON.search(text, only.end()) if only else None
    if reason is None or not re.search(rf"\b{_J1}\b", text[reason.end():], re.IGNORECASE) \
            or re.search(rf"\b{_J1}\b", text[:reason.start()], re.IGNORECASE) \
            or re.search(r"\b(?:fine|ok|okay|accept\w*|happy|open|good|works?)\b", text[reason.end():], re.IGNORECASE):
        return None
    return _read("h1b_only", f"{label('h1b_only')} (the J-1 is in your reason, {quoted(text[reason.start():])})")


_US_CITIZEN = re.compile(r"\b(?:(?:us|u\.s\.?|usa|american|united\s+states)\s+citizen(?:ship)?|citizen\s+of\s+the\s+"
                         r"(?:us|usa|united\s+states)|dual\s+(?:us|u\.s\.?|usa|american)\b[^.;]*?\bcitizen\w*|"
                         r"dual\s+(?:citizen\w*|national\w*|passports?)\b[^.;]*?\b(?:us|u\.s\.?|usa|american|united\s+states)\b)",
                         re.IGNORECASE)
_NOT_MINE = re.compile(r"\b(?:wife|husband|spouse|father|mother|dad|mom|parents?|brother|sister|son|daughter|fiance\w*|"
                       r"friend|married|not|no|never|applying|applied|apply|pending|process\w*|soon|will|once|after|"
                       r"when|hope|hoping|plan\w*|petition\w*|through|via|lottery|was|renounc\w*|gave\s+up)\b",
                       re.IGNORECASE)


_PERSONS = ("wife", "husband", "spouse", "father", "mother", "parents", "brother", "sister", "daughter", "fiance",
            "friend", "uncle", "aunt", "cousin", "kid", "kids", "child", "children", "baby", "family", "partner")


def us_citizen_named(q_id: str, text: str, reading: Reading, label: Callable[[Value], str]) -> Reading | None:
    """At the visa question, the user's own US citizenship named plainly ("dual citizen, US and Egypt", "US citizen
    by birth, but grew up in Karachi"), asked or refused for the other nationality or place beside it: no visa needed,
    said back. Anyone else's, a denied, a past or a coming citizenship is left to the reader."""
    if q_id != "visa" or reading.ok and reading.value == "no_visa_needed":
        return None
    if reading.ok or reading.candidates and "no_visa_needed" not in {v for v, _ in reading.candidates}:
        return None
    named = _US_CITIZEN.search(text)
    words = set(re.findall(r"[a-z]+", text.lower()))
    if named is None or _NOT_MINE.search(text) or any(words & person_spellings(p) for p in _PERSONS) or re.search(r"\b(?:j[\s-]?1|h[\s-]?1[\s-]?b?|green\s+card)\b", text,
                                                            re.IGNORECASE):
        return None
    return _read("no_visa_needed", f"{label('no_visa_needed')} (you wrote {quoted(named.group(0))})")


#: The reply ends on the user's own "none" ("..., I haven't done any myself"): a clause of its own, after whatever
#: was set aside before it (someone else's observership).
_OWN_NONE_END = re.compile(r"(?:^|[,;.!]|\bbut\b)\s*(?:and\s+)?(?:i|me)\s+(?:have\s*n[o']?t|havent|have\s+not|never)\s+"
                           r"(?:done|had|did)\s+any(?:\s+(?:yet|myself|so\s+far|of\s+my\s+own))?\s*[.!]*\s*$|"
                           r"(?:^|[^\w\s']|\bbut\b)\s*(?:and\s+)?(?:me|mine|myself)\s*[:-]?\s*(?:none|nothing|zero|0)\s*[.!]*\s*$",
                           re.IGNORECASE)


def own_none_at_end(q_id: str, text: str, reading: Reading, label: Callable[[Value], str]) -> Reading | None:
    """At the experience and research questions, a reply asked because a part is someone else's ("my wife did an
    observership in NYC, I haven't done any") that ends on the user's own none: None yet, said back."""
    if q_id not in ("us_clinical_experience", "radiology_experience", "research") or reading.ok \
            or "someone else" not in reading.error:
        return None
    own = _OWN_NONE_END.search(text)
    if own is None:
        return None
    mine = quoted(re.sub(r"^\W+|\W+$", "", own.group(0)))
    return _read("none", f"{label('none')} (you wrote {mine}; the rest is about "
                 "someone else)")
