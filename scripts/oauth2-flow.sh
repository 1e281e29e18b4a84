#!/usr/bin/env bash
# The OAuth2 authorization code flow of a wallet platform (demo-wallet, auth.mode oauth2code) against a running gateway,
# with curl + jq + openssl; curl plays the holder's browser on the QTSP's own page (cookie jar, form + CSRF token):
#   service: PAR → page → sign in → code → token (+ refresh) → credentials/list with no userID → credentials/info →
#            refresh (rotates) → the code presented again is refused and revokes what it obtained
#   credential: PAR (authorization_details) → page → SMS code → PIN + code → code → credential token →
#               signHash with the credential token as Bearer and no SAD → openssl verifies → the grant is spent
# Exits non-zero on any failure.
set -euo pipefail
BASE=${BASE:-http://127.0.0.1:${SERVER_PORT:-8080}}
OUTBOX=${OUTBOX:-dev-outbox/sms.jsonl}
CLIENT_ID=${CLIENT_ID:-demo-wallet}; CLIENT_SECRET=${CLIENT_SECRET:-demo-wallet-secret}
EMAIL=${EMAIL:-demo-user@demo.local}; PASSWORD=${PASSWORD:-demo-user-pass}; PIN=${PIN:-12345678}
# the loopback rule (RFC 8252): the registered http://127.0.0.1/callback matches any port; nothing listens there,
# curl reads the code from the redirect without following it
REDIRECT_URI=${REDIRECT_URI:-http://127.0.0.1:53682/callback}
SHA256=2.16.840.1.101.3.4.2.1
WORK=$(mktemp -d)
JAR="$WORK/cookies"
step() { printf '\n== %s\n' "$*"; }
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
form_value() { grep -o "name=\"$1\" value=\"[^\"]*\"" "$WORK/page.html" | head -n 1 | cut -d'"' -f4; }

# PAR with the given extra parameters; opens the page (as the browser would) and leaves it in $WORK/page.html
open_page() {
  VERIFIER=$(head -c 32 /dev/urandom | b64url)
  CHALLENGE=$(printf %s "$VERIFIER" | openssl dgst -sha256 -binary | b64url)
  STATE=$(head -c 12 /dev/urandom | b64url)
  REQUEST_URI=$(curl -sS --fail-with-body -u "$CLIENT_ID:$CLIENT_SECRET" "$BASE/oauth2/pushed_authorize" \
    -d response_type=code --data-urlencode "redirect_uri=$REDIRECT_URI" -d code_challenge_method=S256 \
    --data-urlencode "code_challenge=$CHALLENGE" --data-urlencode "state=$STATE" "$@" | jq -er .request_uri)
  echo "request_uri: ${REQUEST_URI:0:48}…"
  curl -sS --fail-with-body -c "$JAR" -b "$JAR" -H 'Accept-Language: en' -G "$BASE/oauth2/authorize" \
    --data-urlencode "client_id=$CLIENT_ID" --data-urlencode "request_uri=$REQUEST_URI" -o "$WORK/page.html"
  SESSION=$(form_value session); CSRF=$(form_value csrf_token)
  grep -o '<p class="requester">[^<]*' "$WORK/page.html" | sed 's/.*>//'
}

# posts the page's form; prints where the gateway sends the browser (empty when it shows the page again)
post_page() {
  curl -sS -c "$JAR" -b "$JAR" -o "$WORK/page.html" -w '%{redirect_url}' "$BASE/oauth2/authorize/confirm" \
    --data-urlencode "session=$SESSION" --data-urlencode "csrf_token=$CSRF" "$@"
}

# the code from a redirect to the platform, after checking the state came back unchanged
code_from() {
  [[ "$1" == "$REDIRECT_URI?"* ]] || { echo "unexpected redirect: $1"; exit 1; }
  [[ "$1" == *"state=$STATE"* ]] || { echo "state did not come back"; exit 1; }
  sed -E 's/.*[?&]code=([^&]*).*/\1/' <<<"$1"
}

token() {
  curl -sS --fail-with-body -u "$CLIENT_ID:$CLIENT_SECRET" "$BASE/oauth2/token" "$@"
}

step "1. /csc/v2/info and the authorization server metadata"
curl -sS --fail-with-body "$BASE/csc/v2/info" | jq -c '{specs, authType, oauth2, oauth2Issuer}'

step "2. scope=service: the holder signs in on the page as $EMAIL"
open_page -d scope=service -d lang=en
LOCATION=$(post_page -d action=login --data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD")
CODE=$(code_from "$LOCATION")
token -d grant_type=authorization_code --data-urlencode "code=$CODE" --data-urlencode "code_verifier=$VERIFIER" \
  --data-urlencode "redirect_uri=$REDIRECT_URI" > "$WORK/service.json"
SERVICE_TOKEN=$(jq -er .access_token "$WORK/service.json"); REFRESH=$(jq -er .refresh_token "$WORK/service.json")
echo "user-bound service token: ${SERVICE_TOKEN:0:24}…, refresh token: ${REFRESH:0:8}…"

step "3. credentials/list with no userID (the token is the user's) and credentials/info"
csc_service() { curl -sS --fail-with-body -H "Authorization: Bearer $SERVICE_TOKEN" -H 'Content-Type: application/json' -d "$2" "$BASE/csc/v2/$1"; }
CRED=$(csc_service credentials/list '{}' | jq -er '.credentialIDs[0]')
csc_service credentials/info "{\"credentialID\":\"$CRED\",\"certificates\":\"chain\",\"certInfo\":true,\"authInfo\":true}" > "$WORK/info.json"
jq -c '{credential: "'"$CRED"'", subject: .cert.subjectDN, auth: .auth.mode}' "$WORK/info.json"
[ "$(jq -r .auth.mode "$WORK/info.json")" = oauth2code ] || { echo "expected auth.mode oauth2code"; exit 1; }

step "4. refresh_token: a new service token, and the refresh token rotates"
token -d grant_type=refresh_token --data-urlencode "refresh_token=$REFRESH" > "$WORK/refreshed.json"
jq -c '{token_type, expires_in, scope}' "$WORK/refreshed.json"
REFRESHED_TOKEN=$(jq -er .access_token "$WORK/refreshed.json"); NEXT_REFRESH=$(jq -er .refresh_token "$WORK/refreshed.json")
[ "$NEXT_REFRESH" != "$REFRESH" ] || { echo "the refresh token did not rotate"; exit 1; }
status_of() { curl -sS -o "$WORK/answer.json" -w '%{http_code}' "$@"; }
[ "$(status_of -H "Authorization: Bearer $REFRESHED_TOKEN" -H 'Content-Type: application/json' -d '{}' \
  "$BASE/csc/v2/credentials/list")" = 200 ] || { echo "the refreshed token does not work"; exit 1; }

step "5. the code is single-use: presented again it is refused, and what it obtained is revoked (RFC 6749 §4.1.2)"
STATUS=$(status_of -u "$CLIENT_ID:$CLIENT_SECRET" "$BASE/oauth2/token" -d grant_type=authorization_code \
  --data-urlencode "code=$CODE" --data-urlencode "code_verifier=$VERIFIER" --data-urlencode "redirect_uri=$REDIRECT_URI")
[ "$STATUS" = 400 ] || { echo "expected 400, got $STATUS"; exit 1; }
jq -c . "$WORK/answer.json"
for bearer in "$SERVICE_TOKEN" "$REFRESHED_TOKEN"; do
  STATUS=$(status_of -H "Authorization: Bearer $bearer" -H 'Content-Type: application/json' -d '{}' "$BASE/csc/v2/credentials/list")
  [ "$STATUS" = 401 ] || { echo "an access token of the reused code still works ($STATUS)"; exit 1; }
done
STATUS=$(status_of -u "$CLIENT_ID:$CLIENT_SECRET" "$BASE/oauth2/token" -d grant_type=refresh_token \
  --data-urlencode "refresh_token=$NEXT_REFRESH")
[ "$STATUS" = 400 ] || { echo "the refresh token of the reused code still works ($STATUS)"; exit 1; }
echo "the code's access tokens answer 401 and its refresh token invalid_grant"

step "6. scope=credential: the document's hash in authorization_details, PAR, the page"
printf 'Sigillum OAuth2 flow document %s\n' "$(date -u +%FT%TZ)" > "$WORK/document.txt"
HASH=$(openssl dgst -sha256 -binary "$WORK/document.txt" | base64 -w0)
DETAILS=$(jq -cn --arg c "$CRED" --arg h "$HASH" --arg a "$SHA256" \
  '[{type:"credential", credentialID:$c, hashAlgorithmOID:$a, documentDigests:[{hash:$h, label:"document.txt"}]}]')
open_page --data-urlencode "authorization_details=$DETAILS"

step "7. the holder asks for the SMS code on the page and reads it (dev outbox: $OUTBOX)"
# a code sent for this credential moments ago (by csc-flow.sh, say) holds a new one back for 30 s: the page says how
# long; wait as a person would, then ask again
LINES_BEFORE=$( [ -f "$OUTBOX" ] && wc -l < "$OUTBOX" || echo 0)
for _ in $(seq 1 8); do
  post_page -d action=send > /dev/null
  MESSAGE=$(grep -o 'id="message"[^>]*>[^<]*' "$WORK/page.html" | sed 's/.*>//')
  echo "$MESSAGE"
  # "in 30 seconds." or, from a minute on, "in 2 minutes."
  WAIT=$(sed -nE 's/.* in ([0-9]+) seconds?\..*/\1/p; s/.* in ([0-9]+) minutes?\..*/\1 * 60/p' <<<"$MESSAGE")
  [ -z "$WAIT" ] && break
  sleep "$((WAIT))"
done
for _ in $(seq 1 50); do [ "$(wc -l < "$OUTBOX")" -gt "$LINES_BEFORE" ] && break; sleep 0.1; done
[ "$(wc -l < "$OUTBOX")" -gt "$LINES_BEFORE" ] || { echo "no SMS code arrived"; exit 1; }
SMS=$(tail -n 1 "$OUTBOX" | jq -er .code)

step "8. the holder approves with PIN + SMS code; the platform gets only a code"
LOCATION=$(post_page -d action=approve --data-urlencode "pin=$PIN" --data-urlencode "code=$SMS")
CODE=$(code_from "$LOCATION")
token -d grant_type=authorization_code --data-urlencode "code=$CODE" --data-urlencode "code_verifier=$VERIFIER" \
  --data-urlencode "redirect_uri=$REDIRECT_URI" > "$WORK/credential.json"
jq -c '{token_type, expires_in, scope, credentialID, authorization_details}' "$WORK/credential.json"
CREDENTIAL_TOKEN=$(jq -er .access_token "$WORK/credential.json")

step "9. signatures/signHash with the credential token as Bearer, no SAD"
SIGN_BODY="{\"credentialID\":\"$CRED\",\"hashes\":[\"$HASH\"],\"hashAlgorithmOID\":\"$SHA256\",\"signAlgo\":\"1.2.840.10045.4.3.2\"}"
curl -sS --fail-with-body -H "Authorization: Bearer $CREDENTIAL_TOKEN" -H 'Content-Type: application/json' -d "$SIGN_BODY" \
  "$BASE/csc/v2/signatures/signHash" | jq -er '.signatures[0]' | base64 -d > "$WORK/signature.der"

step "10. openssl verifies the signature with the certificate from credentials/info"
jq -er '.cert.certificates[0]' "$WORK/info.json" | base64 -d | openssl x509 -inform DER -pubkey -noout > "$WORK/public.pem"
openssl dgst -sha256 -verify "$WORK/public.pem" -signature "$WORK/signature.der" "$WORK/document.txt"

step "11. the authorization allowed one signature: a second signHash is refused"
STATUS=$(curl -sS -o "$WORK/again.json" -w '%{http_code}' -H "Authorization: Bearer $CREDENTIAL_TOKEN" \
  -H 'Content-Type: application/json' -d "$SIGN_BODY" "$BASE/csc/v2/signatures/signHash")
[ "$STATUS" = 400 ] || { echo "expected 400, got $STATUS"; exit 1; }
jq -c . "$WORK/again.json"
echo; echo "OAuth2 code flow: OK"
