#!/usr/bin/env python3
"""many_prs.py N [LOG] - print a scenario of N open PRs into main, each the
clean PR of scenarios/clean.json with a head of its own: PRs 1000, 1001...
listed 100 a page, and each PR's reads (the PR, its reviews, files, check
runs, combined status and comments) answered by path_regex routes, plus
the comment a bot run creates. With LOG (a bot run's request log, over
any number of these PRs: they are all alike), GitHub as the bot's runs
leave it once they have written everything (at most 50 writes a run):
every PR shows the comments that run posted, every head the statuses it
set. For tests/bench/scale.sh and tests/sh/window.sh."""
import json, sys
from pathlib import Path
n = int(sys.argv[1])
log = sys.argv[2] if len(sys.argv) > 2 else ""
top = str(Path(__file__).resolve().parents[2])
P = "/repos/hub4j-test-org/github-api"
clean = json.load(open(top + "/tests/fakegh/scenarios/clean.json"))
def route(path):
    return next(r for r in clean["routes"] if r.get("path") == P + path)
SHA = "78b9ff49d47daaa158eb373c4e2e040f739df8b9"
# PRs 1000, 1001...: each its own head, 78b9...739d then its number
first = 1000
def head(x):
    return SHA[:36] + "%04d" % x
pr = route("/pulls/479")
pages = [list(range(i, min(i + 100, first + n))) for i in range(first, first + n, 100)]
status = route("/commits/%s/status" % SHA)
status = dict(status, path=None, path_regex=P + "/commits/([0-9a-f]{40})/status",
              patch=dict(status["patch"], sha="{path:1}"))
routes = []
if log:
    posted, statuses = [], []
    for line in open(log, encoding="utf-8"):
        r = json.loads(line)
        if r["method"] == "POST" and r["path"].endswith("/comments"):
            body = json.loads(r["body"])["body"]
            if body not in posted:
                posted.append(body)
        elif r["method"] == "POST" and "/statuses/" in r["path"]:
            st = json.loads(r["body"])
            if st not in statuses:
                statuses.append(st)
    # every PR's comments and every head's combined status as the runs
    # left them (every PR is alike: the same comment and statuses on each)
    routes.append({"method": "GET", "path_regex": P + "/issues/[0-9]+/comments",
                   "body": [{"id": 9000 + k, "body": body,
                             "html_url": "https://github.com/hub4j-test-org/github-api/pull/1#issuecomment-%d" % (9000 + k),
                             "user": {"login": "github-actions[bot]", "id": 41898282, "type": "Bot"}}
                            for k, body in enumerate(posted)]})
    status = dict(status, patch=dict(status["patch"],
                                     statuses=statuses + status["patch"]["statuses"]))
for k, nums in reversed(list(enumerate(pages, 1))):
    r = {"method": "GET", "path": P + "/pulls",
         "query": {"state": "open"} if k == 1 else {"state": "open", "page": str(k)},
         "body": [{"number": x, "state": "open", "head": {"sha": head(x)}}
                  for x in nums]}
    if k < len(pages):
        r["headers"] = {"link": "<{base}%s/pulls?state=open&base=main&per_page=100&page=%d>; rel=\"next\", <{base}%s/pulls?state=open&base=main&per_page=100&page=%d>; rel=\"last\"" % (P, k + 1, P, len(pages))}
    routes.append(r)
reviews = route("/pulls/479/reviews")
checks = route("/commits/%s/check-runs" % SHA)
routes += [
    dict(pr, path=None, path_regex=P + "/pulls/([0-9]+)",
         patch=dict(pr["patch"], head={"sha": SHA[:36] + "{path:1}"})),
    {"method": "GET", "path_regex": P + "/pulls/([0-9]+)/reviews",
     "fixture": reviews["fixture"],
     "patch": [dict(x, commit_id=SHA[:36] + "{path:1}") for x in reviews["patch"]]},
    {"method": "GET", "path_regex": P + "/pulls/[0-9]+/files",
     "fixture": "openapi/pulls-files-list.json"},
    dict(checks, path=None, path_regex=P + "/commits/[0-9a-f]{40}/check-runs"),
    status,
    {"method": "GET", "path_regex": P + "/issues/[0-9]+/comments",
     "fixture": "recorded/issue-comments-list.json"},
    {"method": "POST", "path_regex": P + "/issues/[0-9]+/comments",
     "fixture": "recorded/issue-comment-create.json"},
]
for r in routes:
    if r.get("path") is None:
        r.pop("path", None)
print(json.dumps({"extends": top + "/tests/fakegh/scenarios/clean.json",
                  "routes": routes}))
