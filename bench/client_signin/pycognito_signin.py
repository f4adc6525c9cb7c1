"""One full sign-in (USER_SRP_AUTH, PASSWORD_VERIFIER, SOFTWARE_TOKEN_MFA) per user with
pycognito + boto3, against the mock endpoint given on the command line.

Usage: python pycognito_signin.py ENDPOINT POOL_ID CLIENT_ID USERS_FILE [WARMUP]
Prints `RESULT {json}`: sign-ins, wall time and this process's CPU time.

One `Cognito` object (so one boto3 client) serves every sign-in, the username switched in
between: the most favourable use of pycognito, which otherwise builds a boto3 client per user.
"""

import json
import os
import sys
import time

import pyotp
from pycognito import Cognito
from pycognito.exceptions import SoftwareTokenMFAChallengeException

endpoint, pool_id, client_id, users_file = sys.argv[1:5]
warmup = int(sys.argv[5]) if len(sys.argv) > 5 else 3
with open(users_file) as users_fp:
    users = json.load(users_fp)["pycognito"]

# boto3 wants credentials even for the unsigned user operations; none reach the mock.
os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")

cognito = Cognito(
    pool_id,
    client_id,
    user_pool_region=pool_id.split("_")[0],
    boto3_client_kwargs={"endpoint_url": endpoint},
)


def sign_in(user):
    cognito.username = user["username"]
    try:
        cognito.authenticate(password=user["password"])
    except SoftwareTokenMFAChallengeException as challenge:
        code = pyotp.TOTP(user["secret"]).now()
        cognito.respond_to_software_token_mfa_challenge(code, challenge.get_tokens())
        assert cognito.access_token, "no access token"
        return
    raise AssertionError("signed in without the TOTP challenge")


for user in users[:warmup]:
    sign_in(user)
timed = users[warmup:]
cpu = time.process_time()
started = time.perf_counter()
for user in timed:
    sign_in(user)
wall = time.perf_counter() - started
cpu = time.process_time() - cpu
print(
    "RESULT "
    + json.dumps(
        {"client": "pycognito 2024.5.1 + boto3", "n": len(timed), "wall_s": wall, "cpu_s": cpu}
    )
)
