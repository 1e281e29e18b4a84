#!/usr/bin/env bash
# The whole journey against a running dev gateway (the README's run command), with curl + jq + openssl only:
# stock and an e-code of a point-of-sale product → redemption → application → identity by a verification transfer through
# the dev payment simulator → statement signed by SMS code (the QTSP's PAdES-B-T seal in the applicant's place) → the
# point of sale's operator countersigns (a second seal, in the representative's place) → the signed statement, written
# to $OUT, is checked: two signatures in two revisions, each verified by openssl over its byte range → certificate
# issued with a key generated in the token → PIN → as the platform demo-platform: authorize with PIN + SMS code and sign
# a document hash through the CSC API → openssl verifies the signature with the issued certificate and the certificate
# against the CA chain. Exits non-zero on any failure.
#
# The organisation admin's password: ADMIN_PASSWORD, or read from the gateway's log (GATEWAY_LOG) where a dev gateway
# prints "Dev org admin: admin@demo.local / <password>". Start the gateway with SIGILLUM_DEV_DATA_ADMIN_PASSWORD
# to fix it. Re-runnable: every run uses a fresh applicant e-mail and phone number. With DEMO_STATE=<file>, what a
# later script needs to act as this holder (session, credential, PIN, phone, certificates) is written there as JSON.
set -euo pipefail
BASE=${BASE:-http://127.0.0.1:${SERVER_PORT:-8080}}
OUTBOX=${OUTBOX:-dev-outbox/sms.jsonl}
ADMIN_EMAIL=${ADMIN_EMAIL:-admin@demo.local}
CLIENT_ID=${CLIENT_ID:-demo-platform}; CLIENT_SECRET=${CLIENT_SECRET:-demo-secret}
PRODUCT=${PRODUCT:-CQS-2Y-PPT}
OUT=${OUT:-demo-out}
PIN=${PIN:-$(printf '%08d' $(( (RANDOM * 32768 + RANDOM) % 100000000 )))}
RUN=$(date -u +%Y%m%d%H%M%S)-$RANDOM
APPLICANT_EMAIL="jan.nowak.$RUN@example.com"; APPLICANT_PASSWORD="demo password $RUN"
# +48 50x/51x: mobile ranges (the gateway refuses landlines: an SMS code never reaches them)
PHONE=$(printf '+48 5%d%d %03d %03d' $((RANDOM % 2)) $((RANDOM % 10)) $((RANDOM % 1000)) $((RANDOM % 1000)))
PHONE_E164=${PHONE// /}
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT; mkdir -p "$OUT"
J='Content-Type: application/json'

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }
# api METHOD PATH TOKEN [BODY]: JSON in, JSON out; any non-2xx answer fails the run (curl prints the problem)
api() {
  local method=$1 path=$2 token=$3 body=${4:-}
  local args=(-sS --fail-with-body -X "$method" -H "Authorization: Bearer $token" "$BASE$path")
  [ -n "$body" ] && args+=(-H "$J" -d "$body")
  local out
  out=$(curl "${args[@]}") || { echo "$method $path: $out" >&2; return 1; }
  printf '%s\n' "$out"
}
state() { api GET "/api/v1/applications/$APP" "$APPLICANT" | jq -r .state; }
expect_state() { local s; s=$(state); [ "$s" = "$1" ] || fail "application is $s, expected $1"; echo "state: $s"; }
# waits for a new SMS with a code to $1 after line $2 of the outbox; prints the code
code_for() {
  local phone=$1 after=$2 code=""
  for _ in $(seq 1 100); do
    code=$(tail -n +"$((after + 1))" "$OUTBOX" 2>/dev/null | jq -r --arg to "$phone" 'select(.to == $to and .code != null) | .code' | tail -n 1)
    [ -n "$code" ] && { echo "$code"; return; }
    sleep 0.1
  done
  fail "no code for $phone in $OUTBOX"
}
lines() { [ -f "$OUTBOX" ] && wc -l < "$OUTBOX" || echo 0; }
# pdf_signatures FILE COUNT ROOT INTERMEDIATES: FILE has COUNT PDF signatures, each in its own incremental revision (the
# first revision plus one per signature end in %%EOF) and the last covering the whole file; openssl verifies each CMS
# signature over the bytes its /ByteRange names, with the chain up to ROOT
pdf_signatures() {
  local file=$1 count=$2 root=$3 intermediates=$4 size n=0 last=0 ranges der
  size=$(wc -c < "$file")
  ranges=$(grep -a -o '/ByteRange *\[ *[0-9]* [0-9]* [0-9]* [0-9]* *\]' "$file" | tr -dc '0-9 \n' | awk '{print $1, $2, $3, $4}')
  [ "$(grep -c . <<< "$ranges")" = "$count" ] || fail "$file has $(grep -c . <<< "$ranges") signatures, expected $count"
  [ "$(grep -a -c '%%EOF' "$file")" -ge $((count + 1)) ] || fail "$file does not keep one revision per signature"
  while read -r a b c d; do
    n=$((n + 1))
    [ "$a" = 0 ] && [ $((c + d)) -le "$size" ] || fail "signature $n: byte range $a $b $c $d is not of this file"
    { head -c "$b" "$file"; dd if="$file" bs=64K iflag=skip_bytes,count_bytes skip="$c" count="$d" status=none; } > "$WORK/covered-$n.bin"
    dd if="$file" bs=64K iflag=skip_bytes,count_bytes skip="$((b + 1))" count="$((c - b - 2))" status=none | xxd -r -p > "$WORK/contents-$n.der"
    # /Contents is padded with zeros after the DER signature: keep the first object only
    der=$(openssl asn1parse -inform DER -in "$WORK/contents-$n.der" | awk 'NR == 1 { sub(/.*hl=/, ""); sub(/ l= */, " "); print $1, $2 }')
    head -c "$(( ${der% *} + ${der#* } ))" "$WORK/contents-$n.der" > "$WORK/cms-$n.der"
    openssl cms -verify -binary -inform DER -in "$WORK/cms-$n.der" -content "$WORK/covered-$n.bin" -CAfile "$root" \
      -certfile "$intermediates" -purpose any -out /dev/null 2> "$WORK/cms-$n.log" \
      || { cat "$WORK/cms-$n.log" >&2; fail "signature $n of $file does not verify"; }
    echo "signature $n: bytes 0-$b and $c-$((c + d)) of $size verified by openssl ($(tr -d '\n' < "$WORK/cms-$n.log"))"
    last=$((c + d))
  done <<< "$ranges"
  [ "$last" = "$size" ] || fail "the last signature of $file does not cover the whole file"
}

if [ -z "${ADMIN_PASSWORD:-}" ] && [ -n "${GATEWAY_LOG:-}" ]; then
  ADMIN_PASSWORD=$(grep -o "Dev org admin: $ADMIN_EMAIL / [^ ]*" "$GATEWAY_LOG" | tail -n 1 | awk '{print $NF}')
fi
[ -n "${ADMIN_PASSWORD:-}" ] || fail "set ADMIN_PASSWORD (or GATEWAY_LOG) to the dev org admin's password"

step "1. organisation admin: log in, add stock of $PRODUCT, generate an e-code"
ADMIN=$(curl -sS --fail-with-body "$BASE/api/v1/sessions" -H "$J" \
  -d "$(jq -n --arg e "$ADMIN_EMAIL" --arg p "$ADMIN_PASSWORD" '{email:$e,password:$p}')" | jq -er .token)
api POST /api/v1/org/stock "$ADMIN" "{\"productId\":\"$PRODUCT\",\"quantity\":1}" | jq -c .
ECODE=$(api POST /api/v1/org/ecodes "$ADMIN" "{\"productId\":\"$PRODUCT\",\"quantity\":1}" | jq -er '.codes[0].code')
echo "e-code: $ECODE"

step "2. applicant $APPLICANT_EMAIL: register, log in, redeem the e-code"
curl -sS --fail-with-body -o /dev/null "$BASE/api/v1/accounts/register" -H "$J" \
  -d "$(jq -n --arg e "$APPLICANT_EMAIL" --arg p "$APPLICANT_PASSWORD" '{email:$e,password:$p}')"
APPLICANT=$(curl -sS --fail-with-body "$BASE/api/v1/sessions" -H "$J" \
  -d "$(jq -n --arg e "$APPLICANT_EMAIL" --arg p "$APPLICANT_PASSWORD" '{email:$e,password:$p}')" | jq -er .token)
APP=$(api POST /api/v1/applications "$APPLICANT" "{\"code\":\"$ECODE\"}" | jq -er .id)
echo "application: $APP"

step "3. certificate parameters, applicant data (phone $PHONE), summary, documents accepted"
api PUT "/api/v1/applications/$APP/certificate-parameters" "$APPLICANT" \
  '{"validityStart":"IMMEDIATELY","cardName":"Jan Nowak demo","documentLanguage":"pl","verificationMethod":"BANK_TRANSFER"}' > /dev/null
EXPIRY=$(( $(date -u +%Y) + 5 ))-06-30
api PUT "/api/v1/applications/$APP/applicant-data" "$APPLICANT" "$(jq -n --arg phone "$PHONE" --arg email "$APPLICANT_EMAIL" --arg expiry "$EXPIRY" '{
  firstName:"Jan", secondName:"Adam", surname:"Nowak", citizenship:"PL", pesel:"84042003432", sex:"MALE",
  dateOfBirth:"1984-04-20", placeOfBirth:"Szczecin",
  identityDocument:{type:"ID_CARD", issuingCountry:"PL", seriesAndNumber:"ALU842672", expiryDate:$expiry,
                    issuingAuthority:"Prezydent Szczecina"},
  phone:$phone, email:$email,
  address:{street:"Królowej Korony Polskiej", buildingNumber:"21", flatNumber:"222", postalCode:"70-486",
           city:"Szczecin", country:"PL"}}')" > /dev/null
api POST "/api/v1/applications/$APP/submit" "$APPLICANT" > /dev/null
api POST "/api/v1/applications/$APP/accept-documents" "$APPLICANT" '{"statementAccepted":true,"termsAccepted":true}' > /dev/null
expect_state DOCUMENTS_ACCEPTED

step "4. verification transfer (its title; the payment simulator reports it by signed webhook), then identification by the document"
api POST "/api/v1/applications/$APP/verification" "$APPLICANT" > /dev/null
TITLE=$(api GET "/api/v1/applications/$APP/verification" "$APPLICANT" | jq -er .transfer.title)
echo "transfer title: $TITLE"
curl -sS --fail-with-body -X POST "$BASE/dev/simulator/payments" -H "$J" \
  -d "$(jq -n --arg r "${TITLE##* }" '{reference:$r}')" | jq -c .
expect_state VERIFICATION_PENDING
# a transfer shows an account in the applicant's name; the document's photos and a selfie show who holds the document
LINK=$(api GET "/api/v1/applications/$APP/verification" "$APPLICANT" | jq -er .link)
echo "identification link (also sent by SMS): $LINK"
curl -sS --fail-with-body -X POST "$BASE/dev/simulator/identity/${LINK##*/}" | jq -c .
expect_state VERIFIED

step "5. sign the statement with the SMS code (read from the dev outbox $OUTBOX)"
BEFORE=$(lines)
api POST "/api/v1/applications/$APP/statement/code" "$APPLICANT" | jq -c .
CODE=$(code_for "$PHONE_E164" "$BEFORE")
echo "code: $CODE"
api POST "/api/v1/applications/$APP/statement/sign" "$APPLICANT" "{\"code\":\"$CODE\"}" > /dev/null
expect_state STATEMENT_SIGNED
curl -sS --fail-with-body -o "$WORK/statement-sealed.pdf" -H "Authorization: Bearer $APPLICANT" \
  "$BASE/api/v1/applications/$APP/statement/signed.pdf"

step "6. the point of sale's operator countersigns the statement"
OPERATOR_EMAIL="operator.$RUN@example.com"; OPERATOR_PASSWORD="operator password $RUN"
api POST /api/v1/org/operators "$ADMIN" "$(jq -n --arg e "$OPERATOR_EMAIL" --arg p "$OPERATOR_PASSWORD" --arg s "Punkt $RUN" \
  '{email:$e,password:$p,pointOfSale:$s}')" > /dev/null
OPERATOR=$(curl -sS --fail-with-body "$BASE/api/v1/sessions" -H "$J" \
  -d "$(jq -n --arg e "$OPERATOR_EMAIL" --arg p "$OPERATOR_PASSWORD" '{email:$e,password:$p}')" | jq -er .token)
api POST "/api/v1/operator/applications/$APP/approve" "$OPERATOR" > /dev/null
expect_state OPERATOR_APPROVED
curl -sS --fail-with-body -o "$OUT/statement-$APP.pdf" -H "Authorization: Bearer $APPLICANT" \
  "$BASE/api/v1/applications/$APP/statement/signed.pdf"
echo "signed statement: $OUT/statement-$APP.pdf"

step "7. the certificate: key generated in the token, CSR, built-in CA"
api POST "/api/v1/applications/$APP/certificate" "$APPLICANT" > /dev/null
expect_state CERTIFICATE_ISSUED
api GET "/api/v1/applications/$APP/certificate" "$APPLICANT" > "$WORK/certificate.json"
jq -c '{credentialId, cscUserId, status, subject, notBefore, notAfter}' "$WORK/certificate.json"
CRED=$(jq -er .credentialId "$WORK/certificate.json"); USER_ID=$(jq -er .cscUserId "$WORK/certificate.json")

step "8. set the 8-digit PIN (once): the credential becomes ACTIVE"
api POST "/api/v1/applications/$APP/activation" "$APPLICANT" "{\"pin\":\"$PIN\"}" > /dev/null
expect_state ACTIVE
STATUS=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$BASE/api/v1/applications/$APP/activation" \
  -H "Authorization: Bearer $APPLICANT" -H "$J" -d '{"pin":"29517430"}')
[ "$STATUS" = 409 ] || fail "a second PIN was answered with $STATUS, expected 409"
echo "a second PIN is refused: HTTP $STATUS"
api GET "/api/v1/applications/$APP/history" "$APPLICANT" | jq -c '[.[].transition]'

step "9. as the platform $CLIENT_ID: token, credentials/list for $USER_ID, credentials/info"
TOKEN=$(curl -sS --fail-with-body -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials "$BASE/oauth2/token" | jq -er .access_token)
csc() { curl -sS --fail-with-body -H "Authorization: Bearer $TOKEN" -H "$J" -d "$2" "$BASE/csc/v2/$1"; }
csc credentials/list "{\"userID\":\"$USER_ID\"}" | jq -e --arg c "$CRED" '.credentialIDs | index($c) != null' > /dev/null \
  || fail "credential $CRED is not listed for $USER_ID"
csc credentials/info "{\"credentialID\":\"$CRED\",\"certificates\":\"chain\",\"certInfo\":true}" > "$WORK/info.json"
jq -c '{status: .key.status, algo: .key.algo, subject: .cert.subjectDN, auth: .auth.expression, SCAL}' "$WORK/info.json"

step "10. getChallenge (code to $PHONE), authorize with PIN + code (SCAL2), signHash"
BEFORE=$(lines)
curl -sS --fail-with-body -o /dev/null -w 'getChallenge: HTTP %{http_code}\n' -H "Authorization: Bearer $TOKEN" -H "$J" \
  -d "{\"credentialID\":\"$CRED\"}" "$BASE/csc/v2/credentials/getChallenge"
OTP=$(code_for "$PHONE_E164" "$BEFORE")
printf 'Sigillum demo document %s\n' "$RUN" > "$WORK/document.txt"
HASH=$(openssl dgst -sha256 -binary "$WORK/document.txt" | base64)
SAD=$(csc credentials/authorize "{\"credentialID\":\"$CRED\",\"numSignatures\":1,\"hashes\":[\"$HASH\"],\"hashAlgorithmOID\":\"2.16.840.1.101.3.4.2.1\",\"authData\":[{\"id\":\"PIN\",\"value\":\"$PIN\"},{\"id\":\"OTP\",\"value\":\"$OTP\"}]}" | jq -er .SAD)
SIG=$(csc signatures/signHash "{\"credentialID\":\"$CRED\",\"SAD\":\"$SAD\",\"hashes\":[\"$HASH\"],\"hashAlgorithmOID\":\"2.16.840.1.101.3.4.2.1\",\"signAlgo\":\"1.2.840.10045.4.3.2\"}" | jq -er '.signatures[0]')
echo "$SIG" | base64 -d > "$WORK/signature.der"
echo "signature: ${SIG:0:32}…"

step "11. openssl: the signature with the issued certificate's key, the certificate against the CA chain"
jq -er '.certificateChainPem[0]' "$WORK/certificate.json" > "$WORK/ee.pem"
COUNT=$(jq '.certificateChainPem | length' "$WORK/certificate.json")
: > "$WORK/intermediates.pem"
for i in $(seq 1 $((COUNT - 2))); do jq -er ".certificateChainPem[$i]" "$WORK/certificate.json" >> "$WORK/intermediates.pem"; done
jq -er ".certificateChainPem[$((COUNT - 1))]" "$WORK/certificate.json" > "$WORK/root.pem"
jq -er '.cert.certificates[0]' "$WORK/info.json" | base64 -d | openssl x509 -inform DER -out "$WORK/ee-csc.pem"
cmp -s <(openssl x509 -in "$WORK/ee.pem" -outform DER) <(openssl x509 -in "$WORK/ee-csc.pem" -outform DER) \
  || fail "the CSC API returns another certificate than the one issued"
openssl x509 -in "$WORK/ee.pem" -noout -subject -serial -enddate
openssl x509 -in "$WORK/ee.pem" -pubkey -noout > "$WORK/public.pem"
openssl dgst -sha256 -verify "$WORK/public.pem" -signature "$WORK/signature.der" "$WORK/document.txt"
openssl verify -CAfile "$WORK/root.pem" -untrusted "$WORK/intermediates.pem" "$WORK/ee.pem"

step "12. the signed statement: the seal of the SMS step, then the countersignature, each verified over its byte range"
pdf_signatures "$WORK/statement-sealed.pdf" 1 "$WORK/root.pem" "$WORK/intermediates.pem"
pdf_signatures "$OUT/statement-$APP.pdf" 2 "$WORK/root.pem" "$WORK/intermediates.pem"
cmp -s "$WORK/statement-sealed.pdf" <(head -c "$(wc -c < "$WORK/statement-sealed.pdf")" "$OUT/statement-$APP.pdf") \
  || fail "the countersigned statement does not keep the sealed one as its first revisions"
echo "the countersignature is an incremental update of the sealed statement"

if [ -n "${DEMO_STATE:-}" ]; then
  jq -n --arg applicant "$APPLICANT" --arg credential "$CRED" --arg pin "$PIN" --arg phone "$PHONE_E164" \
    --rawfile ee "$WORK/ee.pem" --rawfile intermediates "$WORK/intermediates.pem" --rawfile root "$WORK/root.pem" \
    '{$applicant, $credential, $pin, $phone, $ee, $intermediates, $root}' > "$DEMO_STATE"
fi

echo; echo "DEMO OK: application $APP (statement with two signatures: $OUT/statement-$APP.pdf), credential $CRED (userID $USER_ID) signed through the CSC API"
