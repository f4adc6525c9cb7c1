"""The admin client in Python: `AdminClient` (coroutines) and `cognito_mfa.blocking.AdminClient`
over the core's `cognito_mfa::admin`, against the embedded mock endpoint.

Most tests run against a mock that checks SigV4 (`settings.sigv4` lists the keys it accepts),
so every admin call here is proven signed with the credentials it was given: a wrong secret is
`InvalidSignatureException`, an unknown key `UnrecognizedClientException`. The credentials
come in every form the class takes — fixed `AwsCredentials`, the environment, a profile of the
shared files, a boto3 session and botocore's refreshable credentials, a plain or `async`
callable with an expiry.
"""

from __future__ import annotations

import asyncio
import datetime
import time
from collections.abc import Iterator
from pathlib import Path

import boto3
import botocore.credentials
import pytest

import cognito_mfa
import cognito_mfa.blocking
from cognito_mfa import (
    AdminClient,
    AdminUser,
    AuthenticationDetails,
    AwsCredentials,
    ChallengeName,
    CognitoUser,
    CognitoUserPool,
    CredentialsError,
    InvalidInputError,
    InvalidParameterException,
    InvalidSignatureException,
    MemoryDeviceStore,
    MfaOption,
    MfaSettings,
    NotAuthorizedException,
    PasswordResetRequiredException,
    UnrecognizedClientException,
    UserNotFoundException,
)
from cognito_mfa.testing import DEFAULT_PASSWORD, MockCognito

ACCESS_KEY = "AKIDADMINTESTS000001"
SECRET_KEY = "admin/tests+secret/0000000000000000000000"
TOKEN = "IQoJb3JpZ2luX2VjEXAMPLEadminTOKEN"
OTHER_KEY = "AKIDADMINTESTS000002"
OTHER_SECRET = "another+secret/11111111111111111111111111"
ADMIN_FLOWS = ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
ENV_VARS = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_CONFIG_FILE",
)


@pytest.fixture
def signed_mock() -> Iterator[MockCognito]:
    """A mock that verifies SigV4 and accepts two keys, the first with a session token."""
    config = {
        "settings": {
            "sigv4": {
                "credentials": [
                    {
                        "access_key_id": ACCESS_KEY,
                        "secret_access_key": SECRET_KEY,
                        "session_token": TOKEN,
                    },
                    {"access_key_id": OTHER_KEY, "secret_access_key": OTHER_SECRET},
                ]
            }
        }
    }
    with MockCognito(config) as mock:
        yield mock


@pytest.fixture
def no_aws_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No AWS variables, and shared files that do not exist (the caller may write them)."""
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    return tmp_path


def fixed() -> AwsCredentials:
    return AwsCredentials(ACCESS_KEY, SECRET_KEY, TOKEN)


def admin_pool(
    mock: MockCognito,
    *,
    mfa: str = "OPTIONAL",
    generate_secret: bool = False,
    device_tracking: bool = False,
) -> CognitoUserPool:
    pool_id = mock.create_user_pool(mfa=mfa, device_tracking=device_tracking)  # type: ignore[arg-type]
    client = mock.create_app_client(
        pool_id, generate_secret=generate_secret, auth_flows=ADMIN_FLOWS
    )
    return mock.user_pool(pool_id, client, device_store=MemoryDeviceStore())


def pool_id_of(pool: CognitoUserPool) -> str:
    return pool.user_pool_id


# --- AwsCredentials ---------------------------------------------------------------------------


def test_credentials_never_show_the_secret_or_the_token() -> None:
    credentials = fixed()
    assert credentials.access_key_id == ACCESS_KEY
    assert credentials.has_session_token
    assert credentials.expiry_timestamp is None
    for shown in (repr(credentials), str(credentials)):
        assert ACCESS_KEY in shown
        assert SECRET_KEY not in shown
        assert TOKEN not in shown
        assert shown.count("<redacted>") == 2
    plain = AwsCredentials(OTHER_KEY, OTHER_SECRET)
    assert not plain.has_session_token
    assert (
        repr(plain) == f"AwsCredentials(access_key_id='{OTHER_KEY}', secret_access_key=<redacted>)"
    )


def test_credentials_carry_an_aware_expiry_and_refuse_bad_values() -> None:
    expiry = datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    credentials = AwsCredentials(ACCESS_KEY, SECRET_KEY, expiry=expiry)
    assert credentials.expiry_timestamp == expiry.timestamp()
    with pytest.raises(TypeError, match="expiry must be a datetime"):
        AwsCredentials(ACCESS_KEY, SECRET_KEY, expiry="tomorrow")  # type: ignore[arg-type]
    for key, secret in (("", SECRET_KEY), (ACCESS_KEY, ""), ("AKID WITH SPACE", SECRET_KEY)):
        with pytest.raises(InvalidInputError) as raised:
            AwsCredentials(key, secret)
        assert SECRET_KEY not in str(raised.value)


def test_credentials_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, no_aws_environment: Path
) -> None:
    with pytest.raises(CredentialsError) as raised:
        AwsCredentials.from_env()
    assert "AWS_ACCESS_KEY_ID" in str(raised.value)
    assert raised.value.code == "CredentialsError"
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    monkeypatch.setenv("AWS_SESSION_TOKEN", TOKEN)
    credentials = AwsCredentials.from_env()
    assert (credentials.access_key_id, credentials.has_session_token) == (ACCESS_KEY, True)


def test_credentials_from_a_profile_of_the_shared_files(
    monkeypatch: pytest.MonkeyPatch, no_aws_environment: Path
) -> None:
    (no_aws_environment / "credentials").write_text(
        f"[default]\naws_access_key_id = {OTHER_KEY}\naws_secret_access_key = {OTHER_SECRET}\n\n"
        f"[ops]\naws_access_key_id={ACCESS_KEY}\naws_secret_access_key={SECRET_KEY}\n"
        f"aws_session_token = {TOKEN}\n"
    )
    (no_aws_environment / "config").write_text(
        "[profile assumed]\nrole_arn = arn:aws:iam::1:role/x\n"
    )
    assert AwsCredentials.from_profile().access_key_id == OTHER_KEY
    assert AwsCredentials.from_profile("ops").has_session_token
    monkeypatch.setenv("AWS_PROFILE", "ops")
    assert AwsCredentials.from_profile().access_key_id == ACCESS_KEY
    with pytest.raises(CredentialsError, match="nobody"):
        AwsCredentials.from_profile("nobody")
    with pytest.raises(CredentialsError, match="boto3"):
        AwsCredentials.from_profile("assumed")


# --- sign-in through AdminInitiateAuth ---------------------------------------------------------


async def test_admin_password_sign_in_answers_the_totp_challenge(signed_mock: MockCognito) -> None:
    pool = admin_pool(signed_mock)
    signed_mock.create_user(pool.user_pool_id, "alice")
    client_id = pool.client_id
    secret = signed_mock.enrol_totp(
        pool.user_pool_id, cognito_mfa.testing.AppClient(client_id), "alice"
    )
    admin = AdminClient(pool, fixed())
    assert admin.pool.user_pool_id == pool.user_pool_id
    assert (
        repr(admin) == f"AdminClient(user_pool_id='{pool.user_pool_id}', client_id='{client_id}')"
    )

    alice = admin.user("alice")
    assert isinstance(alice, CognitoUser)
    details = AuthenticationDetails("alice", DEFAULT_PASSWORD)
    result = await alice.authenticate_user(details, flow="ADMIN_USER_PASSWORD_AUTH")
    assert result.challenge_name is ChallengeName.SOFTWARE_TOKEN_MFA
    result = await alice.send_mfa_code(
        signed_mock.totp_code(secret), ChallengeName.SOFTWARE_TOKEN_MFA
    )
    assert result.signed_in
    # The tokens are the user's own: the user-side API takes them.
    assert (await alice.get_user_data()).username == "alice"

    # The admin flow through a pool that does not sign is refused before any request.
    with pytest.raises(InvalidInputError, match="needs IAM credentials"):
        await CognitoUser("alice", pool).authenticate_user(details, flow="ADMIN_USER_PASSWORD_AUTH")


async def test_srp_through_admin_initiate_auth_with_a_client_secret_answers_sms(
    signed_mock: MockCognito,
) -> None:
    pool = admin_pool(signed_mock, mfa="ON", generate_secret=True)
    assert pool.has_client_secret
    signed_mock.create_user(pool.user_pool_id, "bob", attributes={"phone_number": "+15555550100"})
    signed_mock.set_user_mfa_preference(pool.user_pool_id, "bob", sms=MfaSettings(True, True))
    admin = AdminClient(pool, fixed())
    bob = admin.user("bob")
    result = await bob.authenticate_user(AuthenticationDetails("bob", DEFAULT_PASSWORD))
    assert result.challenge_name is ChallengeName.SMS_MFA
    result = await bob.send_mfa_code(signed_mock.last_code("bob"))
    assert result.signed_in

    with pytest.raises(NotAuthorizedException):
        await admin.user("bob").authenticate_user(AuthenticationDetails("bob", "Wr0ng-Password!"))


async def test_an_administrator_reads_and_turns_off_a_users_totp(signed_mock: MockCognito) -> None:
    pool = admin_pool(signed_mock)
    signed_mock.create_user(pool.user_pool_id, "carol", attributes={"email": "carol@example.com"})
    signed_mock.enrol_totp(
        pool.user_pool_id, cognito_mfa.testing.AppClient(pool.client_id), "carol"
    )
    admin = AdminClient(pool, fixed())

    carol = await admin.get_user("carol")
    assert isinstance(carol, AdminUser)
    assert carol.username == "carol"
    assert carol.attribute("email") == "carol@example.com"
    assert carol.attributes["email"] == "carol@example.com"
    assert (carol.enabled, carol.user_status) == (True, "CONFIRMED")
    assert carol.preferred_mfa_setting is ChallengeName.SOFTWARE_TOKEN_MFA
    assert carol.user_mfa_setting_list == [ChallengeName.SOFTWARE_TOKEN_MFA]
    assert carol.mfa_options == []
    assert carol.user_create_date is not None
    assert carol.user_create_date.tzinfo is not None
    assert abs(carol.user_create_date.timestamp() - signed_mock.now()) < 60
    assert "user_status='CONFIRMED'" in repr(carol)

    # The phone is lost: TOTP off, and the next sign-in asks for no code.
    await admin.set_user_mfa_preference("carol", software_token=MfaSettings(False, False))
    carol = await admin.get_user("carol")
    assert carol.preferred_mfa_setting is None
    assert carol.user_mfa_setting_list == []
    details = AuthenticationDetails("carol", DEFAULT_PASSWORD)
    result = await admin.user("carol").authenticate_user(details, flow="ADMIN_USER_PASSWORD_AUTH")
    assert result.signed_in

    # SMS for a user without a phone number is the service's error.
    with pytest.raises(InvalidParameterException):
        await admin.set_user_mfa_preference("carol", sms=MfaSettings(True, True))
    with pytest.raises(UserNotFoundException):
        await admin.get_user("nobody")


async def test_legacy_sms_settings_a_password_reset_and_a_global_sign_out(
    signed_mock: MockCognito,
) -> None:
    pool = admin_pool(signed_mock)
    signed_mock.create_user(
        pool.user_pool_id,
        "erin",
        attributes={"phone_number": "+15555550101", "email": "erin@example.com"},
    )
    admin = AdminClient(pool, fixed())
    assert MfaOption.sms() == MfaOption("SMS", "phone_number")
    await admin.set_user_settings("erin", [MfaOption.sms()])
    erin = await admin.get_user("erin")
    assert erin.mfa_options == [MfaOption.sms()]
    assert erin.user_mfa_setting_list == [ChallengeName.SMS_MFA]
    await admin.set_user_settings("erin", [])
    assert (await admin.get_user("erin")).mfa_options == []

    # A signed-in user, signed out everywhere: the refresh token is revoked.
    user = admin.user("erin")
    details = AuthenticationDetails("erin", DEFAULT_PASSWORD)
    assert (await user.authenticate_user(details, flow="ADMIN_USER_PASSWORD_AUTH")).signed_in
    await user.refresh_session()
    await admin.user_global_sign_out("erin")
    with pytest.raises(NotAuthorizedException):
        await user.refresh_session()

    # A reset password: the user must choose a new one, and gets a code to do it.
    await admin.reset_user_password("erin", {"reason": "suspicious sign-in"})
    assert (await admin.get_user("erin")).user_status == "RESET_REQUIRED"
    assert signed_mock.messages(username="erin", purpose="password_reset")
    with pytest.raises(PasswordResetRequiredException):
        await admin.user("erin").authenticate_user(details, flow="ADMIN_USER_PASSWORD_AUTH")


async def test_devices_of_a_user_are_listed_marked_and_forgotten(signed_mock: MockCognito) -> None:
    pool = admin_pool(signed_mock, mfa="OFF", device_tracking=True)
    signed_mock.create_user(pool.user_pool_id, "dave")
    admin = AdminClient(pool, fixed())
    user = admin.user("dave")
    details = AuthenticationDetails("dave", DEFAULT_PASSWORD)
    assert (await user.authenticate_user(details, flow="ADMIN_USER_PASSWORD_AUTH")).signed_in
    own = await user.get_device()

    page = await admin.list_devices("dave", limit=10)
    assert [device.device_key for device in page.devices] == [own.device_key]
    assert page.pagination_token is None
    assert [d.device_key for d in await admin.list_all_devices("dave")] == [own.device_key]
    await admin.update_device_status("dave", own.device_key, "not_remembered")
    device = await admin.get_device("dave", own.device_key)
    assert device.remembered_status == "not_remembered"
    with pytest.raises(InvalidInputError, match="remembered"):
        await admin.update_device_status("dave", own.device_key, "forever")
    with pytest.raises(InvalidInputError):
        await admin.list_devices("dave", limit=61)

    await admin.forget_device("dave", own.device_key)
    assert (await admin.list_devices("dave")).devices == []
    with pytest.raises(cognito_mfa.ResourceNotFoundException):
        await admin.get_device("dave", own.device_key)


def test_the_blocking_admin_client(signed_mock: MockCognito) -> None:
    pool = admin_pool(signed_mock)
    signed_mock.create_user(pool.user_pool_id, "frank", attributes={"phone_number": "+15555550102"})
    admin = cognito_mfa.blocking.AdminClient(pool, fixed())
    admin.set_user_mfa_preference("frank", sms=MfaSettings(True, True))
    frank = admin.get_user("frank")
    assert frank.preferred_mfa_setting is ChallengeName.SMS_MFA
    user = admin.user("frank")
    assert isinstance(user, cognito_mfa.blocking.CognitoUser)
    result = user.authenticate_user(
        AuthenticationDetails("frank", DEFAULT_PASSWORD), flow="ADMIN_USER_PASSWORD_AUTH"
    )
    assert result.challenge_name is ChallengeName.SMS_MFA
    assert user.send_mfa_code(signed_mock.last_code("frank")).signed_in
    admin.set_user_mfa_preference("frank", sms=MfaSettings(False, False))
    assert admin.get_user("frank").user_mfa_setting_list == []


# --- which credentials sign ---------------------------------------------------------------------


async def test_refused_credentials_are_the_services_errors(signed_mock: MockCognito) -> None:
    pool = admin_pool(signed_mock)
    signed_mock.create_user(pool.user_pool_id, "alice")
    wrong_secret = AdminClient(pool, AwsCredentials(OTHER_KEY, "not-the-secret"))
    with pytest.raises(InvalidSignatureException) as raised:
        await wrong_secret.get_user("alice")
    assert "signature" in str(raised.value).lower()
    assert "not-the-secret" not in str(raised.value)
    unknown = AdminClient(pool, AwsCredentials("AKIDNOBODYKNOWS00000", OTHER_SECRET))
    with pytest.raises(UnrecognizedClientException):
        await unknown.get_user("alice")
    # Without its session token the first key's signature is refused too.
    with pytest.raises(cognito_mfa.ServiceError):
        await AdminClient(pool, AwsCredentials(ACCESS_KEY, SECRET_KEY)).get_user("alice")


async def test_the_default_chain_reads_the_environment_then_the_profile(
    signed_mock: MockCognito, monkeypatch: pytest.MonkeyPatch, no_aws_environment: Path
) -> None:
    pool = admin_pool(signed_mock)
    signed_mock.create_user(pool.user_pool_id, "alice")
    with pytest.raises(CredentialsError):
        await AdminClient(pool).get_user("alice")

    (no_aws_environment / "credentials").write_text(
        f"[ops]\naws_access_key_id = {OTHER_KEY}\naws_secret_access_key = {OTHER_SECRET}\n"
    )
    assert (await AdminClient(pool, profile="ops").get_user("alice")).username == "alice"
    with pytest.raises(CredentialsError):
        await AdminClient(pool, profile="other").get_user("alice")

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    monkeypatch.setenv("AWS_SESSION_TOKEN", TOKEN)
    assert (await AdminClient(pool).get_user("alice")).username == "alice"
    with pytest.raises(TypeError, match="not both"):
        AdminClient(pool, fixed(), profile="ops")


async def test_a_boto3_session_and_botocore_credentials_sign(signed_mock: MockCognito) -> None:
    pool = admin_pool(signed_mock)
    signed_mock.create_user(pool.user_pool_id, "alice")
    session = boto3.Session(
        aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY, aws_session_token=TOKEN
    )
    assert (await AdminClient(pool, session).get_user("alice")).username == "alice"
    # botocore's own session and its credentials object are taken as they are.
    assert (await AdminClient(pool, session._session).get_user("alice")).username == "alice"
    frozen = session.get_credentials()
    assert (await AdminClient(pool, frozen).get_user("alice")).username == "alice"
    # A session without credentials is a CredentialsError, not an AttributeError.
    empty = boto3.Session(aws_access_key_id=None, profile_name=None)
    empty._session.get_credentials = lambda: None  # type: ignore[method-assign]
    with pytest.raises(CredentialsError, match="no credentials"):
        await AdminClient(pool, empty).get_user("alice")


async def test_botocore_refreshable_credentials_are_asked_on_every_request(
    signed_mock: MockCognito,
) -> None:
    """botocore refreshes its credentials itself: the client asks it before each request, so
    keys rotated by botocore sign the next request. The first keys expire within botocore's
    mandatory-refresh window, so the first request is already signed with the refreshed ones."""
    pool = admin_pool(signed_mock)
    signed_mock.create_user(pool.user_pool_id, "alice")
    refreshed: list[str] = []

    def refresh() -> dict[str, str]:
        refreshed.append(OTHER_KEY)
        expiry = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
        return {
            "access_key": OTHER_KEY,
            "secret_key": OTHER_SECRET,
            "token": "",
            "expiry_time": expiry.isoformat(),
        }

    soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=1)
    credentials = botocore.credentials.RefreshableCredentials.create_from_metadata(
        metadata={
            "access_key": "AKIDEXPIRINGSOON0000",
            "secret_key": "expiring",
            "token": "",
            "expiry_time": soon.isoformat(),
        },
        refresh_using=refresh,
        method="test",
    )
    admin = AdminClient(pool, credentials)
    assert (await admin.get_user("alice")).username == "alice"
    assert (await admin.get_user("alice")).username == "alice"
    assert refreshed == [OTHER_KEY]


async def test_a_callable_is_cached_until_five_minutes_before_its_expiry(
    signed_mock: MockCognito,
) -> None:
    pool = admin_pool(signed_mock)
    signed_mock.create_user(pool.user_pool_id, "alice")
    asked: list[float] = []

    def long_lived() -> AwsCredentials:
        asked.append(time.time())
        expiry = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
        return AwsCredentials(ACCESS_KEY, SECRET_KEY, TOKEN, expiry=expiry)

    admin = AdminClient(pool, long_lived)
    for _ in range(3):
        assert (await admin.get_user("alice")).username == "alice"
    assert len(asked) == 1

    short: list[float] = []

    async def expiring() -> AwsCredentials:
        await asyncio.sleep(0)
        short.append(time.time())
        expiry = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=2)
        return AwsCredentials(OTHER_KEY, OTHER_SECRET, expiry=expiry)

    admin = AdminClient(pool, expiring)
    for _ in range(3):
        assert (await admin.get_user("alice")).username == "alice"
    assert len(short) == 3, "credentials within 5 minutes of their expiry are asked again"


async def test_a_failing_or_wrong_credentials_source_is_a_credentials_error(
    signed_mock: MockCognito,
) -> None:
    pool = admin_pool(signed_mock)

    def failing() -> AwsCredentials:
        raise RuntimeError("the vault is sealed")

    with pytest.raises(CredentialsError) as raised:
        await AdminClient(pool, failing).get_user("alice")
    assert "RuntimeError: the vault is sealed" in str(raised.value)

    def wrong_type() -> str:
        return SECRET_KEY

    with pytest.raises(CredentialsError) as raised:
        await AdminClient(pool, wrong_type).get_user("alice")  # type: ignore[arg-type]
    assert "must return AwsCredentials, not str" in str(raised.value)
    assert SECRET_KEY not in str(raised.value)

    with pytest.raises(TypeError, match="credentials must be"):
        AdminClient(pool, 42)
    with pytest.raises(TypeError):
        AdminClient("not a pool", fixed())  # type: ignore[arg-type]


def test_the_pool_of_an_admin_client_resumes_admin_sign_ins(signed_mock: MockCognito) -> None:
    """A sign-in exported from an admin user resumes through `admin.pool` (another worker
    builds its own AdminClient) and its answer still goes to AdminRespondToAuthChallenge."""
    pool = admin_pool(signed_mock)
    signed_mock.create_user(pool.user_pool_id, "gina", attributes={"phone_number": "+15555550103"})
    signed_mock.set_user_mfa_preference(pool.user_pool_id, "gina", sms=MfaSettings(True, True))
    admin = cognito_mfa.blocking.AdminClient(pool, fixed())
    first = admin.user("gina")
    details = AuthenticationDetails("gina", DEFAULT_PASSWORD)
    result = first.authenticate_user(details, flow="ADMIN_USER_PASSWORD_AUTH")
    assert result.challenge_name is ChallengeName.SMS_MFA
    state = first.export_state()

    other_worker = cognito_mfa.blocking.AdminClient(pool, AwsCredentials(OTHER_KEY, OTHER_SECRET))
    resumed = cognito_mfa.blocking.CognitoUser.resume(other_worker.pool, state)
    assert resumed.send_mfa_code(signed_mock.last_code("gina")).signed_in
