"""Remembered devices end to end: the Python client against the mock endpoint's device
tracking — a sign-in with TOTP confirms and stores the device and the next sign-in skips MFA; a
device that is not remembered is still asked; a device the administrator forgot is recovered
from; two devices of one user; refresh with both methods; the device list; the blocking client
with a file store and a store written in Python."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest

import cognito_mfa.blocking
from cognito_mfa import (
    AuthenticationDetails,
    AuthResult,
    ChallengeName,
    CognitoUser,
    CognitoUserSession,
    DeviceCredentials,
    FileDeviceStore,
    MemoryDeviceStore,
    ResourceNotFoundException,
)
from cognito_mfa.devices import DeviceStore
from cognito_mfa.testing import MockCognito, MockUser

RefreshMethod = Literal["InitiateAuth", "GetTokensFromRefreshToken"]


@dataclass
class Env:
    """A mock, `alice` with TOTP on a pool that tracks devices, and helpers for her sign-ins."""

    mock: MockCognito
    alice: MockUser
    unconfirmed: set[str]

    def user(
        self,
        store: DeviceStore | None,
        *,
        refresh_method: RefreshMethod | None = None,
        device_name: str | None = None,
    ) -> CognitoUser:
        pool = self.mock.user_pool(
            self.alice.pool_id,
            self.alice.client,
            device_store=store,
            refresh_method=refresh_method,
            device_name=device_name,
        )
        return CognitoUser("alice", pool)

    def details(self) -> AuthenticationDetails:
        return AuthenticationDetails("alice", self.alice.password)

    async def answer_totp(self, user: CognitoUser, result: AuthResult) -> CognitoUserSession:
        assert result.challenge_name is ChallengeName.SOFTWARE_TOKEN_MFA, result
        answered = await user.send_mfa_code(self.mock.totp_code(self.alice.totp_secret))
        self.mock.advance_clock(30)  # the next code is another step's (no replay refusal)
        assert answered.session is not None, answered
        return answered.session

    async def sign_in_with_totp(self, user: CognitoUser) -> CognitoUserSession:
        return await self.answer_totp(user, await user.authenticate_user(self.details()))

    async def sign_in_without_mfa(self, user: CognitoUser) -> CognitoUserSession:
        result = await user.authenticate_user(self.details())
        assert result.session is not None, f"expected no MFA, got {result!r}"
        return result.session

    def admin_devices(self) -> dict[str, str]:
        """The user's confirmed devices as the administrator sees them: key -> remembered
        status. (The helpers' own sign-in that enrolled TOTP left a device that was never
        confirmed; it is left out.)"""
        listed = self.mock.call(
            "AdminListDevices", {"UserPoolId": self.alice.pool_id, "Username": "alice"}
        )
        return {
            device["DeviceKey"]: {a["Name"]: a["Value"] for a in device["DeviceAttributes"]}.get(
                "dev:device_remembered_status", ""
            )
            for device in listed["Devices"]
            if device["DeviceKey"] not in self.unconfirmed
        }


def make_env(mock: MockCognito, **tracking: bool) -> Env:
    device_tracking: bool | dict[str, bool] = tracking or True
    alice = mock.user_with_totp("alice", device_tracking=device_tracking)
    env = Env(mock, alice, set())
    env.unconfirmed = set(env.admin_devices())
    return env


async def test_a_remembered_device_skips_mfa_the_next_time(cognito_mock: MockCognito) -> None:
    env = make_env(cognito_mock)
    store = MemoryDeviceStore()
    first = env.user(store, device_name="alice's laptop")
    await env.sign_in_with_totp(first)
    key = first.device_key
    assert key is not None
    assert first.user_confirmation_necessary is False  # the pool remembers devices at once
    saved = store.load(env.alice.pool_id, "alice")
    assert saved is not None
    assert saved.device_key == key
    assert env.admin_devices() == {key: "remembered"}

    # Another run of the app: a new user object, the same store. No MFA, the same device.
    second = env.user(store)
    await env.sign_in_without_mfa(second)
    assert second.device_key == key
    assert env.admin_devices() == {key: "remembered"}

    [listed] = await second.list_all_devices()
    assert listed.device_key == key
    assert listed.name == "alice's laptop"
    assert listed.remembered_status == "remembered"
    assert listed.last_authenticated_date is not None
    device = await second.get_device()
    assert (device.device_key, device.name) == (key, "alice's laptop")
    page = await second.list_devices(limit=10)
    assert [d.device_key for d in page.devices] == [key]
    assert page.pagination_token is None

    # The secret never shows.
    cached = second.get_cached_device_key_and_password()
    assert cached is not None
    password = cached.device_password
    for shown in (repr(second), repr(cached), repr(store), repr(device), repr(page)):
        assert password not in shown


async def test_a_device_that_is_not_remembered_is_still_asked(cognito_mock: MockCognito) -> None:
    env = make_env(cognito_mock)
    store = MemoryDeviceStore()
    user = env.user(store)
    await env.sign_in_with_totp(user)
    key = user.device_key
    await user.set_device_status_not_remembered()
    assert env.admin_devices() == {key: "not_remembered"}

    again = env.user(store)
    await env.sign_in_with_totp(again)  # MFA asked, for the same (tracked) device
    assert again.device_key == key
    assert env.admin_devices() == {key: "not_remembered"}
    with pytest.raises(ResourceNotFoundException):
        await again.get_device()  # GetDevice of a device that is not remembered
    assert await again.list_all_devices() == []

    await again.set_device_status_remembered()
    await env.sign_in_without_mfa(env.user(store))


async def test_a_pool_that_asks_the_user_first(cognito_mock: MockCognito) -> None:
    env = make_env(
        cognito_mock,
        challenge_required_on_new_device=True,
        device_only_remembered_on_user_prompt=True,
    )
    store = MemoryDeviceStore()
    user = env.user(store)
    await env.sign_in_with_totp(user)
    assert user.user_confirmation_necessary is True
    key = user.device_key
    assert key is not None
    assert env.admin_devices() == {key: "not_remembered"}
    await env.sign_in_with_totp(env.user(store))  # not remembered yet: MFA
    await user.set_device_status_remembered()  # the user said yes
    await env.sign_in_without_mfa(env.user(store))


async def test_a_pool_that_never_skips_mfa_still_tracks_the_device(
    cognito_mock: MockCognito,
) -> None:
    env = make_env(cognito_mock, challenge_required_on_new_device=False)
    store = MemoryDeviceStore()
    first = env.user(store)
    await env.sign_in_with_totp(first)
    second = env.user(store)
    await env.sign_in_with_totp(second)
    assert first.device_key is not None
    assert second.device_key == first.device_key


async def test_a_device_forgotten_by_the_administrator_is_recovered_from(
    cognito_mock: MockCognito,
) -> None:
    env = make_env(cognito_mock)
    store = MemoryDeviceStore()
    user = env.user(store)
    await env.sign_in_with_totp(user)
    old = user.device_key
    assert old is not None
    cognito_mock.call(
        "AdminForgetDevice",
        {"UserPoolId": env.alice.pool_id, "Username": "alice", "DeviceKey": old},
    )
    assert env.admin_devices() == {}

    # The stored key is unknown now: the client drops it and signs in as a new device.
    again = env.user(store)
    await env.sign_in_with_totp(again)
    new = again.device_key
    assert new is not None
    assert new != old
    saved = store.load(env.alice.pool_id, "alice")
    assert saved is not None
    assert saved.device_key == new
    assert env.admin_devices() == {new: "remembered"}
    await env.sign_in_without_mfa(env.user(store))


async def test_forget_device_forgets_it_here_and_there(cognito_mock: MockCognito) -> None:
    env = make_env(cognito_mock)
    store = MemoryDeviceStore()
    user = env.user(store)
    await env.sign_in_with_totp(user)
    await user.forget_device()
    assert user.device_key is None
    assert len(store) == 0
    assert env.admin_devices() == {}
    fresh = env.user(store)
    await env.sign_in_with_totp(fresh)  # a new device, asked for MFA
    assert fresh.device_key is not None


async def test_two_devices_of_one_user(cognito_mock: MockCognito) -> None:
    env = make_env(cognito_mock)
    laptop_store, phone_store = MemoryDeviceStore(), MemoryDeviceStore()
    laptop = env.user(laptop_store, device_name="laptop")
    phone = env.user(phone_store, device_name="phone")
    await env.sign_in_with_totp(laptop)
    await env.sign_in_with_totp(phone)
    assert laptop.device_key is not None
    assert phone.device_key is not None
    assert laptop.device_key != phone.device_key
    assert set(env.admin_devices()) == {laptop.device_key, phone.device_key}
    listed = {d.device_key: d.name for d in await phone.list_all_devices()}
    assert listed == {laptop.device_key: "laptop", phone.device_key: "phone"}
    # Paging through them one at a time.
    first = await phone.list_devices(limit=1)
    assert len(first.devices) == 1
    assert first.pagination_token is not None
    second = await phone.list_devices(limit=1, pagination_token=first.pagination_token)
    assert {first.devices[0].device_key, second.devices[0].device_key} == set(listed)

    await env.sign_in_without_mfa(env.user(laptop_store))
    await env.sign_in_without_mfa(env.user(phone_store))

    # The phone forgets the laptop: the laptop is asked for MFA again, the phone is not.
    await phone.forget_specific_device(laptop.device_key)
    assert phone.device_key is not None
    assert set(env.admin_devices()) == {phone.device_key}
    assert len(phone_store) == 1
    await env.sign_in_with_totp(env.user(laptop_store))
    await env.sign_in_without_mfa(env.user(phone_store))


@pytest.mark.parametrize("method", ["InitiateAuth", "GetTokensFromRefreshToken"])
async def test_refresh_with_the_device_key(
    cognito_mock: MockCognito, method: RefreshMethod
) -> None:
    env = make_env(cognito_mock)
    store = MemoryDeviceStore()
    user = env.user(store, refresh_method=method)
    session = await env.sign_in_with_totp(user)
    refreshed = await user.refresh_session()
    assert refreshed.is_valid()
    assert refreshed.access_token.payload["username"] == "alice"
    assert refreshed.access_token.issued_at > session.access_token.issued_at
    # A remembered device's own sign-in refreshes too.
    again = env.user(store, refresh_method=method)
    await env.sign_in_without_mfa(again)
    assert (await again.refresh_session()).is_valid()


class JsonFileStore:
    """A store written in Python, with `async def` methods, keeping JSON in a folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, user_pool_id: str, username: str) -> Path:
        return self.folder / f"{user_pool_id}.{username}.json"

    async def load(self, user_pool_id: str, username: str) -> DeviceCredentials | None:
        path = self._path(user_pool_id, username)
        text = await asyncio.to_thread(lambda: path.read_text() if path.exists() else None)
        return None if text is None else DeviceCredentials(**json.loads(text))

    async def save(self, user_pool_id: str, username: str, device: DeviceCredentials) -> None:
        path = self._path(user_pool_id, username)
        await asyncio.to_thread(path.write_text, json.dumps(device.to_dict()))

    async def forget(self, user_pool_id: str, username: str) -> None:
        self._path(user_pool_id, username).unlink(missing_ok=True)


async def test_a_store_written_in_python_keeps_the_device(
    cognito_mock: MockCognito, tmp_path: Path
) -> None:
    env = make_env(cognito_mock)
    store = JsonFileStore(tmp_path)
    user = env.user(store)
    await env.sign_in_with_totp(user)
    assert [p.name for p in tmp_path.iterdir()] == [f"{env.alice.pool_id}.alice.json"]
    await env.sign_in_without_mfa(env.user(store))
    await env.user(store).authenticate_user(env.details())
    await user.forget_device()
    assert list(tmp_path.iterdir()) == []


def test_the_blocking_client_with_a_file_store(cognito_mock: MockCognito, tmp_path: Path) -> None:
    env = make_env(cognito_mock)
    path = tmp_path / "devices.json"

    def user() -> cognito_mfa.blocking.CognitoUser:
        pool = cognito_mock.user_pool(
            env.alice.pool_id, env.alice.client, device_store=FileDeviceStore(path)
        )
        return cognito_mfa.blocking.CognitoUser("alice", pool)

    first = user()
    result = first.authenticate_user(env.details())
    assert result.challenge_name is ChallengeName.SOFTWARE_TOKEN_MFA
    assert first.send_mfa_code(cognito_mock.totp_code(env.alice.totp_secret)).signed_in
    cognito_mock.advance_clock(30)
    assert first.device_key is not None
    # A new process would read the same file: no MFA.
    second = user()
    assert second.authenticate_user(env.details()).signed_in
    assert second.device_key == first.device_key
    assert [d.device_key for d in second.list_all_devices()] == [first.device_key]
    second.set_device_status_not_remembered()
    assert (
        user().authenticate_user(env.details()).challenge_name is ChallengeName.SOFTWARE_TOKEN_MFA
    )
    second.forget_device()
    assert FileDeviceStore(path).load(env.alice.pool_id, "alice") is None


def test_the_blocking_client_with_an_async_store(cognito_mock: MockCognito, tmp_path: Path) -> None:
    env = make_env(cognito_mock)
    store = JsonFileStore(tmp_path)
    pool = cognito_mock.user_pool(env.alice.pool_id, env.alice.client, device_store=store)
    first = cognito_mfa.blocking.CognitoUser("alice", pool)
    first.authenticate_user(env.details())
    first.send_mfa_code(cognito_mock.totp_code(env.alice.totp_secret))
    cognito_mock.advance_clock(30)
    second = cognito_mfa.blocking.CognitoUser("alice", pool)
    assert second.authenticate_user(env.details()).signed_in
    assert first.device_key is not None
    assert second.device_key == first.device_key
