#!/usr/bin/env python3
"""score.py - how well `prgate lint --template` reads the real-world corpus.

Each folder here is one template family: template.md, the team's PR
template, and PR descriptions NAME.md, each with a hand label NAME.label:

    unfilled: Section          present in the PR but left as the template had it
    optional-missing: Section  deleted, and the template lets the author do so
    required-missing: Section  deleted, but the template needs it

(one line each; sections not named are present and filled in; names as the
template writes them). For every PR this runs

    prgate lint --config EMPTY --template template.md --format json NAME.md

and compares the findings with the label:

  - unfilled: the sections with a `placeholder` or `section-empty`
    finding, by the finding's "section" or "policy_section" (compared
    ignoring case, accents, spaces, punctuation and emoji). Precision,
    recall and F1 over all PRs.
  - false missing alarms: `section-missing` findings of severity error or
    warning for a section the label does not call required-missing,
    per PR.

Usage: score.py PRGATE [--verbose] [--check] [--only FAMILY...] [--skip FAMILY...]
Exit 0, or with --check 1 when F1 is under 0.92 or the false alarms are
over 0.3 per PR (the targets in the README), with a last line
"realworld: N passed, N failed" for tests/run.sh.
"""
import json
import os
import subprocess
import sys
import tempfile
import unicodedata

UNFILLED_RULES = {"placeholder", "section-empty"}


def key(name):
    s = unicodedata.normalize("NFKD", name or "").casefold()
    return "".join(c for c in s if c.isalnum())


def read_label(path):
    lab = {"unfilled": set(), "optional-missing": set(),
           "required-missing": set()}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            kind, _, name = line.partition(":")
            lab[kind.strip()].add(key(name.strip()))
    return lab


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit("usage: score.py PRGATE [--verbose] [--only F...] [--skip F...]")
    prgate = os.path.abspath(args[0])
    verbose = "--verbose" in args
    check = "--check" in args
    only, skip, mode = [], [], None
    for a in args[1:]:
        if a in ("--only", "--skip"):
            mode = a
        elif a.startswith("--"):
            mode = None
        elif mode == "--only":
            only.append(a)
        elif mode == "--skip":
            skip.append(a)
    here = os.path.dirname(os.path.abspath(__file__))
    tp = fp = fn = alarms = missed_required = prs = 0
    families = 0
    with tempfile.TemporaryDirectory() as tmp:
        cfg = os.path.join(tmp, "empty.json")
        with open(cfg, "w") as f:
            f.write("{}\n")
        for fam in sorted(os.listdir(here)):
            d = os.path.join(here, fam)
            if not os.path.isdir(d) or not os.path.exists(
                    os.path.join(d, "template.md")):
                continue
            if only and not any(o in fam for o in only):
                continue
            if any(s in fam for s in skip):
                continue
            families += 1
            for pr in sorted(os.listdir(d)):
                if not pr.endswith(".md") or pr == "template.md":
                    continue
                name = pr[:-3]
                lab = read_label(os.path.join(d, name + ".label"))
                out = subprocess.run(
                    [prgate, "lint", "--config", cfg, "--template",
                     "template.md", "--format", "json", pr],
                    cwd=d, capture_output=True, text=True)
                try:
                    rep = json.loads(out.stdout)
                except ValueError:
                    print(f"{fam}/{pr}: no JSON (exit {out.returncode}): "
                          f"{out.stderr.strip()}")
                    continue
                prs += 1
                pred = set()
                miss = set()
                for fd in rep.get("findings", []):
                    names = {key(fd.get("section")),
                             key(fd.get("policy_section"))} - {""}
                    if fd["rule"] in UNFILLED_RULES and names:
                        # one section: the label's name if either matches
                        hit = names & lab["unfilled"]
                        pred.add(min(hit) if hit else min(names))
                    if (fd["rule"] == "section-missing" and
                            fd["severity"] in ("error", "warning")):
                        hit = names & lab["required-missing"]
                        miss.add(min(hit) if hit else min(names))
                t = pred & lab["unfilled"]
                f_p = pred - lab["unfilled"]
                f_n = lab["unfilled"] - pred
                false_alarms = miss - lab["required-missing"]
                tp += len(t)
                fp += len(f_p)
                fn += len(f_n)
                alarms += len(false_alarms)
                missed_required += len(lab["required-missing"] - miss)
                if verbose and (f_p or f_n or false_alarms):
                    print(f"{fam}/{pr}: false unfilled {sorted(f_p)} "
                          f"missed {sorted(f_n)} "
                          f"false missing {sorted(false_alarms)}")
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"realworld: {prs} PRs, {families} templates")
    print(f"unfilled sections: precision {p:.2f} recall {r:.2f} F1 {f1:.2f} "
          f"(tp {tp}, fp {fp}, fn {fn})")
    print(f"false section-missing alarms: {alarms} "
          f"({alarms / prs if prs else 0:.2f} per PR); "
          f"required sections missing and not reported: {missed_required}")
    if check:
        ok_f1 = f1 >= 0.92
        ok_alarms = prs > 0 and alarms / prs <= 0.3
        if not ok_f1:
            print(f"realworld: F1 {f1:.2f} is under the target 0.92")
        if not ok_alarms:
            print("realworld: false section-missing alarms over the "
                  "target 0.3 per PR (or no PR scored)")
        good = ok_f1 + ok_alarms
        print(f"realworld: {good} passed, {2 - good} failed")
        sys.exit(0 if good == 2 else 1)


if __name__ == "__main__":
    main()
