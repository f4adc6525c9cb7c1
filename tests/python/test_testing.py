"""`cognito_mfa.testing.MockCognito` and the `cognito_mock` pytest fixture that the installed
package registers through the `pytest11` entry point."""

from __future__ import annotations

import re
from pathlib import Path

import boto3
import pytest

import cognito_mfa
from cognito_mfa import (
    AuthenticationDetails,
    ChallengeName,
    CognitoMfaError,
    InvalidInputError,
    MfaSettings,
    MockConfigError,
    NetworkError,
    ResourceNotFoundException,
    ServiceError,
    UsernameExistsException,
    UserNotConfirmedException,
)
from cognito_mfa.blocking import CognitoUser, CognitoUserPool
from cognito_mfa.testing import DEFAULT_PASSWORD, AppClient, Message, MockCognito, MockUser


def test_a_context_manager_serves_then_frees_the_port() -> None:
    with MockCognito() as mock:
        assert mock.running
        assert mock.endpoint.startswith("http://127.0.0.1:")
        assert repr(mock) == f"MockCognito(endpoint={mock.endpoint!r}, running)"
        pool_id = mock.create_user_pool(mfa="OFF")
        client = mock.create_app_client(pool_id)
        mock.create_user(pool_id, "alice")
        pool = CognitoUserPool(pool_id, client.client_id, endpoint=mock.endpoint, max_retries=0)
    assert not mock.running
    mock.close()  # again: nothing happens
    with pytest.raises(NetworkError):
        CognitoUser("alice", pool).authenticate_user(
            AuthenticationDetails("alice", DEFAULT_PASSWORD)
        )


async def test_an_async_context_manager() -> None:
    async with MockCognito() as mock:
        alice = mock.user_with_totp("alice")
        assert isinstance(alice, MockUser)
        assert alice.password not in repr(alice)
        assert alice.totp_secret not in repr(alice)
    assert not mock.running


def test_fixture_gives_a_fresh_endpoint_per_test(cognito_mock: MockCognito) -> None:
    assert isinstance(cognito_mock, MockCognito)
    assert cognito_mock.running
    assert cognito_mock.call("ListUserPools", {"MaxResults": 10})["UserPools"] == []


def test_a_config_preloads_pools_clients_and_users() -> None:
    config = {
        "clock": {"start": 1_700_000_000, "frozen": True},
        "pools": [
            {
                "id": "us-east-1_Preloaded1",
                "name": "preloaded",
                "mfa_configuration": "OPTIONAL",
                "clients": [{"id": "preloadedclient1"}],
                "users": [
                    {
                        "username": "alice",
                        "password": DEFAULT_PASSWORD,
                        "mfa": {"software_token": True, "preferred": "SOFTWARE_TOKEN_MFA"},
                        "totp_secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
                    }
                ],
            }
        ],
    }
    with MockCognito(config) as mock:
        assert mock.now() == 1_700_000_000
        pool = mock.user_pool("us-east-1_Preloaded1", AppClient("preloadedclient1"))
        user = CognitoUser("alice", pool)
        result = user.authenticate_user(AuthenticationDetails("alice", DEFAULT_PASSWORD))
        assert result.challenge_name is ChallengeName.SOFTWARE_TOKEN_MFA
        code = mock.totp_code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        assert user.send_mfa_code(code, None).signed_in
        mock.reset()  # back to the configured state, pool included
        assert mock.call("DescribeUserPool", {"UserPoolId": "us-east-1_Preloaded1"})


def test_a_bad_config_names_the_key() -> None:
    with pytest.raises(InvalidInputError) as info:
        MockCognito({"pools": [{"nmae": "typo"}]})
    assert "nmae" in info.value.message
    assert type(info.value) is MockConfigError


def test_a_bad_config_is_a_mock_config_error_as_in_node() -> None:
    # The same configuration and code as tests/node/errors.test.js ("MockConfigError: ...").
    with pytest.raises(MockConfigError) as info:
        MockCognito({"pools": "none"})
    assert info.value.code == "MockConfigError"
    assert isinstance(info.value, InvalidInputError)
    assert isinstance(info.value, ValueError)
    assert re.match(r"^invalid mock configuration: .*expected a sequence", info.value.message)
    assert info.value.status_code is None
    assert info.value.request_id is None


def test_pools_and_app_clients(cognito_mock: MockCognito) -> None:
    pool_id = cognito_mock.create_user_pool("mine", mfa="ON", sms=False)
    described = cognito_mock.call("DescribeUserPool", {"UserPoolId": pool_id})["UserPool"]
    assert described["Name"] == "mine"
    assert described["MfaConfiguration"] == "ON"
    mfa = cognito_mock.call("GetUserPoolMfaConfig", {"UserPoolId": pool_id})
    assert mfa["SoftwareTokenMfaConfiguration"]["Enabled"] is True
    secret_client = cognito_mock.create_app_client(pool_id, generate_secret=True)
    assert secret_client.client_secret
    assert secret_client.client_secret not in repr(secret_client)
    plain = cognito_mock.create_app_client(pool_id, auth_flows=["ALLOW_USER_PASSWORD_AUTH"])
    assert plain.client_secret is None
    described_client = cognito_mock.call(
        "DescribeUserPoolClient", {"UserPoolId": pool_id, "ClientId": plain.client_id}
    )["UserPoolClient"]
    assert described_client["ExplicitAuthFlows"] == ["ALLOW_USER_PASSWORD_AUTH"]
    with pytest.raises(ResourceNotFoundException):
        cognito_mock.create_app_client("us-east-1_Nope")
    with pytest.raises(ServiceError) as info:
        cognito_mock.call("NoSuchOperation")
    assert info.value.code == "UnknownOperationException"


def test_users(cognito_mock: MockCognito) -> None:
    pool_id = cognito_mock.create_user_pool(mfa="OFF")
    client = cognito_mock.create_app_client(pool_id)
    cognito_mock.create_user(pool_id, "alice", attributes={"email": "a@example.com"})
    got = cognito_mock.call("AdminGetUser", {"UserPoolId": pool_id, "Username": "alice"})
    assert got["UserStatus"] == "CONFIRMED"
    with pytest.raises(UsernameExistsException):
        cognito_mock.create_user(pool_id, "alice")
    cognito_mock.create_user(pool_id, "invited", temporary_password=True)
    got = cognito_mock.call("AdminGetUser", {"UserPoolId": pool_id, "Username": "invited"})
    assert got["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    cognito_mock.create_user(pool_id, "signedup", confirmed=False)
    got = cognito_mock.call("AdminGetUser", {"UserPoolId": pool_id, "Username": "signedup"})
    assert got["UserStatus"] == "UNCONFIRMED"
    with pytest.raises(UserNotConfirmedException):
        CognitoUser("signedup", cognito_mock.user_pool(pool_id, client)).authenticate_user(
            AuthenticationDetails("signedup", DEFAULT_PASSWORD)
        )
    # The temporary sign-up client is gone again.
    clients = cognito_mock.call("ListUserPoolClients", {"UserPoolId": pool_id, "MaxResults": 60})
    assert [c["ClientId"] for c in clients["UserPoolClients"]] == [client.client_id]
    with pytest.raises(ValueError, match="temporary"):
        cognito_mock.create_user(pool_id, "x", confirmed=False, temporary_password=True)


def test_the_outbox(cognito_mock: MockCognito) -> None:
    pool_id = cognito_mock.create_user_pool()
    client = cognito_mock.create_app_client(pool_id)
    cognito_mock.create_user(pool_id, "bob", attributes={"phone_number": "+15555550199"})
    cognito_mock.set_user_mfa_preference(pool_id, "bob", sms=MfaSettings(True, True))
    with pytest.raises(LookupError):
        cognito_mock.last_code("bob")
    user = CognitoUser("bob", cognito_mock.user_pool(pool_id, client))
    user.authenticate_user(AuthenticationDetails("bob", DEFAULT_PASSWORD))
    [message] = cognito_mock.messages()
    assert isinstance(message, Message)
    assert (message.username, message.medium, message.purpose) == ("bob", "SMS", "mfa")
    assert message.destination == "+15555550199"
    assert message.code.isdigit()
    assert len(message.code) == 6
    assert message.code in message.message
    assert message.code not in repr(message)
    assert cognito_mock.last_code("bob") == message.code
    assert cognito_mock.messages(username="alice") == []
    assert cognito_mock.messages(medium="EMAIL") == []
    assert cognito_mock.messages(purpose="mfa") == [message]
    cognito_mock.clear_messages()
    assert cognito_mock.messages() == []


def test_the_clock(cognito_mock: MockCognito) -> None:
    cognito_mock.freeze_clock()
    start = cognito_mock.now()
    assert cognito_mock.advance_clock(180) == start + 180
    assert cognito_mock.now() == start + 180
    assert cognito_mock.advance_clock(-180) == start
    cognito_mock.set_clock(1_700_000_000)
    assert cognito_mock.now() == 1_700_000_000
    with pytest.raises(InvalidInputError):
        cognito_mock.advance_clock(-1_800_000_000)
    cognito_mock.freeze_clock(False)
    assert cognito_mock.now() >= 1_700_000_000


def test_reset_forgets_everything(cognito_mock: MockCognito) -> None:
    pool_id = cognito_mock.create_user_pool()
    cognito_mock.advance_clock(3_600)
    cognito_mock.reset()
    with pytest.raises(ResourceNotFoundException):
        cognito_mock.call("DescribeUserPool", {"UserPoolId": pool_id})


def test_enrol_totp_refuses_a_user_with_another_factor(cognito_mock: MockCognito) -> None:
    pool_id = cognito_mock.create_user_pool()
    client = cognito_mock.create_app_client(pool_id)
    cognito_mock.create_user(pool_id, "bob", attributes={"phone_number": "+15555550199"})
    cognito_mock.set_user_mfa_preference(pool_id, "bob", sms=MfaSettings(True, True))
    with pytest.raises(RuntimeError, match="SMS_MFA"):
        cognito_mock.enrol_totp(pool_id, client, "bob")
    with pytest.raises(CognitoMfaError):
        cognito_mock.enrol_totp(pool_id, client, "bob", "wrong-password")


def test_enrol_totp_through_mfa_setup(cognito_mock: MockCognito) -> None:
    alice = cognito_mock.user_with_totp("alice", mfa="ON", generate_secret=True)
    assert alice.client.client_secret
    user = CognitoUser("alice", alice.user_pool)
    result = user.authenticate_user(AuthenticationDetails("alice", alice.password))
    assert result.challenge_name is ChallengeName.SOFTWARE_TOKEN_MFA


def test_boto3_can_use_the_endpoint(
    cognito_mock: MockCognito, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    pool_id = cognito_mock.create_user_pool("boto")
    idp = boto3.client("cognito-idp", endpoint_url=cognito_mock.endpoint, region_name="us-east-1")
    pools = idp.list_user_pools(MaxResults=10)["UserPools"]
    assert [pool["Id"] for pool in pools] == [pool_id]


# --- the pytest plugin, as a user's suite sees it ------------------------------------------


def test_the_fixture_is_there_without_any_conftest(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_user_suite="""
        import pytest
        from cognito_mfa.blocking import AuthenticationDetails, CognitoUser

        def test_sync(cognito_mock):
            pool_id = cognito_mock.create_user_pool(mfa="OFF")
            client = cognito_mock.create_app_client(pool_id)
            cognito_mock.create_user(pool_id, "alice", "Passw0rd!")
            user = CognitoUser("alice", cognito_mock.user_pool(pool_id, client))
            assert user.authenticate_user(AuthenticationDetails("alice", "Passw0rd!")).signed_in

        @pytest.mark.asyncio
        async def test_async(cognito_mock):
            alice = cognito_mock.user_with_totp()
            assert alice.totp_secret

        seen = []

        @pytest.mark.parametrize("run", [1, 2])
        def test_fresh_per_test(cognito_mock, run):
            seen.append(cognito_mock.endpoint)
            assert cognito_mock.call("ListUserPools", {"MaxResults": 5})["UserPools"] == []
            cognito_mock.create_user_pool()
            assert len(set(seen)) == len(seen)
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)


def test_the_plugin_can_be_disabled(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_needs_it(cognito_mock):\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cognito_mfa")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'cognito_mock' not found*"])


def test_the_documented_example_suite_passes(pytester: pytest.Pytester, repo_root: Path) -> None:
    example = repo_root / "examples" / "python" / "test_with_cognito_mock.py"
    pytester.makepyfile(test_documented=example.read_text(encoding="utf-8"))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--asyncio-mode=auto")
    result.assert_outcomes(passed=3)


def _jwks_moduli(endpoint: str, pool_ids: list[str]) -> list[tuple[str, str]]:
    """(kid, modulus) of each pool's published signing key."""
    import json
    import urllib.request

    keys = []
    for pool_id in pool_ids:
        with urllib.request.urlopen(f"{endpoint}/{pool_id}/.well-known/jwks.json") as response:
            (key,) = json.load(response)["keys"]
        keys.append((key["kid"], key["n"]))
    return keys


def test_the_fixture_shares_one_signing_key_with_a_kid_per_pool(cognito_mock: MockCognito) -> None:
    pools = [cognito_mock.create_user_pool(name=f"p{i}") for i in range(2)]
    (kid_a, n_a), (kid_b, n_b) = _jwks_moduli(cognito_mock.endpoint, pools)
    assert n_a == n_b
    assert kid_a != kid_b


def test_a_plain_mock_gives_each_pool_its_own_key() -> None:
    with MockCognito() as mock:
        pools = [mock.create_user_pool(name=f"p{i}") for i in range(2)]
        (kid_a, n_a), (kid_b, n_b) = _jwks_moduli(mock.endpoint, pools)
    assert n_a != n_b
    assert kid_a != kid_b


def test_helpers_refuse_wrong_types_with_type_error(cognito_mock: MockCognito) -> None:
    """A wrong argument is a TypeError naming it, before anything is sent: a `str` where a
    list belongs is not split into characters, a `str` where a mapping belongs is not an
    AttributeError, a client id is not taken for an AppClient."""
    pool_id = cognito_mock.create_user_pool()
    with pytest.raises(TypeError, match="auth_flows must be a list of str, not str"):
        cognito_mock.create_app_client(pool_id, auth_flows="ALLOW_USER_PASSWORD_AUTH")
    with pytest.raises(TypeError, match="auth_flows must be a list of str"):
        cognito_mock.create_app_client(pool_id, auth_flows=[1, 2])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="attributes must be a mapping of str to str, not str"):
        cognito_mock.create_user(pool_id, "alice", attributes="email=a@b")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="attributes must be a mapping"):
        cognito_mock.create_user(pool_id, "alice", attributes={"email": 1})  # type: ignore[dict-item]
    cognito_mock.create_user(pool_id, "alice", attributes={"phone_number": "+15555550100"})
    with pytest.raises(TypeError, match="sms must be an MfaSettings or None, not dict"):
        cognito_mock.set_user_mfa_preference(pool_id, "alice", sms={"enabled": True})  # type: ignore[arg-type]
    client = cognito_mock.create_app_client(pool_id)
    with pytest.raises(TypeError, match="client must be the AppClient"):
        cognito_mock.enrol_totp(pool_id, client.client_id, "alice")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="client must be the AppClient"):
        cognito_mock.user_pool(pool_id, client.client_id)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="device_tracking must be a bool or a mapping, not str"):
        cognito_mock.create_user_pool(device_tracking="yes")  # type: ignore[arg-type]
    # Nothing half-done: the refused client was never created, the user keeps no attribute.
    user = cognito_mock.call("AdminGetUser", {"UserPoolId": pool_id, "Username": "alice"})
    assert {a["Name"] for a in user["UserAttributes"]} >= {"phone_number"}
    assert "email" not in {a["Name"] for a in user["UserAttributes"]}


def test_the_clock_refuses_a_time_out_of_range(cognito_mock: MockCognito) -> None:
    before = cognito_mock.now()
    for bad in (253_402_300_800, 2**63):
        with pytest.raises(cognito_mfa.InvalidInputError, match="9999-12-31"):
            cognito_mock.set_clock(bad)
    with pytest.raises(cognito_mfa.InvalidInputError, match="9999-12-31"):
        cognito_mock.advance_clock(-before - 1)
    assert abs(cognito_mock.now() - before) <= 1
    cognito_mock.set_clock(253_402_300_799)
    assert cognito_mock.now() >= 253_402_300_798
