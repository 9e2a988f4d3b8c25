"""The engine end to end through ``reviews.analysis.compare``: Report contract, determinism."""

from __future__ import annotations

import reviews.analysis
from reviews.analysis import Report

SOURCE = (
    "HARLOW BAY, Maine (Newswire) — A fishing boat sank off Harlow Bay on Friday, and the coast "
    'guard rescued all five crew members. "The sea was rough but they kept calm," said Captain '
    "Ada Pell of the coast guard. The cause of the sinking is under investigation."
)
REWRITE = (
    "A fishing boat sank off Harlow Bay on Thursday, and the coast guard rescued seven crew "
    'members. "The sea was rough but they stayed calm," said Captain Ada Pell. A faulty engine '
    "caused the sinking."
)


def test_it_returns_a_report_with_findings():
    report = reviews.analysis.compare(SOURCE, REWRITE)
    assert isinstance(report, Report)
    assert report.findings


def test_it_finds_the_changed_count_day_and_invented_cause():
    report = reviews.analysis.compare(SOURCE, REWRITE)
    marked = {
        REWRITE[f.rewrite_span[0] : f.rewrite_span[1]] for f in report.findings if f.rewrite_span
    }
    assert any("seven" in m for m in marked)
    assert any("Thursday" in m for m in marked)


def test_the_same_input_gives_the_same_output():
    first = reviews.analysis.compare(SOURCE, REWRITE).to_dict()
    assert reviews.analysis.compare(SOURCE, REWRITE).to_dict() == first


def test_an_identical_rewrite_has_no_findings():
    assert reviews.analysis.compare(SOURCE, SOURCE).findings == []


def test_claims_name_their_kinds():
    report = reviews.analysis.compare(SOURCE, REWRITE)
    assert report.claims
    for c in report.claims:
        assert c.kinds
        assert REWRITE[c.rewrite_span[0] : c.rewrite_span[1]] == c.text


def test_the_compare_command_prints_the_same_json_twice(tmp_path):
    import io
    import json

    from django.core.management import call_command

    src, rw = tmp_path / "source.txt", tmp_path / "rewrite.txt"
    src.write_text(SOURCE, encoding="utf-8")
    rw.write_text(REWRITE, encoding="utf-8")
    outputs = []
    for _ in range(2):
        out = io.StringIO()
        call_command("compare", str(src), str(rw), "--json", stdout=out)
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["findings"]


def test_compare_many_gives_each_pair_the_report_compare_gives(monkeypatch):
    from reviews.analysis import parse

    other = SOURCE.replace("five crew members", "four crew members")
    pairs = [(SOURCE, REWRITE), (SOURCE, other), (other, REWRITE)]
    monkeypatch.setenv("NEWSDESK_NLP_CACHE", "0")
    monkeypatch.setattr(parse, "_cache", type(parse._cache)())  # nothing parsed before
    calls = []
    real = parse._parse_texts
    monkeypatch.setattr(parse, "_parse_texts", lambda nlp, t: calls.append(len(t)) or real(nlp, t))
    batched = reviews.analysis.compare_many(pairs)
    assert calls == [3]  # one spaCy batch, each distinct text once
    singly = [reviews.analysis.compare(s, r) for s, r in pairs]
    assert [r.to_dict() for r in batched] == [r.to_dict() for r in singly]


def test_the_compare_command_batch_output_matches_single_runs(tmp_path):
    import io
    import json

    from django.core.management import call_command

    lines = [{"id": i, "source": SOURCE, "rewrite": rw} for i, rw in enumerate([REWRITE, SOURCE])]
    lines.append({"id": "bad"})
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("compare", "--batch", str(path), stdout=out)
    got = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [g["id"] for g in got] == [0, 1, "bad"]
    want = [f.to_dict() for f in reviews.analysis.compare(SOURCE, REWRITE).findings]
    assert got[0]["findings"] == json.loads(json.dumps(want))
    assert got[1]["findings"] == []
    assert "missing" in got[2]["error"]
