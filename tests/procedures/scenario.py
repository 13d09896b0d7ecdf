#!/usr/bin/env python3
"""scenario.py - a fake GitHub scenario (tests/fakegh) for the procedure
suites: pull request hub4j-test-org/github-api#479 as the suite describes
it, on top of tests/fakegh/scenarios/clean.json (or hook-go.json, where
any commit belongs to the PR, for pushes through the hook).

    scenario.py OUT.json key=value...

keys (all optional):
  base=clean|hook        the scenario extended (default clean)
  title=TEXT             the PR's title
  branch=NAME            its head branch (default feature)
  into=NAME              its base branch (default master)
  body=@FILE             the PR's description, read from FILE
  author=LOGIN           who opened it (default alice)
  created_at=TIME        when it was opened (RFC 3339, default 2026-11-20T09:00:00Z)
  labels=a,b             its labels
  state=open|closed      and merged=true|false, draft=true|false
  behind=N               commits behind the base branch (default 0)
  ci=NAME:CONCLUSION,... its head's check runs (default test:success);
                         a conclusion "running" is a run in progress; no
                         commit statuses
  reviews=LOGIN:STATE,.. reviews of the head (default bob:APPROVED)
  files=PATH[:@PATCHFILE],...  the changed files (default app.txt)
  deps=N:STATE,...       issues the description depends on (open, closed)
  rpm=N                  the monitoring API's requests per minute, at
                         GET /v2/applications/7/metrics/data.json with
                         names[]=HttpDispatcher and X-Api-Key: nr-key
  sticky=ID              the PR already has prgate's comment ID (by
                         github-actions[bot])
  route=@FILE            more routes (a JSON array) tried first
"""
import json
import os
import sys

HEAD = "78b9ff49d47daaa158eb373c4e2e040f739df8b9"
REPO = "/repos/hub4j-test-org/github-api"
HERE = os.path.dirname(os.path.abspath(__file__))


def read(v):
    if v.startswith("@"):
        with open(v[1:], encoding="utf-8") as f:
            return f.read()
    return v


def main():
    out = sys.argv[1]
    a = dict(arg.split("=", 1) for arg in sys.argv[2:])
    base = {"clean": "clean.json", "hook": "hook-go.json"}[a.get("base", "clean")]
    routes = []
    if "route" in a:
        routes += json.loads(read(a["route"]))
    merged = a.get("merged") == "true"
    pr = {
        "title": a.get("title", "Release"),
        "user": {"login": a.get("author", "alice"), "type": "User"},
        "created_at": a.get("created_at", "2026-11-20T09:00:00Z"),
        "labels": [{"name": n} for n in a.get("labels", "").split(",") if n],
        "state": a.get("state", "closed" if merged else "open"),
        "merged": merged,
        "draft": a.get("draft") == "true",
        "merged_at": "2026-11-24T09:00:00Z" if merged else None,
        "statuses_url": f"https://api.github.com{REPO}/statuses/{HEAD}",
        "head": {"sha": HEAD, "ref": a.get("branch", "feature")},
        "base": {"ref": a.get("into", "master")},
        "_links": {"statuses": {"href": f"https://api.github.com{REPO}/statuses/{HEAD}"}},
    }
    hook = a.get("base") == "hook"
    if hook:
        # hook-go.json remembers the commit the hook looks up: it is the
        # PR's head, or once merged its merge commit (the deploy is bound
        # to it), and CI is served for any commit
        if merged:
            pr["merge_commit_sha"] = "{var:pushed}"
        else:
            pr["head"]["sha"] = "{var:pushed}"
    if "body" in a:
        pr["body"] = read(a["body"])
    routes.append({"method": "GET", "path": f"{REPO}/pulls/479",
                   "fixture": "recorded/pulls-get.json", "patch": pr})
    runs = []
    for i, item in enumerate(a.get("ci", "test:success").split(",")):
        if not item:
            continue
        name, concl = item.split(":")
        done = concl != "running"
        runs.append({"id": 1000 + i, "name": name, "head_sha": HEAD,
                     "status": "completed" if done else "in_progress",
                     "conclusion": concl if done else None,
                     "html_url": f"https://github.com/hub4j-test-org/github-api/runs/{1000 + i}",
                     "details_url": f"https://github.com/hub4j-test-org/github-api/actions/runs/{1000 + i}",
                     "app": {"slug": "github-actions", "name": "GitHub Actions"}})
    commit = ({"path_regex": REPO + "/commits/[0-9a-f]{40}"} if hook
              else {"path": f"{REPO}/commits/{HEAD}"})
    routes.append({"method": "GET",
                   **{k: v + "/check-runs" for k, v in commit.items()},
                   "body": {"total_count": len(runs), "check_runs": runs}})
    routes.append({"method": "GET",
                   **{k: v + "/status" for k, v in commit.items()},
                   "body": {"state": "pending", "statuses": [], "sha": HEAD,
                            "total_count": 0}})
    reviews = []
    for i, item in enumerate(a.get("reviews", "bob:APPROVED").split(",")):
        if not item:
            continue
        login, state = item.split(":")
        reviews.append({"id": 2000 + i, "user": {"login": login, "type": "User"},
                        "body": "", "state": state, "commit_id": HEAD,
                        "author_association": "MEMBER",
                        "submitted_at": "2026-11-20T10:00:00Z",
                        "html_url": f"https://github.com/hub4j-test-org/github-api/pull/479#pullrequestreview-{2000 + i}"})
    routes.append({"method": "GET", "path": f"{REPO}/pulls/479/reviews", "body": reviews})
    files = []
    for item in a.get("files", "app.txt").split(","):
        if not item:
            continue
        path, _, patch = item.partition(":")
        files.append({"filename": path, "status": "modified",
                      "patch": read(patch) if patch else "@@ -1 +1,2 @@\n v1\n+v2\n"})
    routes.append({"method": "GET", "path": f"{REPO}/pulls/479/files", "body": files})
    behind = int(a.get("behind", "0"))
    routes.append({"method": "GET", "path_regex": f"{REPO}/compare/[^/]+\\.\\.\\.[^/]+",
                   "fixture": "recorded/compare.json",
                   "patch": {"behind_by": behind, "ahead_by": 1,
                             "status": "diverged" if behind else "ahead"}})
    for item in a.get("deps", "").split(","):
        if not item:
            continue
        n, state = item.split(":")
        routes.append({"method": "GET", "path": f"{REPO}/issues/{n}",
                       "body": {"number": int(n), "state": state, "title": f"Release note {n}",
                                "html_url": f"https://github.com/hub4j-test-org/github-api/issues/{n}"}})
    if "rpm" in a:
        routes.append({"method": "GET", "path": "/v2/applications/7/metrics/data.json",
                       "query": {"names[]": "HttpDispatcher"},
                       "request_headers": {"X-Api-Key": "nr-key"},
                       "body": {"metric_data": {"metrics": [{"name": "HttpDispatcher",
                                "timeslices": [{"values": {"requests_per_minute": int(a["rpm"])}}]}]}}})
    if "sticky" in a:
        cid = int(a["sticky"])
        routes.append({"method": "GET", "path": f"{REPO}/issues/479/comments",
                       "body": [{"id": cid, "user": {"login": "github-actions[bot]", "type": "Bot"},
                                 "body": "<!-- prgate:sticky -->\nearlier verdict",
                                 "html_url": f"https://github.com/hub4j-test-org/github-api/pull/479#issuecomment-{cid}",
                                 "created_at": "2026-11-20T09:05:00Z",
                                 "updated_at": "2026-11-20T09:05:00Z"}]})
    scen = {"extends": os.path.join(HERE, "..", "fakegh", "scenarios", base),
            "routes": routes}
    if hook:
        # before the hook asks about a commit, the PR's head is HEAD
        scen["memory"] = {"pushed": HEAD}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(scen, f, indent=1)


main()
