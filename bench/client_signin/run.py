"""Client-side cost of one full sign-in (SRP + TOTP challenge): cognito-mfa (Rust) vs
pycognito + boto3 vs amazon-cognito-identity-js, against the same mock endpoint in one run.

    .venv/bin/python bench/client_signin/run.py [--users N] [--warmup K] [--remembered-device]

Starts `cognito-mfa mock` (release build) on a free loopback port, creates a pool with OPTIONAL
MFA and TOTP, and for each client N + K users with TOTP enrolled and preferred (K warm-up
sign-ins are not timed). Each client then signs its users in one after another: InitiateAuth
(USER_SRP_AUTH) → RespondToAuthChallenge (PASSWORD_VERIFIER) → RespondToAuthChallenge
(SOFTWARE_TOKEN_MFA with a code computed on the spot). The mock runs in its own process, so
each client's CPU time is its own: that is the "client-side cost". Wall time also includes
the mock's work and the loopback round trips, the same for all three.

With --remembered-device the pool has device tracking (remembered devices skip MFA), each
client first signs its users in untimed with TOTP (confirming each device), and the timed
sign-ins are from the remembered devices: USER_SRP_AUTH, PASSWORD_VERIFIER, DEVICE_SRP_AUTH,
DEVICE_PASSWORD_VERIFIER — two SRP computations, no MFA code. pycognito is left out there (its
device support posts to AWS's own URL, so it cannot reach a mock).

Needs: cargo, the .venv with pycognito, boto3 and pyotp, and node_modules with
amazon-cognito-identity-js (both installed by scripts/test-all.sh, pycognito by pip).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

import pyotp

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))
PASSWORD = "Bench-Passw0rd!"


def call(endpoint, operation, body):
    request = urllib.request.Request(
        endpoint + "/",
        data=json.dumps(body).encode(),
        headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "AWSCognitoIdentityProviderService." + operation,
        },
    )
    with urllib.request.urlopen(request) as response:
        text = response.read().decode()
    return json.loads(text) if text.strip() else {}


def setup(endpoint, clients, count, remembered=False):
    create = {"PoolName": "bench"}
    if remembered:
        create["DeviceConfiguration"] = {
            "ChallengeRequiredOnNewDevice": True,
            "DeviceOnlyRememberedOnUserPrompt": False,
        }
    pool_id = call(endpoint, "CreateUserPool", create)["UserPool"]["Id"]
    call(
        endpoint,
        "SetUserPoolMfaConfig",
        {
            "UserPoolId": pool_id,
            "MfaConfiguration": "OPTIONAL",
            "SoftwareTokenMfaConfiguration": {"Enabled": True},
        },
    )
    # The benchmarked app client: no secret, default flows (SRP, refresh).
    client_id = call(
        endpoint, "CreateUserPoolClient", {"UserPoolId": pool_id, "ClientName": "bench"}
    )["UserPoolClient"]["ClientId"]
    # A set-up client that allows USER_PASSWORD_AUTH, to enrol TOTP without SRP here.
    setup_id = call(
        endpoint,
        "CreateUserPoolClient",
        {
            "UserPoolId": pool_id,
            "ClientName": "setup",
            "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        },
    )["UserPoolClient"]["ClientId"]
    users = {}
    for client in clients:
        users[client] = []
        for i in range(count):
            username = f"{client}-{i}"
            call(
                endpoint,
                "AdminCreateUser",
                {"UserPoolId": pool_id, "Username": username, "MessageAction": "SUPPRESS"},
            )
            call(
                endpoint,
                "AdminSetUserPassword",
                {
                    "UserPoolId": pool_id,
                    "Username": username,
                    "Password": PASSWORD,
                    "Permanent": True,
                },
            )
            tokens = call(
                endpoint,
                "InitiateAuth",
                {
                    "AuthFlow": "USER_PASSWORD_AUTH",
                    "ClientId": setup_id,
                    "AuthParameters": {"USERNAME": username, "PASSWORD": PASSWORD},
                },
            )["AuthenticationResult"]
            access = tokens["AccessToken"]
            secret = call(endpoint, "AssociateSoftwareToken", {"AccessToken": access})["SecretCode"]
            # A code of the previous time step, so that every benchmark code is a new one.
            code = pyotp.TOTP(secret).at(time.time() - 30)
            call(endpoint, "VerifySoftwareToken", {"AccessToken": access, "UserCode": code})
            call(
                endpoint,
                "SetUserMFAPreference",
                {
                    "AccessToken": access,
                    "SoftwareTokenMfaSettings": {"Enabled": True, "PreferredMfa": True},
                },
            )
            users[client].append({"username": username, "password": PASSWORD, "secret": secret})
    return pool_id, client_id, users


def result_of(output):
    for line in output.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    raise RuntimeError("no RESULT line in:\n" + output)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=60, help="timed sign-ins per client")
    parser.add_argument("--warmup", type=int, default=3, help="untimed sign-ins per client")
    parser.add_argument(
        "--remembered-device",
        action="store_true",
        help="time sign-ins from remembered devices (device SRP, no MFA code)",
    )
    args = parser.parse_args()

    subprocess.run(
        ["cargo", "build", "--release", "-q", "-p", "cognito-mfa-cli"], cwd=ROOT, check=True
    )
    subprocess.run(
        ["cargo", "bench", "-q", "-p", "cognito-mfa", "--bench", "client_signin", "--no-run"],
        cwd=ROOT,
        check=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        config = os.path.join(tmp, "mock.json")
        # pycognito verifies the tokens' issuer against {endpoint}/{pool id}.
        with open(config, "w") as config_fp:
            json.dump({"settings": {"token_issuer": "endpoint"}}, config_fp)
        mock = subprocess.Popen(
            [
                os.path.join(ROOT, "target/release/cognito-mfa"),
                "mock",
                "--port",
                "0",
                "--config",
                config,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            endpoint = mock.stdout.readline().split()[-1]
            count = args.users + args.warmup
            if args.remembered_device:
                clients = ["rust", "identity_js"]
            else:
                clients = ["rust", "pycognito", "identity_js"]
            pool_id, client_id, users = setup(endpoint, clients, count, args.remembered_device)
            users_file = os.path.join(tmp, "users.json")
            with open(users_file, "w") as users_fp:
                json.dump(users, users_fp)
            common = [endpoint, pool_id, client_id, users_file, str(args.warmup)]
            runs = {
                "rust": [
                    "cargo",
                    "bench",
                    "-q",
                    "-p",
                    "cognito-mfa",
                    "--bench",
                    "client_signin",
                    "--",
                    "--endpoint",
                    endpoint,
                    "--pool-id",
                    pool_id,
                    "--client-id",
                    client_id,
                    "--users",
                    users_file,
                    "--warmup",
                    str(args.warmup),
                    *(["--remembered-device"] if args.remembered_device else []),
                ],
                "pycognito": [sys.executable, os.path.join(HERE, "pycognito_signin.py"), *common],
                "identity_js": [
                    "node",
                    os.path.join(HERE, "identity_js_signin.js"),
                    *common,
                    *(["--remembered-device"] if args.remembered_device else []),
                ],
            }
            results = {}
            for client in clients:
                out = subprocess.run(
                    runs[client], cwd=ROOT, check=True, capture_output=True, text=True
                )
                results[client] = result_of(out.stdout)
        finally:
            mock.terminate()
            mock.wait(timeout=10)

    rust = results["rust"]
    rust_cpu = rust["cpu_s"] / rust["n"]
    rust_wall = rust["wall_s"] / rust["n"]
    what = (
        "a sign-in from a remembered device (SRP + device SRP)"
        if args.remembered_device
        else "one full sign-in (SRP + TOTP)"
    )
    print(f"{what}, {args.users} timed sign-ins per client, same mock:\n")
    print("| client | CPU per sign-in | ratio | wall per sign-in | ratio |")
    print("|---|---:|---:|---:|---:|")
    for client in clients:
        r = results[client]
        cpu = r["cpu_s"] / r["n"]
        wall = r["wall_s"] / r["n"]
        print(
            f"| {r['client']} | {cpu * 1000:.2f} ms | {cpu / rust_cpu:.1f} | "
            f"{wall * 1000:.2f} ms | {wall / rust_wall:.1f} |"
        )


if __name__ == "__main__":
    main()
