"""The synchronous Cognito client, for threads and synchronous frameworks (Django, Flask).

:class:`CognitoUser` here has the methods of :class:`cognito_mfa.CognitoUser`, but each call
blocks until Cognito answers, with the GIL released while it waits (network I/O and the SRP
big-integer work run on the package's own threads), so many threads can sign users in at once.
The other classes are the same objects as in :mod:`cognito_mfa` (a :class:`CognitoUserPool`
makes no request itself, so both flavours share it and its connection pool).

>>> from cognito_mfa.blocking import AuthenticationDetails, CognitoUser, CognitoUserPool
>>> pool = CognitoUserPool("us-east-1_AbCdEfGhI", "1example23456789")
>>> CognitoUser("alice", pool)
CognitoUser(username='alice', user_pool_id='us-east-1_AbCdEfGhI', state='idle')
"""

from __future__ import annotations

from cognito_mfa._native import (
    AssociatedSoftwareToken,
    AuthenticationDetails,
    AuthResult,
    CognitoAccessToken,
    CognitoIdToken,
    CognitoRefreshToken,
    CognitoUserPool,
    CognitoUserSession,
    Device,
    DeviceCredentials,
    DeviceList,
    FileDeviceStore,
    MemoryDeviceStore,
    MfaOption,
    MfaSettings,
    StateSealer,
    UserData,
)
from cognito_mfa._native import _BlockingCognitoUser as CognitoUser
from cognito_mfa.devices import DeviceStore
from cognito_mfa.enums import ChallengeName

__all__ = [
    "AssociatedSoftwareToken",
    "AuthResult",
    "AuthenticationDetails",
    "ChallengeName",
    "CognitoAccessToken",
    "CognitoIdToken",
    "CognitoRefreshToken",
    "CognitoUser",
    "CognitoUserPool",
    "CognitoUserSession",
    "Device",
    "DeviceCredentials",
    "DeviceList",
    "DeviceStore",
    "FileDeviceStore",
    "MemoryDeviceStore",
    "MfaOption",
    "MfaSettings",
    "StateSealer",
    "UserData",
]
