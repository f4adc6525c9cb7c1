"""The shape of the installed package: public modules (`cognito_mfa`, `cognito_mfa.blocking`,
`cognito_mfa.testing`, `cognito_mfa.devices`, `cognito_mfa.errors`, `cognito_mfa.enums`) with
explicit `__all__`s in front of the private native module, typed (`py.typed` and stubs shipped),
documented, and the pytest plugin registered."""

from __future__ import annotations

import inspect
import re
import zipfile
from importlib import metadata, resources
from pathlib import Path
from types import ModuleType

import pytest

import cognito_mfa
import cognito_mfa._native
import cognito_mfa.blocking
import cognito_mfa.devices
import cognito_mfa.enums
import cognito_mfa.errors
import cognito_mfa.pytest_plugin
import cognito_mfa.testing

PUBLIC_MODULES = [
    cognito_mfa,
    cognito_mfa.blocking,
    cognito_mfa.testing,
    cognito_mfa.devices,
    cognito_mfa.errors,
    cognito_mfa.enums,
]
#: Public names that are deliberately not in `__all__` (see cognito_mfa/errors.py).
NOT_STARRED = {"TimeoutError"}


@pytest.mark.parametrize("module", PUBLIC_MODULES, ids=lambda m: m.__name__)
def test_all_is_explicit_complete_and_resolvable(module: ModuleType) -> None:
    names = module.__all__
    assert len(names) == len(set(names))
    for name in names:
        assert hasattr(module, name), name

    # Everything public that the module defines (the package itself: everything it exposes).
    def defined_here(value: object) -> bool:
        home = getattr(value, "__module__", module.__name__)
        return module is cognito_mfa or home == module.__name__

    public = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and not isinstance(value, ModuleType)
        and defined_here(value)
        and name not in {"annotations", "TYPE_CHECKING"}
    }
    assert public - NOT_STARRED <= set(names)


def test_every_native_name_is_public_somewhere() -> None:
    native = {name for name in dir(cognito_mfa._native) if not name.startswith("_")}
    assert native <= set(cognito_mfa.__all__)
    assert set(cognito_mfa.errors.__all__) <= set(cognito_mfa.__all__)
    assert set(cognito_mfa.enums.__all__) <= set(cognito_mfa.__all__)
    assert cognito_mfa.blocking.CognitoUser is cognito_mfa._native._BlockingCognitoUser


def test_public_classes_present_themselves_as_their_module() -> None:
    for name in cognito_mfa.__all__:
        value = getattr(cognito_mfa, name)
        if isinstance(value, type) and value.__module__ == "cognito_mfa":
            assert repr(value) == f"<class 'cognito_mfa.{name}'>"
    assert cognito_mfa.ChallengeName.__module__ == "cognito_mfa.enums"
    assert cognito_mfa.CodeMismatchException.__module__ == "cognito_mfa.errors"
    assert cognito_mfa.blocking.CognitoUser.__module__ == "cognito_mfa.blocking"
    assert cognito_mfa.testing.MockCognito.__module__ == "cognito_mfa.testing"


def test_typing_files_are_installed() -> None:
    package = resources.files("cognito_mfa")
    assert (package / "py.typed").is_file()
    stub = (package / "_native.pyi").read_text(encoding="utf-8")
    for name in cognito_mfa._native.__dict__:
        if isinstance(getattr(cognito_mfa._native, name), type):
            assert f"class {name}:" in stub, name
    for name in ("def parse_uri", "async def authenticate_user", "async def get_user_data"):
        assert name in stub


def test_signatures_are_introspectable() -> None:
    signature = inspect.signature(cognito_mfa.TOTP)
    assert list(signature.parameters) == ["secret", "digits", "period", "algorithm"]
    assert signature.parameters["digits"].default == 6
    assert signature.parameters["digits"].kind is inspect.Parameter.KEYWORD_ONLY
    verify = inspect.signature(cognito_mfa.TOTP.verify)
    assert verify.parameters["window"].default == 1
    assert verify.parameters["at"].default is None
    authenticate = inspect.signature(cognito_mfa.CognitoUser.authenticate_user)
    assert list(authenticate.parameters) == ["self", "details", "flow"]
    assert authenticate.parameters["flow"].default == "USER_SRP_AUTH"
    assert authenticate.parameters["flow"].kind is inspect.Parameter.KEYWORD_ONLY
    send = inspect.signature(cognito_mfa.blocking.CognitoUser.send_mfa_code)
    assert send.parameters["mfa_type"].default is None
    pool = inspect.signature(cognito_mfa.CognitoUserPool)
    assert list(pool.parameters)[:2] == ["user_pool_id", "client_id"]
    assert pool.parameters["endpoint"].kind is inspect.Parameter.KEYWORD_ONLY


def documented_members(cls: type) -> list[tuple[str, object]]:
    return [
        (member, value)
        for member, value in vars(cls).items()
        if not member.startswith("_")
        and (
            callable(value)
            or isinstance(value, property)
            or type(value).__name__ == "getset_descriptor"
        )
    ]


@pytest.mark.parametrize("module", PUBLIC_MODULES, ids=lambda m: m.__name__)
def test_every_public_name_is_documented(module: ModuleType) -> None:
    assert module.__doc__
    for name in module.__all__:
        value = getattr(module, name)
        if callable(value):
            assert value.__doc__, f"{module.__name__}.{name}"
        if isinstance(value, type):
            for member, attribute in documented_members(value):
                assert getattr(attribute, "__doc__", None), f"{name}.{member}"


def test_the_pytest_plugin_is_registered() -> None:
    entry_points = metadata.entry_points(group="pytest11")
    [plugin] = [ep for ep in entry_points if ep.value == "cognito_mfa.pytest_plugin"]
    assert plugin.name == "cognito_mfa"
    assert plugin.load() is cognito_mfa.pytest_plugin
    assert cognito_mfa.pytest_plugin.cognito_mock.__doc__ or cognito_mfa.pytest_plugin.__doc__


def test_challenge_name_lists_exactly_the_challenges_of_the_core() -> None:
    # The enum is a hand copy of the core's `ChallengeName`; `_challenge_names()` is the core's
    # `ChallengeName::ALL` with `is_internal()`. The internal challenges (PASSWORD_VERIFIER, the
    # second SRP step, and the remembered device's DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER)
    # are answered inside the core, so no caller ever sees them and the enum leaves them out.
    core = cognito_mfa._native._challenge_names()
    names = [name for name, _ in core]
    assert len(names) == len(set(names))
    internal = {name for name, is_internal in core if is_internal}
    assert internal == {"PASSWORD_VERIFIER", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER"}
    assert [member.value for member in cognito_mfa.ChallengeName] == [
        name for name in names if name not in internal
    ]


def built_wheel() -> Path | None:
    """The wheel in $COGNITO_MFA_DIST (scripts/test-install.sh sets it) or dist/, if built."""
    import os

    dist = Path(os.environ.get("COGNITO_MFA_DIST") or Path(__file__).resolve().parents[2] / "dist")
    wheels = sorted(dist.glob(f"cognito_mfa-{cognito_mfa.__version__}-*.whl"))
    return wheels[-1] if wheels else None


WHEEL = built_wheel()
needs_wheel = pytest.mark.skipif(
    WHEEL is None, reason="no wheel in dist/: scripts/package.sh builds it"
)


@needs_wheel
def test_the_wheel_holds_the_package_and_nothing_else() -> None:
    assert WHEEL is not None
    with zipfile.ZipFile(WHEEL) as wheel:
        names = set(wheel.namelist())
        info = f"cognito_mfa-{cognito_mfa.__version__}.dist-info"
        package = {
            f"cognito_mfa/{name}"
            for name in (
                "__init__.py",
                "blocking.py",
                "devices.py",
                "enums.py",
                "errors.py",
                "pytest_plugin.py",
                "testing.py",
                "py.typed",
                "_native.pyi",
                "_native.abi3.so",
            )
        }
        metadata_files = {f"{info}/{name}" for name in ("METADATA", "WHEEL", "RECORD")}
        metadata_files.add(f"{info}/entry_points.txt")
        # maturin's software bill of materials of the Rust crates (CycloneDX).
        sboms = {name for name in names if name.startswith(f"{info}/sboms/")}
        assert all(name.endswith(".cyclonedx.json") for name in sboms), sboms
        assert names - sboms == package | metadata_files
        assert not any(
            re.search(r"(^|/)(tests?/|test_[^/]*\.py$|conftest\.py$)", name) for name in names
        )

        entry_points = wheel.read(f"{info}/entry_points.txt").decode()
        assert "[pytest11]" in entry_points
        assert "cognito_mfa = cognito_mfa.pytest_plugin" in entry_points.replace("=", " = ")
        meta = wheel.read(f"{info}/METADATA").decode()
        assert f"\nVersion: {cognito_mfa.__version__}\n" in meta
        assert "\nRequires-Python: >=3.10\n" in meta
        assert "License-Expression: MIT OR Apache-2.0" in meta
        tags = wheel.read(f"{info}/WHEEL").decode()
        assert re.search(r"^Tag: cp310-abi3-manylinux_2_\d+_x86_64$", tags, re.MULTILINE), tags

        native = wheel.read("cognito_mfa/_native.abi3.so")
        assert len(native) < 16 * 1024 * 1024
        # No path of the build machine's source tree (panic locations are workspace-relative).
        assert b"/work/" not in native
        assert b"/home/" not in native
        # Stripped: no symbol table, only the dynamic one.
        assert b".symtab" not in native
        for text_file in (package - {"cognito_mfa/_native.abi3.so"}) | metadata_files:
            assert b"/work/" not in wheel.read(text_file), text_file
    assert WHEEL.stat().st_size <= 5 * 1024 * 1024
