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


def test_release_artefacts_carry_the_version(repo_root: Path) -> None:
    """The wheel's METADATA, both npm tarballs' package.json and the main package's
    optionalDependencies carry the workspace version (in $COGNITO_MFA_DIST or dist/, made by
    scripts/package.sh; skipped when they are not built)."""
    import os
    import tarfile
    import zipfile

    import pytest

    version = tomllib.loads((repo_root / "Cargo.toml").read_text(encoding="utf-8"))["workspace"][
        "package"
    ]["version"]
    dist = Path(os.environ.get("COGNITO_MFA_DIST") or repo_root / "dist")
    wheels = sorted(dist.glob("cognito_mfa-*.whl"))
    tarballs = sorted(dist.glob("cognito-mfa-*.tgz"))
    if not wheels or len(tarballs) < 2:
        pytest.skip("no release artefacts in dist/: scripts/package.sh builds them")

    for wheel_path in wheels:
        assert wheel_path.name.startswith(f"cognito_mfa-{version}-cp310-abi3-"), wheel_path
        with zipfile.ZipFile(wheel_path) as wheel:
            meta = wheel.read(f"cognito_mfa-{version}.dist-info/METADATA").decode()
        assert f"\nVersion: {version}\n" in meta
    assert (dist / f"cognito_mfa-{version}.tar.gz").is_file()

    manifests = {}
    for tarball in tarballs:
        with tarfile.open(tarball) as archive:
            member = archive.extractfile("package/package.json")
            assert member is not None
            manifest = json.load(member)
        manifests[manifest["name"]] = manifest
    platform_packages = [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((repo_root / "npm").glob("*/package.json"))
    ]
    assert set(manifests) == {"cognito-mfa", "cognito-mfa-linux-x64-gnu"}
    assert {name: m["version"] for name, m in manifests.items()} == dict.fromkeys(
        manifests, version
    )
    assert manifests["cognito-mfa"]["optionalDependencies"] == {
        "cognito-mfa-linux-x64-gnu": version
    }
    assert [p["version"] for p in platform_packages] == [version] * len(platform_packages)
    platform = manifests["cognito-mfa-linux-x64-gnu"]
    assert (platform["os"], platform["cpu"], platform["libc"]) == (["linux"], ["x64"], ["glibc"])
