#!/usr/bin/env python3
"""Prints HotPathBenchmark's JMH JSON as a Markdown table: each stage's µs per request, the requests (or records) per
second that follow from it (threads / µs, the closed loop JMH ran), and the stage as a multiple of one raw signature of
the same run."""
import json
import sys

ORDER = [
    ("raw", "raw ACCP P-256 signature (baseline)", 1),
    ("parse1", "parse, 1 hash", 1), ("parse100", "parse, 100 hashes", 100),
    ("tokenCheck", "token check (verified-token cache hit)", 1),
    ("sad1", "SAD script, 1 hash", 1), ("sad100", "SAD script, 100 hashes", 100),
    ("sign1", "sign (signAll), 1 hash", 1), ("sign100", "sign (signAll), 100 hashes", 100),
    ("audit", "audit record, 1 thread", 1), ("auditConcurrent", "audit record, 8 threads (group commit)", 1),
    ("serialize1", "serialize, 1 signature", 1), ("serialize100", "serialize, 100 signatures", 100),
    ("signHash1", "pipeline (HashSigning), 1 hash", 1), ("signHash100", "pipeline (HashSigning), 100 hashes", 100),
    ("request1", "whole request bytes→bytes, 1 hash", 1), ("request100", "whole request bytes→bytes, 100 hashes", 100),
]

results = {r["benchmark"].rsplit(".", 1)[1]: r for r in json.load(open(sys.argv[1]))}
raw = results.get("raw")
raw_us = raw["primaryMetric"]["score"] if raw else None
print("| stage | threads | µs/op (± error) | ops/s | µs per hash | × raw signature |")
print("|---|---:|---:|---:|---:|---:|")
for name, label, hashes in ORDER:
    r = results.get(name)
    if not r:
        continue
    m = r["primaryMetric"]
    us, err, threads = m["score"], m["scoreError"], r["threads"]
    err_text = "" if err != err else f" ± {err:,.1f}"  # NaN when a single iteration
    ratio = f"{us / raw_us:,.2f}" if raw_us else "-"
    per_hash = f"{us / hashes:,.2f}" if hashes > 1 else ""
    print(f"| {label} | {threads} | {us:,.2f}{err_text} | {threads * 1e6 / us:,.0f} | {per_hash} | {ratio} |")
