"""The mock endpoint (`cognito-mfa mock`) driven by the real boto3 and pycognito.

boto3 performs the admin setup and every user-level operation, error cases included, and the
tests assert the `ClientError` codes and messages Cognito itself answers with. pycognito's
`AWSSRP` (a third-party SRP client) signs in with USER_SRP_AUTH, and its `Cognito` class checks
the RS256 tokens against the mock's JWKS. TOTP codes come from pyotp, another independent
implementation.

The binary is `$COGNITO_MFA_BIN`, or `target/debug/cognito-mfa` (build it with
`cargo build -p cognito-mfa-cli`). One endpoint serves the whole module; each test makes its
own pool, so the tests do not see each other's users.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pyotp
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from pycognito import Cognito
from pycognito.aws_srp import AWSSRP
from pycognito.exceptions import (
    ForceChangePasswordException,
    SMSMFAChallengeException,
    SoftwareTokenMFAChallengeException,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Passw0rd!"
ALL_FLOWS = [
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
]


def _binary() -> Path:
    path = Path(os.environ.get("COGNITO_MFA_BIN", REPO_ROOT / "target" / "debug" / "cognito-mfa"))
    if not path.is_file():
        pytest.fail(
            f"the cognito-mfa binary is missing at {path}: run `cargo build -p cognito-mfa-cli`"
            " or set COGNITO_MFA_BIN"
        )
    return path


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """`cognito-mfa mock --port 0` as a subprocess; yields its URL; stops it with SIGTERM."""
    saved = {k: os.environ.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    # boto3 signs admin calls with SigV4; the mock accepts any credentials.
    os.environ["AWS_ACCESS_KEY_ID"] = "testing"
    os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
    process = subprocess.Popen(
        [str(_binary()), "mock", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline().strip()
        assert first_line.startswith("listening on http://127.0.0.1:"), first_line
        yield first_line.removeprefix("listening on ")
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    assert code == 0, "SIGTERM stops the mock cleanly"


def _client(url: str, validate: bool = True) -> Any:
    return boto3.client(
        "cognito-idp",
        endpoint_url=url,
        region_name="us-east-1",
        config=Config(parameter_validation=validate, retries={"max_attempts": 1}),
    )


@pytest.fixture
def idp(endpoint: str) -> Any:
    """A boto3 cognito-idp client for the mock."""
    return _client(endpoint)


@pytest.fixture
def raw_idp(endpoint: str) -> Any:
    """A client without boto3's own parameter validation, to reach the server's."""
    return _client(endpoint, validate=False)


def _control(url: str, path: str, body: dict[str, Any] | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url + path, data=data, method="GET" if data is None else "POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def _now(url: str) -> int:
    return int(_control(url, "/_mock/clock")["now"])


def _advance(url: str, seconds: int) -> int:
    return int(_control(url, "/_mock/clock", {"advance_seconds": seconds})["now"])


def _last_code(url: str, username: str) -> str:
    messages = _control(url, f"/_mock/messages?username={username}")
    assert messages, f"no message was sent to {username}"
    return str(messages[-1]["code"])


def _error(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    error = excinfo.value.response["Error"]
    return error["Code"], error["Message"]


def _pool(idp: Any, mfa: str = "OFF", secret: bool = False, **client: Any) -> tuple[str, str]:
    pool_id = idp.create_user_pool(PoolName="boto3", MfaConfiguration="OFF")["UserPool"]["Id"]
    if mfa != "OFF":
        idp.set_user_pool_mfa_config(
            UserPoolId=pool_id,
            SmsMfaConfiguration={"SmsAuthenticationMessage": "Your code is {####}"},
            SoftwareTokenMfaConfiguration={"Enabled": True},
            EmailMfaConfiguration={"Message": "Code: {####}", "Subject": "Sign-in code"},
            MfaConfiguration=mfa,
        )
    client.setdefault("ExplicitAuthFlows", ALL_FLOWS)
    created = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="app", GenerateSecret=secret, **client
    )["UserPoolClient"]
    return pool_id, created["ClientId"]


def _user(idp: Any, pool_id: str, username: str, **attributes: str) -> None:
    attributes.setdefault("email", f"{username}@example.com")
    attributes.setdefault("phone_number", "+15555551234")
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username=username,
        UserAttributes=[{"Name": k, "Value": v} for k, v in attributes.items()],
        MessageAction="SUPPRESS",
    )
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username=username, Password=PASSWORD, Permanent=True
    )


def _password_auth(idp: Any, client_id: str, username: str) -> dict[str, Any]:
    return idp.initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=client_id,
        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
    )


def _access_token(idp: Any, client_id: str, username: str) -> str:
    return _password_auth(idp, client_id, username)["AuthenticationResult"]["AccessToken"]


def _cognito(url: str, pool_id: str, client_id: str, username: str, **kw: Any) -> Cognito:
    return Cognito(
        pool_id, client_id, username=username, boto3_client_kwargs={"endpoint_url": url}, **kw
    )


def _enrol_totp(idp: Any, url: str, access_token: str) -> pyotp.TOTP:
    """Associates and verifies a software token while signed in; returns its generator."""
    secret = idp.associate_software_token(AccessToken=access_token)["SecretCode"]
    totp = pyotp.TOTP(secret)
    answer = idp.verify_software_token(
        AccessToken=access_token, UserCode=totp.at(_now(url)), FriendlyDeviceName="phone"
    )
    assert answer["Status"] == "SUCCESS"
    return totp


# ---- pools, app clients, users --------------------------------------------------------------


def test_pool_and_client_administration(idp: Any) -> None:
    pool = idp.create_user_pool(
        PoolName="admin",
        MfaConfiguration="OPTIONAL",
        SmsAuthenticationMessage="Code {####}",
        Policies={"PasswordPolicy": {"MinimumLength": 10, "RequireSymbols": False}},
    )["UserPool"]
    assert pool["Id"].startswith("us-east-1_")
    assert pool["MfaConfiguration"] == "OPTIONAL"
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 10
    described = idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]
    assert described["Name"] == "admin"
    assert described["SmsAuthenticationMessage"] == "Code {####}"

    config = idp.get_user_pool_mfa_config(UserPoolId=pool["Id"])
    assert config["MfaConfiguration"] == "OPTIONAL"
    assert config["SoftwareTokenMfaConfiguration"] == {"Enabled": False}
    config = idp.set_user_pool_mfa_config(
        UserPoolId=pool["Id"],
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="ON",
    )
    assert config["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
    assert "SmsMfaConfiguration" not in config, "a factor left out is turned off"
    with pytest.raises(ClientError) as excinfo:
        idp.set_user_pool_mfa_config(UserPoolId=pool["Id"], MfaConfiguration="ON")
    assert _error(excinfo)[0] == "InvalidParameterException"

    client = idp.create_user_pool_client(
        UserPoolId=pool["Id"],
        ClientName="web",
        GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        PreventUserExistenceErrors="ENABLED",
        AuthSessionValidity=5,
        AccessTokenValidity=30,
        TokenValidityUnits={"AccessToken": "minutes"},
    )["UserPoolClient"]
    assert len(client["ClientSecret"]) >= 40
    again = idp.describe_user_pool_client(UserPoolId=pool["Id"], ClientId=client["ClientId"])
    again = again["UserPoolClient"]
    assert again["ExplicitAuthFlows"] == ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    assert again["PreventUserExistenceErrors"] == "ENABLED"
    assert again["AuthSessionValidity"] == 5
    assert again["AccessTokenValidity"] == 30
    assert again["TokenValidityUnits"]["AccessToken"] == "minutes"

    with pytest.raises(ClientError) as excinfo:
        idp.describe_user_pool(UserPoolId="us-east-1_Missing1")
    assert _error(excinfo) == (
        "ResourceNotFoundException",
        "User pool us-east-1_Missing1 does not exist.",
    )


def test_user_administration(idp: Any) -> None:
    pool_id, _ = _pool(idp)
    created = idp.admin_create_user(
        UserPoolId=pool_id,
        Username="ada",
        UserAttributes=[{"Name": "email", "Value": "ada@example.com"}],
        TemporaryPassword="Temp0rary!",
        MessageAction="SUPPRESS",
    )["User"]
    assert created["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert created["Enabled"] is True
    with pytest.raises(ClientError) as excinfo:
        idp.admin_create_user(UserPoolId=pool_id, Username="ada", MessageAction="SUPPRESS")
    assert _error(excinfo) == ("UsernameExistsException", "User account already exists")

    idp.admin_update_user_attributes(
        UserPoolId=pool_id,
        Username="ada",
        UserAttributes=[
            {"Name": "name", "Value": "Ada"},
            {"Name": "email_verified", "Value": "true"},
        ],
    )
    user = idp.admin_get_user(UserPoolId=pool_id, Username="ada")
    attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert attributes["name"] == "Ada"
    assert attributes["email_verified"] == "true"
    assert len(attributes["sub"]) == 36

    with pytest.raises(ClientError) as excinfo:
        idp.admin_set_user_password(
            UserPoolId=pool_id, Username="ada", Password="short", Permanent=True
        )
    assert _error(excinfo) == (
        "InvalidPasswordException",
        "Password did not conform with policy: Password not long enough",
    )
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username="ada", Password=PASSWORD, Permanent=True
    )
    assert idp.admin_get_user(UserPoolId=pool_id, Username="ada")["UserStatus"] == "CONFIRMED"

    _user(idp, pool_id, "bea")
    listed = idp.list_users(UserPoolId=pool_id, Filter='email = "bea@example.com"')["Users"]
    assert [u["Username"] for u in listed] == ["bea"]
    assert len(idp.list_users(UserPoolId=pool_id)["Users"]) == 2
    page = idp.list_users(UserPoolId=pool_id, Limit=1)
    assert len(page["Users"]) == 1
    rest = idp.list_users(UserPoolId=pool_id, Limit=1, PaginationToken=page["PaginationToken"])
    assert rest["Users"][0]["Username"] != page["Users"][0]["Username"]

    idp.admin_delete_user(UserPoolId=pool_id, Username="bea")
    with pytest.raises(ClientError) as excinfo:
        idp.admin_get_user(UserPoolId=pool_id, Username="bea")
    assert _error(excinfo) == ("UserNotFoundException", "User does not exist.")


def test_sign_up_and_confirmation(idp: Any, endpoint: str) -> None:
    pool_id = idp.create_user_pool(PoolName="signup", AutoVerifiedAttributes=["email"])["UserPool"][
        "Id"
    ]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    answer = idp.sign_up(
        ClientId=client_id,
        Username="cleo",
        Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": "cleo@example.com"}],
    )
    assert answer["UserConfirmed"] is False
    assert answer["CodeDeliveryDetails"] == {
        "Destination": "c***@e***",
        "DeliveryMedium": "EMAIL",
        "AttributeName": "email",
    }
    with pytest.raises(ClientError) as excinfo:
        _password_auth(idp, client_id, "cleo")
    assert _error(excinfo) == ("UserNotConfirmedException", "User is not confirmed.")
    code = _last_code(endpoint, "cleo")
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(ClientError) as excinfo:
        idp.confirm_sign_up(ClientId=client_id, Username="cleo", ConfirmationCode=wrong)
    assert _error(excinfo) == (
        "CodeMismatchException",
        "Invalid verification code provided, please try again.",
    )
    idp.confirm_sign_up(ClientId=client_id, Username="cleo", ConfirmationCode=code)
    assert "AuthenticationResult" in _password_auth(idp, client_id, "cleo")
    with pytest.raises(ClientError) as excinfo:
        idp.confirm_sign_up(ClientId=client_id, Username="cleo", ConfirmationCode=code)
    assert _error(excinfo) == (
        "NotAuthorizedException",
        "User cannot be confirmed. Current status is CONFIRMED",
    )

    idp.sign_up(ClientId=client_id, Username="dora", Password=PASSWORD)
    idp.admin_confirm_sign_up(UserPoolId=pool_id, Username="dora")
    assert idp.admin_get_user(UserPoolId=pool_id, Username="dora")["UserStatus"] == "CONFIRMED"


# ---- sign-in --------------------------------------------------------------------------------


def test_srp_sign_in_with_pycognito_verifies_the_tokens(idp: Any, endpoint: str) -> None:
    pool_id, client_id = _pool(idp)
    _user(idp, pool_id, "eden")
    user = _cognito(endpoint, pool_id, client_id, "eden")
    user.authenticate(password=PASSWORD)  # SRP, then RS256 checks against the mock's JWKS
    assert user.access_claims["username"] == "eden"
    assert user.access_claims["token_use"] == "access"
    assert user.id_claims["aud"] == client_id
    assert user.id_claims["email"] == "eden@example.com"
    assert user.access_claims["iss"] == f"{endpoint}/{pool_id}"

    with pytest.raises(ClientError) as excinfo:
        _cognito(endpoint, pool_id, client_id, "eden").authenticate(password="Wr0ng-password")
    assert _error(excinfo) == ("NotAuthorizedException", "Incorrect username or password.")
    with pytest.raises(ClientError) as excinfo:
        _cognito(endpoint, pool_id, client_id, "nobody").authenticate(password=PASSWORD)
    assert _error(excinfo) == ("UserNotFoundException", "User does not exist.")


def test_srp_with_a_client_secret(idp: Any) -> None:
    pool_id, client_id = _pool(idp, secret=True)
    secret = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)[
        "UserPoolClient"
    ]["ClientSecret"]
    _user(idp, pool_id, "finn")
    srp = AWSSRP("finn", PASSWORD, pool_id, client_id, client=idp, client_secret=secret)
    tokens = srp.authenticate_user()
    assert tokens["AuthenticationResult"]["TokenType"] == "Bearer"
    with pytest.raises(ClientError) as excinfo:
        AWSSRP("finn", PASSWORD, pool_id, client_id, client=idp).authenticate_user()
    assert _error(excinfo) == (
        "NotAuthorizedException",
        f"Client {client_id} is configured for secret but secret was not received",
    )
    with pytest.raises(ClientError) as excinfo:
        AWSSRP(
            "finn", PASSWORD, pool_id, client_id, client=idp, client_secret="x" * 51
        ).authenticate_user()
    assert _error(excinfo) == (
        "NotAuthorizedException",
        f"Unable to verify secret hash for client {client_id}",
    )


def test_auth_flows_are_enforced(idp: Any) -> None:
    pool_id, client_id = _pool(idp, ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH"])
    _user(idp, pool_id, "gail")
    with pytest.raises(ClientError) as excinfo:
        _password_auth(idp, client_id, "gail")
    assert _error(excinfo) == (
        "InvalidParameterException",
        "USER_PASSWORD_AUTH flow not enabled for this client",
    )
    pool_id, client_id = _pool(idp)
    _user(idp, pool_id, "gail")
    admin = idp.admin_initiate_auth(
        UserPoolId=pool_id,
        ClientId=client_id,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "gail", "PASSWORD": PASSWORD},
    )
    refreshed = idp.initiate_auth(
        AuthFlow="REFRESH_TOKEN_AUTH",
        ClientId=client_id,
        AuthParameters={"REFRESH_TOKEN": admin["AuthenticationResult"]["RefreshToken"]},
    )["AuthenticationResult"]
    assert "RefreshToken" not in refreshed
    assert idp.get_user(AccessToken=refreshed["AccessToken"])["Username"] == "gail"


def test_new_password_required(idp: Any, endpoint: str) -> None:
    pool_id, client_id = _pool(idp)
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username="hugo",
        TemporaryPassword="Temp0rary!",
        MessageAction="SUPPRESS",
    )
    with pytest.raises(ForceChangePasswordException):
        AWSSRP("hugo", "Temp0rary!", pool_id, client_id, client=idp).authenticate_user()
    user = _cognito(endpoint, pool_id, client_id, "hugo")
    user.new_password_challenge(password="Temp0rary!", new_password=PASSWORD)
    assert user.access_claims["username"] == "hugo"
    assert idp.admin_get_user(UserPoolId=pool_id, Username="hugo")["UserStatus"] == "CONFIRMED"


# ---- MFA ------------------------------------------------------------------------------------


def test_totp_enrolment_and_sign_in(idp: Any, endpoint: str) -> None:
    pool_id, client_id = _pool(idp, mfa="OPTIONAL")
    _user(idp, pool_id, "iris")
    user = _cognito(endpoint, pool_id, client_id, "iris")
    user.authenticate(password=PASSWORD)
    secret = user.associate_software_token()
    assert len(secret) == 52
    totp = pyotp.TOTP(secret)
    t = _now(endpoint)
    window = {totp.at(t + d) for d in (-30, 0, 30)}
    wrong = next(c for c in ("000000", "111111", "222222", "333333") if c not in window)
    with pytest.raises(ClientError) as excinfo:
        user.verify_software_token(wrong)
    assert _error(excinfo) == (
        "EnableSoftwareTokenMFAException",
        "Code mismatch and fail enable Software Token MFA",
    )
    assert user.verify_software_token(totp.at(_now(endpoint)), "phone")
    user.set_user_mfa_preference(sms_mfa=False, software_token_mfa=True, preferred="SOFTWARE_TOKEN")
    me = idp.get_user(AccessToken=user.access_token)
    assert me["PreferredMfaSetting"] == "SOFTWARE_TOKEN_MFA"
    assert me["UserMFASettingList"] == ["SOFTWARE_TOKEN_MFA"]

    _advance(endpoint, 30)  # the enrolment code's step is spent
    again = _cognito(endpoint, pool_id, client_id, "iris")
    with pytest.raises(SoftwareTokenMFAChallengeException):
        again.authenticate(password=PASSWORD)
    with pytest.raises(ClientError) as excinfo:
        again.respond_to_software_token_mfa_challenge("12345")
    assert _error(excinfo)[0] == "CodeMismatchException"
    code = totp.at(_now(endpoint))
    again.respond_to_software_token_mfa_challenge(code)
    assert again.access_claims["username"] == "iris"

    # The same code a second time is refused (RFC 6238 §5.2).
    third = _cognito(endpoint, pool_id, client_id, "iris")
    with pytest.raises(SoftwareTokenMFAChallengeException):
        third.authenticate(password=PASSWORD)
    with pytest.raises(ClientError) as excinfo:
        third.respond_to_software_token_mfa_challenge(code)
    assert _error(excinfo) == (
        "ExpiredCodeException",
        "Your software token has already been used once.",
    )


def test_sms_mfa_with_the_code_from_the_outbox(idp: Any, endpoint: str) -> None:
    pool_id, client_id = _pool(idp, mfa="OPTIONAL")
    _user(idp, pool_id, "jude", phone_number="+15555559876")
    idp.admin_set_user_mfa_preference(
        UserPoolId=pool_id, Username="jude", SMSMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    user = _cognito(endpoint, pool_id, client_id, "jude")
    with pytest.raises(SMSMFAChallengeException) as challenge:
        user.authenticate(password=PASSWORD)
    parameters = challenge.value.get_tokens()["ChallengeParameters"]
    assert parameters["CODE_DELIVERY_DELIVERY_MEDIUM"] == "SMS"
    assert parameters["CODE_DELIVERY_DESTINATION"] == "+*******9876"
    message = _control(endpoint, "/_mock/messages?username=jude")[-1]
    assert message["destination"] == "+15555559876"
    assert message["message"] == f"Your code is {message['code']}"
    user.respond_to_sms_mfa_challenge(message["code"])
    attributes = idp.admin_get_user(UserPoolId=pool_id, Username="jude")["UserAttributes"]
    assert {"Name": "phone_number_verified", "Value": "true"} in attributes

    with pytest.raises(ClientError) as excinfo:
        idp.admin_set_user_mfa_preference(
            UserPoolId=pool_id, Username="nobody", SMSMfaSettings={"Enabled": True}
        )
    assert _error(excinfo)[0] == "UserNotFoundException"
    idp.admin_create_user(UserPoolId=pool_id, Username="nophone", MessageAction="SUPPRESS")
    with pytest.raises(ClientError) as excinfo:
        idp.admin_set_user_mfa_preference(
            UserPoolId=pool_id, Username="nophone", SMSMfaSettings={"Enabled": True}
        )
    assert _error(excinfo) == (
        "InvalidParameterException",
        "User does not have a phone_number set to turn on SMS MFA",
    )


def test_select_mfa_type_and_email_otp(idp: Any, endpoint: str) -> None:
    pool_id, client_id = _pool(idp, mfa="OPTIONAL")
    _user(idp, pool_id, "kira")
    idp.admin_set_user_mfa_preference(
        UserPoolId=pool_id,
        Username="kira",
        SMSMfaSettings={"Enabled": True},
        EmailMfaSettings={"Enabled": True},
    )
    challenge = _password_auth(idp, client_id, "kira")
    assert challenge["ChallengeName"] == "SELECT_MFA_TYPE"
    assert json.loads(challenge["ChallengeParameters"]["MFAS_CAN_CHOOSE"]) == [
        "SMS_MFA",
        "EMAIL_OTP",
    ]
    email = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="SELECT_MFA_TYPE",
        Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "kira", "ANSWER": "EMAIL_OTP"},
    )
    assert email["ChallengeName"] == "EMAIL_OTP"
    assert email["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"] == "k***@e***"
    tokens = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="EMAIL_OTP",
        Session=email["Session"],
        ChallengeResponses={"USERNAME": "kira", "EMAIL_OTP_CODE": _last_code(endpoint, "kira")},
    )
    assert tokens["AuthenticationResult"]["TokenType"] == "Bearer"


def test_mfa_setup_in_an_on_pool(idp: Any, endpoint: str) -> None:
    pool_id, client_id = _pool(idp, mfa="ON")
    _user(idp, pool_id, "lena")
    setup = _password_auth(idp, client_id, "lena")
    assert setup["ChallengeName"] == "MFA_SETUP"
    assert json.loads(setup["ChallengeParameters"]["MFAS_CAN_SETUP"]) == [
        "SMS_MFA",
        "SOFTWARE_TOKEN_MFA",
        "EMAIL_OTP",
    ]
    associated = idp.associate_software_token(Session=setup["Session"])
    totp = pyotp.TOTP(associated["SecretCode"])
    verified = idp.verify_software_token(
        Session=associated["Session"], UserCode=totp.at(_now(endpoint))
    )
    assert verified["Status"] == "SUCCESS"
    tokens = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="MFA_SETUP",
        Session=verified["Session"],
        ChallengeResponses={"USERNAME": "lena"},
    )
    access = tokens["AuthenticationResult"]["AccessToken"]
    assert idp.get_user(AccessToken=access)["PreferredMfaSetting"] == "SOFTWARE_TOKEN_MFA"
    with pytest.raises(ClientError) as excinfo:
        idp.set_user_mfa_preference(AccessToken=access, SoftwareTokenMfaSettings={"Enabled": False})
    assert _error(excinfo)[0] == "InvalidParameterException"


def test_legacy_sms_settings(idp: Any) -> None:
    pool_id, client_id = _pool(idp, mfa="OPTIONAL")
    _user(idp, pool_id, "milo")
    access = _access_token(idp, client_id, "milo")
    idp.set_user_settings(
        AccessToken=access, MFAOptions=[{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]
    )
    me = idp.get_user(AccessToken=access)
    assert me["MFAOptions"] == [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]
    assert _password_auth(idp, client_id, "milo")["ChallengeName"] == "SMS_MFA"
    idp.set_user_settings(AccessToken=access, MFAOptions=[])
    assert "MFAOptions" not in idp.get_user(AccessToken=access)


def test_totp_not_enabled_for_the_pool(idp: Any) -> None:
    pool_id, client_id = _pool(idp)
    _user(idp, pool_id, "nina")
    with pytest.raises(ClientError) as excinfo:
        idp.associate_software_token(AccessToken=_access_token(idp, client_id, "nina"))
    assert _error(excinfo) == (
        "SoftwareTokenMFANotFoundException",
        "Software Token MFA has not been enabled by the userPool.",
    )


# ---- sessions and tokens --------------------------------------------------------------------


def test_sessions_expire_are_single_use_and_capped(idp: Any, endpoint: str) -> None:
    pool_id, client_id = _pool(idp, mfa="OPTIONAL")
    _user(idp, pool_id, "otto")
    idp.admin_set_user_mfa_preference(
        UserPoolId=pool_id, Username="otto", SMSMfaSettings={"Enabled": True}
    )

    def respond(session: str, code: str) -> dict[str, Any]:
        return idp.respond_to_auth_challenge(
            ClientId=client_id,
            ChallengeName="SMS_MFA",
            Session=session,
            ChallengeResponses={"USERNAME": "otto", "SMS_MFA_CODE": code},
        )

    challenge = _password_auth(idp, client_id, "otto")
    _advance(endpoint, 181)
    with pytest.raises(ClientError) as excinfo:
        respond(challenge["Session"], _last_code(endpoint, "otto"))
    assert _error(excinfo) == (
        "NotAuthorizedException",
        "Invalid session for the user, session is expired.",
    )

    challenge = _password_auth(idp, client_id, "otto")
    code = _last_code(endpoint, "otto")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(ClientError) as excinfo:
            respond(challenge["Session"], wrong)
        assert _error(excinfo) == (
            "CodeMismatchException",
            "Invalid code or auth state for the user.",
        )
    with pytest.raises(ClientError) as excinfo:
        respond(challenge["Session"], code)
    assert _error(excinfo) == ("NotAuthorizedException", "Invalid session for the user.")

    challenge = _password_auth(idp, client_id, "otto")
    respond(challenge["Session"], _last_code(endpoint, "otto"))
    with pytest.raises(ClientError) as excinfo:
        respond(challenge["Session"], _last_code(endpoint, "otto"))
    assert _error(excinfo) == ("NotAuthorizedException", "Invalid session for the user.")


def test_access_tokens_expire_with_the_clock(idp: Any, endpoint: str) -> None:
    pool_id, client_id = _pool(idp)
    _user(idp, pool_id, "pia")
    access = _access_token(idp, client_id, "pia")
    assert idp.get_user(AccessToken=access)["Username"] == "pia"
    _advance(endpoint, 3600)
    with pytest.raises(ClientError) as excinfo:
        idp.get_user(AccessToken=access)
    assert _error(excinfo) == ("NotAuthorizedException", "Access Token has expired")
    with pytest.raises(ClientError) as excinfo:
        idp.get_user(AccessToken="not.a.token")
    assert _error(excinfo) == ("NotAuthorizedException", "Invalid Access Token")


# ---- malformed requests ---------------------------------------------------------------------


def test_server_side_validation_reads_like_cognito(raw_idp: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        raw_idp.verify_software_token(AccessToken="a.b.c", UserCode="12")
    assert _error(excinfo) == (
        "InvalidParameterException",
        "1 validation error detected: Value at 'userCode' failed to satisfy constraint: "
        "Member must have length greater than or equal to 6",
    )
    with pytest.raises(ClientError) as excinfo:
        raw_idp.initiate_auth(ClientId="abc")
    assert _error(excinfo) == (
        "InvalidParameterException",
        "1 validation error detected: Value null at 'authFlow' failed to satisfy constraint: "
        "Member must not be null",
    )


def _post(url: str, body: bytes, target: str | None) -> tuple[int, dict[str, str], Any]:
    headers = {"Content-Type": "application/x-amz-json-1.1"}
    if target:
        headers["X-Amz-Target"] = target
    request = urllib.request.Request(url + "/", data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


@pytest.mark.parametrize(
    ("body", "target", "code"),
    [
        (b"{}", None, "UnknownOperationException"),
        (b"{}", "AWSCognitoIdentityProviderService.NoSuchOperation", "UnknownOperationException"),
        (b"{not json", "AWSCognitoIdentityProviderService.GetUser", "SerializationException"),
        (
            b'{"AccessToken": 7}',
            "AWSCognitoIdentityProviderService.GetUser",
            "SerializationException",
        ),
        (
            b"x" * (1024 * 1024 + 1),
            "AWSCognitoIdentityProviderService.GetUser",
            "SerializationException",
        ),
    ],
)
def test_malformed_requests_get_json_errors(
    endpoint: str, body: bytes, target: str | None, code: str
) -> None:
    status, headers, answer = _post(endpoint, body, target)
    assert status == 400
    assert answer["__type"] == code
    assert answer["message"]
    lower = {k.lower(): v for k, v in headers.items()}
    assert lower["x-amzn-errortype"] == f"{code}:"
    assert lower["content-type"] == "application/x-amz-json-1.1"
    assert len(lower["x-amzn-requestid"]) == 36
