#!/usr/bin/env python3
"""Regenerates prometheus-2.42.jsonl: what a real Prometheus 2.42 answers to each query.

Run a Prometheus 2.42 (Debian bookworm's `prometheus` package) on 127.0.0.1:19090, then
`python3 regenerate.py`. Each query of queries-valid.txt and queries-invalid.txt (one per
line; the multi-line ones are listed below) goes to /api/v1/format_query; the answer is
either its formatted form ("pretty", Prometheus's Pretty(0)) or its parse error ("error").
"""
import json
import urllib.parse
import urllib.request

MULTI_LINE = [
    "# comment\nfoo",
    "foo +\n# in between\nbar",
    "foo\n  +\n bar",
    "foo\n+\n",
    "1 +\n\n  $",
    "sum(\n  foo\n) by (a\n  b)",
    "foo{\na=~\"(\"\n}",
    "\t1 +\t",
    "é + $",
    "foo{a=\"é\"} +",
    "foo{a=\"é\"} + é",
]


def ask(query):
    data = urllib.parse.urlencode({"query": query}).encode()
    try:
        with urllib.request.urlopen("http://127.0.0.1:19090/api/v1/format_query", data) as r:
            body = json.load(r)
    except urllib.error.HTTPError as e:
        body = json.load(e)
    if body["status"] == "success":
        return {"query": query, "pretty": body["data"]}
    prefix = 'invalid parameter "query": '
    error = body["error"]
    return {"query": query, "error": error[len(prefix):] if error.startswith(prefix) else error}


def main():
    queries = []
    for name in ("queries-valid.txt", "queries-invalid.txt"):
        with open(name, encoding="utf-8") as f:
            queries += [line.rstrip("\n") for line in f if line.rstrip("\n")]
    queries += MULTI_LINE
    with open("prometheus-2.42.jsonl", "w", encoding="utf-8") as out:
        for q in queries:
            out.write(json.dumps(ask(q), ensure_ascii=False) + "\n")


main()
