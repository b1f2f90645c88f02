#!/usr/bin/env bash
# Proves that each generated OpenAPI spec and its generated Rust client agree: starts Prism
# (@stoplight/prism-cli, pinned) on 127.0.0.1 as a mock of generated/<api>/openapi.yaml with
# request validation as errors, and runs the client's `examples/smoke.rs`, which calls every
# operation once with values derived from the documented constraints. Every call must
# succeed, every response must decode, and Prism must report no request violation.
#
# Run by `cargo xtask ci` (step `prism`). Usage (from anywhere): xtask/ci/prism.sh [API...]   (default: every
# generated/<api>/ that has an openapi.yaml)
#
# The client crate is taken from generated/<api>/rust/ (written by `cargo xtask codegen`), or
# else from target/tmp/generated-clients/<api>-client/ (written by
# `cargo test -p apiscrape-emit-rust --test build_clients -- --ignored`). It is copied into a workspace of
# its own under target/prism/ and built in target/tmp/generated-clients/target, the target
# directory the build test uses, so dependencies compile once. Needs node/npm (Prism is
# installed into target/prism/npm) and crates.io or a warm cargo cache.
set -euo pipefail

PRISM_VERSION=5.16.0
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$ROOT/target/prism"
NPM_PREFIX="$WORK/npm"
PRISM="$NPM_PREFIX/node_modules/.bin/prism"
TARGET_DIR="$ROOT/target/tmp/generated-clients/target"
LOCK="$ROOT/crates/apiscrape-emit-rust/tests/clients/Cargo.lock"
PORT_BASE=4010

mkdir -p "$WORK"
if [ ! -x "$PRISM" ] || ! "$PRISM" --version 2>/dev/null | grep -qx "$PRISM_VERSION"; then
    echo "prism: installing @stoplight/prism-cli@$PRISM_VERSION into $NPM_PREFIX"
    npm install --prefix "$NPM_PREFIX" --no-audit --no-fund --loglevel=error \
        "@stoplight/prism-cli@$PRISM_VERSION" >/dev/null
fi

if [ "$#" -gt 0 ]; then
    apis=("$@")
else
    apis=()
    for spec in "$ROOT"/generated/*/openapi.yaml; do
        [ -f "$spec" ] && apis+=("$(basename "$(dirname "$spec")")")
    done
fi
if [ "${#apis[@]}" -eq 0 ]; then
    echo "prism: no generated/<api>/openapi.yaml found; run cargo xtask codegen" >&2
    exit 1
fi

status=0
summary=()
port=$PORT_BASE
for api in "${apis[@]}"; do
    spec="$ROOT/generated/$api/openapi.yaml"
    crate=""
    for candidate in "$ROOT/generated/$api/rust" "$ROOT/target/tmp/generated-clients/$api-client"; do
        if [ -f "$candidate/Cargo.toml" ]; then
            crate="$candidate"
            break
        fi
    done
    if [ ! -f "$spec" ] || [ -z "$crate" ]; then
        echo "prism: $api: missing openapi.yaml or client crate (run cargo xtask codegen)" >&2
        status=1
        summary+=("$api: not run (missing spec or client)")
        continue
    fi

    ws="$WORK/ws-$api"
    rm -rf "$ws"
    mkdir -p "$ws"
    cp -R "$crate" "$ws/client"
    printf '[workspace]\nresolver = "2"\nmembers = ["client"]\n' >"$ws/Cargo.toml"
    [ -f "$LOCK" ] && cp "$LOCK" "$ws/Cargo.lock"
    echo "prism: $api: building the smoke example of $(grep -m1 '^name' "$ws/client/Cargo.toml")"
    (cd "$ws" && CARGO_TARGET_DIR="$TARGET_DIR" cargo build --quiet --example smoke --features blocking)
    smoke_bin="$TARGET_DIR/debug/examples/smoke"

    log="$WORK/prism-$api.log"
    "$PRISM" mock --host 127.0.0.1 --port "$port" --errors "$spec" >"$log" 2>&1 &
    prism_pid=$!
    for _ in $(seq 1 120); do
        if grep -q "Prism is listening" "$log"; then break; fi
        if ! kill -0 "$prism_pid" 2>/dev/null; then break; fi
        sleep 0.5
    done
    if ! grep -q "Prism is listening" "$log"; then
        echo "prism: $api: Prism did not start; log follows" >&2
        cat "$log" >&2
        kill "$prism_pid" 2>/dev/null || true
        status=1
        summary+=("$api: Prism did not start")
        continue
    fi

    smoke_log="$WORK/smoke-$api.log"
    set +e
    "$smoke_bin" "http://127.0.0.1:$port" | tee "$smoke_log"
    smoke_status=${PIPESTATUS[0]}
    set -e
    kill "$prism_pid" 2>/dev/null || true
    wait "$prism_pid" 2>/dev/null || true

    ok=$(grep -c '^ok ' "$smoke_log" || true)
    failed=$(grep -c '^FAILED ' "$smoke_log" || true)
    skipped=$(grep -c '^skipped ' "$smoke_log" || true)
    violations=$(grep -ci 'violation' "$log" || true)
    line="$api: $ok call(s) ok, $failed failed, $skipped skipped, $violations Prism violation message(s)"
    summary+=("$line")
    if [ "$smoke_status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$violations" -ne 0 ]; then
        status=1
        echo "prism: $api: FAILED; Prism log: $log" >&2
        grep -i -B2 -A6 'violation' "$log" >&2 || true
    fi
    port=$((port + 1))
done

echo "prism summary:"
for line in "${summary[@]}"; do
    echo "  $line"
done
exit "$status"
