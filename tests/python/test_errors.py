"""The exceptions of cognito_mfa: one class per code, with `.code`, `.message` and the error's
data; the invalid-input family are ValueErrors; wrong types are TypeErrors; no secret leaks."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

import pytest

import cognito_mfa
from cognito_mfa import (
    TOTP,
    CodeMismatchError,
    CodeReusedError,
    CognitoMfaError,
    InvalidInputError,
    InvalidSecretError,
    InvalidUriError,
    KeyUri,
    RandomSourceError,
    ReplayGuard,
    SecretTooShortError,
    SrpError,
    hotp,
    parse_uri,
    qr_svg,
    random_secret,
)

SECRET = "JBSWY3DPEHPK3PXP"
ALL_CLASSES = [
    CognitoMfaError,
    InvalidInputError,
    InvalidSecretError,
    SecretTooShortError,
    InvalidUriError,
    CodeMismatchError,
    CodeReusedError,
    RandomSourceError,
    SrpError,
]
INVALID_INPUT_FAMILY = [InvalidInputError, InvalidSecretError, SecretTooShortError, InvalidUriError]


def raised(call: Callable[[], object]) -> CognitoMfaError:
    """Runs `call`, which must raise a CognitoMfaError, and returns the exception."""
    with pytest.raises(CognitoMfaError) as info:
        call()
    return info.value


# --- the hierarchy --------------------------------------------------------------------------


def test_hierarchy() -> None:
    for cls in ALL_CLASSES:
        assert issubclass(cls, CognitoMfaError)
        assert issubclass(cls, Exception)
        assert cls.__module__ == "cognito_mfa.errors"
        assert getattr(cognito_mfa, cls.__name__) is cls
    for cls in INVALID_INPUT_FAMILY:
        assert issubclass(cls, ValueError), cls
        assert issubclass(cls, InvalidInputError), cls
    for cls in (CodeMismatchError, CodeReusedError, RandomSourceError, SrpError):
        assert not issubclass(cls, ValueError), cls
    assert not issubclass(CognitoMfaError, ValueError)


@pytest.mark.parametrize("cls", ALL_CLASSES)
def test_code_defaults_to_the_class_name(cls: type[CognitoMfaError]) -> None:
    exc = cls("something failed")
    assert exc.code == cls.__name__
    assert exc.message == "something failed"
    assert str(exc) == "something failed"
    assert cls("x", code="OtherError").code == "OtherError"


def test_exceptions_pickle_with_their_data() -> None:
    exc = raised(lambda: TOTP("JBSWY3DPEHPK3PX!"))
    clone = pickle.loads(pickle.dumps(exc))
    assert type(clone) is InvalidSecretError
    assert (clone.code, clone.message, str(clone)) == (exc.code, exc.message, str(exc))
    assert isinstance(clone, InvalidSecretError)
    assert (clone.character, clone.position) == ("!", 15)


# --- each code raised by the binding --------------------------------------------------------


@pytest.mark.parametrize(
    ("bad_secret", "character", "position"),
    [("JBSWY3DPEHPK3PX1", "1", 15), ("JBSW8Y3DPEHPK3PXP", "8", 4), ("é" * 16, "é", 0)],
)
def test_invalid_secret(bad_secret: str, character: str, position: int) -> None:
    exc = raised(lambda: TOTP(bad_secret))
    assert type(exc) is InvalidSecretError
    assert exc.code == "InvalidSecretError"
    assert isinstance(exc, ValueError)
    assert isinstance(exc, InvalidInputError)
    assert isinstance(exc, InvalidSecretError)
    assert (exc.character, exc.position) == (character, position)
    assert bad_secret not in exc.message


@pytest.mark.parametrize(
    ("secret", "chars"),
    [("JBSWY3DP", 8), ("JBSWY3DPEHPK3PX", 15), (b"123456789", 15), (b"", 0)],
)
def test_secret_too_short(secret: str | bytes, chars: int) -> None:
    exc = raised(lambda: TOTP(secret))
    assert type(exc) is SecretTooShortError
    assert exc.code == "SecretTooShortError"
    assert isinstance(exc, ValueError)
    assert exc.chars == chars


@pytest.mark.parametrize(
    ("uri", "kind"),
    [
        ("https://example.com/?secret=JBSWY3DPEHPK3PXP", "BadScheme"),
        ("not a uri", "BadScheme"),
        ("otpauth://hotp/alice?secret=JBSWY3DPEHPK3PXP&counter=1", "UnsupportedType"),
        ("otpauth://totp/?secret=JBSWY3DPEHPK3PXP", "MissingLabel"),
        ("otpauth://totp/alice?issuer=Example", "MissingSecret"),
        ("otpauth://totp/alice?secret=JBSWY3DPEHPK3PX1", "BadSecret"),
        ("otpauth://totp/alice?secret=JBSWY3DP", "BadSecret"),
        ("otpauth://totp/A:alice?secret=JBSWY3DPEHPK3PXP&issuer=B", "IssuerMismatch"),
        ("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&algorithm=MD5", "BadAlgorithm"),
        ("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&digits=10", "BadDigits"),
        ("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&digits=six", "BadDigits"),
        ("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&period=0", "BadPeriod"),
        ("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&period=-30", "BadPeriod"),
        ("otpauth://totp/al%ZZice?secret=JBSWY3DPEHPK3PXP", "BadEncoding"),
        (
            "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&secret=JBSWY3DPEHPK3PXP",
            "DuplicateParameter",
        ),
    ],
)
def test_invalid_uri(uri: str, kind: str) -> None:
    exc = raised(lambda: parse_uri(uri))
    assert type(exc) is InvalidUriError
    assert exc.code == "InvalidUriError"
    assert isinstance(exc, ValueError)
    assert isinstance(exc, InvalidInputError)
    assert exc.kind == kind
    assert "JBSWY3DP" not in exc.message


@pytest.mark.parametrize(
    "call",
    [
        lambda: TOTP(SECRET, digits=5),
        lambda: TOTP(SECRET, digits=9),
        lambda: TOTP(SECRET, digits=-6),
        lambda: TOTP(SECRET, digits=2**70),
        lambda: TOTP(SECRET, period=0),
        lambda: TOTP(SECRET, period=-30),
        lambda: TOTP(SECRET, algorithm="MD5"),
        lambda: TOTP(SECRET, algorithm=""),
        lambda: TOTP(SECRET).verify("12345"),
        lambda: TOTP(SECRET).verify("1234567"),
        lambda: TOTP(SECRET).verify("12345a"),
        lambda: TOTP(SECRET).verify(" 123456"),
        lambda: TOTP(SECRET).verify("١٢٣٤٥٦"),  # Arabic-Indic digits are not ASCII digits
        lambda: TOTP(SECRET).verify("123456", window=101),
        lambda: TOTP(SECRET).verify("123456", window=-1),
        lambda: TOTP(SECRET).verify("123456", at=-1),
        lambda: TOTP(SECRET).at(-1),
        lambda: TOTP(SECRET).at(2**64),
        lambda: TOTP(SECRET).time_step(-5),
        lambda: TOTP(SECRET).seconds_remaining(-5),
        lambda: TOTP(SECRET).provisioning_uri(""),
        lambda: TOTP(SECRET).provisioning_uri("a:b"),
        lambda: TOTP(SECRET).provisioning_uri("alice", issuer=""),
        lambda: TOTP(SECRET).provisioning_uri("alice", issuer="Ex:ample"),
        lambda: KeyUri(TOTP(SECRET), ""),
        lambda: random_secret(9),
        lambda: random_secret(1025),
        lambda: random_secret(-1),
        lambda: hotp(SECRET, 0, digits=9),
        lambda: hotp(SECRET, -1),
        lambda: qr_svg("x" * 8000),
        lambda: ReplayGuard().verify("k", TOTP(SECRET), "abc"),
    ],
)
def test_invalid_input(call: Callable[[], object]) -> None:
    exc = raised(call)
    assert type(exc) is InvalidInputError
    assert exc.code == "InvalidInputError"
    assert isinstance(exc, ValueError)
    assert exc.message
    assert SECRET not in exc.message


def test_argument_errors_name_the_parameter() -> None:
    exc = raised(lambda: TOTP(SECRET, digits=-6))
    assert any("digits" in note for note in getattr(exc, "__notes__", []))


def test_code_mismatch_and_reuse() -> None:
    totp = TOTP(SECRET)
    guard = ReplayGuard()
    code = totp.at(1_000_000)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    mismatch = raised(lambda: guard.verify("k", totp, wrong, at=1_000_000, window=0))
    assert type(mismatch) is CodeMismatchError
    assert mismatch.code == "CodeMismatchError"
    assert not isinstance(mismatch, ValueError)
    assert wrong not in mismatch.message
    guard.verify("k", totp, code, at=1_000_000)
    reused = raised(lambda: guard.verify("k", totp, code, at=1_000_000))
    assert type(reused) is CodeReusedError
    assert reused.code == "CodeReusedError"
    assert reused.step == 1_000_000 // 30
    assert code not in reused.message


# --- wrong types ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: TOTP(123),
        lambda: TOTP(None),
        lambda: TOTP(["JBSWY3DPEHPK3PXP"]),
        lambda: TOTP(SECRET, digits="6"),
        lambda: TOTP(SECRET, digits=6.0),
        lambda: TOTP(SECRET, period=None),
        lambda: TOTP(SECRET, algorithm=1),
        lambda: TOTP(SECRET, 6),  # digits is keyword-only
        lambda: TOTP(SECRET).verify(123456),
        lambda: TOTP(SECRET).verify(None),
        lambda: TOTP(SECRET).verify("123456", at="now"),
        lambda: TOTP(SECRET).verify("123456", at=1.5),
        lambda: TOTP(SECRET).verify("123456", window=None),
        lambda: TOTP(SECRET).verify("123456", 0),  # at is keyword-only
        lambda: TOTP(SECRET).at("59"),
        lambda: TOTP(SECRET).at(59.0),
        lambda: TOTP(SECRET).at(None),
        lambda: TOTP(SECRET).provisioning_uri(None),
        lambda: TOTP(SECRET).provisioning_uri("alice", issuer=1),
        lambda: parse_uri(b"otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP"),
        lambda: KeyUri("not a TOTP", "alice"),
        lambda: ReplayGuard().verify("k", "not a TOTP", "123456"),
        lambda: ReplayGuard().verify(1, TOTP(SECRET), "123456"),
        lambda: random_secret("20"),
        lambda: hotp(SECRET, "0"),
        lambda: qr_svg(None),
    ],
)
def test_wrong_types_raise_type_error(call: Callable[[], Any]) -> None:
    with pytest.raises(TypeError) as info:
        call()
    assert not isinstance(info.value, CognitoMfaError)


# --- secrets never leak ---------------------------------------------------------------------


@pytest.mark.parametrize("secret", [SECRET, b"12345678901234567890", random_secret()])
def test_repr_and_str_never_show_the_secret(secret: str | bytes) -> None:
    totp = TOTP(secret, digits=8, period=60, algorithm="SHA256")
    base32 = totp.secret
    key = parse_uri(totp.provisioning_uri("alice@example.com", issuer="Example"))
    for text in (repr(totp), str(totp), repr(key), str(key), repr(key.totp)):
        assert base32 not in text
        assert base32.lower() not in text
        assert base32[:8] not in text
        assert "secret" not in text.lower()
    assert repr(totp) == "TOTP(digits=8, period=60, algorithm='SHA256')"
    assert repr(key) == (
        "KeyUri(account='alice@example.com', issuer='Example', digits=8, period=60, "
        "algorithm='SHA256')"
    )
    assert "issuer=None" in repr(parse_uri(TOTP(secret).provisioning_uri("bob")))
