"""Choosing the spaCy pipeline: the caller's, the environment's, else the first installed; clear errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from analysis import nlp
from analysis.nlp import MODEL_ENV_VAR, ModelNotFound, resolve_model_name


def test_default_is_the_first_installed_english_model(monkeypatch):
    monkeypatch.delenv(MODEL_ENV_VAR, raising=False)
    expected = nlp.OFFICIAL_MODEL if nlp.model_is_installed(nlp.OFFICIAL_MODEL) else nlp.EMBEDDED_MODEL
    assert resolve_model_name() == expected


def test_environment_variable_names_the_model(monkeypatch):
    monkeypatch.setenv(MODEL_ENV_VAR, nlp.EMBEDDED_MODEL)
    assert resolve_model_name() == nlp.EMBEDDED_MODEL


def test_caller_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv(MODEL_ENV_VAR, "no_such_pipeline_xyz")
    assert resolve_model_name(nlp.EMBEDDED_MODEL) == nlp.EMBEDDED_MODEL


def test_a_model_that_does_not_exist_gives_the_install_paragraph(monkeypatch):
    monkeypatch.setenv(MODEL_ENV_VAR, "no_such_pipeline_xyz")
    with pytest.raises(ModelNotFound) as error:
        resolve_model_name()
    message = str(error.value)
    assert "'no_such_pipeline_xyz' is not installed" in message
    assert "requirements-model.txt" in message and "\n" not in message


def test_no_model_installed_gives_the_install_paragraph(monkeypatch):
    monkeypatch.delenv(MODEL_ENV_VAR, raising=False)
    monkeypatch.setattr(nlp, "model_is_installed", lambda name: False)
    with pytest.raises(ModelNotFound, match="No spaCy English model could be loaded. Install"):
        resolve_model_name()


def test_command_line_with_a_missing_model_is_one_line(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Headline\n\nKirby said the war goes on.\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "analysis", str(article), "--out", str(tmp_path / "out"),
                          "--model", "no_such_pipeline_xyz"], capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("error: No spaCy English model")
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("text", "tokens"), [
    ('affable,”Clinton said', ["affable", ",", "”", "Clinton", "said"]),
    ('was done."Then', ["was", "done", ".", '"', "Then"]),
    ("said“We", ["said", "“", "We"]),
    ('a 12" pipe', ["a", "12", '"', "pipe"]),
    ("O'Brien didn't", ["O'Brien", "did", "n't"]),
])
def test_a_quotation_mark_glued_to_a_word_is_its_own_token(text, tokens):
    assert [t.text for t in nlp.load_pipeline().tokenizer(text)] == tokens
