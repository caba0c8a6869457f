"""Answers files shared by tests: the source article's three worked examples."""

MATCH = 2027


def answers(**overrides):
    """A complete, valid answers file; override any key."""
    base = {
        "step2_ck_score": 250,
        "usmle_failures": 0,
        "graduation_year": MATCH - 1 - 2,
        "match_year": MATCH,
        "us_clinical_experience": "hands_on",
        "radiology_experience": "observership",
        "research": "radiology",
        "visa": "j1_ok",
        "step3": "not_planned",
        "english": "strong",
        "patient_contact": "neutral",
        "pattern_recognition": "enjoy",
        "academic_environment": "enjoy",
        "neuro_interest": False,
        "must_match_this_cycle": False,
        "long_term_us_priority": True,
        "citizenship": "IN",  # optional (CONTRACTS §3a): India is under no visa suspension
    }
    base.update(overrides)
    return base


# Example 1: 250 first attempt, 2 years out, radiology observership + IM sub-I,
# a radiology poster, J-1 acceptable.
STRONG = answers()

# Example 2: 237 first attempt, 5 years out, IM observerships only, no research, J-1 only.
MODERATE = answers(
    step2_ck_score=237, graduation_year=MATCH - 1 - 5, us_clinical_experience="observership",
    radiology_experience="none", research="none", patient_contact="enjoy",
)

# Example 3: 225 with one fail, 8 years out, no USCE, no research, needs H-1B.
HIGH = answers(
    step2_ck_score=225, usmle_failures=1, graduation_year=MATCH - 1 - 8,
    us_clinical_experience="none", radiology_experience="none", research="none",
    visa="h1b_only", step3="planned", pattern_recognition="neutral", academic_environment="neutral",
)
