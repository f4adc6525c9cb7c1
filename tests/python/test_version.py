"""The project version agrees everywhere it is written (STYLE.md rule 1)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import cognito_mfa


def test_version_agrees_across_manifests(repo_root: Path) -> None:
    cargo = tomllib.loads((repo_root / "Cargo.toml").read_text(encoding="utf-8"))
    pyproject = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))
    package_json = json.loads((repo_root / "package.json").read_text(encoding="utf-8"))

    version = cargo["workspace"]["package"]["version"]
    assert version.count(".") == 2, version
    assert pyproject["project"]["version"] == version
    assert package_json["version"] == version
    assert cognito_mfa.__version__ == version


def test_binding_crate_takes_the_workspace_version(repo_root: Path) -> None:
    manifest = tomllib.loads(
        (repo_root / "bindings-python" / "Cargo.toml").read_text(encoding="utf-8")
    )
    assert manifest["package"]["version"] == {"workspace": True}


def test_installed_distribution_version() -> None:
    from importlib.metadata import version

    assert version("cognito-mfa") == cognito_mfa.__version__
