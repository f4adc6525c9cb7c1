"""The asynchronous client, `cognito_mfa.CognitoUser`, against the embedded mock endpoint: every
method and every challenge type (CUSTOM_CHALLENGE, which the mock does not serve, against a
scripted fake endpoint)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import pytest
from support import FakeCognito, fake_tokens

from cognito_mfa import (
    TOTP,
    AssociatedSoftwareToken,
    AuthenticationDetails,
    AuthResult,
    ChallengeName,
    CodeMismatchException,
    CognitoUser,
    CognitoUserPool,
    CognitoUserSession,
    EnableSoftwareTokenMFAException,
    ExpiredCodeException,
    InvalidInputError,
    InvalidParameterException,
    InvalidPasswordException,
    MfaOption,
    MfaSettings,
    NoChallengeInProgressError,
    NotAuthorizedException,
    NotSignedInError,
)
from cognito_mfa.testing import DEFAULT_PASSWORD, AppClient, MockCognito

PHONE = "+15555550100"
EMAIL = "alice@example.com"


@dataclass
class Setup:
    """A pool, an app client and a user `alice` on the mock."""

    mock: MockCognito
    pool_id: str
    client: AppClient

    def user(self, username: str = "alice") -> CognitoUser:
        return CognitoUser(username, self.mock.user_pool(self.pool_id, self.client))

    def details(
        self, username: str = "alice", password: str = DEFAULT_PASSWORD
    ) -> AuthenticationDetails:
        return AuthenticationDetails(username, password)


def make_setup(
    mock: MockCognito,
    *,
    mfa: str = "OPTIONAL",
    email: bool = False,
    generate_secret: bool = False,
    auth_flows: list[str] | None = None,
    temporary_password: bool = False,
) -> Setup:
    pool_id = mock.create_user_pool(mfa=mfa, email=email)  # type: ignore[arg-type]
    client = mock.create_app_client(pool_id, generate_secret=generate_secret, auth_flows=auth_flows)
    mock.create_user(
        pool_id,
        "alice",
        attributes={"phone_number": PHONE, "email": EMAIL},
        temporary_password=temporary_password,
    )
    return Setup(mock, pool_id, client)


async def signed_in(setup: Setup, username: str = "alice") -> CognitoUser:
    user = setup.user(username)
    result = await user.authenticate_user(setup.details(username))
    assert result.signed_in, result
    return user


# --- sign-in without MFA ------------------------------------------------------------------


async def test_srp_sign_in_gives_a_session_with_claims(cognito_mock: MockCognito) -> None:
    setup = make_setup(cognito_mock, mfa="OFF")
    user = setup.user()
    assert user.get_sign_in_user_session() is None
    result = await user.authenticate_user(setup.details())
    assert isinstance(result, AuthResult)
    assert result.signed_in
    assert not result.verified
    assert result.challenge_name is None
    assert result.challenge_parameters == {}
    session = result.session
    assert isinstance(session, CognitoUserSession)
    assert session.is_valid()
    assert session.id_token.payload["cognito:username"] == "alice"
    assert session.id_token.payload["email"] == EMAIL
    assert session.access_token.payload["token_use"] == "access"
    assert session.access_token.payload["client_id"] == setup.client.client_id
    assert session.refresh_token is not None
    assert session.expiration == min(session.id_token.expiration, session.access_token.expiration)
    stored = user.get_sign_in_user_session()
    assert stored is not None
    assert stored.access_token.jwt_token == session.access_token.jwt_token
    assert user.username == "alice"  # USER_ID_FOR_SRP is the user name in this pool
    assert "signed in" in repr(user)


async def test_password_flow_needs_an_app_client_that_allows_it(cognito_mock: MockCognito) -> None:
    setup = make_setup(cognito_mock, mfa="OFF")
    with pytest.raises(InvalidParameterException) as info:
        await setup.user().authenticate_user(setup.details(), flow="USER_PASSWORD_AUTH")
    assert "USER_PASSWORD_AUTH" in info.value.message
    allowed = cognito_mock.create_app_client(
        setup.pool_id, auth_flows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    )
    user = CognitoUser("alice", cognito_mock.user_pool(setup.pool_id, allowed))
    result = await user.authenticate_user(setup.details(), flow="USER_PASSWORD_AUTH")
    assert result.signed_in


async def test_a_client_secret_adds_secret_hash(cognito_mock: MockCognito) -> None:
    setup = make_setup(cognito_mock, mfa="OFF", generate_secret=True)
    assert setup.client.client_secret
    assert (await setup.user().authenticate_user(setup.details())).signed_in
    # The same app client without its secret is refused by the endpoint.
    bare = CognitoUserPool(setup.pool_id, setup.client.client_id, endpoint=cognito_mock.endpoint)
    with pytest.raises(NotAuthorizedException) as info:
        await CognitoUser("alice", bare).authenticate_user(setup.details())
    assert "secret" in info.value.message


async def test_bad_arguments_fail_before_any_request(cognito_mock: MockCognito) -> None:
    setup = make_setup(cognito_mock, mfa="OFF")
    user = setup.user()
    with pytest.raises(InvalidInputError):
        await user.authenticate_user(setup.details(), flow="CUSTOM_AUTH_PLEASE")
    with pytest.raises(InvalidInputError) as info:
        await user.authenticate_user(setup.details("bob"))
    assert "bob" in info.value.message
    with pytest.raises(TypeError):
        await user.authenticate_user("alice")  # type: ignore[arg-type]
    # The one parser of the core: the same codes and messages as the Node package.
    for flow in ("REFRESH_TOKEN_AUTH", "no such flow"):
        with pytest.raises(InvalidInputError) as info:
            await user.authenticate_user(setup.details(), flow=flow)
        assert info.value.code == "InvalidInputError"
        assert str(info.value) == (
            f'invalid input: unsupported sign-in flow "{flow}": '
            "expected USER_SRP_AUTH, USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH (admin client)"
        )
    with pytest.raises(InvalidInputError):
        CognitoUser("", setup.user().pool)
    with pytest.raises(TypeError):
        CognitoUser("alice", "pool")  # type: ignore[arg-type]


# --- SMS_MFA ------------------------------------------------------------------------------


async def test_sms_mfa_challenge_wrong_then_right_code(cognito_mock: MockCognito) -> None:
    setup = make_setup(cognito_mock)
    cognito_mock.set_user_mfa_preference(setup.pool_id, "alice", sms=MfaSettings(True, True))
    user = setup.user()
    result = await user.authenticate_user(setup.details())
    assert result.challenge_name is ChallengeName.SMS_MFA
    assert result.challenge_name == "SMS_MFA"
    assert result.session is None
    assert not result.signed_in
    assert result.destination == "+*******0100"
    assert result.delivery_medium == "SMS"
    assert result.challenge_parameters["CODE_DELIVERY_DESTINATION"] == "+*******0100"
    assert result.mfas_can_choose is None
    assert result.user_attributes is None
    sent = cognito_mock.last_code("alice")
    [message] = cognito_mock.messages(username="alice", purpose="mfa")
    assert message.destination == PHONE
    assert message.medium == "SMS"
    assert sent in message.message
    wrong = "000000" if sent != "000000" else "111111"
    with pytest.raises(CodeMismatchException) as info:
        await user.send_mfa_code(wrong)
    assert info.value.code == "CodeMismatchException"
    assert info.value.status_code == 400
    assert wrong not in str(info.value)
    # The challenge is still in progress: the right code signs in.
    result = await user.send_mfa_code(sent, ChallengeName.SMS_MFA)
    assert result.signed_in
    data = await user.get_user_data()
    assert data.attribute("phone_number_verified") == "true"


async def test_an_expired_sms_code_is_refused(cognito_mock: MockCognito) -> None:
    setup = make_setup(cognito_mock)
    cognito_mock.set_user_mfa_preference(setup.pool_id, "alice", sms=MfaSettings(True, True))
    user = setup.user()
    await user.authenticate_user(setup.details())
    cognito_mock.advance_clock(181)  # SMS codes live 3 minutes
    with pytest.raises((ExpiredCodeException, NotAuthorizedException)) as info:
        await user.send_mfa_code(cognito_mock.last_code("alice"), "SMS_MFA")
    assert info.value.code in {"ExpiredCodeException", "NotAuthorizedException"}


# --- SOFTWARE_TOKEN_MFA -------------------------------------------------------------------


async def test_totp_challenge(cognito_mock: MockCognito) -> None:
    alice = cognito_mock.user_with_totp("alice")
    user = CognitoUser("alice", alice.user_pool)
    result = await user.authenticate_user(AuthenticationDetails("alice", alice.password))
    assert result.challenge_name is ChallengeName.SOFTWARE_TOKEN_MFA
    match result:
        case AuthResult(ChallengeName.SOFTWARE_TOKEN_MFA, None):
            pass
        case _:
            pytest.fail(f"the match statement missed {result!r}")
    # A type that contradicts the challenge in progress is refused before sending.
    code = cognito_mock.totp_code(alice.totp_secret)
    with pytest.raises(InvalidInputError):
        await user.send_mfa_code(code, ChallengeName.SMS_MFA)
    with pytest.raises(InvalidInputError):
        await user.send_mfa_code("12345", ChallengeName.SOFTWARE_TOKEN_MFA)
    result = await user.send_mfa_code(code)  # the default: whichever challenge is in progress
    match result:
        case AuthResult(session=CognitoUserSession() as session):
            assert session.is_valid()
        case _:
            pytest.fail(f"not signed in: {result!r}")


async def test_a_totp_code_is_refused_the_second_time(cognito_mock: MockCognito) -> None:
    alice = cognito_mock.user_with_totp("alice")
    code = cognito_mock.totp_code(alice.totp_secret)
    first = CognitoUser("alice", alice.user_pool)
    await first.authenticate_user(AuthenticationDetails("alice", alice.password))
    assert (await first.send_mfa_code(code, "SOFTWARE_TOKEN_MFA")).signed_in
    second = CognitoUser("alice", alice.user_pool)
    await second.authenticate_user(AuthenticationDetails("alice", alice.password))
    with pytest.raises(ExpiredCodeException):
        await second.send_mfa_code(code, "SOFTWARE_TOKEN_MFA")


# --- EMAIL_OTP ----------------------------------------------------------------------------


async def test_email_otp_challenge(cognito_mock: MockCognito) -> None:
    setup = make_setup(cognito_mock, email=True)
    cognito_mock.set_user_mfa_preference(setup.pool_id, "alice", email=MfaSettings(True, True))
    user = setup.user()
    result = await user.authenticate_user(setup.details())
    assert result.challenge_name is ChallengeName.EMAIL_OTP
    assert result.delivery_medium == "EMAIL"
    assert result.destination
    assert "@" in result.destination
    assert cognito_mock.messages(username="alice")[-1].medium == "EMAIL"
    result = await user.send_mfa_code(cognito_mock.last_code("alice"), ChallengeName.EMAIL_OTP)
    assert result.signed_in


# --- SELECT_MFA_TYPE ----------------------------------------------------------------------


async def test_select_mfa_type_then_totp(cognito_mock: MockCognito) -> None:
    setup = make_setup(cognito_mock)
    secret = cognito_mock.enrol_totp(setup.pool_id, setup.client, "alice", preferred=False)
    cognito_mock.set_user_mfa_preference(setup.pool_id, "alice", sms=MfaSettings(True, False))
    user = setup.user()
    result = await user.authenticate_user(setup.details())
    assert result.challenge_name is ChallengeName.SELECT_MFA_TYPE
    assert result.mfas_can_choose is not None
    assert set(result.mfas_can_choose) == {ChallengeName.SMS_MFA, ChallengeName.SOFTWARE_TOKEN_MFA}
    assert "MFAS_CAN_CHOOSE" in result.challenge_parameters
    with pytest.raises(InvalidInputError):
        await user.send_mfa_selection_answer("PIGEON")
    result = await user.send_mfa_selection_answer("TOTP")
    assert result.challenge_name is ChallengeName.SOFTWARE_TOKEN_MFA
    result = await user.send_mfa_code(
        cognito_mock.totp_code(secret), ChallengeName.SOFTWARE_TOKEN_MFA
    )
    assert result.signed_in


async def test_select_mfa_type_then_sms(cognito_mock: MockCognito) -> None:
    setup = make_setup(cognito_mock)
    cognito_mock.enrol_totp(setup.pool_id, setup.client, "alice", preferred=False)
    cognito_mock.set_user_mfa_preference(setup.pool_id, "alice", sms=MfaSettings(True, False))
    user = setup.user()
    await user.authenticate_user(setup.details())
    result = await user.send_mfa_selection_answer(ChallengeName.SMS_MFA)
    assert result.challenge_name is ChallengeName.SMS_MFA
    assert (await user.send_mfa_code(cognito_mock.last_code("alice"))).signed_in


# --- MFA_SETUP and NEW_PASSWORD_REQUIRED --------------------------------------------------


async def test_mfa_setup_enrols_totp_during_sign_in(cognito_mock: MockCognito) -> None:
    setup = make_setup(cognito_mock, mfa="ON")
    user = setup.user()
    result = await user.authenticate_user(setup.details())
    assert result.challenge_name is ChallengeName.MFA_SETUP
    assert result.mfas_can_setup is not None
    assert ChallengeName.SOFTWARE_TOKEN_MFA in result.mfas_can_setup
    token = await user.associate_software_token()
    assert isinstance(token, AssociatedSoftwareToken)
    result = await user.verify_software_token(cognito_mock.totp_code(token.secret_code), "My phone")
    assert result.verified
    assert result.signed_in
    assert result.session is not None
    data = await user.get_user_data()
    assert ChallengeName.SOFTWARE_TOKEN_MFA in data.user_mfa_setting_list


async def test_new_password_required_then_mfa_setup(cognito_mock: MockCognito) -> None:
    setup = make_setup(cognito_mock, mfa="ON", temporary_password=True)
    user = setup.user()
    result = await user.authenticate_user(setup.details())
    assert result.challenge_name is ChallengeName.NEW_PASSWORD_REQUIRED
    assert result.user_attributes is not None
    assert result.user_attributes["email"] == EMAIL
    assert result.required_attributes is not None
    with pytest.raises(InvalidPasswordException):
        await user.complete_new_password_challenge("short")
    result = await user.complete_new_password_challenge("N3w-Passw0rd!", {})
    assert result.challenge_name is ChallengeName.MFA_SETUP


async def test_new_password_required_signs_in_without_mfa(cognito_mock: MockCognito) -> None:
    setup = make_setup(cognito_mock, mfa="OFF", temporary_password=True)
    user = setup.user()
    await user.authenticate_user(setup.details())
    result = await user.complete_new_password_challenge(
        "N3w-Passw0rd!", {"name": "Alice"}, {"source": "tests"}
    )
    assert result.signed_in
    assert (await user.get_user_data()).attribute("name") == "Alice"
    # The new password is permanent.
    again = setup.user()
    assert (await again.authenticate_user(setup.details(password="N3w-Passw0rd!"))).signed_in


# --- CUSTOM_CHALLENGE (the mock does not serve custom auth) -------------------------------


async def test_custom_challenge_against_a_scripted_endpoint(fake_cognito: FakeCognito) -> None:
    pool = CognitoUserPool("us-east-1_Fake", "fakeclient", endpoint=fake_cognito.endpoint)
    fake_cognito.reply(
        "InitiateAuth",
        {
            "ChallengeName": "CUSTOM_CHALLENGE",
            "Session": "s" * 40,
            "ChallengeParameters": {"USERNAME": "alice", "question": "2+2?"},
        },
    )
    user = CognitoUser("alice", pool)
    result = await user.authenticate_user(
        AuthenticationDetails("alice", "pw"), flow="USER_PASSWORD_AUTH"
    )
    assert result.challenge_name is ChallengeName.CUSTOM_CHALLENGE
    assert result.challenge_parameters == {"USERNAME": "alice", "question": "2+2?"}
    fake_cognito.reply("RespondToAuthChallenge", {"AuthenticationResult": fake_tokens()})
    result = await user.send_custom_challenge_answer("4", {"lang": "en"})
    assert result.signed_in
    operation, body = fake_cognito.requests[-1]
    assert operation == "RespondToAuthChallenge"
    assert body["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert body["ChallengeResponses"]["ANSWER"] == "4"
    assert body["ClientMetadata"] == {"lang": "en"}
    assert body["Session"] == "s" * 40


# --- TOTP enrolment while signed in, MFA preferences, user data ---------------------------


async def test_enrol_totp_while_signed_in(cognito_mock: MockCognito) -> None:
    setup = make_setup(cognito_mock)
    user = await signed_in(setup)
    token = await user.associate_software_token()
    assert "secret" not in repr(token).lower() or "<redacted>" in repr(token)
    assert token.secret_code not in repr(token)
    assert len(token.secret_code) >= 16
    uri = token.provisioning_uri("alice@example.com", issuer="Example")
    assert uri.startswith("otpauth://totp/Example:alice%40example.com?secret=")
    assert isinstance(token.totp(), TOTP)
    assert token.totp().secret == token.secret_code.rstrip("=")
    code = cognito_mock.totp_code(token.secret_code)
    with pytest.raises(EnableSoftwareTokenMFAException):
        await user.verify_software_token("000000" if code != "000000" else "111111")
    result = await user.verify_software_token(cognito_mock.totp_code(token.secret_code))
    assert result.verified
    assert not result.signed_in
    assert result.challenge_name is None
    assert repr(result) == "AuthResult(verified=True)"
    # Verified is not enabled: the next sign-in has no MFA yet.
    assert (await setup.user().authenticate_user(setup.details())).signed_in
    await user.set_user_mfa_preference(None, MfaSettings(True, True))
    data = await user.get_user_data()
    assert data.preferred_mfa_setting is ChallengeName.SOFTWARE_TOKEN_MFA
    assert data.user_mfa_setting_list == [ChallengeName.SOFTWARE_TOKEN_MFA]
    challenged = await setup.user().authenticate_user(setup.details())
    assert challenged.challenge_name is ChallengeName.SOFTWARE_TOKEN_MFA


async def test_set_user_mfa_preference_and_user_data(cognito_mock: MockCognito) -> None:
    setup = make_setup(cognito_mock, email=True)
    user = await signed_in(setup)
    data = await user.get_user_data()
    assert data.username == "alice"
    assert data.attributes["email"] == EMAIL
    assert "sub" in data.attributes
    assert data.attribute("sub") == data.attributes["sub"]
    assert data.preferred_mfa_setting is None
    assert data.user_mfa_setting_list == []
    await user.set_user_mfa_preference(MfaSettings(True, False), email=MfaSettings(True, True))
    data = await user.get_user_data()
    assert data.preferred_mfa_setting is ChallengeName.EMAIL_OTP
    assert set(data.user_mfa_setting_list) == {ChallengeName.SMS_MFA, ChallengeName.EMAIL_OTP}
    assert "EMAIL_OTP" in repr(data)
    await user.set_user_mfa_preference(sms=MfaSettings(False, False))
    assert (await user.get_user_data()).user_mfa_setting_list == [ChallengeName.EMAIL_OTP]
    with pytest.raises(InvalidParameterException):
        await user.set_user_mfa_preference(software_token=MfaSettings(True, True))
    with pytest.raises(TypeError):
        await user.set_user_mfa_preference({"Enabled": True})  # type: ignore[arg-type]


async def test_deprecated_legacy_sms_settings_warn(cognito_mock: MockCognito) -> None:
    setup = make_setup(cognito_mock)
    user = await signed_in(setup)
    with pytest.warns(DeprecationWarning, match="set_user_mfa_preference"):
        await user.enable_mfa()
    with pytest.warns(DeprecationWarning, match="get_user_data"):
        options = await user.get_mfa_options()
    assert options == (await user.get_user_data()).mfa_options
    [option] = options
    assert isinstance(option, MfaOption)
    assert (option.delivery_medium, option.attribute_name) == ("SMS", "phone_number")
    assert repr(option) == "MfaOption(delivery_medium='SMS', attribute_name='phone_number')"
    with pytest.warns(DeprecationWarning, match="set_user_mfa_preference"):
        await user.disable_mfa()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        assert await user.get_mfa_options() == []


# --- refresh, sign-out, restoring sessions ------------------------------------------------


async def test_refresh_session_keeps_the_refresh_token(cognito_mock: MockCognito) -> None:
    setup = make_setup(cognito_mock, mfa="OFF")
    user = await signed_in(setup)
    before = user.get_sign_in_user_session()
    assert before is not None
    assert before.refresh_token is not None
    cognito_mock.advance_clock(120)
    refreshed = await user.refresh_session()
    assert refreshed.refresh_token is not None
    assert refreshed.refresh_token.token == before.refresh_token.token
    assert refreshed.access_token.jwt_token != before.access_token.jwt_token
    assert refreshed.access_token.issued_at >= before.access_token.issued_at + 120
    current = user.get_sign_in_user_session()
    assert current is not None
    assert current.access_token.jwt_token == refreshed.access_token.jwt_token


async def test_global_sign_out_revokes_the_tokens(cognito_mock: MockCognito) -> None:
    setup = make_setup(cognito_mock, mfa="OFF")
    user = await signed_in(setup)
    session = user.get_sign_in_user_session()
    assert session is not None
    await user.global_sign_out()
    assert user.get_sign_in_user_session() is None
    with pytest.raises(NotSignedInError):
        await user.get_user_data()
    # The old tokens are dead at the endpoint too.
    user.set_sign_in_user_session(session)
    with pytest.raises(NotAuthorizedException):
        await user.get_user_data()
    with pytest.raises(NotAuthorizedException):
        await user.refresh_session()


async def test_a_stored_session_can_be_restored(cognito_mock: MockCognito) -> None:
    setup = make_setup(cognito_mock, mfa="OFF")
    first = await signed_in(setup)
    session = first.get_sign_in_user_session()
    assert session is not None
    assert session.refresh_token is not None
    restored = CognitoUserSession(
        session.id_token.jwt_token,
        session.access_token.jwt_token,
        session.refresh_token.token,
        clock_drift=session.clock_drift,
    )
    other = setup.user()
    other.set_sign_in_user_session(restored)
    assert (await other.get_user_data()).username == "alice"
    other.sign_out()
    assert other.get_sign_in_user_session() is None
    with pytest.raises(NotSignedInError):
        await other.get_user_data()
    with pytest.raises(TypeError):
        other.set_sign_in_user_session("tokens")  # type: ignore[arg-type]


async def test_calls_that_need_a_state_fail_without_a_request(cognito_mock: MockCognito) -> None:
    setup = make_setup(cognito_mock, mfa="OFF")
    user = setup.user()
    for call in (
        user.get_user_data,
        user.associate_software_token,
        user.refresh_session,
        user.global_sign_out,
    ):
        with pytest.raises(NotSignedInError) as info:
            await call()
        assert info.value.code == "NotSignedInError"
        assert info.value.status_code is None
        assert info.value.request_id is None
    with pytest.raises(NoChallengeInProgressError):
        await user.send_mfa_code("123456")
    with pytest.raises(NoChallengeInProgressError):
        await user.send_mfa_selection_answer("SMS")
    with pytest.raises(NoChallengeInProgressError):
        await user.complete_new_password_challenge("N3w-Passw0rd!")
    with pytest.raises(NoChallengeInProgressError):
        await user.send_custom_challenge_answer("x")
    with pytest.raises(InvalidInputError):
        await user.verify_software_token("12345")
