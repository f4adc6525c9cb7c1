//! Criterion benchmarks of the SRP exchange: `cargo bench -p cognito-mfa --bench srp`.
//!
//! The target is the client's whole computation — `A = g^a`, then the claim (`g^x` and
//! `(B − k·g^x)^(a + u·x)`) — in at most 8 ms with the default 512-bit random exponent.

// Set-up failures abort the benchmark, as in a test.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use cognito_mfa::srp::{Password, SrpClient, SrpServer, Verifier};
use criterion::{Criterion, criterion_group, criterion_main};

const POOL: &str = "AbCdEfGhI";
const USER: &str = "3f2a4c1e-1111-2222-3333-444455556666";
const BLOCK: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const TIMESTAMP: &str = "Tue Jan 2 03:04:05 UTC 2024";

fn server() -> SrpServer {
    let verifier = Verifier::new(POOL, USER, &Password::new("Passw0rd!"), &[0x8f; 16]).unwrap();
    SrpServer::new_random(&verifier).unwrap()
}

fn claim(client: &SrpClient, server: &SrpServer) -> String {
    client
        .password_claim(
            POOL,
            USER,
            &Password::new("Passw0rd!"),
            &server.salt_hex(),
            &server.srp_b(),
            BLOCK,
            TIMESTAMP,
        )
        .unwrap()
        .signature
}

fn client_benches(c: &mut Criterion) {
    let server = server();
    let (salt, srp_b) = (server.salt_hex(), server.srp_b());

    c.bench_function("client A (new_random, 512-bit a)", |b| {
        b.iter(|| SrpClient::new_random().unwrap().srp_a())
    });
    c.bench_function("client A (from_private_bytes, 1024-bit a)", |b| {
        b.iter(|| {
            SrpClient::from_private_bytes(black_box(&[0xa1; 128]))
                .unwrap()
                .srp_a()
        })
    });
    c.bench_function("client full: A + claim (512-bit a)", |b| {
        b.iter(|| {
            let client = SrpClient::new_random().unwrap();
            let a = client.srp_a();
            let claim = client
                .password_claim(
                    POOL,
                    USER,
                    &Password::new("Passw0rd!"),
                    &salt,
                    black_box(&srp_b),
                    BLOCK,
                    TIMESTAMP,
                )
                .unwrap();
            (a, claim)
        })
    });
    c.bench_function(
        "client full: A + claim (1024-bit a, as amazon-cognito-identity-js)",
        |b| {
            b.iter(|| {
                let client = SrpClient::from_private_bytes(&[0xa1; 128]).unwrap();
                (client.srp_a(), claim(&client, &server))
            })
        },
    );
}

fn server_benches(c: &mut Criterion) {
    // What the mock does per sign-in of a user whose verifier is not cached yet: the
    // verifier, `B`, then the claim check.
    c.bench_function("server Verifier::new", |b| {
        b.iter(|| {
            Verifier::new(
                POOL,
                USER,
                &Password::new("Passw0rd!"),
                black_box(&[0x8f; 16]),
            )
            .unwrap()
        })
    });
    let verifier = Verifier::new(POOL, USER, &Password::new("Passw0rd!"), &[0x8f; 16]).unwrap();
    c.bench_function("server B (new_random)", |b| {
        b.iter(|| SrpServer::new_random(&verifier).unwrap().srp_b())
    });
    c.bench_function("server B (new, 512-bit b)", |b| {
        b.iter(|| {
            SrpServer::new(&verifier, black_box(&[0xb2; 64]))
                .unwrap()
                .srp_b()
        })
    });

    let server = server();
    let client = SrpClient::new_random().unwrap();
    let srp_a = client.srp_a();
    let signature = claim(&client, &server);
    c.bench_function("server verify_claim", |b| {
        b.iter(|| {
            server
                .verify_claim(POOL, USER, black_box(&srp_a), BLOCK, TIMESTAMP, &signature)
                .unwrap()
        })
    });

    // A device's verifier arrives on the wire (ConfirmDevice): the server never sees x.
    let wire = Verifier::from_wire(verifier.salt_bytes(), &verifier.verifier_bytes()).unwrap();
    let server = SrpServer::new_random(&wire).unwrap();
    let signature = claim(&client, &server);
    c.bench_function("server verify_claim (verifier from the wire)", |b| {
        b.iter(|| {
            server
                .verify_claim(POOL, USER, black_box(&srp_a), BLOCK, TIMESTAMP, &signature)
                .unwrap()
        })
    });
}

criterion_group!(benches, client_benches, server_benches);
criterion_main!(benches);
