#!/usr/bin/env python3
"""Writes a synthetic snapshot of about N resources for the lint benchmark.

The estate is the demo estate (fixtures/demo/snapshot.json: 145 resources of every type,
with their edges, policies, state machine definitions and planted mistakes) repeated once
per synthetic account: every copy gets its own account id, and the identifiers that carry
no account (API Gateway ids) get a per-copy suffix, so ARNs stay unique and every
cross-resource reference stays inside its copy. An organisation of many similar accounts
is what large scans look like.

With --roles R, every account also gets extra roles (copies of its own roles under new
names, unused by any resource, as real accounts have) until the estate holds R roles.

usage: synth_snapshot.py N OUT.json [--roles R]
"""
import json
import sys
from pathlib import Path

DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo" / "snapshot.json"
DEMO_ACCOUNT = "111122223333"
ACCOUNTLESS_IDS = ["k3x8q1v7m2", "p4n9w2c6z1"]  # the demo's REST and HTTP API ids


def main() -> None:
    target, out = int(sys.argv[1]), Path(sys.argv[2])
    want_roles = int(sys.argv[sys.argv.index("--roles") + 1]) if "--roles" in sys.argv else 0
    text = DEMO.read_text()
    demo = json.loads(text)
    per_copy = sum(len(v) for v in demo["resources"].values())
    copies = max(1, round(target / per_copy))
    roles_per_copy = len(demo["resources"]["iam_roles"])
    if want_roles > copies * roles_per_copy:
        # Spare roles count towards N: fewer copies, topped up with roles.
        copies = max(1, round((target - want_roles) / (per_copy - roles_per_copy)))
    merged = {k: [] for k in demo["resources"]}
    coverage = []
    accounts = []
    for i in range(copies):
        account = f"{200000000000 + i:012d}"
        accounts.append(account)
        t = text.replace(DEMO_ACCOUNT, account)
        for ident in ACCOUNTLESS_IDS:
            t = t.replace(ident, f"{ident}{i:05d}")
        copy = json.loads(t)
        for k, items in copy["resources"].items():
            merged[k].extend(items)
        coverage.extend(copy.get("coverage", []))
    extra, i = want_roles - len(merged["iam_roles"]), 0
    base = list(merged["iam_roles"])
    while extra > 0 and base:
        role = json.loads(json.dumps(base[i % len(base)]))
        suffix = f"-spare{i}"
        role["arn"] += suffix
        role["name"] += suffix
        merged["iam_roles"].append(role)
        extra, i = extra - 1, i + 1
    snapshot = {
        "format_version": demo["format_version"],
        "scan": {**demo["scan"], "source": "fixture", "accounts": accounts},
        "coverage": coverage,
        "resources": merged,
    }
    out.write_text(json.dumps(snapshot))
    total = sum(len(v) for v in merged.values())
    print(f"{out}: {total} resources ({len(merged['iam_roles'])} roles) in {copies} accounts")


if __name__ == "__main__":
    main()
