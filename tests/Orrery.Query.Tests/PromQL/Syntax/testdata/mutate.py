#!/usr/bin/env python3
"""Random edits of known queries, answered by a real Prometheus 2.42 on 127.0.0.1:19090.

python3 mutate.py <corpus.jsonl> <seed> <out.jsonl> <count>: each output line is a mutated
query with Prometheus's pretty form or parse error. prometheus-2.42-mutated.jsonl holds
2,500 of them (seeds 7-10 and a second round over those), without backslash escapes: Go
keeps invalid UTF-8 bytes in strings, which .NET text cannot.
"""
import json, random, sys, urllib.parse, urllib.request
frags = ["foo", "bar:baz", "{", "}", "(", ")", "[", "]", ",", "=", "!=", "=~", "!~", "\"a\"", "'b'", "`c`", "5m", "1h30m", "0s", ":",
 "1", "1.5", ".5", "0x1f", "1e3", "Inf", "NaN", "+", "-", "*", "/", "%", "^", "==", ">", "<", ">=", "<=",
 "and", "or", "unless", "atan2", "bool", "on", "ignoring", "group_left", "group_right", "by", "without",
 "sum", "topk", "count_values", "quantile", "rate", "histogram_quantile", "label_join", "time", "vector",
 "offset", "@", "start()", "end()", "#", "\n", " ", "a=\"b\"", "[5m:1m]", "le", "\"a very long string literal\"", "1234567890123"]
corpus = [json.loads(l)["query"] for l in open(sys.argv[1], encoding="utf-8")]
rnd = random.Random(int(sys.argv[2]))
def mutate(q):
    q = list(q)
    for _ in range(rnd.randint(1, 3)):
        at = rnd.randrange(len(q)) if q else 0
        k = rnd.randrange(4)
        if k == 0 and q: del q[at:at + rnd.randint(1, 3)]
        elif k == 1: q[at:at] = list(rnd.choice(frags))
        elif k == 2 and q: q[at] = chr(rnd.randint(32, 126))
        else:
            n = rnd.randint(1, 12); q[at:at] = q[at:at + n]
    return "".join(q)
def ask(query):
    data = urllib.parse.urlencode({"query": query}).encode()
    try:
        with urllib.request.urlopen("http://127.0.0.1:19090/api/v1/format_query", data) as r: body = json.load(r)
    except urllib.error.HTTPError as e: body = json.load(e)
    if body["status"] == "success": return {"query": query, "pretty": body["data"]}
    p = 'invalid parameter "query": '; e = body["error"]
    return {"query": query, "error": e[len(p):] if e.startswith(p) else e}
with open(sys.argv[3], "w", encoding="utf-8") as out:
    for i in range(int(sys.argv[4])):
        q = mutate(rnd.choice(corpus))
        if not q.strip(): continue
        out.write(json.dumps(ask(q), ensure_ascii=False) + "\n")
