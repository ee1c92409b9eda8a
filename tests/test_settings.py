"""Reading kb's settings from mkdocs.yml without MkDocs (for kb new, lifecycle, translate-stamp)."""

from __future__ import annotations

from pathlib import Path

import kb_theme
import pytest

from kb.content.settings import load_kb_config, load_kb_settings
from kb.problems import KbError
from tests.helpers import write_config

KB_THEME = Path(kb_theme.__file__).resolve().parent


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_the_kb_options_and_resolves_folders_against_the_config_file(tmp_path: Path,
                                                                        monkeypatch) -> None:
    (tmp_path / "site").mkdir()
    config_file = write_config(tmp_path / "site", {"languages": ["en", "fa"],
                                                   "default_language": "fa", "review_months": 3})
    monkeypatch.chdir(tmp_path)
    settings = load_kb_settings(Path("site/mkdocs.yml"))
    config = settings.config
    assert config.docs_dir == (tmp_path / "site" / "content").resolve()
    assert config.languages == ("en", "fa") and config.default_language == "fa"
    assert config.site_name == "Test Help" and not config.drafts
    assert config.theme_dirs == (KB_THEME,)
    assert settings.review_months == 3 and settings.config_file == Path("site/mkdocs.yml")
    assert load_kb_config(config_file, drafts=True).drafts is True


def test_plugin_as_a_bare_name_custom_dir_and_mkdocs_tags(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KB_TEST_URL", "https://help.example/")
    config_file = write(tmp_path / "mkdocs.yml", """\
site_name: !ENV [KB_TEST_UNSET, Help]
site_url: !ENV KB_TEST_URL
docs_dir: !relative $config_dir/articles
theme:
  name: kb
  custom_dir: overrides
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
plugins:
  - search
  - kb
""")
    settings = load_kb_settings(config_file)
    assert settings.config.site_name == "Help"
    assert settings.config.site_url == "https://help.example/"
    assert settings.config.languages == ("en",)
    assert settings.config.theme_dirs == ((tmp_path / "overrides").resolve(), KB_THEME)
    assert settings.review_months == 6


def test_plugins_as_a_mapping_and_the_default_docs_dir(tmp_path: Path) -> None:
    config_file = write(tmp_path / "mkdocs.yml",
                        "site_name: Help\nplugins:\n  kb:\n    languages: [pl]\n")
    config = load_kb_config(config_file)
    assert config.languages == ("pl",)
    assert config.docs_dir == tmp_path.resolve() / "docs"


def error(config_file: Path) -> KbError:
    with pytest.raises(KbError) as info:
        load_kb_settings(config_file)
    return info.value


def test_a_missing_config_file_says_where_to_run(tmp_path: Path) -> None:
    exc = error(tmp_path / "nope.yml")
    assert exc.message == f"config file '{tmp_path / 'nope.yml'}' not found"
    assert "pass -f path/to/mkdocs.yml" in exc.hint


def test_invalid_yaml_names_its_line_and_column(tmp_path: Path) -> None:
    config_file = write(tmp_path / "mkdocs.yml",
                        "site_name: Help\nplugins:\n  - kb:\n      languages: [en, fa\n")
    exc = error(config_file)
    assert exc.message.startswith(f"{config_file}:5:1: not valid YAML: ")
    assert "indentation" in exc.hint


def test_a_config_that_is_not_a_mapping(tmp_path: Path) -> None:
    exc = error(write(tmp_path / "mkdocs.yml", ""))
    assert exc.message.endswith("expected a mapping of settings (site_name: …), found an "
                                "empty file")


def test_no_kb_plugin_lists_what_was_found_and_suggests_a_near_miss(tmp_path: Path) -> None:
    exc = error(write(tmp_path / "mkdocs.yml", "site_name: Help\nplugins: [search, kbb]\n"))
    assert exc.message == f"{tmp_path / 'mkdocs.yml'}: no 'kb' entry under plugins " \
                          "(found: search, kbb)"
    assert exc.hint == "rename 'kbb' to 'kb'"
    exc = error(write(tmp_path / "mkdocs.yml", "site_name: Help\n"))
    assert exc.message.endswith("no 'kb' entry under plugins")
    assert "- kb:" in exc.hint


@pytest.mark.parametrize(("options", "expected"), [
    ("review_months: 0", "kb option review_months must be a whole number of months "
                         "(1 or more), found '0'"),
    ("default_language: de", "kb config: default_language 'de' is not in languages (en)"),
    ("[en]", "the kb plugin's options must be a mapping, found list"),
])
def test_bad_kb_options(tmp_path: Path, options: str, expected: str) -> None:
    text = f"site_name: Help\nplugins:\n  - kb: {options}\n" if options.startswith("[") else \
        f"site_name: Help\nplugins:\n  - kb:\n      {options}\n"
    exc = error(write(tmp_path / "mkdocs.yml", text))
    assert expected in exc.message


def test_errors_reach_the_cli_as_a_message_with_a_hint(tmp_path: Path, monkeypatch,
                                                      capsys) -> None:
    from kb.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["lifecycle"]) == 2
    err = capsys.readouterr().err
    assert err == ("kb lifecycle: config file 'mkdocs.yml' not found\n  hint: run from the "
                   "folder that holds mkdocs.yml or pass -f path/to/mkdocs.yml\n")
