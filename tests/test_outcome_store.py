"""Shared Match outcomes in the database: sealed, in /mydata, gone with /delete, counted by the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.__main__ import main
from bot.outcome_counts import ReleaseCache, release_for
from knowledge.base import load_knowledge
from knowledge.outcomes import FIELDS, OutcomeRecord
from storage import OutcomeWrite, Store

KB = load_knowledge()
COUNTED = date(2027, 6, 2)  # the 2027 Match's counting closes (MyERAS opens for 2028)
PROFILE = {"tier": "moderate", "visa_route": "j1_ok", "step2_ck_band": "240-249",
           "years_since_graduation_band": "0-3", "us_clinical_experience": "observership"}


def record(result: str = "matched_dr", counted: bool = True, **profile: str) -> dict[str, object]:
    return OutcomeRecord(2027, result, {**PROFILE, **profile}, date(2027, 3, 25), counted,
                         applications={"diagnostic_radiology": "51-75"}, interviews={"diagnostic_radiology": "3-5"}).to_json()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Store, Path]:
    key = Fernet.generate_key().decode()
    db = tmp_path / "bot.db"
    monkeypatch.setenv("BOT_DB_PATH", str(db))
    monkeypatch.setenv("BOT_DATA_KEY", key)
    monkeypatch.chdir(tmp_path)  # no stray .env
    return Store.open(db, key), db


def share(store: Store, chat_id: int, data: dict[str, object]) -> None:
    store.save(chat_id, {"v": 3, "state": "idle", "answers": {}}, outcome=OutcomeWrite(data))


def test_an_outcome_is_sealed_in_the_file(env: tuple[Store, Path]) -> None:
    store, db = env
    share(store, 42, record("soap"))
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = db.read_bytes()
    assert b"soap" not in raw and b"240-249" not in raw and b"diagnostic_radiology" not in raw
    assert store.outcomes.get(42)["result"] == "soap"


def test_mydata_holds_the_outcome_and_delete_takes_it_out_of_every_later_count(env: tuple[Store, Path]) -> None:
    store, _ = env
    for chat in range(1, 13):
        share(store, chat, record("matched_dr"))
    assert store.export_user(5)["outcomes"][0]["data"]["result"] == "matched_dr"
    before = release_for(store, KB, COUNTED)
    assert before.consenting == 12
    assert store.delete_user(5) >= 3
    assert store.outcomes.get(5) is None
    after = release_for(store, KB, COUNTED)
    assert after.consenting == 11
    cache = ReleaseCache(store, KB)
    assert cache.get(COUNTED).consenting == 11
    store.delete_user(6)
    assert cache.get(COUNTED).consenting == 10  # the cache follows a deletion at once


def test_withdrawing_the_yes_or_removing_the_row_takes_it_out_of_the_counts(env: tuple[Store, Path]) -> None:
    store, _ = env
    for chat in range(1, 11):
        share(store, chat, record())
    assert release_for(store, KB, COUNTED).consenting == 10
    share(store, 3, record(counted=False))
    assert release_for(store, KB, COUNTED).consenting is None  # 9: below K, hidden
    store.save(4, {"v": 3, "state": "idle", "answers": {}}, outcome=OutcomeWrite(None))
    assert store.outcomes.get(4) is None


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["outcomes", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_cli_prints_the_contract_json(env: tuple[Store, Path], capsys: pytest.CaptureFixture[str]) -> None:
    store, _ = env
    store.outcomes.bulk_insert(((c, record("matched_dr" if c % 3 else "matched_backup")) for c in range(1, 61)),
                               "2027-04-01T00:00:00+00:00")
    code, out, _ = run_cli(capsys, "--json", "--today", COUNTED.isoformat())
    assert code == 0
    data = json.loads(out)
    assert data["min_cell"] == 10 and data["consenting"] == 60
    by = [t["by"] for t in data["tables"]]
    assert ["match_year"] in by and ["match_year", "tier", "visa_route"] in by
    assert all(["match_year", f] in by for f in FIELDS)
    years = next(t for t in data["tables"] if t["by"] == ["match_year"])
    assert {"match_year": 2027, "result": "matched_dr", "count": 40} in years["rows"]
    tier = next(t for t in data["tables"] if t["by"] == ["match_year", "tier"])
    assert set(tier["rows"][0]) == {"match_year", "tier", "result", "count"}
    # everyone is of the moderate tier: showing its 40 beside the year's 40 would say that nobody of the
    # other tiers matched in radiology (a count of zero worked out), so one of the two is hidden
    moderate = next(r for r in tier["rows"] if r["tier"] == "moderate" and r["result"] == "matched_dr")
    assert moderate["count"] is None
    assert all(r["count"] is None or r["count"] >= 10 for t in data["tables"] for r in t["rows"])
    code, out, _ = run_cli(capsys, "--json", "--min-cell", "50", "--today", COUNTED.isoformat())
    assert json.loads(out)["min_cell"] == 50


def test_the_cli_text_and_the_published_file(env: tuple[Store, Path], capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    store, _ = env
    store.outcomes.bulk_insert(((c, record("unmatched")) for c in range(1, 16)), "2027-04-01T00:00:00+00:00")
    code, out, _ = run_cli(capsys, "--today", COUNTED.isoformat())
    assert code == 0 and "People counted: 15" in out and "<10" in out
    target = tmp_path / "outcomes.csv"
    code, _, err = run_cli(capsys, "--csv", str(target), "--today", COUNTED.isoformat())
    assert code == 0 and "wrote" in err
    text = target.read_text()
    assert "CC BY 4.0" in text and "Made on 2027-06-02" in text
    assert "match_year" in text.splitlines()[4]


def test_before_a_match_is_counted_nothing_is_shown(env: tuple[Store, Path], capsys: pytest.CaptureFixture[str]) -> None:
    store, _ = env
    store.outcomes.bulk_insert(((c, record()) for c in range(1, 40)), "2027-04-01T00:00:00+00:00")
    code, out, _ = run_cli(capsys, "--json", "--today", "2027-06-01")
    assert json.loads(out)["tables"][0]["rows"] == [] and json.loads(out)["consenting"] is None
    code, out, _ = run_cli(capsys, "--today", "2027-06-01")
    assert "counted from 2027-06-02" in out


def test_operator_mistakes_are_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOT_DB_PATH", str(tmp_path / "missing.db"))
    monkeypatch.setenv("BOT_DATA_KEY", Fernet.generate_key().decode())
    code, _, err = run_cli(capsys)
    assert code == 2 and "no database" in err and not (tmp_path / "missing.db").exists()
    code, _, err = run_cli(capsys, "--min-cell", "0")
    assert code == 2


def test_the_cli_reads_without_writing_and_refuses_a_wrong_key(env: tuple[Store, Path], capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    store, db = env
    share(store, 1, record())
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = db.read_bytes()
    code, _, _ = run_cli(capsys, "--json", "--today", COUNTED.isoformat())
    assert code == 0 and db.read_bytes() == before
    monkeypatch.setenv("BOT_DATA_KEY", Fernet.generate_key().decode())
    code, _, err = run_cli(capsys, "--json")
    assert code == 2 and "does not match" in err
