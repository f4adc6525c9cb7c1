"""The shape of the installed package: a public `cognito_mfa` with an explicit `__all__` in
front of the private native module, typed (`py.typed` and stubs shipped)."""

from __future__ import annotations

import inspect
from importlib import resources
from types import ModuleType

import cognito_mfa
import cognito_mfa._native
import cognito_mfa.errors


def test_all_is_explicit_complete_and_resolvable() -> None:
    names = cognito_mfa.__all__
    assert len(names) == len(set(names))
    for name in names:
        assert hasattr(cognito_mfa, name), name
    public = {
        name
        for name, value in vars(cognito_mfa).items()
        if not name.startswith("_") and not isinstance(value, ModuleType)
    }
    assert public <= set(names)
    # Everything the native module exports is re-exported.
    native = {name for name in dir(cognito_mfa._native) if not name.startswith("_")}
    assert native <= set(names)
    assert set(cognito_mfa.errors.__all__) <= set(names)


def test_public_classes_present_themselves_as_cognito_mfa() -> None:
    for cls in (cognito_mfa.TOTP, cognito_mfa.KeyUri, cognito_mfa.ReplayGuard):
        assert cls.__module__ == "cognito_mfa"
        assert repr(cls) == f"<class 'cognito_mfa.{cls.__name__}'>"
        assert cls.__doc__


def test_typing_files_are_installed() -> None:
    package = resources.files("cognito_mfa")
    assert (package / "py.typed").is_file()
    stub = (package / "_native.pyi").read_text(encoding="utf-8")
    for name in ("class TOTP", "class KeyUri", "class ReplayGuard", "def parse_uri"):
        assert name in stub


def test_signatures_are_introspectable() -> None:
    signature = inspect.signature(cognito_mfa.TOTP)
    assert list(signature.parameters) == ["secret", "digits", "period", "algorithm"]
    assert signature.parameters["digits"].default == 6
    assert signature.parameters["digits"].kind is inspect.Parameter.KEYWORD_ONLY
    verify = inspect.signature(cognito_mfa.TOTP.verify)
    assert verify.parameters["window"].default == 1
    assert verify.parameters["at"].default is None


def test_every_public_callable_is_documented() -> None:
    for name in cognito_mfa.__all__:
        value = getattr(cognito_mfa, name)
        if callable(value):
            assert value.__doc__, name
    for cls in (cognito_mfa.TOTP, cognito_mfa.KeyUri, cognito_mfa.ReplayGuard):
        for member, value in vars(cls).items():
            if not member.startswith("_"):
                assert value.__doc__, f"{cls.__name__}.{member}"
