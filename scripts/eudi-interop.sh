#!/usr/bin/env bash
# A third-party CSC client against a running gateway: the interop-tests module's EudiRqesClientInteropTests drives the
# EUDI rQES CSC client (eu.europa.ec.eudi:eudi-lib-jvm-rqes-csc-kt) over HTTPS through info, the RFC 8414 metadata,
# the code flow (PAR, PKCE, the gateway's page played by the test), credentials/list + info, the credential
# authorization of a document hash and signHash, and verifies the signature. Starts nothing: the gateway must be
# running with TLS and the dev data (demo-wallet, demo-user), e.g.
#   SIGILLUM_TLS_ENABLED=true SERVER_PORT=8443 ./mvnw -B -q -pl gateway -am spring-boot:run
# BASE, CA (the gateway's <data dir>/tls/ca.pem) and OUTBOX (its dev SMS outbox) may be given in the environment;
# MVN_ARGS adds Maven options (e.g. -o). Exits non-zero when the client fails anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${BASE:-https://127.0.0.1:${SERVER_PORT:-8443}}
CA=${CA:-.data/tls/ca.pem}
OUTBOX=${OUTBOX:-dev-outbox/sms.jsonl}
case "$BASE" in https://*) ;; *) echo "BASE must be https (the EUDI client refuses plain http): $BASE" >&2; exit 2 ;; esac
[ -r "$CA" ] || { echo "no CA certificate at $CA (set CA to the gateway's <data dir>/tls/ca.pem)" >&2; exit 2; }
abs() { case "$1" in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$PWD" "$1" ;; esac; }
# shellcheck disable=SC2086
SIGILLUM_INTEROP_BASE_URL="$BASE" SIGILLUM_INTEROP_CA="$(abs "$CA")" SIGILLUM_INTEROP_OUTBOX="$(abs "$OUTBOX")" \
  ./mvnw -B ${MVN_ARGS:-} -pl interop-tests test -Dtest=EudiRqesClientInteropTests -Dsurefire.failIfNoSpecifiedTests=false
