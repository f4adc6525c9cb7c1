"""Device tracking on the mock endpoint (`cognito-mfa mock`), driven by the real boto3.

boto3 sends every device operation (ConfirmDevice, UpdateDeviceStatus, GetDevice, ListDevices,
ForgetDevice, their Admin* forms, GetTokensFromRefreshToken, UpdateUserPool) and parses the
answers with its own model of the service, so these tests prove the request and response
shapes and the error codes. The device verifier and the device SRP claim are computed by
pycognito's `aws_srp` (an independent implementation of the maths); the challenge sessions are
passed as Cognito requires. TOTP codes come from pyotp.

The binary is `$COGNITO_MFA_BIN`, or `target/debug/cognito-mfa` (`cargo build -p
cognito-mfa-cli`). One endpoint serves the module; each test makes its own pool.
"""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pyotp
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP, generate_hash_device, long_to_hex
from test_mock_boto3 import ALL_FLOWS, PASSWORD, _advance, _enrol_totp, _error, _now, _user

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """`cognito-mfa mock --port 0` as a subprocess; yields its URL; stops it with SIGTERM."""
    binary = Path(os.environ.get("COGNITO_MFA_BIN", REPO_ROOT / "target" / "debug" / "cognito-mfa"))
    if not binary.is_file():
        pytest.fail(f"the cognito-mfa binary is missing at {binary}")
    saved = {k: os.environ.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    os.environ["AWS_ACCESS_KEY_ID"] = "testing"
    os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
    process = subprocess.Popen(
        [str(binary), "mock", "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline().strip()
        assert first_line.startswith("listening on http://127.0.0.1:"), first_line
        yield first_line.removeprefix("listening on ")
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=10)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    assert code == 0


@pytest.fixture
def idp(endpoint: str) -> Any:
    return boto3.client(
        "cognito-idp",
        endpoint_url=endpoint,
        region_name="us-east-1",
        config=Config(retries={"max_attempts": 1}),
    )


def _device_pool(idp: Any, prompt: bool = False) -> tuple[str, str]:
    """An OPTIONAL pool with TOTP whose remembered devices stand in for the code."""
    pool_id = idp.create_user_pool(
        PoolName="devices",
        DeviceConfiguration={
            "ChallengeRequiredOnNewDevice": True,
            "DeviceOnlyRememberedOnUserPrompt": prompt,
        },
    )["UserPool"]["Id"]
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="OPTIONAL",
    )
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=ALL_FLOWS
    )["UserPoolClient"]["ClientId"]
    return pool_id, client_id


def _totp_user(idp: Any, url: str, pool_id: str, client_id: str, username: str) -> pyotp.TOTP:
    _user(idp, pool_id, username)
    token = idp.initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=client_id,
        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
    )["AuthenticationResult"]["AccessToken"]
    totp = _enrol_totp(idp, url, token)
    idp.set_user_mfa_preference(
        AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    _advance(url, 30)
    return totp


def _sign_in_with_totp(
    idp: Any, url: str, client_id: str, username: str, totp: pyotp.TOTP
) -> dict[str, Any]:
    challenge = idp.initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=client_id,
        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
    )
    assert challenge["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    answer = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="SOFTWARE_TOKEN_MFA",
        Session=challenge["Session"],
        ChallengeResponses={"USERNAME": username, "SOFTWARE_TOKEN_MFA_CODE": totp.at(_now(url))},
    )
    _advance(url, 30)
    return answer["AuthenticationResult"]


def _device_sign_in(
    idp: Any, pool_id: str, client_id: str, username: str, device: tuple[str, str, str]
) -> dict[str, Any]:
    """USER_SRP_AUTH from a remembered device: PASSWORD_VERIFIER, DEVICE_SRP_AUTH and
    DEVICE_PASSWORD_VERIFIER, with pycognito's SRP maths and the Session of each step."""
    key, group, password = device
    srp = AWSSRP(
        username,
        PASSWORD,
        pool_id,
        client_id,
        client=idp,
        device_key=key,
        device_group_key=group,
        device_password=password,
    )
    params = srp.get_auth_params()
    challenge = idp.initiate_auth(
        AuthFlow="USER_SRP_AUTH", ClientId=client_id, AuthParameters=params
    )
    assert challenge["ChallengeName"] == "PASSWORD_VERIFIER"
    answer = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=srp.process_challenge(challenge["ChallengeParameters"], params),
    )
    assert answer["ChallengeName"] == "DEVICE_SRP_AUTH", answer
    verifier = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="DEVICE_SRP_AUTH",
        Session=answer["Session"],
        ChallengeResponses={
            "USERNAME": username,
            "DEVICE_KEY": key,
            "SRP_A": long_to_hex(srp.large_a_value),
        },
    )
    assert verifier["ChallengeName"] == "DEVICE_PASSWORD_VERIFIER"
    assert set(verifier["ChallengeParameters"]) >= {
        "SRP_B",
        "SALT",
        "SECRET_BLOCK",
        "DEVICE_KEY",
        "USERNAME",
    }
    done = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="DEVICE_PASSWORD_VERIFIER",
        Session=verifier["Session"],
        ChallengeResponses=srp.process_device_challenge(verifier["ChallengeParameters"]),
    )
    return done["AuthenticationResult"]


def _attributes(device: dict[str, Any]) -> dict[str, str]:
    return {a["Name"]: a["Value"] for a in device["DeviceAttributes"]}


def test_device_operations_requests_responses_and_errors(idp: Any, endpoint: str) -> None:
    pool_id, client_id = _device_pool(idp)
    described = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert described["DeviceConfiguration"] == {
        "ChallengeRequiredOnNewDevice": True,
        "DeviceOnlyRememberedOnUserPrompt": False,
    }
    totp = _totp_user(idp, endpoint, pool_id, client_id, "dora")
    result = _sign_in_with_totp(idp, endpoint, client_id, "dora", totp)
    metadata = result["NewDeviceMetadata"]
    key, group = metadata["DeviceKey"], metadata["DeviceGroupKey"]
    assert key.startswith("us-east-1_")
    access = result["AccessToken"]

    password, verifier = generate_hash_device(group, key)
    confirmed = idp.confirm_device(
        AccessToken=access,
        DeviceKey=key,
        DeviceSecretVerifierConfig=verifier,
        DeviceName="boto3 laptop",
    )
    assert confirmed["UserConfirmationNecessary"] is False
    with pytest.raises(ClientError) as again:
        idp.confirm_device(AccessToken=access, DeviceKey=key, DeviceSecretVerifierConfig=verifier)
    assert _error(again)[0] == "DeviceKeyExistsException"
    with pytest.raises(ClientError) as unknown:
        idp.confirm_device(
            AccessToken=access,
            DeviceKey="us-east-1_00000000-0000-4000-8000-000000000000",
            DeviceSecretVerifierConfig=verifier,
        )
    assert _error(unknown) == ("InvalidParameterException", "Invalid device key given.")

    listed = idp.list_devices(AccessToken=access, Limit=10)
    assert [d["DeviceKey"] for d in listed["Devices"]] == [key]
    assert "PaginationToken" not in listed
    device = listed["Devices"][0]
    assert isinstance(device["DeviceCreateDate"], datetime.datetime)
    assert isinstance(device["DeviceLastAuthenticatedDate"], datetime.datetime)
    attributes = _attributes(device)
    assert attributes["device_name"] == "boto3 laptop"
    assert attributes["dev:device_remembered_status"] == "remembered"
    assert attributes["device_status"] == "valid"
    assert attributes["dev:device_owner"] == f"dora.{pool_id}"
    assert attributes["dev:device_arn"].endswith(f"/device/{key}")
    assert idp.get_device(AccessToken=access, DeviceKey=key)["Device"]["DeviceKey"] == key

    # Not remembered: gone from the user's API, still seen by the admin's.
    idp.update_device_status(
        AccessToken=access, DeviceKey=key, DeviceRememberedStatus="not_remembered"
    )
    assert idp.list_devices(AccessToken=access)["Devices"] == []
    with pytest.raises(ClientError) as hidden:
        idp.get_device(AccessToken=access, DeviceKey=key)
    assert _error(hidden) == ("ResourceNotFoundException", "Device does not exist.")
    shown = idp.admin_get_device(UserPoolId=pool_id, Username="dora", DeviceKey=key)["Device"]
    assert _attributes(shown)["dev:device_remembered_status"] == "not_remembered"
    idp.admin_update_device_status(
        UserPoolId=pool_id, Username="dora", DeviceKey=key, DeviceRememberedStatus="remembered"
    )
    admin_listed = idp.admin_list_devices(UserPoolId=pool_id, Username="dora", Limit=60)
    assert key in [d["DeviceKey"] for d in admin_listed["Devices"]]

    # The remembered device signs in with device SRP instead of the code.
    tokens = _device_sign_in(idp, pool_id, client_id, "dora", (key, group, password))
    assert "NewDeviceMetadata" not in tokens
    with pytest.raises(ClientError) as wrong:
        _device_sign_in(idp, pool_id, client_id, "dora", (key, group, "not the password"))
    assert _error(wrong) == ("NotAuthorizedException", "Incorrect username or password.")

    # The refresh token is bound to the device.
    refresh = tokens["RefreshToken"]
    with pytest.raises(ClientError) as unbound:
        idp.initiate_auth(
            AuthFlow="REFRESH_TOKEN_AUTH",
            ClientId=client_id,
            AuthParameters={"REFRESH_TOKEN": refresh},
        )
    assert _error(unbound) == ("NotAuthorizedException", "Invalid Refresh Token.")
    refreshed = idp.initiate_auth(
        AuthFlow="REFRESH_TOKEN_AUTH",
        ClientId=client_id,
        AuthParameters={"REFRESH_TOKEN": refresh, "DEVICE_KEY": key},
    )
    assert refreshed["AuthenticationResult"]["AccessToken"]
    with pytest.raises(ClientError) as unbound:
        idp.get_tokens_from_refresh_token(RefreshToken=refresh, ClientId=client_id)
    assert _error(unbound) == ("NotAuthorizedException", "Invalid Refresh Token.")
    got = idp.get_tokens_from_refresh_token(RefreshToken=refresh, ClientId=client_id, DeviceKey=key)
    assert got["AuthenticationResult"]["IdToken"]

    # A global sign-out leaves the device.
    idp.admin_user_global_sign_out(UserPoolId=pool_id, Username="dora")
    assert key in [
        d["DeviceKey"]
        for d in idp.admin_list_devices(UserPoolId=pool_id, Username="dora")["Devices"]
    ]

    # Forgotten: unknown from then on, and a sign-in naming it is refused.
    idp.admin_forget_device(UserPoolId=pool_id, Username="dora", DeviceKey=key)
    with pytest.raises(ClientError) as gone:
        idp.admin_forget_device(UserPoolId=pool_id, Username="dora", DeviceKey=key)
    assert _error(gone) == ("ResourceNotFoundException", "Device does not exist.")
    with pytest.raises(ClientError) as gone:
        idp.initiate_auth(
            AuthFlow="USER_PASSWORD_AUTH",
            ClientId=client_id,
            AuthParameters={"USERNAME": "dora", "PASSWORD": PASSWORD, "DEVICE_KEY": key},
        )
    assert _error(gone) == ("ResourceNotFoundException", "Device does not exist.")


def test_opt_in_pools_and_update_user_pool(idp: Any, endpoint: str) -> None:
    pool_id, client_id = _device_pool(idp, prompt=True)
    totp = _totp_user(idp, endpoint, pool_id, client_id, "opal")
    result = _sign_in_with_totp(idp, endpoint, client_id, "opal", totp)
    key = result["NewDeviceMetadata"]["DeviceKey"]
    _, verifier = generate_hash_device(result["NewDeviceMetadata"]["DeviceGroupKey"], key)
    confirmed = idp.confirm_device(
        AccessToken=result["AccessToken"], DeviceKey=key, DeviceSecretVerifierConfig=verifier
    )
    assert confirmed["UserConfirmationNecessary"] is True
    assert idp.list_devices(AccessToken=result["AccessToken"])["Devices"] == []
    idp.forget_device(AccessToken=result["AccessToken"], DeviceKey=key)
    with pytest.raises(ClientError) as gone:
        idp.update_device_status(
            AccessToken=result["AccessToken"], DeviceKey=key, DeviceRememberedStatus="remembered"
        )
    assert _error(gone) == ("ResourceNotFoundException", "Device does not exist.")

    # UpdateUserPool without DeviceConfiguration turns device tracking off, as on AWS.
    idp.update_user_pool(UserPoolId=pool_id, MfaConfiguration="OPTIONAL")
    assert "DeviceConfiguration" not in idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    result = _sign_in_with_totp(idp, endpoint, client_id, "opal", totp)
    assert "NewDeviceMetadata" not in result
