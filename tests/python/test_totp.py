"""The TOTP engine through the Python binding: RFC vectors, settings, verification windows,
secrets, key URIs, QR codes and the replay guard."""

from __future__ import annotations

import base64
import time

import pytest

from cognito_mfa import (
    TOTP,
    CodeMismatchError,
    CodeReusedError,
    InvalidInputError,
    KeyUri,
    ReplayGuard,
    hotp,
    parse_uri,
    qr_svg,
    qr_text,
    random_secret,
)

# RFC 6238 appendix B: the keys are ASCII strings, one per hash function (20, 32, 64 bytes).
RFC6238_KEYS = {
    "SHA1": b"12345678901234567890",
    "SHA256": b"12345678901234567890123456789012",
    "SHA512": b"1234567890123456789012345678901234567890123456789012345678901234",
}

# RFC 6238 appendix B, table of test values (8 digits, 30-second steps, T0 = 0).
RFC6238_VECTORS = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]

# RFC 4226 appendix D: HOTP values for counters 0..9 (SHA-1, 6 digits).
RFC4226_KEY = b"12345678901234567890"
RFC4226_VALUES = [
    "755224",
    "287082",
    "359152",
    "969429",
    "338314",
    "254676",
    "287922",
    "162583",
    "399871",
    "520489",
]

SECRET = "JBSWY3DPEHPK3PXP"  # 80 bits, the shortest secret Cognito accepts


# --- RFC vectors --------------------------------------------------------------------------


@pytest.mark.parametrize(("unix_time", "sha1", "sha256", "sha512"), RFC6238_VECTORS)
def test_rfc6238_appendix_b(unix_time: int, sha1: str, sha256: str, sha512: str) -> None:
    # RFC 6238 appendix B, each key given as raw bytes and as base32 text.
    for algorithm, expected in (("SHA1", sha1), ("SHA256", sha256), ("SHA512", sha512)):
        key = RFC6238_KEYS[algorithm]
        for secret in (key, base64.b32encode(key).decode()):
            totp = TOTP(secret, digits=8, algorithm=algorithm)
            assert totp.at(unix_time) == expected, (algorithm, unix_time)
            assert totp.verify(expected, at=unix_time, window=0)


@pytest.mark.parametrize(("counter", "expected"), list(enumerate(RFC4226_VALUES)))
def test_rfc4226_appendix_d_with_hotp(counter: int, expected: str) -> None:
    # RFC 4226 appendix D.
    assert hotp(RFC4226_KEY, counter) == expected
    assert hotp(base64.b32encode(RFC4226_KEY).decode(), counter, digits=6) == expected


@pytest.mark.parametrize(("counter", "expected"), list(enumerate(RFC4226_VALUES)))
def test_rfc4226_appendix_d_as_totp_with_one_second_steps(counter: int, expected: str) -> None:
    # RFC 4226 appendix D: with period=1 the time step is the unix time, i.e. the counter.
    totp = TOTP(RFC4226_KEY, period=1)
    assert totp.at(counter) == expected
    assert totp.time_step(counter) == counter


def test_hotp_digits_and_algorithms_follow_the_totp_values() -> None:
    # A TOTP code is the HOTP value of the time step (RFC 6238 section 4.2).
    for algorithm, key in RFC6238_KEYS.items():
        totp = TOTP(key, digits=8, algorithm=algorithm)
        for unix_time, *_ in RFC6238_VECTORS:
            step = unix_time // 30
            assert hotp(key, step, digits=8, algorithm=algorithm) == totp.at(unix_time)


# --- settings -------------------------------------------------------------------------------


def test_defaults_are_cognitos() -> None:
    totp = TOTP(SECRET)
    assert (totp.digits, totp.period, totp.algorithm) == (6, 30, "SHA1")
    assert totp.secret == SECRET


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("SHA1", "SHA1"),
        ("sha-1", "SHA1"),
        ("Sha256", "SHA256"),
        ("SHA-256", "SHA256"),
        ("sha512", "SHA512"),
        ("SHA-512", "SHA512"),
    ],
)
def test_algorithm_names(given: str, expected: str) -> None:
    assert TOTP(SECRET, algorithm=given).algorithm == expected


@pytest.mark.parametrize("digits", [6, 7, 8])
def test_codes_have_the_requested_number_of_digits(digits: int) -> None:
    totp = TOTP(SECRET, digits=digits, period=45)
    assert (totp.digits, totp.period) == (digits, 45)
    for unix_time in (0, 59, 10**9, 2**40):
        code = totp.at(unix_time)
        assert len(code) == digits
        assert code.isdigit()


def test_codes_are_zero_padded() -> None:
    # RFC 6238 appendix B: 07081804 at 1111111109 keeps its leading zero.
    assert TOTP(RFC6238_KEYS["SHA1"], digits=8).at(1111111109) == "07081804"


def test_secret_text_is_normalised() -> None:
    # Users paste secrets in lowercase, grouped by spaces or dashes, sometimes padded.
    assert TOTP("jbsw y3dp ehpk 3pxp").secret == SECRET
    assert TOTP("JBSW-Y3DP-EHPK-3PXP").secret == SECRET
    key = b"0123456789abcdef"  # 16 bytes: 26 base32 characters and 6 '=' of padding
    padded = base64.b32encode(key).decode()
    assert padded.endswith("======")
    assert TOTP(padded).secret == padded.rstrip("=")
    assert TOTP(padded.rstrip("=")).at(10**9) == TOTP(key).at(10**9)


def test_bytes_are_the_raw_key() -> None:
    totp = TOTP(RFC4226_KEY)
    assert totp.secret == base64.b32encode(RFC4226_KEY).decode()
    # The same key given as its base32 text makes the same codes.
    assert TOTP(totp.secret).at(123456789) == totp.at(123456789)


def test_time_step_and_seconds_remaining() -> None:
    totp = TOTP(SECRET, period=30)
    assert totp.time_step(0) == 0
    assert totp.time_step(29) == 0
    assert totp.time_step(30) == 1
    assert totp.time_step(1_700_000_000) == 1_700_000_000 // 30
    assert totp.seconds_remaining(0) == 30
    assert totp.seconds_remaining(29) == 1
    assert totp.seconds_remaining(30) == 30
    assert totp.seconds_remaining(1_700_000_000) == 30 - 1_700_000_000 % 30
    assert TOTP(SECRET, period=1).seconds_remaining(12345) == 1
    assert totp.time_step(2**64 - 1) == (2**64 - 1) // 30


def test_default_time_is_the_system_clock() -> None:
    totp = TOTP(SECRET, period=30)
    before = int(time.time())
    step = totp.time_step()
    remaining = totp.seconds_remaining()
    code = totp.now()
    after = int(time.time())
    assert before // 30 <= step <= after // 30
    assert 1 <= remaining <= 30
    assert code in {totp.at(before), totp.at(after)}
    # The default window of 1 accepts a code made just now even across a step boundary.
    assert totp.verify(code)
    assert totp.verify(totp.at(after), at=None, window=1)


# --- verification windows -------------------------------------------------------------------


@pytest.mark.parametrize("window", [0, 1, 2, 5])
def test_verify_accepts_exactly_window_steps_each_side(window: int) -> None:
    totp = TOTP(SECRET)
    issued = 1_700_000_010  # inside step 56666667
    code = totp.at(issued)
    for offset in range(-8, 9):
        expected = abs(offset) <= window
        assert totp.verify(code, at=issued + 30 * offset, window=window) is expected, offset


def test_verify_window_is_measured_in_steps_not_seconds() -> None:
    totp = TOTP(SECRET, period=30)
    code = totp.at(60)  # step 2 covers 60..89
    assert totp.verify(code, at=89, window=0)
    assert not totp.verify(code, at=90, window=0)
    assert totp.verify(code, at=119, window=1)
    assert not totp.verify(code, at=120, window=1)
    assert totp.verify(code, at=30, window=1)
    assert not totp.verify(code, at=29, window=1)


def test_verify_saturates_at_the_ends_of_time() -> None:
    totp = TOTP(SECRET, period=1)
    assert totp.verify(totp.at(0), at=0, window=3)
    assert totp.verify(totp.at(1), at=0, window=1)
    last = 2**64 - 1
    assert totp.verify(totp.at(last), at=last, window=3)
    assert totp.verify(totp.at(last - 1), at=last, window=1)


def test_verify_mismatch_is_false() -> None:
    totp = TOTP(SECRET)
    code = totp.at(1_700_000_000)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    assert totp.verify(code, at=1_700_000_000) is True
    assert totp.verify(wrong, at=1_700_000_000, window=0) is False


def test_verify_largest_window() -> None:
    totp = TOTP(SECRET)
    code = totp.at(0)
    assert totp.verify(code, at=100 * 30, window=100)
    with pytest.raises(InvalidInputError):
        totp.verify(code, at=0, window=101)


# --- secrets --------------------------------------------------------------------------------


def test_random_secret() -> None:
    secret = random_secret()
    assert len(secret) == 32  # 20 bytes
    assert len(base64.b32decode(secret)) == 20
    assert secret != random_secret()
    assert len(base64.b32decode(random_secret(10))) == 10
    assert len(random_secret(length=64)) == 103  # ceil(64 * 8 / 5)
    assert len(random_secret(1024)) == 1639
    assert TOTP(random_secret()).digits == 6


# --- key URIs -------------------------------------------------------------------------------


def test_provisioning_uri_shape() -> None:
    totp = TOTP(SECRET, digits=8, period=60, algorithm="SHA256")
    uri = totp.provisioning_uri("alice@example.com", issuer="Example Corp")
    assert uri.startswith("otpauth://totp/Example%20Corp:alice%40example.com?")
    query = uri.split("?", 1)[1].split("&")
    assert sorted(query) == sorted(
        [
            f"secret={SECRET}",
            "issuer=Example%20Corp",
            "algorithm=SHA256",
            "digits=8",
            "period=60",
        ]
    )
    bare = TOTP(SECRET).provisioning_uri("bob")
    assert bare.startswith("otpauth://totp/bob?")
    assert "issuer=" not in bare


def test_key_uri_round_trip() -> None:
    totp = TOTP(random_secret(), digits=7, period=45, algorithm="SHA512")
    uri = totp.provisioning_uri("ünïcode user", issuer="Ex & Co")
    key = parse_uri(uri)
    assert isinstance(key, KeyUri)
    assert (key.account, key.issuer) == ("ünïcode user", "Ex & Co")
    parsed = key.totp
    assert isinstance(parsed, TOTP)
    assert (parsed.secret, parsed.digits, parsed.period, parsed.algorithm) == (
        totp.secret,
        7,
        45,
        "SHA512",
    )
    assert parsed.at(1_234_567) == totp.at(1_234_567)
    assert key.to_uri() == uri
    assert KeyUri(totp, "ünïcode user", issuer="Ex & Co").to_uri() == uri


def test_parse_uri_of_other_services() -> None:
    key = parse_uri(
        "otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ"
        "&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30&image=https%3A%2F%2Fx.example%2Fa.png"
    )
    assert key.account == "john.doe@email.com"
    assert key.issuer == "ACME Co"
    assert key.totp.secret == "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ"
    # Missing settings take the defaults; the issuer may come from the label alone.
    key = parse_uri("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP")
    assert (key.issuer, key.account) == ("Example", "alice")
    assert (key.totp.digits, key.totp.period, key.totp.algorithm) == (6, 30, "SHA1")
    assert parse_uri("otpauth://totp/alice?secret=jbswy3dpehpk3pxp").issuer is None


def test_key_uri_totp_is_an_independent_object() -> None:
    key = parse_uri(TOTP(SECRET).provisioning_uri("alice"))
    assert key.totp is not key.totp
    assert key.totp.at(0) == TOTP(SECRET).at(0)


# --- QR codes -------------------------------------------------------------------------------


def test_qr_svg_is_an_svg_document() -> None:
    uri = TOTP(SECRET).provisioning_uri("alice@example.com", issuer="Example")
    svg = qr_svg(uri)
    assert "<svg" in svg
    assert svg.rstrip().endswith("</svg>")
    assert svg.count("<svg") == 1
    # A longer text needs a larger code.
    assert len(qr_svg(uri + "x" * 300)) > len(svg)


def test_qr_text_is_a_square_of_half_blocks() -> None:
    uri = TOTP(SECRET).provisioning_uri("alice@example.com", issuer="Example")
    text = qr_text(uri)
    lines = text.rstrip("\n").split("\n")
    assert set("".join(lines)) <= {" ", "\u2580", "\u2584", "\u2588"}
    assert {"\u2580", "\u2584", "\u2588"} & set(text), "no dark module at all"
    width = len(lines[0])
    assert all(len(line) == width for line in lines)
    # Two rows of modules per line: the square is twice as wide (in characters) as it is tall.
    assert width in (2 * len(lines), 2 * len(lines) - 1)
    # Version 1 is 21 modules; with a quiet zone the code is wider than that.
    assert width > 21
    # The glyphs draw the light modules. The 4-module quiet zone makes the first two lines
    # entirely light and the first and last 4 columns light (the last line may hold only an
    # upper half row, drawn with the upper half block).
    assert lines[0] == lines[1] == "\u2588" * width
    for line in lines:
        assert set(line[:4] + line[-4:]) <= {"\u2588", "\u2580"}, line
    # Dark modules exist: spaces or lower/upper half blocks inside the quiet zone.
    assert any(" " in line for line in lines)


def test_qr_refuses_too_long_text() -> None:
    with pytest.raises(InvalidInputError):
        qr_svg("x" * 8000)
    with pytest.raises(InvalidInputError):
        qr_text("x" * 8000)


# --- replay guard ---------------------------------------------------------------------------


def test_replay_guard_refuses_a_second_use() -> None:
    # RFC 6238 section 5.2: the verifier must not accept the second attempt of the same OTP.
    totp = TOTP(SECRET)
    guard = ReplayGuard()
    now = 1_700_000_000
    step = now // 30
    assert guard.last_accepted("alice") is None
    assert guard.verify("alice", totp, totp.at(now), at=now) == step
    assert guard.last_accepted("alice") == step
    with pytest.raises(CodeReusedError) as info:
        guard.verify("alice", totp, totp.at(now), at=now + 5)
    assert info.value.step == step
    # An older step inside the window is refused too, a later one accepted.
    with pytest.raises(CodeReusedError):
        guard.verify("alice", totp, totp.at(now - 30), at=now)
    assert guard.verify("alice", totp, totp.at(now + 30), at=now + 30) == step + 1
    # Keys are independent.
    assert guard.verify("bob", totp, totp.at(now), at=now) == step
    # A wrong code is a mismatch, and does not move the memory.
    wrong = f"{(int(totp.at(now + 60)) + 1) % 10**6:06d}"
    with pytest.raises(CodeMismatchError):
        guard.verify("alice", totp, wrong, at=now + 60, window=0)
    assert guard.last_accepted("alice") == step + 1
    assert guard.forget("alice") == step + 1
    assert guard.forget("alice") is None
    assert guard.verify("alice", totp, totp.at(now), at=now) == step


def test_replay_guard_default_time_and_window() -> None:
    totp = TOTP(SECRET)
    guard = ReplayGuard()
    step = guard.verify("k", totp, totp.now())
    assert abs(step - int(time.time()) // 30) <= 1
    with pytest.raises(CodeReusedError):
        guard.verify("k", totp, totp.now())
