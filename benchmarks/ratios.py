#!/usr/bin/env python3
"""Prints JMH pool results as ratios to the raw baseline of the same run, plus openssl speed for reference."""
import json
import pathlib
import re
import sys

out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/target/results")
rows = {}
for path in sorted(out.glob("jmh-*.json")):
    threads = int(path.stem.rsplit("-t", 1)[1])
    try:
        results = json.loads(path.read_text())
    except (OSError, ValueError):
        continue
    for result in results:
        token, method = result["benchmark"].split(".")[-2:]
        key = (token.replace("Benchmark", ""), result["params"]["keyAlgorithm"], threads)
        metric = result["primaryMetric"]
        rows.setdefault(key, {})[method] = (metric["score"], metric["scoreError"])

loads = {}
machine = out / "machine.txt"
if machine.exists():
    for line in machine.read_text().splitlines():
        m = re.match(r"(\S+) (before|after):.*load average: ([\d.]+)", line)
        if m:
            loads.setdefault(m.group(1), {})[m.group(2)] = m.group(3)

print("| token | key | threads | load avg before→after | raw ops/s | pool ops/s (ratio) | poolBatch ops/s (ratio) | poolOneAtATime ops/s (ratio) |")
print("|---|---|---|---|---|---|---|---|")
for (token, key, threads), methods in sorted(rows.items()):
    raw = methods.get("raw", (float("nan"), 0))[0]
    cells = []
    for method in ("pool", "poolBatch", "poolOneAtATime"):
        score, error = methods.get(method, (float("nan"), 0))
        cells.append(f"{score:,.0f} ± {error:,.0f} (**{score / raw:.2f}**)")
    load = loads.get(f"{token}Benchmark-{key}-t{threads}", {})
    print(f"| {token} | {key} | {threads} | {load.get('before', '?')}→{load.get('after', '?')} | {raw:,.0f} ± {methods['raw'][1]:,.0f} | " + " | ".join(cells) + " |")

for name in ("openssl-speed-1.txt", "openssl-speed-multi2.txt"):
    path = out / name
    if path.exists():
        text = path.read_text()
        rsa = re.search(r"^rsa\s+2048 bits\s+\S+\s+\S+\s+([\d.]+)", text, re.M)
        ec = re.search(r"^\s*256 bits ecdsa \(nistp256\)\s+\S+\s+\S+\s+([\d.]+)", text, re.M)
        print(f"{name}: RSA-2048 sign/s {rsa.group(1) if rsa else '?'}, P-256 sign/s {ec.group(1) if ec else '?'}")
