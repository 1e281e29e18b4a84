#!/usr/bin/env bash
# The CSC API v2 journey of a platform against a running gateway (the README's run command), with curl + jq + openssl:
# token → list → info → getChallenge → code from the dev outbox → authorize → signHash → openssl verifies the signature
# against the certificate from credentials/info and the CA chain. Exits non-zero on any failure.
set -euo pipefail
BASE=${BASE:-http://127.0.0.1:${SERVER_PORT:-8080}}
OUTBOX=${OUTBOX:-dev-outbox/sms.jsonl}
CLIENT_ID=${CLIENT_ID:-demo-platform}; CLIENT_SECRET=${CLIENT_SECRET:-demo-secret}
USER_ID=${USER_ID:-demo-user}; PIN=${PIN:-12345678}
WORK=$(mktemp -d)
step() { printf '\n== %s\n' "$*"; }
csc() { curl -sS --fail-with-body -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$2" "$BASE/csc/v2/$1"; }

step "1. OAuth2 client credentials for $CLIENT_ID"
TOKEN=$(curl -sS --fail-with-body -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials "$BASE/oauth2/token" | jq -er .access_token)
echo "token: ${TOKEN:0:24}…"

step "2. credentials/list for $USER_ID"
CRED=$(csc credentials/list "{\"userID\":\"$USER_ID\"}" | jq -er '.credentialIDs[0]')
echo "credential: $CRED"

step "3. credentials/info (chain, certInfo)"
csc credentials/info "{\"credentialID\":\"$CRED\",\"certificates\":\"chain\",\"certInfo\":true}" > "$WORK/info.json"
jq -c '{key: .key.algo, len: .key.len, subject: .cert.subjectDN, auth: .auth.expression, SCAL, multisign}' "$WORK/info.json"

step "4. credentials/getChallenge (the code goes to the SMS port: $OUTBOX)"
LINES_BEFORE=$( [ -f "$OUTBOX" ] && wc -l < "$OUTBOX" || echo 0)
curl -sS --fail-with-body -o /dev/null -w 'HTTP %{http_code}\n' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"credentialID\":\"$CRED\"}" "$BASE/csc/v2/credentials/getChallenge"
for _ in $(seq 1 50); do [ "$(wc -l < "$OUTBOX")" -gt "$LINES_BEFORE" ] && break; sleep 0.1; done
CODE=$(tail -n 1 "$OUTBOX" | jq -er .code)
echo "code read from the outbox: $CODE"

step "5. credentials/authorize with PIN + code over the document hash (SCAL2)"
printf 'Sigillum CSC flow document %s\n' "$(date -u +%FT%TZ)" > "$WORK/document.txt"
HASH=$(openssl dgst -sha256 -binary "$WORK/document.txt" | base64)
SAD=$(csc credentials/authorize "{\"credentialID\":\"$CRED\",\"numSignatures\":1,\"hashes\":[\"$HASH\"],\"hashAlgorithmOID\":\"2.16.840.1.101.3.4.2.1\",\"authData\":[{\"id\":\"PIN\",\"value\":\"$PIN\"},{\"id\":\"OTP\",\"value\":\"$CODE\"}]}" | jq -er .SAD)
echo "SAD: ${SAD:0:12}…"

step "6. signatures/signHash (ECDSA with SHA-256)"
SIG=$(csc signatures/signHash "{\"credentialID\":\"$CRED\",\"SAD\":\"$SAD\",\"hashes\":[\"$HASH\"],\"hashAlgorithmOID\":\"2.16.840.1.101.3.4.2.1\",\"signAlgo\":\"1.2.840.10045.4.3.2\"}" | jq -er '.signatures[0]')
echo "$SIG" | base64 -d > "$WORK/signature.der"
echo "signature: ${SIG:0:24}…"

step "7. openssl verifies the signature and the certificate chain"
jq -er '.cert.certificates[0]' "$WORK/info.json" | base64 -d | openssl x509 -inform DER -out "$WORK/ee.pem"
COUNT=$(jq '.cert.certificates | length' "$WORK/info.json")
: > "$WORK/intermediates.pem"
for i in $(seq 1 $((COUNT - 2))); do jq -er ".cert.certificates[$i]" "$WORK/info.json" | base64 -d | openssl x509 -inform DER >> "$WORK/intermediates.pem"; done
jq -er ".cert.certificates[$((COUNT - 1))]" "$WORK/info.json" | base64 -d | openssl x509 -inform DER -out "$WORK/root.pem"
openssl x509 -in "$WORK/ee.pem" -pubkey -noout > "$WORK/public.pem"
openssl dgst -sha256 -verify "$WORK/public.pem" -signature "$WORK/signature.der" "$WORK/document.txt"
openssl verify -CAfile "$WORK/root.pem" -untrusted "$WORK/intermediates.pem" "$WORK/ee.pem"

step "8. the SAD is spent: a second signHash is refused"
STATUS=$(curl -sS -o "$WORK/again.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"credentialID\":\"$CRED\",\"SAD\":\"$SAD\",\"hashes\":[\"$HASH\"],\"hashAlgorithmOID\":\"2.16.840.1.101.3.4.2.1\",\"signAlgo\":\"1.2.840.10045.4.3.2\"}" \
  "$BASE/csc/v2/signatures/signHash")
[ "$STATUS" = 400 ] || { echo "expected 400, got $STATUS"; exit 1; }
jq -c . "$WORK/again.json"
echo; echo "CSC flow OK"
