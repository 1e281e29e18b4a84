#!/usr/bin/env bash
# The issuance wizard under load: register → sign in → redeem an e-code → certificate parameters → applicant data →
# submit → accept documents (DOCUMENTS_ACCEPTED); the admin's stock and e-codes are made once before. See
# load-tests/README.md.
# Usage: load-tests/run-issuance.sh [journeys/s, default 2] [measured seconds, 20] [warm-up seconds, 10]
exec "$(dirname "$0")/journey.sh" IssuanceSimulation "${1:-2}" "${2:-20}" "${3:-10}" 0
