"""docs/openapi.yaml against web/web.conf: every documented path is routed
to a handler, every /api/v1 route is documented, and each documented
operation is answered by Hunar (not Kore's "no such route")."""
import os
import re

from hunar_test import ROOT, http

SAMPLE = {"code": "G1001", "id": "1"}


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


def _routes():
    out = []
    with open(os.path.join(ROOT, "web", "web.conf")) as f:
        for line in f:
            m = re.match(r"^\s*route\s+(\S+)\s+(\S+)", line)
            if m:
                out.append((m.group(1), m.group(2)))
    return out


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
