"""Remembered devices in the Python package: `DeviceCredentials`, the built-in stores, a device
store written in Python (plain and `async def` methods, where they run, what a failing one
raises), the device methods of both `CognitoUser` classes and the pool's device settings.

The tests here need no device support from the mock endpoint: a scripted fake endpoint
announces new devices and answers the device operations. The end-to-end story against the mock
endpoint is in test_devices_e2e.py."""

from __future__ import annotations

import asyncio
import datetime
import json
import os
import stat
import threading
from pathlib import Path
from typing import Any

import pytest
from support import FakeCognito, fake_tokens

import cognito_mfa.blocking
from cognito_mfa import (
    AuthenticationDetails,
    CognitoUser,
    CognitoUserPool,
    Device,
    DeviceCredentials,
    DeviceList,
    DeviceStore,
    DeviceStoreError,
    FileDeviceStore,
    InvalidInputError,
    MemoryDeviceStore,
    NoDeviceError,
    NotSignedInError,
)

POOL_ID = "us-east-1_Devices1"
CLIENT_ID = "deviceclient1"
KEY = "us-east-1_0a1b2c3d-0000-4000-8000-00000000000a"
OTHER_KEY = "us-east-1_0a1b2c3d-0000-4000-8000-00000000000b"
GROUP = "-wt2ha1Zd"
PASSWORD = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJw=="


def credentials(key: str = KEY, password: str = PASSWORD) -> DeviceCredentials:
    return DeviceCredentials(key, GROUP, password)


# --- DeviceCredentials ------------------------------------------------------------------------


def test_device_credentials_hold_the_keys_and_never_show_the_password() -> None:
    device = credentials()
    assert (device.device_key, device.device_group_key) == (KEY, GROUP)
    assert device.device_password == PASSWORD
    for shown in (repr(device), str(device), f"{device!r:>10}"):
        assert KEY in shown
        assert GROUP in shown
        assert PASSWORD not in shown
        assert "<redacted>" in shown
    assert device.to_dict() == {
        "device_key": KEY,
        "device_group_key": GROUP,
        "device_password": PASSWORD,
    }
    again = DeviceCredentials(**device.to_dict())
    assert again.to_dict() == device.to_dict()


@pytest.mark.parametrize(
    ("key", "group", "password"),
    [("not a device key", GROUP, PASSWORD), (KEY, "", PASSWORD), (KEY, GROUP, "")],
)
def test_device_credentials_refuse_bad_values(key: str, group: str, password: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        DeviceCredentials(key, group, password)
    assert raised.value.code == "InvalidInputError"
    if password:
        assert password not in str(raised.value)


def test_device_credentials_refuse_other_types() -> None:
    with pytest.raises(TypeError):
        DeviceCredentials(KEY, GROUP, 42)  # type: ignore[arg-type]


# --- the built-in stores ----------------------------------------------------------------------


def exercise(store: MemoryDeviceStore | FileDeviceStore) -> None:
    assert store.load(POOL_ID, "alice") is None
    store.save(POOL_ID, "alice", credentials())
    store.save(POOL_ID, "bob", credentials(OTHER_KEY, "pw-b"))
    loaded = store.load(POOL_ID, "alice")
    assert loaded is not None
    assert loaded.to_dict() == credentials().to_dict()
    assert store.load("us-east-1_Other", "alice") is None  # another pool, another key
    store.save(POOL_ID, "alice", credentials(OTHER_KEY, "pw-a2"))  # replaces
    replaced = store.load(POOL_ID, "alice")
    assert replaced is not None
    assert replaced.device_password == "pw-a2"
    store.forget(POOL_ID, "alice")
    store.forget(POOL_ID, "alice")  # nothing to forget: no error
    assert store.load(POOL_ID, "alice") is None
    bob = store.load(POOL_ID, "bob")
    assert bob is not None
    assert bob.device_key == OTHER_KEY


def test_the_memory_store_keeps_one_device_per_pool_and_user() -> None:
    store = MemoryDeviceStore()
    exercise(store)
    assert len(store) == 1
    assert repr(store) == "MemoryDeviceStore(devices=1)"
    assert isinstance(store, DeviceStore)
    with pytest.raises(TypeError):
        store.save(POOL_ID, "carol", {"device_key": KEY})  # type: ignore[arg-type]


def test_the_file_store_keeps_devices_in_a_private_file(tmp_path: Path) -> None:
    path = tmp_path / "devices.json"
    store = FileDeviceStore(path)
    assert store.path == path
    assert str(path) in repr(store)
    exercise(store)
    assert isinstance(store, DeviceStore)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # Another instance (another run of the program) reads what the first wrote.
    bob = FileDeviceStore(str(path)).load(POOL_ID, "bob")
    assert bob is not None
    assert bob.device_password == "pw-b"
    assert [p.name for p in tmp_path.iterdir()] == ["devices.json"]  # no temporary file left


def test_the_file_store_refuses_a_file_others_can_read(tmp_path: Path) -> None:
    path = tmp_path / "devices.json"
    store = FileDeviceStore(path)
    store.save(POOL_ID, "alice", credentials())
    path.chmod(0o644)
    before = path.read_bytes()
    with pytest.raises(DeviceStoreError) as raised:
        store.load(POOL_ID, "alice")
    assert raised.value.code == "DeviceStoreError"
    assert "644" in raised.value.message
    assert PASSWORD not in str(raised.value)
    with pytest.raises(DeviceStoreError):
        store.save(POOL_ID, "bob", credentials(OTHER_KEY))  # nor writes over it
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "text", ["{not json", '{"version": 2, "devices": []}', '{"devices": {}}', "[]"]
)
def test_the_file_store_refuses_a_malformed_file_and_leaves_it_untouched(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "devices.json"
    path.write_text(text)
    path.chmod(0o600)
    store = FileDeviceStore(path)
    with pytest.raises(DeviceStoreError):
        store.load(POOL_ID, "alice")
    with pytest.raises(DeviceStoreError):
        store.save(POOL_ID, "alice", credentials())
    assert path.read_text() == text


# --- the pool's device settings ---------------------------------------------------------------


def test_the_pool_takes_device_settings_and_checks_them() -> None:
    store = MemoryDeviceStore()
    pool = CognitoUserPool(POOL_ID, CLIENT_ID, device_store=store)
    assert pool.device_store is store
    assert CognitoUserPool(POOL_ID, CLIENT_ID).device_store is None
    for method in ("InitiateAuth", "GetTokensFromRefreshToken"):
        CognitoUserPool(POOL_ID, CLIENT_ID, refresh_method=method)
    with pytest.raises(InvalidInputError) as raised:
        CognitoUserPool(POOL_ID, CLIENT_ID, refresh_method="REFRESH_TOKEN_AUTH")  # type: ignore[arg-type]
    assert "GetTokensFromRefreshToken" in raised.value.message
    with pytest.raises(InvalidInputError):
        CognitoUserPool(POOL_ID, CLIENT_ID, device_name="")

    class Incomplete:
        def load(self, user_pool_id: str, username: str) -> None:
            return None

    with pytest.raises(TypeError, match="save"):
        CognitoUserPool(POOL_ID, CLIENT_ID, device_store=Incomplete())  # type: ignore[arg-type]
    assert not isinstance(Incomplete(), DeviceStore)


# --- a device store written in Python, against a scripted endpoint --------------------------


def new_device_tokens(key: str = KEY) -> dict[str, Any]:
    """An `AuthenticationResult` that announces a new device."""
    return {**fake_tokens(), "NewDeviceMetadata": {"DeviceKey": key, "DeviceGroupKey": GROUP}}


@pytest.fixture
def fake(fake_cognito: FakeCognito) -> FakeCognito:
    """The scripted endpoint: USER_PASSWORD_AUTH signs in at once and announces device KEY,
    ConfirmDevice answers UserConfirmationNecessary false."""
    fake_cognito.reply("InitiateAuth", {"AuthenticationResult": new_device_tokens()})
    fake_cognito.reply("ConfirmDevice", {"UserConfirmationNecessary": False})
    return fake_cognito


class RecordingStore:
    """A plain-method store that records each call with the thread it ran on."""

    def __init__(self) -> None:
        self.devices: dict[tuple[str, str], dict[str, str]] = {}
        self.calls: list[tuple[str, str, int]] = []

    def load(self, user_pool_id: str, username: str) -> DeviceCredentials | None:
        self.calls.append(("load", username, threading.get_ident()))
        found = self.devices.get((user_pool_id, username))
        return None if found is None else DeviceCredentials(**found)

    def save(self, user_pool_id: str, username: str, device: DeviceCredentials) -> None:
        self.calls.append(("save", username, threading.get_ident()))
        self.devices[(user_pool_id, username)] = device.to_dict()

    def forget(self, user_pool_id: str, username: str) -> None:
        self.calls.append(("forget", username, threading.get_ident()))
        self.devices.pop((user_pool_id, username), None)


class AsyncRecordingStore:
    """An `async def` store that records each call with the event loop it ran on."""

    def __init__(self) -> None:
        self.devices: dict[tuple[str, str], dict[str, str]] = {}
        self.calls: list[tuple[str, str, asyncio.AbstractEventLoop]] = []

    async def load(self, user_pool_id: str, username: str) -> DeviceCredentials | None:
        await asyncio.sleep(0)  # really asynchronous
        self.calls.append(("load", username, asyncio.get_running_loop()))
        found = self.devices.get((user_pool_id, username))
        return None if found is None else DeviceCredentials(**found)

    async def save(self, user_pool_id: str, username: str, device: DeviceCredentials) -> None:
        await asyncio.sleep(0)
        self.calls.append(("save", username, asyncio.get_running_loop()))
        self.devices[(user_pool_id, username)] = device.to_dict()

    async def forget(self, user_pool_id: str, username: str) -> None:
        await asyncio.sleep(0)
        self.calls.append(("forget", username, asyncio.get_running_loop()))
        self.devices.pop((user_pool_id, username), None)


def pool_for(fake: FakeCognito, store: object, **settings: Any) -> CognitoUserPool:
    return CognitoUserPool(
        POOL_ID,
        CLIENT_ID,
        endpoint=fake.endpoint,
        device_store=store,  # type: ignore[arg-type]
        **settings,
    )


def details() -> AuthenticationDetails:
    return AuthenticationDetails("alice", "Passw0rd!")


def requests_of(fake: FakeCognito, operation: str) -> list[dict[str, Any]]:
    return [body for name, body in fake.requests if name == operation]


async def test_a_sign_in_confirms_the_new_device_and_saves_it_in_a_python_store(
    fake: FakeCognito,
) -> None:
    store = RecordingStore()
    user = CognitoUser("alice", pool_for(fake, store, device_name="my laptop"))
    assert user.device_key is None
    assert user.get_cached_device_key_and_password() is None
    result = await user.authenticate_user(details(), flow="USER_PASSWORD_AUTH")
    assert result.signed_in
    [confirm] = requests_of(fake, "ConfirmDevice")
    assert confirm["DeviceKey"] == KEY
    assert confirm["DeviceName"] == "my laptop"
    verifier = confirm["DeviceSecretVerifierConfig"]
    assert verifier["Salt"]
    assert verifier["PasswordVerifier"]
    assert user.device_key == KEY
    assert user.user_confirmation_necessary is False
    assert user.pending_device_key is None
    cached = user.get_cached_device_key_and_password()
    assert cached is not None
    assert (cached.device_key, cached.device_group_key) == (KEY, GROUP)
    assert store.devices[(POOL_ID, "alice")] == cached.to_dict()
    # The plain methods ran on this thread: the one of the event loop that awaited the call.
    me = threading.get_ident()
    assert [(name, who, thread == me) for name, who, thread in store.calls] == [
        ("load", "alice", True),
        ("save", "alice", True),
    ]
    # The next sign-in (a new user object: another run of the app) sends the stored device.
    fake.reply("InitiateAuth", {"AuthenticationResult": fake_tokens()})
    again = CognitoUser("alice", pool_for(fake, store))
    await again.authenticate_user(details(), flow="USER_PASSWORD_AUTH")
    assert requests_of(fake, "InitiateAuth")[-1]["AuthParameters"]["DEVICE_KEY"] == KEY
    assert again.device_key == KEY
    assert len(requests_of(fake, "ConfirmDevice")) == 1
    assert PASSWORD not in repr(again)
    assert cached.device_password not in repr(again)


async def test_an_async_store_runs_on_the_callers_event_loop(fake: FakeCognito) -> None:
    store = AsyncRecordingStore()
    user = CognitoUser("alice", pool_for(fake, store))
    await user.authenticate_user(details(), flow="USER_PASSWORD_AUTH")
    loop = asyncio.get_running_loop()
    assert [(name, ran_on is loop) for name, _, ran_on in store.calls] == [
        ("load", True),
        ("save", True),
    ]
    assert store.devices[(POOL_ID, "alice")]["device_key"] == KEY
    # Concurrent sign-ins of several users, all awaiting the store on this loop.
    users = [CognitoUser(f"user{i}", pool_for(fake, store)) for i in range(20)]
    await asyncio.gather(
        *(
            u.authenticate_user(AuthenticationDetails(u.username, "x"), flow="USER_PASSWORD_AUTH")
            for u in users
        )
    )
    assert len(store.devices) == 21
    assert all(ran_on is loop for _, _, ran_on in store.calls)


def test_the_blocking_client_runs_a_plain_store_on_the_calling_thread(fake: FakeCognito) -> None:
    store = RecordingStore()
    pool = pool_for(fake, store)
    threads: dict[str, int] = {}

    def sign_in(name: str) -> None:
        user = cognito_mfa.blocking.CognitoUser(name, pool)
        user.authenticate_user(AuthenticationDetails(name, "x"), flow="USER_PASSWORD_AUTH")
        assert user.device_key == KEY
        threads[name] = threading.get_ident()

    workers = [threading.Thread(target=sign_in, args=(f"user{i}",)) for i in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    sign_in("main")  # and on the main thread
    assert len(threads) == 5
    for name, who, thread in store.calls:
        assert thread == threads[who], name


def test_the_blocking_client_runs_an_async_store_with_asyncio_run(fake: FakeCognito) -> None:
    store = AsyncRecordingStore()
    user = cognito_mfa.blocking.CognitoUser("alice", pool_for(fake, store))
    user.authenticate_user(details(), flow="USER_PASSWORD_AUTH")
    assert [name for name, _, _ in store.calls] == ["load", "save"]
    assert store.devices[(POOL_ID, "alice")]["device_key"] == KEY


class Failing(Exception):
    """What the failing store raises."""


class FailingStore(RecordingStore):
    """Raises `Failing` from one method (its message holds the device password it was given)."""

    def __init__(self, method: str, *, asynchronous: bool = False) -> None:
        super().__init__()
        self.method = method
        self.asynchronous = asynchronous

    def _fail(self, name: str, detail: str) -> None:
        if name == self.method:
            raise Failing(f"the database is down ({detail})")

    def load(self, user_pool_id: str, username: str) -> Any:
        if self.asynchronous:
            return self._async(
                "load", lambda: super(FailingStore, self).load(user_pool_id, username)
            )
        self._fail("load", username)
        return super().load(user_pool_id, username)

    def save(self, user_pool_id: str, username: str, device: DeviceCredentials) -> Any:
        if self.asynchronous:
            return self._async(
                "save",
                lambda: super(FailingStore, self).save(user_pool_id, username, device),
                device.device_password,
            )
        self._fail("save", device.device_password)
        return super().save(user_pool_id, username, device)

    async def _async(self, name: str, then: Any, detail: str = "") -> Any:
        await asyncio.sleep(0)
        self._fail(name, detail)
        return then()


@pytest.mark.parametrize("asynchronous", [False, True], ids=["plain", "async"])
@pytest.mark.parametrize("method", ["load", "save"])
async def test_a_store_that_raises_fails_the_call_with_device_store_error(
    fake: FakeCognito, method: str, asynchronous: bool
) -> None:
    store = FailingStore(method, asynchronous=asynchronous)
    user = CognitoUser("alice", pool_for(fake, store))
    with pytest.raises(DeviceStoreError) as raised:
        await user.authenticate_user(details(), flow="USER_PASSWORD_AUTH")
    error = raised.value
    assert error.code == "DeviceStoreError"
    assert isinstance(error.__cause__, Failing)
    assert f"{method}()" in error.message
    assert "Failing" in error.message
    # The store's message (which holds what it was given) stays in the cause, not here.
    assert "database is down" not in str(error)
    cached = user.get_cached_device_key_and_password()
    if cached is not None:
        assert cached.device_password not in str(error)
        assert cached.device_password in str(error.__cause__)  # (the store's own text)


@pytest.mark.parametrize("asynchronous", [False, True], ids=["plain", "async"])
def test_a_store_that_raises_fails_a_blocking_call_too(
    fake: FakeCognito, asynchronous: bool
) -> None:
    user = cognito_mfa.blocking.CognitoUser(
        "alice", pool_for(fake, FailingStore("load", asynchronous=asynchronous))
    )
    with pytest.raises(DeviceStoreError) as raised:
        user.authenticate_user(details(), flow="USER_PASSWORD_AUTH")
    assert isinstance(raised.value.__cause__, Failing)
    assert requests_of(fake, "InitiateAuth") == []  # the store is read before any request


async def test_a_load_that_returns_something_else_is_a_device_store_error(
    fake: FakeCognito,
) -> None:
    class WrongType(RecordingStore):
        def load(self, user_pool_id: str, username: str) -> Any:
            return {"device_key": KEY}

    user = CognitoUser("alice", pool_for(fake, WrongType()))
    with pytest.raises(DeviceStoreError) as raised:
        await user.authenticate_user(details(), flow="USER_PASSWORD_AUTH")
    assert isinstance(raised.value.__cause__, TypeError)
    assert "DeviceCredentials or None" in str(raised.value.__cause__)


async def test_a_store_that_never_answers_can_be_cancelled(fake: FakeCognito) -> None:
    class Stuck(AsyncRecordingStore):
        async def load(self, user_pool_id: str, username: str) -> DeviceCredentials | None:
            await asyncio.Event().wait()
            return None

    user = CognitoUser("alice", pool_for(fake, Stuck()))
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(user.authenticate_user(details(), flow="USER_PASSWORD_AUTH"), 0.5)
    assert requests_of(fake, "InitiateAuth") == []


async def test_each_call_uses_the_event_loop_that_awaits_it(fake: FakeCognito) -> None:
    # One store, one pool; a call awaited on another thread's event loop runs the store there.
    store = AsyncRecordingStore()
    pool = pool_for(fake, store)

    def elsewhere() -> asyncio.AbstractEventLoop:
        async def sign_in() -> asyncio.AbstractEventLoop:
            await CognitoUser("bob", pool).authenticate_user(
                AuthenticationDetails("bob", "x"), flow="USER_PASSWORD_AUTH"
            )
            return asyncio.get_running_loop()

        return asyncio.run(sign_in())

    other = await asyncio.to_thread(elsewhere)
    await CognitoUser("alice", pool).authenticate_user(details(), flow="USER_PASSWORD_AUTH")
    here = asyncio.get_running_loop()
    assert [(name, who, loop is other) for name, who, loop in store.calls[:2]] == [
        ("load", "bob", True),
        ("save", "bob", True),
    ]
    assert [(name, who, loop is here) for name, who, loop in store.calls[2:]] == [
        ("load", "alice", True),
        ("save", "alice", True),
    ]


async def test_with_confirmation_off_the_device_waits_for_confirm_device(
    fake: FakeCognito,
) -> None:
    store = MemoryDeviceStore()
    user = CognitoUser("alice", pool_for(fake, store, confirm_new_devices=False))
    await user.authenticate_user(details(), flow="USER_PASSWORD_AUTH")
    assert requests_of(fake, "ConfirmDevice") == []
    assert user.pending_device_key == KEY
    assert user.device_key is None
    assert len(store) == 0
    fake.reply("ConfirmDevice", {"UserConfirmationNecessary": True})
    assert await user.confirm_device("kitchen tablet") is True
    [confirm] = requests_of(fake, "ConfirmDevice")
    assert confirm["DeviceName"] == "kitchen tablet"
    assert user.user_confirmation_necessary is True
    assert user.pending_device_key is None
    assert user.device_key == KEY
    saved = store.load(POOL_ID, "alice")
    assert saved is not None
    assert saved.device_key == KEY
    with pytest.raises(NoDeviceError):
        await user.confirm_device()  # nothing pending any more


async def test_device_calls_need_a_signed_in_user_and_a_device(fake: FakeCognito) -> None:
    user = CognitoUser("alice", pool_for(fake, MemoryDeviceStore()))
    with pytest.raises(NotSignedInError):
        await user.list_devices()
    with pytest.raises(NoDeviceError) as raised:
        await user.forget_device()
    assert raised.value.code == "NoDeviceError"
    # Signed in without a device (the pool does not track devices): none is ever known.
    fake.reply("InitiateAuth", {"AuthenticationResult": fake_tokens()})
    plain = CognitoUser("alice", CognitoUserPool(POOL_ID, CLIENT_ID, endpoint=fake.endpoint))
    await plain.authenticate_user(details(), flow="USER_PASSWORD_AUTH")
    assert "DEVICE_KEY" not in requests_of(fake, "InitiateAuth")[-1]["AuthParameters"]
    assert plain.device_key is None
    assert plain.pending_device_key is None
    for call in (
        plain.set_device_status_remembered,
        plain.set_device_status_not_remembered,
        plain.forget_device,
        plain.get_device,
    ):
        with pytest.raises(NoDeviceError):
            await call()
    with pytest.raises(InvalidInputError):
        await plain.list_devices(limit=61)
    with pytest.raises(InvalidInputError):
        await plain.list_devices(limit=-1)


def device_json(key: str, name: str, status: str = "remembered") -> dict[str, Any]:
    return {
        "DeviceKey": key,
        "DeviceAttributes": [
            {"Name": "device_name", "Value": name},
            {"Name": "dev:device_remembered_status", "Value": status},
            {"Name": "last_ip_used", "Value": "192.0.2.1"},
        ],
        "DeviceCreateDate": 1_700_000_000.5,
        "DeviceLastModifiedDate": 1_700_000_100,
        "DeviceLastAuthenticatedDate": 1_700_000_200,
    }


async def test_devices_are_managed_with_identity_js_names(fake: FakeCognito) -> None:
    store = MemoryDeviceStore()
    user = CognitoUser("alice", pool_for(fake, store))
    await user.authenticate_user(details(), flow="USER_PASSWORD_AUTH")

    fake.reply("UpdateDeviceStatus", {})
    await user.set_device_status_remembered()
    await user.set_device_status_not_remembered()
    statuses = requests_of(fake, "UpdateDeviceStatus")
    assert [(r["DeviceKey"], r["DeviceRememberedStatus"]) for r in statuses] == [
        (KEY, "remembered"),
        (KEY, "not_remembered"),
    ]

    fake.reply(
        "ListDevices",
        {"Devices": [device_json(KEY, "laptop"), device_json(OTHER_KEY, "phone")]},
    )
    page = await user.list_devices(limit=2, pagination_token="p1")
    assert isinstance(page, DeviceList)
    assert page.pagination_token is None
    assert requests_of(fake, "ListDevices")[-1]["Limit"] == 2
    assert requests_of(fake, "ListDevices")[-1]["PaginationToken"] == "p1"
    laptop, phone = page.devices
    assert isinstance(laptop, Device)
    assert (laptop.device_key, laptop.name, laptop.remembered_status) == (
        KEY,
        "laptop",
        "remembered",
    )
    assert laptop.attributes["last_ip_used"] == "192.0.2.1"
    assert laptop.attribute("device_name") == "laptop"
    assert laptop.attribute("nope") is None
    utc = datetime.timezone.utc
    assert laptop.create_date == datetime.datetime(2023, 11, 14, 22, 13, 20, 500000, tzinfo=utc)
    assert laptop.last_authenticated_date == datetime.datetime.fromtimestamp(1_700_000_200, utc)
    assert laptop.last_modified_date is not None
    assert laptop.last_modified_date.tzinfo is utc
    assert repr(phone) == (
        f"Device(device_key='{OTHER_KEY}', name='phone', remembered_status='remembered')"
    )
    assert [d.device_key for d in await user.list_all_devices()] == [KEY, OTHER_KEY]

    fake.reply("GetDevice", {"Device": device_json(KEY, "laptop", "not_remembered")})
    device = await user.get_device()
    assert device.remembered_status == "not_remembered"
    assert requests_of(fake, "GetDevice")[-1]["DeviceKey"] == KEY
    await user.get_device(OTHER_KEY)
    assert requests_of(fake, "GetDevice")[-1]["DeviceKey"] == OTHER_KEY

    fake.reply("ForgetDevice", {})
    await user.forget_specific_device(OTHER_KEY)  # another device: ours stays
    assert user.device_key == KEY
    assert len(store) == 1
    await user.forget_device()
    assert [r["DeviceKey"] for r in requests_of(fake, "ForgetDevice")] == [OTHER_KEY, KEY]
    assert user.device_key is None
    assert len(store) == 0


async def test_list_all_devices_reads_every_page(fake: FakeCognito) -> None:
    user = CognitoUser("alice", pool_for(fake, MemoryDeviceStore()))
    await user.authenticate_user(details(), flow="USER_PASSWORD_AUTH")
    fake.reply("ListDevices", {"Devices": [device_json(KEY, "a")], "PaginationToken": "next"})
    page = await user.list_devices()
    assert page.pagination_token == "next"
    assert "next" in repr(page)
    # The same token again and again: the client stops instead of looping forever.
    with pytest.raises(cognito_mfa.UnexpectedResponseError):
        await user.list_all_devices()


def test_the_blocking_client_has_the_device_methods(fake: FakeCognito) -> None:
    store = MemoryDeviceStore()
    user = cognito_mfa.blocking.CognitoUser("alice", pool_for(fake, store))
    user.authenticate_user(details(), flow="USER_PASSWORD_AUTH")
    assert user.device_key == KEY
    assert user.user_confirmation_necessary is False
    cached = user.get_cached_device_key_and_password()
    assert cached is not None
    assert cached.device_key == KEY
    fake.reply("UpdateDeviceStatus", {})
    user.set_device_status_remembered()
    user.set_device_status_not_remembered()
    fake.reply("ListDevices", {"Devices": [device_json(KEY, "laptop")]})
    assert [d.name for d in user.list_devices().devices] == ["laptop"]
    assert [d.name for d in user.list_all_devices()] == ["laptop"]
    fake.reply("GetDevice", {"Device": device_json(KEY, "laptop")})
    assert user.get_device().device_key == KEY
    fake.reply("ForgetDevice", {})
    user.forget_specific_device(OTHER_KEY)
    user.forget_device()
    assert user.device_key is None
    assert len(store) == 0
    with pytest.raises(NoDeviceError):
        user.confirm_device()


@pytest.mark.parametrize("method", ["InitiateAuth", "GetTokensFromRefreshToken"])
async def test_a_refresh_carries_the_device_key(fake: FakeCognito, method: str) -> None:
    user = CognitoUser("alice", pool_for(fake, MemoryDeviceStore(), refresh_method=method))
    await user.authenticate_user(details(), flow="USER_PASSWORD_AUTH")
    fake.reply("InitiateAuth", {"AuthenticationResult": fake_tokens()})
    fake.reply("GetTokensFromRefreshToken", {"AuthenticationResult": fake_tokens()})
    before = len(fake.requests)
    session = await user.refresh_session()
    assert session.is_valid()
    [(operation, body)] = fake.requests[before:]
    assert operation == method
    if method == "InitiateAuth":
        assert body["AuthFlow"] == "REFRESH_TOKEN_AUTH"
        assert body["AuthParameters"]["DEVICE_KEY"] == KEY
    else:
        assert body["DeviceKey"] == KEY
        assert body["ClientId"] == CLIENT_ID


async def test_without_a_store_the_device_lives_in_the_user_object(fake: FakeCognito) -> None:
    pool = CognitoUserPool(POOL_ID, CLIENT_ID, endpoint=fake.endpoint)
    user = CognitoUser("alice", pool)
    await user.authenticate_user(details(), flow="USER_PASSWORD_AUTH")
    assert user.device_key == KEY
    assert len(requests_of(fake, "ConfirmDevice")) == 1
    # Another user object (another run of the app) knows nothing of it: a new device again.
    again = CognitoUser("alice", pool)
    await again.authenticate_user(details(), flow="USER_PASSWORD_AUTH")
    assert "DEVICE_KEY" not in requests_of(fake, "InitiateAuth")[-1]["AuthParameters"]
    assert len(requests_of(fake, "ConfirmDevice")) == 2


def test_the_file_store_works_as_a_pool_store(fake: FakeCognito, tmp_path: Path) -> None:
    path = tmp_path / "devices.json"
    user = cognito_mfa.blocking.CognitoUser("alice", pool_for(fake, FileDeviceStore(path)))
    user.authenticate_user(details(), flow="USER_PASSWORD_AUTH")
    content = json.loads(path.read_text())
    [entry] = content["devices"]
    assert (entry["user_pool_id"], entry["username"], entry["device_key"]) == (
        POOL_ID,
        "alice",
        KEY,
    )
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    cached = user.get_cached_device_key_and_password()
    assert cached is not None
    assert entry["device_password"] == cached.device_password
