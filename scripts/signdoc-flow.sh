#!/usr/bin/env bash
# signDoc against a running gateway (the README's run command), with curl + jq + openssl: token → list → info →
# getChallenge → code from the dev outbox → authorize over the digests of a PDF and an XML document → one signDoc call
# making PAdES-BASELINE-T (certification) of the PDF and XAdES-BASELINE-LTA (enveloped) of the XML → both written to $OUT,
# checked (structure, the signature timestamp, the XML's revocation values and archive timestamp, pdfsig when installed) → the SAD is spent → the TSA answers openssl ts.
# Exits non-zero on any failure. Open the results in a validator, e.g. https://ec.europa.eu/digital-building-blocks/DSS/webapp-demo/validation
set -euo pipefail
BASE=${BASE:-http://127.0.0.1:${SERVER_PORT:-8080}}
OUTBOX=${OUTBOX:-dev-outbox/sms.jsonl}
OUT=${OUT:-signdoc-out}
CLIENT_ID=${CLIENT_ID:-demo-platform}; CLIENT_SECRET=${CLIENT_SECRET:-demo-secret}
USER_ID=${USER_ID:-demo-user}; PIN=${PIN:-12345678}
SHA256=2.16.840.1.101.3.4.2.1; ECDSA_SHA256=1.2.840.10045.4.3.2
WORK=$(mktemp -d); mkdir -p "$OUT"
step() { printf '\n== %s\n' "$*"; }
csc() { curl -sS --fail-with-body -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d @- "$BASE/csc/v2/$1"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

# A one-page PDF with a correct cross-reference table, written byte by byte.
make_pdf() {
  local file=$1 text=$2 offsets=() stream
  stream="BT /F1 18 Tf 72 760 Td ($text) Tj ET"
  printf '%%PDF-1.7\n' > "$file"
  obj() { offsets+=("$(wc -c < "$file")"); printf '%s 0 obj\n%s\nendobj\n' "$1" "$2" >> "$file"; }
  obj 1 '<< /Type /Catalog /Pages 2 0 R >>'
  obj 2 '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'
  obj 3 '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>'
  obj 4 "<< /Length ${#stream} >>
stream
$stream
endstream"
  obj 5 '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'
  local xref; xref=$(wc -c < "$file")
  { printf 'xref\n0 6\n0000000000 65535 f \n'; for o in "${offsets[@]}"; do printf '%010d 00000 n \n' "$o"; done
    printf 'trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%s\n%%%%EOF\n' "$xref"; } >> "$file"
}

step "1. OAuth2 client credentials for $CLIENT_ID, the credential of $USER_ID"
TOKEN=$(curl -sS --fail-with-body -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials "$BASE/oauth2/token" | jq -er .access_token)
CRED=$(echo "{\"userID\":\"$USER_ID\"}" | csc credentials/list | jq -er '.credentialIDs[0]')
echo "credential: $CRED"

step "2. the documents: a PDF and an XML invoice"
STAMP=$(date -u +%FT%TZ)
make_pdf "$WORK/contract.pdf" "Sigillum signDoc flow $STAMP"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<invoice id="FV/%s"><net>100.00</net><vat>23.00</vat></invoice>\n' "$STAMP" > "$WORK/invoice.xml"
PDF_HASH=$(openssl dgst -sha256 -binary "$WORK/contract.pdf" | base64 -w0)
XML_HASH=$(openssl dgst -sha256 -binary "$WORK/invoice.xml" | base64 -w0)
echo "SHA-256 of contract.pdf: $PDF_HASH"; echo "SHA-256 of invoice.xml:  $XML_HASH"

step "3. credentials/getChallenge (the code goes to the SMS port: $OUTBOX)"
# a code sent for this credential moments ago (by csc-flow.sh or oauth2-flow.sh, say) holds a new one back for 30 s:
# the answer's Retry-After says how long; wait as a person would, then ask again
LINES_BEFORE=$( [ -f "$OUTBOX" ] && wc -l < "$OUTBOX" || echo 0)
for _ in $(seq 1 8); do
  STATUS=$(curl -sS -o "$WORK/challenge.json" -D "$WORK/challenge.headers" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d "{\"credentialID\":\"$CRED\"}" "$BASE/csc/v2/credentials/getChallenge")
  echo "HTTP $STATUS"
  [ "$STATUS" = 204 ] && break
  WAIT=$(sed -nE 's/^[Rr]etry-[Aa]fter: *([0-9]+).*/\1/p' "$WORK/challenge.headers")
  [ -n "$WAIT" ] || fail "getChallenge answered $STATUS: $(cat "$WORK/challenge.json")"
  echo "a code was sent moments ago; waiting ${WAIT} s"; sleep "$WAIT"
done
[ "$STATUS" = 204 ] || fail "no SMS code could be sent"
for _ in $(seq 1 50); do [ "$(wc -l < "$OUTBOX")" -gt "$LINES_BEFORE" ] && break; sleep 0.1; done
CODE=$(tail -n 1 "$OUTBOX" | jq -er .code)

step "4. credentials/authorize: PIN + code over the digests of the two documents as they will be sent"
SAD=$(jq -n --arg cred "$CRED" --arg pdf "$PDF_HASH" --arg xml "$XML_HASH" --arg pin "$PIN" --arg code "$CODE" --arg alg "$SHA256" \
  '{credentialID: $cred, numSignatures: 2, hashes: [$pdf, $xml], hashAlgorithmOID: $alg,
    authData: [{id: "PIN", value: $pin}, {id: "OTP", value: $code}]}' | csc credentials/authorize | jq -er .SAD)
echo "SAD: ${SAD:0:12}…"

step "5. signatures/signDoc: PAdES-B-T (Certification) of the PDF, XAdES-B-LTA (Enveloped) of the XML"
jq -n --arg cred "$CRED" --arg sad "$SAD" --arg algo "$ECDSA_SHA256" \
  --arg pdf "$(base64 -w0 "$WORK/contract.pdf")" --arg xml "$(base64 -w0 "$WORK/invoice.xml")" \
  '{credentialID: $cred, SAD: $sad, returnValidationInfo: true, documents: [
     {document: $pdf, signature_format: "P", conformance_level: "AdES-B-T", signed_envelope_property: "Certification", signAlgo: $algo},
     {document: $xml, signature_format: "X", conformance_level: "AdES-B-LTA", signed_envelope_property: "Enveloped", signAlgo: $algo}]}' \
  > "$WORK/signdoc.json"
csc signatures/signDoc < "$WORK/signdoc.json" > "$WORK/response.json"
jq -er '.DocumentWithSignature[0]' "$WORK/response.json" | base64 -d > "$OUT/contract-signed.pdf"
jq -er '.DocumentWithSignature[1]' "$WORK/response.json" | base64 -d > "$OUT/invoice-signed.xml"
jq -c '{documents: (.DocumentWithSignature | length), certificates: (.validationInfo.certificates | length)}' "$WORK/response.json"
ls -l "$OUT/contract-signed.pdf" "$OUT/invoice-signed.xml"

step "6. what came back: an incremental PAdES update and an enveloped XAdES signature, both timestamped, the XAdES one
  with the CA's certificates and revocation data in it and an archive timestamp over them"
head -c "$(wc -c < "$WORK/contract.pdf")" "$OUT/contract-signed.pdf" | cmp -s - "$WORK/contract.pdf" \
  || fail "the signed PDF does not start with the original bytes (not an incremental update)"
grep -aq '/ETSI.CAdES.detached' "$OUT/contract-signed.pdf" || fail "no PAdES signature dictionary"
grep -aq '/DocMDP' "$OUT/contract-signed.pdf" || fail "no certification (DocMDP) in the PDF"
echo "PDF: original bytes kept, /SubFilter /ETSI.CAdES.detached, /DocMDP certification"
grep -q '<invoice id=' "$OUT/invoice-signed.xml" && grep -q 'SignatureValue' "$OUT/invoice-signed.xml" \
  && grep -q 'SignatureTimeStamp' "$OUT/invoice-signed.xml" || fail "the XML carries no timestamped XAdES signature"
grep -q 'CertificateValues' "$OUT/invoice-signed.xml" && grep -q 'RevocationValues' "$OUT/invoice-signed.xml" \
  || fail "the XAdES-B-LTA signature carries no certificate or revocation values (level LT)"
grep -q 'ArchiveTimeStamp' "$OUT/invoice-signed.xml" || fail "the XAdES-B-LTA signature carries no archive timestamp"
echo "XML: XAdES with its signature timestamp, certificate and revocation values, archive timestamp"
sed -n 's:.*<xades\:EncapsulatedTimeStamp[^>]*>\([^<]*\)</xades\:EncapsulatedTimeStamp>.*:\1:p' "$OUT/invoice-signed.xml" \
  | tr -d '\n ' | base64 -d > "$WORK/xades-timestamp.tst"
openssl ts -reply -token_in -in "$WORK/xades-timestamp.tst" -text | grep -E 'Policy OID|Time stamp:|TSA:' \
  || fail "the XAdES signature timestamp is not an RFC 3161 token"
if command -v pdfsig >/dev/null 2>&1; then
  pdfsig "$OUT/contract-signed.pdf" | tee "$WORK/pdfsig.txt"
  grep -q 'Signature is Valid' "$WORK/pdfsig.txt" || fail "pdfsig does not find a valid signature"
else
  echo "(pdfsig not installed: structural checks only)"
fi

step "7. the SAD is spent: the same call again is refused"
STATUS=$(curl -sS -o "$WORK/again.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d @"$WORK/signdoc.json" "$BASE/csc/v2/signatures/signDoc")
[ "$STATUS" = 400 ] || fail "expected 400, got $STATUS"
jq -c . "$WORK/again.json"

step "8. the timestamp authority: openssl ts -query → POST /tsa → openssl ts -verify with the CA chain"
openssl ts -query -data "$WORK/invoice.xml" -sha256 -cert -out "$WORK/query.tsq"
curl -sS --fail-with-body -H 'Content-Type: application/timestamp-query' --data-binary @"$WORK/query.tsq" "$BASE/tsa" -o "$WORK/reply.tsr"
jq -r '.validationInfo.certificates[]' "$WORK/response.json" | while read -r der; do
  echo "$der" | base64 -d | openssl x509 -inform DER; done > "$WORK/all.pem"
# the root is the self-signed one; the rest (issuing CA, the time-stamping unit, the signer) are untrusted intermediates
awk '/BEGIN CERT/{n++} {print > ("'"$WORK"'/cert-" n ".pem")}' "$WORK/all.pem"
: > "$WORK/untrusted.pem"
for f in "$WORK"/cert-*.pem; do
  if [ "$(openssl x509 -in "$f" -noout -subject)" = "subject=$(openssl x509 -in "$f" -noout -issuer | sed 's/^issuer=//')" ]; then
    cp "$f" "$WORK/root.pem"; else cat "$f" >> "$WORK/untrusted.pem"; fi
done
openssl ts -verify -queryfile "$WORK/query.tsq" -in "$WORK/reply.tsr" -CAfile "$WORK/root.pem" -untrusted "$WORK/untrusted.pem"
cp "$WORK/root.pem" "$OUT/root-ca.pem"

echo; echo "signDoc flow OK: $OUT/contract-signed.pdf, $OUT/invoice-signed.xml (trust anchor: $OUT/root-ca.pem)"
