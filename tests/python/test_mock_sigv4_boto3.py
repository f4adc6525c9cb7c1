"""The mock endpoint with SigV4 verification on (`settings.sigv4`), driven by the real boto3.

The mock starts with one credential from its config file (`settings.sigv4.credentials`) and
one from the command line (`--sigv4-credentials AKID:SECRET`). boto3 signed with either key
reaches the admin operations; a wrong secret, an unknown key and a request outside the
five-minute skew of the mock's clock are refused with the codes AWS answers with. Public
operations (InitiateAuth) still work unsigned.

The binary is `$COGNITO_MFA_BIN`, or `target/debug/cognito-mfa` (build it with
`cargo build -p cognito-mfa-cli`).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

REPO_ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Passw0rd!"
POOL = "us-east-1_SigV4Pool1"
CLIENT = "sigv4client1"
FILE_KEY = ("AKIDFROMCONFIGFILE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
FLAG_KEY = ("AKIDFROMCLIFLAG", "another-secret-access-key")
CONFIG = {
    "settings": {
        "sigv4": {
            "credentials": [{"access_key_id": FILE_KEY[0], "secret_access_key": FILE_KEY[1]}],
            "max_skew_seconds": 300,
        }
    },
    "pools": [
        {
            "id": POOL,
            "name": "sigv4",
            "mfa_configuration": "OPTIONAL",
            "clients": [
                {
                    "id": CLIENT,
                    "explicit_auth_flows": [
                        "ALLOW_ADMIN_USER_PASSWORD_AUTH",
                        "ALLOW_USER_PASSWORD_AUTH",
                        "ALLOW_REFRESH_TOKEN_AUTH",
                    ],
                }
            ],
            "users": [
                {
                    "username": "alice",
                    "password": PASSWORD,
                    "attributes": {"phone_number": "+15555550100", "phone_number_verified": "true"},
                }
            ],
        }
    ],
}


def _binary() -> Path:
    path = Path(os.environ.get("COGNITO_MFA_BIN", REPO_ROOT / "target" / "debug" / "cognito-mfa"))
    if not path.is_file():
        pytest.fail(
            f"the cognito-mfa binary is missing at {path}: run `cargo build -p cognito-mfa-cli`"
            " or set COGNITO_MFA_BIN"
        )
    return path


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`cognito-mfa mock --port 0 --config FILE --sigv4-credentials AKID:SECRET`; yields its URL."""
    config = tmp_path_factory.mktemp("sigv4") / "mock.json"
    config.write_text(json.dumps(CONFIG))
    process = subprocess.Popen(
        [
            str(_binary()),
            "mock",
            "--port",
            "0",
            "--config",
            str(config),
            "--sigv4-credentials",
            f"{FLAG_KEY[0]}:{FLAG_KEY[1]}",
        ],
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
        assert process.stderr is not None
        stderr = process.stderr.read()
    assert code == 0, "SIGTERM stops the mock cleanly"
    assert FILE_KEY[1] not in stderr
    assert FLAG_KEY[1] not in stderr


def _client(url: str, key: tuple[str, str] | None) -> Any:
    retries = {"max_attempts": 1}
    if key is None:
        config = Config(signature_version=UNSIGNED, retries=retries)
        return boto3.client("cognito-idp", endpoint_url=url, region_name="us-east-1", config=config)
    return boto3.client(
        "cognito-idp",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id=key[0],
        aws_secret_access_key=key[1],
        config=Config(retries=retries),
    )


def _advance(url: str, seconds: int) -> None:
    body = json.dumps({"advance_seconds": seconds}).encode()
    request = urllib.request.Request(url + "/_mock/clock", data=body, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


def _error(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    error = excinfo.value.response["Error"]
    return error["Code"], error["Message"]


@pytest.mark.parametrize("key", [FILE_KEY, FLAG_KEY], ids=["config-file", "cli-flag"])
def test_the_configured_credentials_reach_the_admin_operations(
    endpoint: str, key: tuple[str, str]
) -> None:
    idp = _client(endpoint, key)
    user = idp.admin_get_user(UserPoolId=POOL, Username="alice")
    assert user["UserStatus"] == "CONFIRMED"
    idp.admin_set_user_mfa_preference(
        UserPoolId=POOL,
        Username="alice",
        SMSMfaSettings={"Enabled": False, "PreferredMfa": False},
    )
    result = idp.admin_initiate_auth(
        UserPoolId=POOL,
        ClientId=CLIENT,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
    )
    assert result["AuthenticationResult"]["AccessToken"]


def test_a_wrong_secret_is_an_invalid_signature(endpoint: str) -> None:
    idp = _client(endpoint, (FILE_KEY[0], "not-the-secret"))
    with pytest.raises(ClientError) as excinfo:
        idp.admin_get_user(UserPoolId=POOL, Username="alice")
    code, message = _error(excinfo)
    assert code == "InvalidSignatureException"
    assert message.startswith("The request signature we calculated does not match")


def test_an_unknown_key_is_unrecognized(endpoint: str) -> None:
    idp = _client(endpoint, ("AKIDNOBODYKNOWS", FILE_KEY[1]))
    with pytest.raises(ClientError) as excinfo:
        idp.admin_get_user(UserPoolId=POOL, Username="alice")
    assert _error(excinfo) == (
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
    )


def test_an_unsigned_admin_call_is_refused_but_public_calls_pass(endpoint: str) -> None:
    anonymous = _client(endpoint, None)
    with pytest.raises(ClientError) as excinfo:
        anonymous.admin_get_user(UserPoolId=POOL, Username="alice")
    assert _error(excinfo)[0] == "MissingAuthenticationTokenException"
    result = anonymous.initiate_auth(
        ClientId=CLIENT,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
    )
    assert anonymous.get_user(AccessToken=result["AuthenticationResult"]["AccessToken"])


def test_a_request_ten_minutes_off_the_mocks_clock_has_expired(endpoint: str) -> None:
    idp = _client(endpoint, FILE_KEY)
    _advance(endpoint, 600)
    try:
        with pytest.raises(ClientError) as excinfo:
            idp.admin_get_user(UserPoolId=POOL, Username="alice")
    finally:
        _advance(endpoint, -600)
    code, message = _error(excinfo)
    assert code == "InvalidSignatureException"
    assert message.startswith("Signature not yet current:") or message.startswith(
        "Signature expired:"
    ), message
    # The mock's clock is 10 minutes ahead: boto3's X-Amz-Date (real time) is 10 minutes
    # earlier than the mock's now.
    assert message.startswith("Signature expired:"), message
    assert "is now earlier than" in message
    assert "- 5 min.)" in message
    assert idp.admin_get_user(UserPoolId=POOL, Username="alice")["Username"] == "alice"
