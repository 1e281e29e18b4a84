#!/usr/bin/env bash
# A wallet's OAuth2 code flow under load (demo-wallet, PKCE, PAR + RAR, the holder's page with its cookie and CSRF
# token): sign in → service token → credentials/list → credential PAR → SMS code → PIN + code → credential token →
# signHash. Each virtual user has a load user of its own. See load-tests/README.md.
# Usage: load-tests/run-oauth2.sh [journeys/s, default 1] [measured seconds, 20] [warm-up seconds, 10]
RATE=${1:-1}
exec "$(dirname "$0")/journey.sh" OAuth2CodeFlowSimulation "$RATE" "${2:-20}" "${3:-10}" $((RATE * 15 > 30 ? RATE * 15 : 30))
