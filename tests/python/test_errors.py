"""The exceptions of cognito_mfa: one class per code, with `.code`, `.message`, `.status_code`,
`.request_id` and the error's data; the invalid-input family are ValueErrors; wrong types are
TypeErrors; no secret leaks. Every class is raised here by the binding itself: the TOTP engine,
the client against the mock endpoint, and the client against a scripted fake endpoint for the
answers the mock never gives (throttling, 500s, garbage, slowness, unknown challenges)."""

from __future__ import annotations

import builtins
import pickle
import re
import socket
from collections.abc import Callable
from typing import Any

import pytest
from support import FakeCognito, fake_tokens

import cognito_mfa
from cognito_mfa import (
    TOTP,
    AuthenticationDetails,
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
from cognito_mfa import errors as errors_module
from cognito_mfa.blocking import CognitoUser, CognitoUserPool, CognitoUserSession
from cognito_mfa.testing import MockCognito

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
#: The client-side failures of the Cognito client (codes ending in "Error").
CLIENT_CLASSES: list[type[CognitoMfaError]] = [
    cognito_mfa.NetworkError,
    cognito_mfa.TimeoutError,
    cognito_mfa.UnexpectedResponseError,
    cognito_mfa.UnsupportedChallengeError,
    cognito_mfa.NotSignedInError,
    cognito_mfa.NoChallengeInProgressError,
    cognito_mfa.SoftwareTokenNotVerifiedError,
]
#: Every code the package raises, by origin, as the Rust core (and the embedded mock) list them.
CODES = cognito_mfa._native._error_codes()
#: The Cognito codes the core knows (its `protocol::error::codes::ALL`).
SERVICE_CODES = CODES["service"]
SERVICE_CLASSES: list[type[CognitoMfaError]] = [
    getattr(cognito_mfa, code) for code in SERVICE_CODES
] + [cognito_mfa.ServiceError]


def raised(call: Callable[[], object]) -> CognitoMfaError:
    """Runs `call`, which must raise a CognitoMfaError, and returns the exception."""
    with pytest.raises(CognitoMfaError) as info:
        call()
    return info.value


# --- the hierarchy --------------------------------------------------------------------------


def test_hierarchy() -> None:
    for cls in ALL_CLASSES + CLIENT_CLASSES + SERVICE_CLASSES:
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


# --- the Cognito client's errors -------------------------------------------------------------


def fake_pool(fake: FakeCognito, **settings: Any) -> CognitoUserPool:
    return CognitoUserPool("us-east-1_Fake", "fakeclient", endpoint=fake.endpoint, **settings)


def password_sign_in(pool: CognitoUserPool) -> Any:
    return CognitoUser("alice", pool).authenticate_user(
        AuthenticationDetails("alice", "pw"), flow="USER_PASSWORD_AUTH"
    )


def test_every_code_has_its_class() -> None:
    assert set(CODES) == {"client", "service", "mock", "panic"}
    assert CODES["panic"] == ["GenericFailure"]
    assert CODES["mock"] == ["MockConfigError", "MockIoError", "MockServerError"]
    assert "CodeMismatchException" in CODES["service"]
    assert "NotSignedInError" in CODES["client"]
    for origin, codes in CODES.items():
        for code in codes:
            cls = getattr(errors_module, code)
            assert isinstance(cls, type), code
            assert issubclass(cls, CognitoMfaError), code
            assert cls.__name__ == code
            assert cls.__module__ == "cognito_mfa.errors"
            assert cls.__doc__, code
            assert getattr(cognito_mfa, code) is cls
            assert issubclass(cls, cognito_mfa.ServiceError) is (origin == "service"), code
            assert cls(code).code == code
            # Every class is exported, apart from TimeoutError (which would shadow the built-in).
            assert (code in errors_module.__all__) is (code != "TimeoutError"), code
    # And no class without a code: the rest of errors.__all__ are the three base classes.
    every_code = {code for codes in CODES.values() for code in codes}
    assert set(errors_module.__all__) == every_code - {"TimeoutError"} | {
        "CognitoMfaError",
        "ServiceError",
        "TokenVerificationError",
    }
    verification = {code for code in every_code if code.startswith(("Jwt", "Jwk"))}
    assert len(verification) == 14
    for code in verification:
        assert issubclass(getattr(errors_module, code), errors_module.TokenVerificationError)
    assert set(errors_module.__all__) <= set(cognito_mfa.__all__)


async def test_a_panic_in_a_call_is_a_generic_failure() -> None:
    with pytest.raises(cognito_mfa.GenericFailure) as info:
        await cognito_mfa._native._panic_in_a_call_for_tests()
    exc = info.value
    assert exc.code == "GenericFailure"
    assert isinstance(exc, RuntimeError)
    assert "a Rust panic" in exc.message
    assert "the test hook's panic" in exc.message
    assert (exc.status_code, exc.request_id) == (None, None)


def test_a_panic_in_a_blocking_call_is_a_generic_failure() -> None:
    with pytest.raises(cognito_mfa.GenericFailure) as info:
        cognito_mfa._native._panic_in_a_blocking_call_for_tests()
    assert info.value.code == "GenericFailure"
    assert "the test hook's panic" in info.value.message


def test_a_panic_in_a_sync_call_is_a_generic_failure_not_a_panic_exception() -> None:
    # pyo3 alone would raise pyo3_runtime.PanicException: a BaseException without a code,
    # which neither this `pytest.raises` nor an `except Exception` would catch.
    with pytest.raises(cognito_mfa.GenericFailure) as info:
        cognito_mfa._native._panic_in_a_sync_call_for_tests()
    exc = info.value
    assert type(exc) is cognito_mfa.GenericFailure
    assert isinstance(exc, Exception)
    assert exc.code == "GenericFailure"
    assert isinstance(exc, RuntimeError)
    assert "a Rust panic" in exc.message
    assert "the test hook's panic" in exc.message
    assert (exc.status_code, exc.request_id) == (None, None)


def test_service_and_client_hierarchy() -> None:
    for cls in SERVICE_CLASSES:
        assert issubclass(cls, cognito_mfa.ServiceError), cls
        assert cls.__name__ == "ServiceError" or cls.__name__.endswith("Exception")
        assert cls.__doc__
    for cls in CLIENT_CLASSES:
        assert not issubclass(cls, cognito_mfa.ServiceError), cls
        assert cls.__name__.endswith("Error")
        assert cls.__doc__
    assert issubclass(cognito_mfa.NetworkError, ConnectionError)
    assert issubclass(cognito_mfa.TimeoutError, builtins.TimeoutError)
    assert cognito_mfa.TimeoutError is not builtins.TimeoutError
    assert cognito_mfa.TimeoutError is errors_module.TimeoutError
    # Star imports never shadow the built-in TimeoutError.
    assert "TimeoutError" not in cognito_mfa.__all__
    assert "TimeoutError" not in errors_module.__all__
    namespace: dict[str, Any] = {}
    exec("from cognito_mfa import *\nfrom cognito_mfa.errors import *", namespace)
    assert "TimeoutError" not in namespace
    assert set(SERVICE_CODES) <= set(cognito_mfa.__all__)


@pytest.mark.parametrize("code", SERVICE_CODES)
def test_each_cognito_code_raises_its_class(fake_cognito: FakeCognito, code: str) -> None:
    status = 500 if code == "InternalErrorException" else 400
    fake_cognito.error("InitiateAuth", code, f"the {code} message", status=status)
    with pytest.raises(CognitoMfaError) as info:
        password_sign_in(fake_pool(fake_cognito))
    exc = info.value
    assert type(exc) is getattr(cognito_mfa, code)
    assert isinstance(exc, cognito_mfa.ServiceError)
    assert exc.code == code
    assert exc.message == f"the {code} message"
    assert str(exc) == exc.message
    assert exc.status_code == status
    assert exc.request_id == f"req-{code}"
    clone = pickle.loads(pickle.dumps(exc))
    assert type(clone) is type(exc)
    assert (clone.code, clone.message, clone.status_code, clone.request_id) == (
        code,
        exc.message,
        status,
        exc.request_id,
    )


def test_an_unlisted_cognito_code_is_a_plain_service_error(fake_cognito: FakeCognito) -> None:
    fake_cognito.error("InitiateAuth", "CodeDeliveryFailureException", "no SMS today")
    with pytest.raises(cognito_mfa.ServiceError) as info:
        password_sign_in(fake_pool(fake_cognito))
    assert type(info.value) is cognito_mfa.ServiceError
    assert info.value.code == "CodeDeliveryFailureException"
    assert info.value.message == "no SMS today"


def test_a_namespaced_code_is_sanitized(fake_cognito: FakeCognito) -> None:
    fake_cognito.reply(
        "InitiateAuth",
        {"__type": "com.amazonaws.cognito#CodeMismatchException", "message": "nope"},
        status=400,
    )
    with pytest.raises(cognito_mfa.CodeMismatchException) as info:
        password_sign_in(fake_pool(fake_cognito))
    assert info.value.code == "CodeMismatchException"
    assert info.value.request_id is None


def test_a_service_code_never_maps_to_a_client_side_class(fake_cognito: FakeCognito) -> None:
    fake_cognito.error("InitiateAuth", "InvalidInputError", "spoofed")
    with pytest.raises(cognito_mfa.ServiceError) as info:
        password_sign_in(fake_pool(fake_cognito))
    assert type(info.value) is cognito_mfa.ServiceError
    assert not isinstance(info.value, ValueError)


def test_network_error() -> None:
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    pool = CognitoUserPool(
        "us-east-1_Fake", "fakeclient", endpoint=f"http://127.0.0.1:{port}", max_retries=0
    )
    with pytest.raises(cognito_mfa.NetworkError) as info:
        password_sign_in(pool)
    exc = info.value
    assert exc.code == "NetworkError"
    assert isinstance(exc, ConnectionError)
    assert exc.retryable is True
    assert exc.status_code is None
    assert exc.request_id is None


def test_timeout_error(fake_cognito: FakeCognito) -> None:
    fake_cognito.reply("InitiateAuth", {"AuthenticationResult": fake_tokens()}, delay=2.0)
    with pytest.raises(TimeoutError) as info:  # the built-in name catches it
        password_sign_in(fake_pool(fake_cognito, timeout=0.2))
    exc = info.value
    assert type(exc) is cognito_mfa.TimeoutError
    assert isinstance(exc, CognitoMfaError)
    assert exc.code == "TimeoutError"


@pytest.mark.parametrize(
    ("status", "body"),
    [(200, b"<html>not json</html>"), (200, b'{"ChallengeParameters": {}}'), (502, b"Bad gateway")],
)
def test_unexpected_response_error(fake_cognito: FakeCognito, status: int, body: bytes) -> None:
    fake_cognito.reply("InitiateAuth", body, status=status)
    with pytest.raises(cognito_mfa.UnexpectedResponseError) as info:
        password_sign_in(fake_pool(fake_cognito, max_retries=0))
    assert info.value.code == "UnexpectedResponseError"
    assert info.value.status_code in (None, status)


def test_unsupported_challenge_error(fake_cognito: FakeCognito) -> None:
    fake_cognito.reply(
        "InitiateAuth",
        {"ChallengeName": "WEB_AUTHN", "Session": "s" * 40, "ChallengeParameters": {}},
    )
    with pytest.raises(cognito_mfa.UnsupportedChallengeError) as info:
        password_sign_in(fake_pool(fake_cognito))
    assert info.value.code == "UnsupportedChallengeError"
    assert info.value.challenge_name == "WEB_AUTHN"


def test_software_token_not_verified_error(fake_cognito: FakeCognito) -> None:
    tokens = fake_tokens()
    user = CognitoUser("alice", fake_pool(fake_cognito))
    user.set_sign_in_user_session(CognitoUserSession(tokens["IdToken"], tokens["AccessToken"]))
    fake_cognito.reply("VerifySoftwareToken", {"Status": "ERROR"})
    with pytest.raises(cognito_mfa.SoftwareTokenNotVerifiedError) as info:
        user.verify_software_token("123456")
    assert info.value.code == "SoftwareTokenNotVerifiedError"
    assert info.value.status == "ERROR"
    operation, body = fake_cognito.requests[-1]
    assert operation == "VerifySoftwareToken"
    assert body["AccessToken"] == tokens["AccessToken"]
    assert body["UserCode"] == "123456"


def test_state_errors() -> None:
    user = CognitoUser("alice", CognitoUserPool("us-east-1_Fake", "fakeclient"))
    with pytest.raises(cognito_mfa.NotSignedInError) as signed_out:
        user.get_user_data()
    assert signed_out.value.code == "NotSignedInError"
    with pytest.raises(cognito_mfa.NoChallengeInProgressError) as idle:
        user.send_mfa_code("123456")
    assert idle.value.code == "NoChallengeInProgressError"


@pytest.mark.parametrize(
    "call",
    [
        lambda: CognitoUserPool("not-a-pool-id", "client1"),
        lambda: CognitoUserPool("us-east-1_abc", ""),
        lambda: CognitoUserPool("us-east-1_abc", "bad id!"),
        lambda: CognitoUserPool("us-east-1_abc", "client1", client_secret=""),
        lambda: CognitoUserPool("us-east-1_abc", "client1", endpoint="http://example.com/"),
        lambda: CognitoUserPool("us-east-1_abc", "client1", endpoint="not a url"),
        lambda: CognitoUserPool("us-east-1_abc", "client1", timeout=0),
        lambda: CognitoUserPool("us-east-1_abc", "client1", timeout=-1.5),
        lambda: CognitoUserPool("us-east-1_abc", "client1", timeout=float("nan")),
        lambda: CognitoUserPool("us-east-1_abc", "client1", connect_timeout=float("inf")),
        lambda: CognitoUserPool("us-east-1_abc", "client1", max_retries=-1),
        lambda: CognitoUser("", CognitoUserPool("us-east-1_abc", "client1")),
        lambda: CognitoUserSession("not-a-jwt", "not-a-jwt"),
        lambda: cognito_mfa.CognitoIdToken("a.b"),
    ],
)
def test_client_invalid_input(call: Callable[[], object]) -> None:
    exc = raised(call)
    assert type(exc) is InvalidInputError
    assert isinstance(exc, ValueError)


@pytest.mark.parametrize(
    "call",
    [
        lambda: CognitoUserPool(123, "client1"),
        lambda: CognitoUserPool("us-east-1_abc", None),
        lambda: CognitoUserPool("us-east-1_abc", "client1", timeout="30"),
        lambda: CognitoUserPool("us-east-1_abc", "client1", timeout=True),
        lambda: CognitoUserPool("us-east-1_abc", "client1", max_retries=1.5),
        lambda: CognitoUserPool("us-east-1_abc", "client1", "secret"),  # keyword-only
        lambda: AuthenticationDetails("alice", None),
        lambda: AuthenticationDetails("alice", "pw", client_metadata={"a": 1}),
        lambda: cognito_mfa.MfaSettings(1, 0),
        lambda: CognitoUserSession(None, None),
    ],
)
def test_client_wrong_types_raise_type_error(call: Callable[[], Any]) -> None:
    with pytest.raises(TypeError) as info:
        call()
    assert not isinstance(info.value, CognitoMfaError)


def test_client_reprs_never_show_secrets() -> None:
    tokens = fake_tokens()
    pool = CognitoUserPool("us-east-1_abc", "client1", client_secret="s3cr3t-value")
    assert "s3cr3t" not in repr(pool)
    assert "<redacted>" in repr(pool)
    details = AuthenticationDetails("alice", "Corr3ct-Horse!")
    assert "Corr3ct" not in repr(details)
    assert "<redacted>" in repr(details)
    session = CognitoUserSession(tokens["IdToken"], tokens["AccessToken"], "refresh-me")
    for text in (repr(session), repr(session.id_token), repr(session.access_token)):
        for token in (tokens["AccessToken"], tokens["IdToken"]):
            assert token.split(".")[1][:16] not in text  # the payload part of the JWT
        assert "refresh-me" not in text
    assert session.refresh_token is not None
    assert repr(session.refresh_token) == "CognitoRefreshToken(token=<redacted>)"


# --- the error's data: the same fields as in Node (tests/node/errors.test.js) -----------------


def details(exc: CognitoMfaError) -> dict[str, object]:
    """The data an exception carries beyond its code and message: the attributes that are set.

    The Node package sets the same fields, named in camelCase (``status_code`` is
    ``statusCode``), because both copy the core's ``Error::details()``.
    """
    return {
        name: value
        for name, value in vars(exc).items()
        if name not in ("code", "message") and not name.startswith("_") and value is not None
    }


@pytest.mark.parametrize(
    ("call", "code", "expected"),
    [
        (
            lambda: TOTP("JBSWY3DPEHPK3PX1"),
            "InvalidSecretError",
            {"character": "1", "position": 15},
        ),
        (lambda: TOTP("JBSWY3DP"), "SecretTooShortError", {"chars": 8}),
        (
            lambda: parse_uri("otpauth://totp/alice?issuer=Example"),
            "InvalidUriError",
            {"kind": "MissingSecret"},
        ),
        (lambda: TOTP(SECRET, digits=5), "InvalidInputError", {}),
    ],
)
def test_totp_error_details(
    call: Callable[[], object], code: str, expected: dict[str, object]
) -> None:
    exc = raised(call)
    assert exc.code == code
    assert details(exc) == expected


def test_service_error_details(cognito_mock: MockCognito) -> None:
    alice = cognito_mock.user_with_totp("alice")
    pool = CognitoUserPool(alice.pool_id, alice.client.client_id, endpoint=cognito_mock.endpoint)
    exc = raised(
        lambda: CognitoUser("alice", pool).authenticate_user(
            AuthenticationDetails("alice", "Wr0ng-password!")
        )
    )
    assert exc.code == "NotAuthorizedException"
    found = details(exc)
    assert set(found) == {"status_code", "request_id"}
    assert found["status_code"] == 400
    assert re.fullmatch(r"[0-9a-f-]{36}", str(found["request_id"]))


def test_client_error_details(fake_cognito: FakeCognito) -> None:
    fake_cognito.reply(
        "InitiateAuth",
        {"ChallengeName": "WEB_AUTHN", "Session": "s" * 40, "ChallengeParameters": {}},
    )
    unsupported = raised(lambda: password_sign_in(fake_pool(fake_cognito)))
    assert unsupported.code == "UnsupportedChallengeError"
    assert details(unsupported) == {"challenge_name": "WEB_AUTHN"}

    fake_cognito.reply("InitiateAuth", b"<html>not json</html>", status=200)
    unexpected = raised(lambda: password_sign_in(fake_pool(fake_cognito, max_retries=0)))
    assert unexpected.code == "UnexpectedResponseError"
    assert details(unexpected) == {"status_code": 200}


def test_network_error_details() -> None:
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    pool = CognitoUserPool(
        "us-east-1_Fake", "fakeclient", endpoint=f"http://127.0.0.1:{port}", max_retries=0
    )
    exc = raised(lambda: password_sign_in(pool))
    assert exc.code == "NetworkError"
    assert details(exc) == {"retryable": True}
