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
    "foo # comment\n+ bar",
    "foo\n{a=\"b\"}",
    "sum by (a)\n(foo)\n+\nbar{",
    "a\n\n\n  + on(b) group_left(b) c",
    "\"multi\nline\"",
    "`raw\nstring`",
    "`raw\nstring` + 1",
    "1\n+\n\"a\"",
]

# Selectors as /api/v1/series takes them in match[] (its errors carry no parameter prefix).
SELECTORS = [
    "up", "up{job=\"a\"}", "{job=\"a\"}", "{__name__=~\"a.*\"}", "{}", "{a=\"\"}", "up{}",
    "foo:bar{a=~\"b|c\",d!=\"e\"}", "up[5m]", "rate(up[5m])", "1", "", "up offset 5m", "up{",
    "up{a=b}", "sum", "by{a=\"b\"}", "up or down", "{a!=\"x\"}", "up{__name__=\"x\"}", "{x=~\".*\"}",
    "up @ 1", "\"up\"", "{a=\"b\",}", "up{a=\"b\"} # c", "  up  ", "up)", "(up)",
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


def ask_series(selector):
    query = urllib.parse.urlencode({"match[]": selector, "start": "0", "end": "1"})
    try:
        with urllib.request.urlopen("http://127.0.0.1:19090/api/v1/series?" + query) as r:
            body = json.load(r)
    except urllib.error.HTTPError as e:
        body = json.load(e)
    if body["status"] == "success":
        return {"selector": selector}
    return {"selector": selector, "error": body["error"]}


def main():
    queries = []
    for name in ("queries-valid.txt", "queries-invalid.txt"):
        with open(name, encoding="utf-8") as f:
            queries += [line.rstrip("\n") for line in f if line.rstrip("\n")]
    queries += MULTI_LINE
    with open("prometheus-2.42.jsonl", "w", encoding="utf-8") as out:
        for q in queries:
            out.write(json.dumps(ask(q), ensure_ascii=False) + "\n")
    with open("prometheus-2.42-selectors.jsonl", "w", encoding="utf-8") as out:
        for s in SELECTORS:
            out.write(json.dumps(ask_series(s), ensure_ascii=False) + "\n")


main()
