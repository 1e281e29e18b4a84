#!/usr/bin/env bash
# The platform's signing journey under load: getChallenge → SMS code from the dev outbox → authorize (PIN + code) →
# signHash with the SAD, each virtual user with a load user (credential, phone) of its own. See load-tests/README.md.
# Usage: load-tests/run-authorize-signhash.sh [journeys/s, default 10] [measured seconds, 20] [warm-up seconds, 10]
RATE=${1:-10}
# a load user comes back after USERS / RATE = 15 s: far more than a journey plus the 1 s resend cooldown
exec "$(dirname "$0")/journey.sh" AuthorizeSignHashSimulation "$RATE" "${2:-20}" "${3:-10}" $((RATE * 15 > 30 ? RATE * 15 : 30))
