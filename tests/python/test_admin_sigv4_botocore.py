"""The admin client's SigV4 signatures equal botocore's, byte for byte.

`cognito_mfa._native._sign_request` is the core's `admin::sign_request` (the aws-sigv4 crate,
as every admin request is signed). botocore's `SigV4Auth` signs the same request at the same
instant (its clock patched); the `Authorization`, `X-Amz-Date` and `X-Amz-Security-Token`
headers must agree. Any difference in canonicalisation (header order, the body hash, the
scope, the token) makes the signatures differ.
"""

from __future__ import annotations

import datetime
import json
from unittest import mock

import botocore.auth
import pytest
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from cognito_mfa import InvalidInputError
from cognito_mfa._native import _sign_request

ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexample=="
INSTANT = datetime.datetime(2026, 3, 14, 15, 9, 26, tzinfo=datetime.timezone.utc)


def botocore_headers(
    region: str, url: str, headers: dict[str, str], body: bytes, token: str | None
) -> dict[str, str]:
    request = AWSRequest(method="POST", url=url, data=body, headers=dict(headers))
    credentials = Credentials(ACCESS_KEY, SECRET_KEY, token)
    with mock.patch.object(botocore.auth.datetime, "datetime") as clock:
        clock.now.return_value = INSTANT.replace(tzinfo=None)
        clock.utcnow.return_value = INSTANT.replace(tzinfo=None)
        clock.side_effect = datetime.datetime
        botocore.auth.SigV4Auth(credentials, "cognito-idp", region).add_auth(request)
    return {name.lower(): value for name, value in request.headers.items()}


@pytest.mark.parametrize("token", [None, TOKEN], ids=["long-term-key", "session-token"])
@pytest.mark.parametrize(
    ("region", "operation", "request_body"),
    [
        ("us-east-1", "AdminGetUser", {"UserPoolId": "us-east-1_AbCdEfGhI", "Username": "alice"}),
        (
            "eu-west-3",
            "AdminSetUserMFAPreference",
            {
                "UserPoolId": "eu-west-3_AbCdEfGhI",
                "Username": "bob@example.com",
                "SoftwareTokenMfaSettings": {"Enabled": False, "PreferredMfa": False},
            },
        ),
    ],
    ids=["us-east-1", "eu-west-3"],
)
def test_signatures_equal_botocores(
    token: str | None, region: str, operation: str, request_body: dict[str, object]
) -> None:
    url = f"https://cognito-idp.{region}.amazonaws.com/"
    body = json.dumps(request_body).encode()
    headers = {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": f"AWSCognitoIdentityProviderService.{operation}",
        "Host": f"cognito-idp.{region}.amazonaws.com",
    }
    ours = {
        name.lower(): value
        for name, value in _sign_request(
            ACCESS_KEY,
            SECRET_KEY,
            token,
            region,
            "cognito-idp",
            url,
            headers,
            body,
            INSTANT.timestamp(),
        ).items()
    }
    theirs = botocore_headers(region, url, headers, body, token)

    assert ours["x-amz-date"] == theirs["x-amz-date"] == "20260314T150926Z"
    assert ours["authorization"] == theirs["authorization"]
    assert (
        f"Credential={ACCESS_KEY}/20260314/{region}/cognito-idp/aws4_request"
        in ours["authorization"]
    )
    if token is None:
        assert "x-amz-security-token" not in ours
    else:
        assert ours["x-amz-security-token"] == theirs["x-amz-security-token"] == TOKEN
        assert "x-amz-security-token" in ours["authorization"]


def test_a_different_body_or_instant_is_a_different_signature() -> None:
    url = "https://cognito-idp.us-east-1.amazonaws.com/"
    headers = {"Host": "cognito-idp.us-east-1.amazonaws.com"}

    def signature(body: bytes, at: float) -> str:
        signed = _sign_request(
            ACCESS_KEY, SECRET_KEY, None, "us-east-1", "cognito-idp", url, headers, body, at
        )
        return signed["authorization"].rsplit("Signature=", 1)[1]

    base = signature(b"{}", INSTANT.timestamp())
    assert len(base) == 64
    assert int(base, 16) >= 0
    assert signature(b"{ }", INSTANT.timestamp()) != base
    assert signature(b"{}", INSTANT.timestamp() + 1) != base


def test_bad_input_is_refused_without_showing_the_secret() -> None:
    with pytest.raises(InvalidInputError) as raised:
        _sign_request(
            ACCESS_KEY, SECRET_KEY, None, "us-east-1", "cognito-idp", "not a url", {}, b"", 0
        )
    assert SECRET_KEY not in str(raised.value)
    with pytest.raises(InvalidInputError):
        _sign_request(
            ACCESS_KEY, SECRET_KEY, None, "us-east-1", "cognito-idp", "https://x/", {}, b"", -1
        )
