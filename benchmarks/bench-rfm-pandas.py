#!/usr/bin/python3
# bench-rfm-pandas.py
#
# Copyright 2026 The Huiyuan authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The same RFM (as of 2026-10-31, 365-day window, refunds taken off their sales, sales refunded
# in full dropped, days in Asia/Shanghai, quintile scores with shared ties, the 8 classes) done
# with pandas on the benchmark database's transactions exported to CSV, timed against
# bench-analysis.  The class counts must agree.
#
# Usage: bench-rfm-pandas.py [BENCH_ANALYSIS]   (default: _build/benchmarks/bench-analysis)

import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd

AS_OF = (pd.Timestamp("2026-10-31") - pd.Timestamp("1970-01-01")).days
OFFSET = 8 * 3600          # Asia/Shanghai has had no DST since 1991
WINDOW = 365
CLASSES = ["important_value", "important_develop", "important_keep", "important_retain",
           "general_value", "general_develop", "general_keep", "general_retain"]


def run_c(binary):
    out = subprocess.run([binary], check=True, capture_output=True, text=True).stdout
    figures = {}
    for line in out.splitlines():
        name, _, rest = line.partition("  ")
        parts = line.rsplit(None, 2)
        value = parts[-2] if parts[-1] == "ms" else parts[-1]
        figures[line[:44].strip()] = float(value)
    return figures


def rfm_pandas(csv):
    started = time.perf_counter()
    df = pd.read_csv(csv, dtype={"id": np.int64, "kind": np.int8, "member_id": "Int64",
                                 "occurred_at": np.int64, "net": np.int64, "refund_of": "Int64"})
    read = time.perf_counter()

    end_utc = (AS_OF + 1) * 86400 - OFFSET
    df = df[df.occurred_at < end_utc]
    refunds = df[(df.kind == 1) & df.refund_of.notna()].groupby("refund_of").net.sum()
    sales = df[(df.kind == 0) & df.member_id.notna()].copy()
    refunded = refunds.reindex(sales.id.values)
    sales["value"] = sales.net.values + refunded.fillna(0).values
    sales = sales[refunded.isna().values | (sales.value.values > 0)]
    sales["day"] = (sales.occurred_at + OFFSET) // 86400

    in_window = sales[sales.day >= AS_OF - WINDOW + 1]
    last = sales.groupby("member_id").day.max()
    rfm = pd.DataFrame({"R": AS_OF - last})
    grouped = in_window.groupby("member_id").value
    rfm["F"] = grouped.size().reindex(rfm.index).fillna(0)
    rfm["M"] = grouped.sum().reindex(rfm.index).fillna(0)

    n = len(rfm)
    rfm["r_score"] = 1 + (5 * (n - rfm.R.rank(method="max"))) // n
    rfm["f_score"] = 1 + (5 * (rfm.F.rank(method="min") - 1)) // n
    rfm["m_score"] = 1 + (5 * (rfm.M.rank(method="min") - 1)) // n

    buyers = rfm[rfm.F >= 1]
    r_plus = rfm.R < buyers.R.mean()
    f_plus = rfm.F > buyers.F.mean()
    m_plus = rfm.M > buyers.M.mean()
    index = (~m_plus).astype(int) * 4 + (~r_plus).astype(int) * 2 + (~f_plus).astype(int)
    order = [0, 1, 2, 3, 4, 5, 6, 7]   # M+ R+ F+, M+ R+ F-, M+ R- F+, ... as CLASSES
    counts = index.value_counts().reindex(order).fillna(0).astype(int)
    done = time.perf_counter()
    return read - started, done - read, dict(zip(CLASSES, counts.values))


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join("_build", "benchmarks", "bench-analysis")
    with tempfile.TemporaryDirectory() as tmp:
        csv = os.path.join(tmp, "transactions.csv")
        subprocess.run([binary, "--export-csv", csv], check=True)
        c = run_c(binary)
        read_s, compute_s, counts = rfm_pandas(csv)

    c_rfm = c["analysis: RFM from the database (load + RFM)"]
    c_full = c["analysis: full analysis"]
    pandas_ms = (read_s + compute_s) * 1000
    print(f"{'members':<44} {c['analysis: members']:12.0f}")
    print(f"{'C: RFM from the database (load + RFM)':<44} {c_rfm:12.1f} ms")
    print(f"{'C: full analysis (RFM, stages, warnings, KPIs)':<44} {c_full:12.1f} ms")
    print(f"{'pandas: read the CSV':<44} {read_s * 1000:12.1f} ms")
    print(f"{'pandas: RFM':<44} {compute_s * 1000:12.1f} ms")
    print(f"{'pandas: read + RFM':<44} {pandas_ms:12.1f} ms")
    print(f"{'speed-up, RFM (pandas / C)':<44} {pandas_ms / c_rfm:12.1f} x")
    print(f"{'speed-up, pandas RFM alone / C full':<44} {compute_s * 1000 / c_full:12.1f} x")
    ok = True
    for name in CLASSES:
        theirs = c[f"analysis: class {name}"]
        agree = "" if theirs == counts[name] else "  MISMATCH"
        ok = ok and not agree
        print(f"{'class ' + name:<44} {counts[name]:12d} {theirs:12.0f}{agree}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
