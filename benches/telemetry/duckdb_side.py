#!/usr/bin/env python3
"""Telemetry query benchmark, DuckDB side: the same file, the same five questions answered
from the raw events (DuckDB has no Lambda parser, so REPORT fields are regex-extracted).
Best of three per query; prints lines in the watershed bench's format.

    duckdb_side.py FILE REQUEST_ID
"""
import resource
import sys
import time

import duckdb

path, rid = sys.argv[1], sys.argv[2]
con = duckdb.connect()
t = time.perf_counter()
con.execute(f"""CREATE TABLE log_events AS SELECT * FROM read_ndjson('{path}', columns={{
    'log_group': 'VARCHAR', 'log_stream': 'VARCHAR', 'timestamp': 'BIGINT',
    'ingestion_time': 'BIGINT', 'message': 'VARCHAR', 'event_id': 'VARCHAR'}})""")
n = con.execute("SELECT count(*) FROM log_events").fetchone()[0]
print(f"load {time.perf_counter() - t:.2f} s ({n} events)")

FN = "replace(log_group, '/aws/lambda/', '')"
QUERIES = [
    ("cold_starts", f"""SELECT {FN} AS function_name, count(*) AS invocations,
        sum(CASE WHEN message LIKE '%Init Duration%' THEN 1 ELSE 0 END) AS cold,
        avg(TRY_CAST(regexp_extract(message, 'Init Duration: ([0-9.]+)', 1) AS DOUBLE)) AS avg_init
        FROM log_events WHERE starts_with(message, 'REPORT RequestId: ') GROUP BY 1 ORDER BY 1"""),
    ("p99_duration", f"""SELECT {FN} AS function_name,
        approx_quantile(CAST(regexp_extract(message, '\\tDuration: ([0-9.]+) ms', 1) AS DOUBLE), 0.99) AS p99
        FROM log_events WHERE starts_with(message, 'REPORT RequestId: ') GROUP BY 1 ORDER BY 1"""),
    ("timeouts", f"""SELECT {FN} AS function_name, count(*) AS timeouts FROM log_events
        WHERE message LIKE '%Task timed out after%' GROUP BY 1 ORDER BY 2 DESC, 1"""),
    ("error_signatures", """SELECT regexp_replace(regexp_replace(substr(message, 40), '[0-9a-f]{8}-[0-9a-f-]{27}', '<id>', 'g'), '[0-9]+', '<n>', 'g') AS signature,
        count(*) AS n FROM log_events WHERE starts_with(message, '[ERROR]') GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20"""),
    ("request_follow", f"""SELECT timestamp, log_group, message FROM log_events
        WHERE message LIKE '%{rid}%' ORDER BY timestamp, event_id"""),
]
for name, sql in QUERIES:
    best, rows = float("inf"), 0
    for _ in range(3):
        t = time.perf_counter()
        rows = len(con.execute(sql).fetchall())
        best = min(best, time.perf_counter() - t)
    print(f"query {name} {best:.3f} s ({rows} rows)")
print(f"peak_rss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
