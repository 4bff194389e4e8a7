"""docs/openapi.yaml against the Kore config (kore.conf and every file it
includes): every documented path is routed to a handler, every /api/v1
route is documented, and each documented operation is answered by Hunar
(not the catch-all 404)."""
import os
import re

from hunar_test import ROOT, http

SAMPLE = {"code": "G1001", "id": "1", "gig": "G1001", "course": "C101",
          "n": "1", "cert": "XXXX"}


def _openapi():
    """(path, method) pairs from the paths: section (stdlib only: the
    file keeps paths at 2 spaces and methods at 4)."""
    ops, path, inpaths = [], None, False
    with open(os.path.join(ROOT, "docs", "openapi.yaml")) as f:
        for line in f:
            if line.startswith("paths:"):
                inpaths = True
                continue
            if not inpaths:
                continue
            m = re.match(r"^  (/\S+):\s*$", line)
            if m:
                path = m.group(1)
                continue
            m = re.match(r"^    (get|post|put|delete|patch):\s*$", line)
            if m and path:
                ops.append((path, m.group(1).upper()))
    return ops


def _routes(name="kore.conf"):
    """Routes in Kore's order: kore.conf with its includes in place; the
    catch-all (page_not_found) is no route of the API."""
    out = []
    with open(os.path.join(ROOT, name)) as f:
        for line in f:
            m = re.match(r"^\s*include\s+\./(\S+)", line)
            if m:
                out.extend(_routes(m.group(1)))
                continue
            m = re.match(r"^\s*route\s+(\S+)\s+(\S+)", line)
            if m and m.group(2) != "page_not_found":
                out.append((m.group(1), m.group(2)))
    return out


def _handler(path):
    """The handler Kore picks for path: the first route that matches."""
    for r, h in _routes():
        if _matches(r, path):
            return h
    return None


def _matches(route, path):
    if route.startswith("/"):
        return route == path
    return re.fullmatch(route.lstrip("^").rstrip("$"), path) is not None


def _instance(path):
    return re.sub(r"\{(\w+)\}", lambda m: SAMPLE[m.group(1)], path)


def test_every_documented_path_is_routed():
    routes = _routes()
    missing = [p for p, _ in _openapi()
               if not any(_matches(r, _instance(p)) for r, _ in routes)]
    assert not missing, missing


def test_gig_codes_reach_matching_before_web():
    # Kore takes the first route that matches: matching.conf comes first.
    assert _handler("/api/v1/gigs/G1001/matches") == "match_matches"
    assert _handler("/api/v1/gigs/1001/offers") == "match_offer_post"
    assert _handler("/api/v1/gigs/G1001") == "web_gig"


def test_every_api_route_is_documented():
    docs = {_instance(p) for p, _ in _openapi()}
    undocumented = []
    for r, h in _routes():
        if "/api/v1" not in r:
            continue
        if not any(_matches(r, d) for d in docs):
            undocumented.append(r)
    assert not undocumented, undocumented


def test_documented_operations_answer_json():
    ops = _openapi()
    assert len(ops) >= 20
    for path, method in ops:
        body = "{}" if method in ("POST", "PUT") else None
        r = http(method, _instance(path), body=body,
                 headers={"Content-Type": "application/json"})
        ctype = r.header("content-type") or ""
        assert r.status < 500, (method, path, r.status)
        if r.status != 204:
            assert ctype.startswith("application/json"), (method, path,
                                                          r.status, ctype)
