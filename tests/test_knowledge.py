"""The shipped knowledge base validates; each kind of broken file is reported with file and field."""

import shutil
from pathlib import Path

import pytest

from knowledge.loader import DATA_DIR, KnowledgeError
from knowledge.base import load_knowledge


def test_shipped_knowledge_base_is_valid():
    kb = load_knowledge()
    assert len(kb.questions) == 17  # the 16 answers-file keys and the optional nationality
    assert not kb.specialties["transitional_year"].categorical
    for fact in kb.facts.values():
        assert fact.year and fact.source and fact.url.startswith("http")


def test_cited_facts_show_year_and_source():
    kb = load_knowledge()
    text = kb.render("{fact:eras-letter-limit}")
    assert "2027 ERAS season" in text and "AAMC" in text
    assert "check the current rule" in kb.render("{fact:h1b-fee-2025}")
    assert "reported by" in kb.render("{fact:eras-2027-opening}") and "confirm on the official page" in \
        kb.render("{fact:eras-2027-opening}")


@pytest.fixture
def data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize("file,old,new,where", [
    ("specialties.yaml", "    visa: Sponsorship varies; check each program's J-1 and H-1B policy before applying.\n", "",
     "specialties[3].visa"),
    ("specialties.yaml", "  - id: pathology", "  - id: Pathology", "specialties[4].id"),
    # an id renamed in specialties.yaml: the first file still naming the old one says where
    ("facts.yaml", None, None, "facts[signals-2025].value.pathology: unknown specialty id 'pathology'"),
    ("specialties.yaml", "  - id: pathology", "  - id: neurology", "specialties[4].id"),
    ("guidance.yaml", "{fact:conrad-30}", "{fact:conrad-31}", "visa.j1_ok"),
    ("facts.yaml", "    status: verified\n", "    status: unverified\n", "facts[0].status"),
    ("facts.yaml", "    year: 2025\n", "    year: soon\n", "facts[0].year"),
    ("questions.yaml", "  - id: english", "  - id: languages", "questions[10].id"),
    ("guidance.yaml", "  submit_early:\n    assembling:", "  submit_early:\n    asembling:", "next_steps.submit_early.asembling"),
    ("guidance.yaml", "until at least {fee_until}", "until at least {fee_untill}", "visa_outlook.fee_in_force"),
    ("guidance.yaml", "Build your lists: {lists}", "Build your lists: {list}", "next_steps.program_lists"),
    ("season.yaml", "signals: signals-2025", "signals: signals-2024", "signals"),
    ("facts.yaml", "      j_suspended: [AO,", "      j_suspended: [XQ,", "facts[j-visa-suspension].value.j_suspended[0]"),
    ("facts.yaml", "    value: {first_programs: 30,", "    value: {first_programs: many,", "facts[eras-fees].value.first_programs"),
    ("questions.yaml", 'label: "Yes, not in radiology"', "label: 42", "questions[6].options[1].label"),
    ("specialties.yaml", "    categorical: false", "    categorical: true", "transitional_year"),
    ("specialties.yaml", "    role: pgy1", "    role: backup", "exactly one specialty must have role: pgy1"),
    ("specialties.yaml", "    role: goal\n", "    role: goal\n    categorical: false\n", "categorical"),
    ("specialties.yaml", "    role: goal", "    role: backup", "exactly one specialty must have role: goal"),
    ("specialties.yaml", "    role: pgy1", "    role: prelim", "specialties[5].role"),
    # an unquoted comma splits a phrasing, and the stray half is the same in two entries
    ("faq/specialties.yaml", "is family medicine as a backup a good idea", "family medicine as a backup, internal medicine as a safety net",
     "entries[1].phrasings[7]"),
    ("faq/strategy.yaml", "    for_you: backups", "    for_you: rating:luck", "entries[1].for_you"),
    # the reading fields of issue 23's round 2
    ("questions.yaml", "          alone: true", "          alone: often", "questions[9].reading.unsure[1].alone"),
    ("questions.yaml", "      mixed: [non_radiology, radiology]", "      mixed: [non_radiology, radiologi]",
     "questions[6].reading.mixed"),
    ("questions.yaml", "      maybe:\n        - {words: [batch, session]", "      maybe:\n        - {words: batch",
     "questions[2].reading.maybe[0].words"),
])
def test_broken_files_name_file_and_field(data, file, old, new, where):
    if old is None:  # the rename above
        edit(data / "specialties.yaml", "  - id: pathology", "  - id: radiation_oncology")
    else:
        edit(data / file, old, new)
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data)
    assert info.value.file == file
    assert where in str(info.value)


def test_invalid_yaml_names_the_line(data):
    (data / "facts.yaml").write_text("facts:\n  - id: x\n   bad: [\n")
    with pytest.raises(KnowledgeError, match=r"facts.yaml: line \d+"):
        load_knowledge(data)


def test_yes_and_no_stay_words():
    kb = load_knowledge()
    labels = [o.label for o in kb.question("research").options]
    assert "Yes, in radiology or imaging" in labels
    assert "no" in kb.question("us_clinical_experience").options[0].aliases  # a string, not YAML's false
    # (a bare "no" at Step 3 is asked since issue 23's round 2: not passed yet, but planned or not?)
