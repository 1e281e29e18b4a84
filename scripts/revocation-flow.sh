#!/usr/bin/env bash
# Revocation against a running dev gateway (the README's run command), with curl + jq + openssl only: scripts/demo.sh
# issues a fresh certificate to a new applicant → openssl ocsp says good, openssl verify -crl_check passes with the
# CA's CRL → the holder, signed in, revokes it with PIN + an SMS code (keyCompromise) → openssl ocsp says revoked with
# the reason and time, the next CRL (higher number) lists it, verify -crl_check fails → the platform can no longer get
# a code for it and CSC credentials/info says revoked. Exits non-zero on any failure.
#
# DEMO_STATE=<file> reuses what an earlier `DEMO_STATE=<file> scripts/demo.sh` wrote instead of running it again
# (demo.sh needs ADMIN_PASSWORD or GATEWAY_LOG, as it says).
set -euo pipefail
BASE=${BASE:-http://127.0.0.1:${SERVER_PORT:-8080}}
OUTBOX=${OUTBOX:-dev-outbox/sms.jsonl}
CLIENT_ID=${CLIENT_ID:-demo-platform}; CLIENT_SECRET=${CLIENT_SECRET:-demo-secret}
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
J='Content-Type: application/json'
step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }
lines() { [ -f "$OUTBOX" ] && wc -l < "$OUTBOX" || echo 0; }
# code_for PHONE AFTER: the newest code sent to PHONE after line AFTER of the dev outbox (waits up to 10 s)
code_for() {
  local phone=$1 after=$2 code
  for _ in $(seq 1 20); do
    code=$(tail -n +"$((after + 1))" "$OUTBOX" 2>/dev/null | jq -r --arg to "$phone" 'select(.to == $to and .code != null) | .code' | tail -n 1)
    [ -n "$code" ] && { echo "$code"; return; }
    sleep 0.5
  done
  fail "no code for $phone in $OUTBOX"
}
ocsp() {
  openssl ocsp -issuer "$WORK/issuing.pem" -cert "$WORK/ee.pem" -url "$BASE/ca/ocsp" -CAfile "$WORK/root.pem" \
    -verify_other "$WORK/issuing.pem" -resp_text 2>&1
}
# crl NAME: the CA's current CRL as $WORK/NAME.pem, its signature checked with the issuing CA's key
crl() {
  curl -sS --fail-with-body "$BASE/ca/crl" -o "$WORK/$1.der"
  openssl crl -inform DER -in "$WORK/$1.der" -out "$WORK/$1.pem"
  openssl crl -in "$WORK/$1.pem" -noout -CAfile "$WORK/issuing.pem" 2>&1 | grep -q 'verify OK' || fail "the CRL does not verify"
  openssl crl -in "$WORK/$1.pem" -noout -crlnumber | sed 's/^crlNumber=0x//'
}
verify() {
  openssl verify -crl_check -CRLfile "$WORK/$1.pem" -CAfile "$WORK/root.pem" -untrusted "$WORK/issuing.pem" "$WORK/ee.pem" 2>&1
}

STATE=${DEMO_STATE:-$WORK/demo.json}
if [ ! -s "$STATE" ]; then
  step "0. a fresh certificate for a new applicant: scripts/demo.sh"
  DEMO_STATE=$STATE bash "$(dirname "$0")/demo.sh" > "$WORK/demo.log" 2>&1 || { tail -30 "$WORK/demo.log"; fail "demo.sh failed"; }
fi
APPLICANT=$(jq -er .applicant "$STATE"); CRED=$(jq -er .credential "$STATE"); PIN=$(jq -er .pin "$STATE")
PHONE=$(jq -er .phone "$STATE")
jq -er .ee "$STATE" > "$WORK/ee.pem"; jq -er .intermediates "$STATE" > "$WORK/issuing.pem"; jq -er .root "$STATE" > "$WORK/root.pem"
SERIAL=$(openssl x509 -in "$WORK/ee.pem" -noout -serial | sed 's/^serial=//')
echo "credential $CRED, certificate serial $SERIAL"

step "1. where the certificate says revocation data is"
openssl x509 -in "$WORK/ee.pem" -noout -ext authorityInfoAccess,crlDistributionPoints

step "2. before: OCSP good, the CRL does not list it, verify -crl_check passes"
ocsp > "$WORK/ocsp-before.txt"; grep -E 'Cert Status|This Update|Next Update' "$WORK/ocsp-before.txt"
grep -q "$WORK/ee.pem: good" "$WORK/ocsp-before.txt" || fail "OCSP does not say good"
grep -q 'Response verify OK' "$WORK/ocsp-before.txt" || fail "the OCSP response does not verify"
BEFORE=$(crl before); echo "CRL number $BEFORE"
verify before | grep -q ': OK' || fail "verify -crl_check fails before the revocation"
echo "verify -crl_check: OK"

step "3. the holder revokes with PIN + an SMS code of its own"
AFTER_LINE=$(lines)
STATUS=$(curl -sS -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $APPLICANT" "$BASE/api/v1/certificates/$CRED/revoke/challenge")
[ "$STATUS" = 202 ] || fail "revoke/challenge answered $STATUS"
CODE=$(code_for "$PHONE" "$AFTER_LINE")
curl -sS --fail-with-body -H "Authorization: Bearer $APPLICANT" -H "$J" \
  -d "{\"pin\":\"$PIN\",\"otp\":\"$CODE\",\"reason\":\"keyCompromise\"}" "$BASE/api/v1/certificates/$CRED/revoke" \
  | tee "$WORK/revoked.json" | jq -c .
jq -e '.status == "REVOKED" and .reason == "keyCompromise"' "$WORK/revoked.json" > /dev/null || fail "not revoked"

step "4. after: OCSP revoked (reason, time), the next CRL lists it, verify -crl_check fails"
ocsp > "$WORK/ocsp-after.txt"; grep -E 'Cert Status|Revocation (Time|Reason)' "$WORK/ocsp-after.txt"
grep -q "$WORK/ee.pem: revoked" "$WORK/ocsp-after.txt" || fail "OCSP does not say revoked"
grep -q 'Response verify OK' "$WORK/ocsp-after.txt" || fail "the OCSP response does not verify"
grep -q 'Reason: keyCompromise' "$WORK/ocsp-after.txt" || fail "OCSP does not give the reason"
AFTER=$(crl after); echo "CRL number $AFTER"
[ $((16#$AFTER)) -gt $((16#$BEFORE)) ] || fail "the CRL number did not grow ($BEFORE → $AFTER)"
openssl crl -in "$WORK/after.pem" -noout -text | grep -A4 "Serial Number: $SERIAL" | tee "$WORK/entry.txt"
grep -q 'Key Compromise' "$WORK/entry.txt" || fail "the CRL does not list the certificate as key compromise"
if verify after > "$WORK/verify.txt"; then fail "verify -crl_check still passes"; fi
grep 'certificate revoked' "$WORK/verify.txt" || fail "verify -crl_check fails for another reason: $(cat "$WORK/verify.txt")"

step "5. the platform: no code for a revoked credential, credentials/info says revoked"
TOKEN=$(curl -sS --fail-with-body -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials "$BASE/oauth2/token" | jq -er .access_token)
curl -sS -H "Authorization: Bearer $TOKEN" -H "$J" -d "{\"credentialID\":\"$CRED\"}" "$BASE/csc/v2/credentials/getChallenge" \
  | tee "$WORK/challenge.json" | jq -c .
jq -e '.error_description == "The signing certificate is revoked"' "$WORK/challenge.json" > /dev/null || fail "a code was offered"
curl -sS --fail-with-body -H "Authorization: Bearer $TOKEN" -H "$J" -d "{\"credentialID\":\"$CRED\"}" \
  "$BASE/csc/v2/credentials/info" | jq -e '.cert.status == "revoked"' > /dev/null || fail "credentials/info does not say revoked"
echo "cert.status: revoked"

echo; echo "REVOCATION OK: certificate $SERIAL of credential $CRED revoked by its holder; OCSP, CRL and the CSC API agree"
