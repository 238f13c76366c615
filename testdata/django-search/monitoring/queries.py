"""Slow-query report for the ops dashboard (reads pg_stat_statements)."""

from django.db import connection

TOP_QUERIES = """
    SELECT queryid, calls, mean_exec_time, left(query, 200)
    FROM pg_stat_statements
    WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    ORDER BY total_exec_time DESC
    LIMIT %s
"""


def top_queries(limit=25):
    with connection.cursor() as cursor:
        cursor.execute(TOP_QUERIES, [limit])
        return cursor.fetchall()
