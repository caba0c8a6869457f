"""The whole knowledge base as one typed value, and the function that loads and validates it.

Each feature's loader is called explicitly here (no registration by import): questions, facts,
specialties and guidance texts (``loader``), the season's figures (``season``), the calendar
(``timeline``), the FAQ (``faq``) and the interview guidance and checker (``interview``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Mapping

from knowledge.counts import CountRules, load_count_rules
from knowledge.faq import FaqEntry, Scope, load_faq, load_scope
from knowledge.interview import Coaching, load_coaching
from knowledge.fields import check_fields, load_fields
from knowledge.outcomes import OutcomeRules, load_outcome_rules
from knowledge.loader import (DATA_DIR, FACT_REF, Fact, KnowledgeError, Question, Specialty,
                              check_fact_refs, load_facts, load_questions, load_specialties, read_yaml)
from knowledge.ranking import BackupRules, load_backup_ranking
from knowledge.season import Season, load_season
from knowledge.timeline import PHASES, Calendar, load_calendar
from knowledge.zones import Places, load_places

#: ``{name}`` placeholders in guidance texts, filled per user (dates, counts); ``{fact:id}`` is separate.
PLACEHOLDER = re.compile(r"\{([a-z_0-9]+)\}")
#: The placeholders the advisor fills in phase and next-step texts (knowledge/advisor.py: build_plan).
STEP_PLACEHOLDERS = frozenset("""match_year next_match myeras_opens submit review rank_list_opens rank_list match_week
match_day next_myeras pathway_deadline backup backup_name dr_signals backup_signals signals_season eras_usd next_years
next_tier dr_programs backup_programs lists more_programs ranked_backups soap_backups wait_cost years_now earlier_match earlier_myeras earlier_years
earlier_tier_words certify_through certify_valid pathways_close myeras_months building_work nrmp_deadline step3_sit_by pathways_year suspension_date suspended_visas step3_now pathway_when
next_myeras_when pathway_open_when step3_when target_match visa_programs country as_of j1_why_cap step3_visit more_signals statements_for valid_on
training_july us_only uscis_hold fee_if j1_if_few pgy1_visa rank_in_list rank_sentence register_if step2_sit_by step2_h1b_when step2_margin letters_moved submit_from hands_on_roles""".split())
#: The placeholders of the visa outlook's texts (knowledge/visa.py: visa_outlook).
OUTLOOK_PLACEHOLDERS = frozenset("""valid_on suspension_cite country fee_sentence fee_short rank_list suspension_date fee_from as_of submit step3_sit_by
match_year hold_date""".split())
#: Flags a phase text's key may end with (``interviewing_no_radiology``): used instead when they apply.
#: ``blocked_all``: every visa suspended for the nationality (the NRMP registration only once an exception opens a route).
STEP_FLAGS = ("retarget", "certified", "nostep3", "h1b", "closed", "novisa", "no_radiology", "pathway", "must_match",
              "blocked_all")


def text_keys() -> frozenset[str]:
    """Every key a phase-keyed text may have: a phase or ``default``, alone or followed by a flag."""
    keys = {*PHASES, "default"}
    return frozenset(keys | {f"{k}_{flag}" for k in keys for flag in STEP_FLAGS})


def check_guidance(texts: dict[str, Any]) -> None:
    """The phase and next-step texts: known phases, known text keys, only placeholders the advisor fills."""
    def placeholders(text: Any, where: str, known: frozenset[str] = STEP_PLACEHOLDERS) -> None:
        if not isinstance(text, str) or not text.strip():
            raise KnowledgeError("guidance.yaml", where, "must be non-empty text")
        for name in PLACEHOLDER.findall(text):
            if name not in known:
                raise KnowledgeError("guidance.yaml", where, f"unknown placeholder {{{name}}}")

    for key, most in (("description", 512), ("short_description", 120)):  # Telegram's limits
        text = texts.get(key)
        if not isinstance(text, str) or not text.strip() or len(" ".join(text.split())) > most:
            raise KnowledgeError("guidance.yaml", key, f"must be text of 1 to {most} characters")
    outlook = texts.get("visa_outlook") or {}
    for key in ("fee_in_force", "fee_unknown", "fee_short_in_force", "fee_short_unknown"):
        placeholders(outlook.get(key), f"visa_outlook.{key}",
                     frozenset({"fee_until", "fee_from", "court", "still_charged"}))
    placeholders(outlook.get("no_nationality"), "visa_outlook.no_nationality", frozenset())
    placeholders(outlook.get("uscis_hold_brief"), "visa_outlook.uscis_hold_brief", OUTLOOK_PLACEHOLDERS)
    for key in ("fee_in_force", "fee_unknown", "j1_open", "j1_no_nationality"):
        placeholders((texts.get("written_word") or {}).get(key), f"written_word.{key}", frozenset({"fee_until"}))
    line = frozenset({"country", "as_of", "hold_date", "held"})
    for key, text in (outlook.get("nationality") or {}).items():
        placeholders(text, f"visa_outlook.nationality.{key}", line)
    placeholders(outlook.get("birth"), "visa_outlook.birth", line)
    for key in ("in_list", "sentence", "in_list_blocked_j", "sentence_blocked_j", "register_if", "register_if_held"):
        placeholders((texts.get("rank_caveat") or {}).get(key), f"rank_caveat.{key}", STEP_PLACEHOLDERS)
    for group in ("reasons", "possible", "short", "risk"):
        for key, text in (outlook.get(group) or {}).items():
            placeholders(text, f"visa_outlook.{group}.{key}", OUTLOOK_PLACEHOLDERS)
    for key in (outlook.get("reasons") or {}):
        for group in ("short", "risk"):
            if key not in (outlook.get(group) or {}):
                raise KnowledgeError("guidance.yaml", f"visa_outlook.{group}.{key}",
                                     "missing (each reason needs its line)")

    phases = texts.get("phases")
    for phase in PHASES:
        if not isinstance(phases, dict) or not isinstance(phases.get(phase), dict):
            raise KnowledgeError("guidance.yaml", f"phases.{phase}", "missing")
        placeholders(phases[phase].get("now"), f"phases.{phase}.now")
        for variant in ("now_retarget", "now_visit"):
            if variant in phases[phase]:
                placeholders(phases[phase][variant], f"phases.{phase}.{variant}")
    keys = text_keys()

    def phase_keyed(variants: Any, where: str) -> None:
        if not isinstance(variants, dict) or not variants:
            raise KnowledgeError("guidance.yaml", where, "must map a phase (or default) to text")
        if not any(k == "default" or k in PHASES for k in variants):
            raise KnowledgeError("guidance.yaml", where, "needs a text for a phase or default without a flag")
        for key, text in variants.items():
            if key not in keys:
                raise KnowledgeError("guidance.yaml", f"{where}.{key}",
                                     f"not a phase (one of: {', '.join(PHASES)}, default), optionally followed "
                                     f"by _{', _'.join(STEP_FLAGS)}")
            placeholders(text, f"{where}.{key}")

    steps = texts.get("next_steps")
    if not isinstance(steps, dict):
        raise KnowledgeError("guidance.yaml", "next_steps", "missing")
    visit = texts.get("us_visit") or {}
    for key in ("j", "all"):
        placeholders(visit.get(key), f"us_visit.{key}", frozenset({"country", "as_of", "valid_on"}))
    for step in visit.get("steps") or ():
        if step not in steps:
            raise KnowledgeError("guidance.yaml", "us_visit.steps", f"{step!r} is not a next step")
    for step, variants in steps.items():
        phase_keyed(variants, f"next_steps.{step}")
    for status, variants in ((texts.get("visa") or {}).get("step3") or {}).items():
        phase_keyed(variants, f"visa.step3.{status}")


@dataclass(eq=False)  # compared and hashed by identity: one per process, a key of the plan cache
class KnowledgeBase:
    questions: tuple[Question, ...]
    specialties: dict[str, Specialty]
    facts: dict[str, Fact]
    texts: dict[str, Any]  # guidance.yaml: free-form sections, validated for fact references
    season: Season
    calendar: Calendar
    faq: dict[str, FaqEntry]
    coaching: Coaching
    ranking: tuple[BackupRules, ...]  # how the backups are ranked (guidance.yaml backup_ranking)
    counts: CountRules  # how many programs to apply to (guidance.yaml applications)
    faq_scope: Scope  # what the FAQ refuses and why, and how it says this season's dates
    outcomes: OutcomeRules  # data/outcomes.yaml: what a shared Match outcome is counted under
    places: Places = field(default_factory=Places)  # data/places.yaml: places people type for a time zone
    _by_id: dict[str, Question] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {q.id: q for q in self.questions}

    @property
    def goal(self) -> str:
        """The id of the specialty the plan aims at (role: goal in specialties.yaml)."""
        return next(s.id for s in self.specialties.values() if s.role == "goal")

    @property
    def pgy1(self) -> str:
        """The id of the PGY-1 component the goal's advanced positions need (role: pgy1)."""
        return next(s.id for s in self.specialties.values() if s.role == "pgy1")

    @property
    def backup_ids(self) -> tuple[str, ...]:
        """The backups (role: backup), in specialties.yaml's order, which breaks ranking ties."""
        return tuple(s.id for s in self.specialties.values() if s.role == "backup")

    def question(self, qid: str) -> Question:
        return self._by_id[qid]

    def render(self, text: str, values: Mapping[str, Any] | None = None, today: date | None = None,
               sources: list[str] | None = None) -> str:
        """Fill ``{name}`` placeholders from ``values`` and replace ``{fact:id}`` with the cited fact (its
        "last confirmed" month never after ``today``, the day the text is read). With ``sources`` a fact is said
        without its source, which is added to that list instead (to be said once, at the end of the text)."""
        if values:
            text = PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)

        def cite(m: re.Match[str]) -> str:
            fact = self.facts[m.group(1)]
            if sources is not None:
                sources.append(fact.note(today))
            cited = fact.text if sources is not None else fact.cite(today)
            before = text[:m.start()].rstrip()
            start = not before or (before.endswith((".", ":")) and not before.endswith(("e.g.", "i.e.")))
            return cited[0].upper() + cited[1:] if start else cited

        return FACT_REF.sub(cite, text)


def load_knowledge(data_dir: Path | None = None) -> KnowledgeBase:
    """Load and validate the whole knowledge base; raise KnowledgeError on the first problem."""
    data_dir = data_dir or DATA_DIR
    facts = load_facts(data_dir)
    questions = load_questions(data_dir)
    check_fields(load_fields(data_dir), tuple(q.id for q in questions))  # read by dialogs/reading_field.py
    specialties = load_specialties(data_dir)
    texts = read_yaml(data_dir / "guidance.yaml")
    if not isinstance(texts, dict):
        raise KnowledgeError("guidance.yaml", "(file)", "must be a mapping of section: text")
    check_fact_refs("guidance.yaml", texts, facts)
    check_guidance(texts)
    for sid, spec in specialties.items():
        check_fact_refs("specialties.yaml", spec.__dict__, facts, f"specialties[{sid}]")
    season = load_season(data_dir, facts, tuple(specialties))
    prelim = (texts.get("signals") or {}).get("prelim_specialty")
    if prelim not in specialties:
        raise KnowledgeError("guidance.yaml", "signals.prelim_specialty", f"'{prelim}' is not a specialty id")
    return KnowledgeBase(questions, specialties, facts, texts, season, load_calendar(data_dir),
                         load_faq(data_dir, facts, tuple(texts.get("factors", {}))),
                         load_coaching(data_dir, specialties), load_backup_ranking(texts, specialties),
                         load_count_rules(texts), load_scope(data_dir, season.visa.j_suspended | season.visa.all_suspended),
                         load_outcome_rules(data_dir), load_places(data_dir))
