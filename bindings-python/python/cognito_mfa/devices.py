"""Remembered devices: the :class:`DeviceStore` protocol, for a store of your own.

A :class:`~cognito_mfa.CognitoUserPool` made with ``device_store=`` keeps each user's device in
that store: the built-in :class:`~cognito_mfa.MemoryDeviceStore` (one process) or
:class:`~cognito_mfa.FileDeviceStore` (a private JSON file), or any object with the three
methods below — e.g. over your database. The client calls them itself: ``load`` before each
sign-in and refresh, ``save`` after confirming a new device, ``forget`` when the device is
forgotten (by :meth:`~cognito_mfa.CognitoUser.forget_device`, or because Cognito no longer
knows it).

The methods may be plain or ``async def``, and they run where the client was called from:

* from a coroutine of :class:`cognito_mfa.CognitoUser`: on the thread of the event loop that
  awaits it; an ``async def`` method is awaited on that loop (so it may use the loop's
  resources, e.g. an asyncpg pool), and a plain method runs on the loop's thread (keep it
  quick, or make it ``async``);
* from :class:`cognito_mfa.blocking.CognitoUser`: on the calling thread, while it waits; an
  ``async def`` method runs there with :func:`asyncio.run` (a new event loop for each call, so
  it must not use resources bound to another loop).

A store therefore needs no locking of its own beyond what its callers' threads need. A method
that raises makes the call fail with :class:`~cognito_mfa.DeviceStoreError`, whose
``__cause__`` is the exception raised.

>>> from cognito_mfa import DeviceCredentials, DeviceStore
>>> class DictStore:
...     def __init__(self) -> None:
...         self.devices: dict[tuple[str, str], dict[str, str]] = {}
...     def load(self, user_pool_id: str, username: str) -> DeviceCredentials | None:
...         found = self.devices.get((user_pool_id, username))
...         return None if found is None else DeviceCredentials(**found)
...     def save(self, user_pool_id: str, username: str, device: DeviceCredentials) -> None:
...         self.devices[(user_pool_id, username)] = device.to_dict()
...     def forget(self, user_pool_id: str, username: str) -> None:
...         self.devices.pop((user_pool_id, username), None)
>>> isinstance(DictStore(), DeviceStore)
True
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Protocol, runtime_checkable

from cognito_mfa._native import DeviceCredentials

__all__ = ["DeviceStore"]


@runtime_checkable
class DeviceStore(Protocol):
    """Where a pool keeps its users' device credentials: one device per (user pool id, user
    name), the name being the one given to :class:`~cognito_mfa.CognitoUser`.

    Each method may be a plain method or an ``async def``; see :mod:`cognito_mfa.devices` for
    where they run.
    """

    def load(
        self, user_pool_id: str, username: str
    ) -> DeviceCredentials | Awaitable[DeviceCredentials | None] | None:
        """The device saved for the user, or ``None``."""
        ...

    def save(
        self, user_pool_id: str, username: str, device: DeviceCredentials
    ) -> Awaitable[None] | None:
        """Saves the user's device, replacing any saved before. ``device.device_password`` is
        a credential (it proves the device to Cognito): keep it as privately as a password."""
        ...

    def forget(self, user_pool_id: str, username: str) -> Awaitable[None] | None:
        """Forgets the user's device (nothing happens when there is none)."""
        ...
