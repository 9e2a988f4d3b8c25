"""The compare management command: text and JSON output, errors, batch mode. No database."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.seeds import seeds_dir

FINDING_KEYS = {"category", "severity", "rewrite_span", "source_span", "message", "confidence"}


def _run(*args: str) -> str:
    out = StringIO()
    call_command("compare", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seed_files():
    d = seeds_dir()
    return str(d / "source_wire_story.txt"), str(d / "rewrite_ai.txt")


def test_it_prints_findings_with_quoted_text(seed_files):
    text = _run(*seed_files)
    assert "[critical] number: rewrite says 19 militants; source says six militants" in text
    assert "rewrite [" in text and "source  [" in text
    assert "“19”" in text
    assert "findings (" in text.splitlines()[-1]


def test_json_output_has_the_schema_and_offsets(seed_files):
    data = json.loads(_run(*seed_files, "--json"))
    assert set(data) == {"findings", "stats"}
    rewrite = Path(seed_files[1]).read_bytes().decode("utf-8")
    for f in data["findings"]:
        assert set(f) == FINDING_KEYS
    first = data["findings"][0]
    s, e = first["rewrite_span"]
    assert rewrite[s:e] == "19"


def test_json_output_is_byte_identical_on_repeat(seed_files):
    assert _run(*seed_files, "--json") == _run(*seed_files, "--json")


def test_identical_files_say_so(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("The council met on Tuesday.", encoding="utf-8")
    assert "identical to the source: nothing to compare" in _run(str(p), str(p))
    assert json.loads(_run(str(p), str(p), "--json"))["findings"] == []


def test_missing_file_is_a_command_error(tmp_path, seed_files):
    with pytest.raises(CommandError, match="not found"):
        _run(str(tmp_path / "nope.txt"), seed_files[1])


def test_non_utf8_file_is_a_command_error(tmp_path, seed_files):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 opened.".encode("latin-1"))
    with pytest.raises(CommandError, match="not valid UTF-8"):
        _run(seed_files[0], str(bad))


def test_empty_file_is_a_command_error(tmp_path, seed_files):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(CommandError, match="empty"):
        _run(seed_files[0], str(empty))


def test_missing_arguments_is_a_command_error():
    with pytest.raises(CommandError):
        _run()


def test_crlf_files_keep_offsets_into_the_text_as_read(tmp_path):
    src = tmp_path / "s.txt"
    rw = tmp_path / "r.txt"
    src.write_bytes(b"The strike killed six people.\r\nOfficials said so.\r\n")
    rw.write_bytes(b"The strike killed 19 people.\r\nOfficials said so.\r\n")
    data = json.loads(_run(str(src), str(rw), "--json"))
    (f,) = [f for f in data["findings"] if f["category"] == "number"]
    assert rw.read_bytes().decode()[f["rewrite_span"][0] : f["rewrite_span"][1]] == "19"


def test_batch_mode_reports_each_line_and_survives_bad_ones(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    good = {"id": "a", "source": "Six people died.", "rewrite": "Nine people died."}
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({"id": "b", "source": "x"}),
        json.dumps({"id": "c", "source": 1, "rewrite": "y"}),
        "",
        json.dumps({"id": "d", "source": "Same.", "rewrite": "Same."}),
    ]
    pairs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = [json.loads(line) for line in _run("--batch", str(pairs)).splitlines()]
    assert [o["id"] for o in out] == ["a", None, "b", "c", "d"]
    assert out[0]["findings"][0]["category"] == "number"
    assert "invalid JSON" in out[1]["error"]
    assert "missing" in out[2]["error"]
    assert "strings" in out[3]["error"]
    assert out[4]["findings"] == []


def test_batch_mode_writes_to_an_output_file(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"id": 1, "source": "A.", "rewrite": "B."}) + "\n")
    target = tmp_path / "out.jsonl"
    assert _run("--batch", str(pairs), "--output", str(target)) == ""
    assert json.loads(target.read_text(encoding="utf-8"))["id"] == 1


def test_batch_file_missing_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="not found"):
        _run("--batch", str(tmp_path / "none.jsonl"))
