"""HTTP for the client: problems as ``GlorotError``, and downloads that resume by themselves.

A GET that is cut (the connection resets or closes before ``Content-Length`` bytes, the server stops, the server
is restarting and refuses connections) is retried with ``Range: bytes=<received>-`` and ``If-Range: <ETag>``, so
only the missing bytes are sent again: a ``206`` continues the answer, a ``200`` (the tag no longer matches)
starts it over. A seed the server drew is pinned from ``Tensor-Seed`` before the retry. A POST (batch) has no
ranges and is sent again whole. ``503`` answers (overloaded, draining) are retried after ``Retry-After``.
"""

from __future__ import annotations

import http.client
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

T = TypeVar("T")

DEFAULT_RETRIES = 8
"""Attempts after the first one, each after a pause doubling from 0.5 s up to 8 s (about 40 s in all)."""

_CHUNK = 1 << 20
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+)")


class GlorotError(Exception):
    """A request the server refused: carries the RFC 9457 problem (``status``, ``type``, ``parameter``, ...)."""

    status: int
    problem: dict[str, Any]
    type: str | None
    parameter: str | None

    def __init__(self, status: int, problem: Any) -> None:
        self.status = status
        self.problem = problem if isinstance(problem, dict) else {"detail": str(problem)}
        self.type = self.problem.get("type")
        self.parameter = self.problem.get("parameter")
        super().__init__("%s %s: %s" % (status, self.problem.get("title", ""), self.problem.get("detail", "")))


class _Retry(Exception):
    """An answer worth asking for again after ``delay`` seconds (or the backoff, when None)."""

    def __init__(self, cause: BaseException, delay: float | None = None) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.delay = delay


def _problem(error: urllib.error.HTTPError) -> GlorotError:
    body = error.read()
    try:
        problem = json.loads(body.decode("utf-8"))
    except ValueError:
        problem = {"detail": body.decode("utf-8", "replace")}
    return GlorotError(error.code, problem)


def _open(request: urllib.request.Request, timeout: float) -> http.client.HTTPResponse:
    try:
        return cast(http.client.HTTPResponse, urllib.request.urlopen(request, timeout=timeout))
    except urllib.error.HTTPError as error:
        problem = _problem(error)
        if error.code == 503:
            retry_after = error.headers.get("Retry-After", "")
            raise _Retry(problem, float(retry_after) if retry_after.isdigit() else None) from None
        raise problem from None
    except (OSError, http.client.HTTPException) as error:
        raise _Retry(error) from None


def _with_retries(attempt: Callable[[], T], retries: int, on_progress: Callable[[], bool]) -> T:
    failures = 0
    while True:
        try:
            return attempt()
        except _Retry as retry:
            failures = 0 if on_progress() else failures + 1
            if failures > retries:
                raise retry.cause from None
            pause = retry.delay if retry.delay is not None else min(0.5 * 2 ** (failures - 1), 8.0)
            time.sleep(pause)


def get(url: str, query: dict[str, str], *, timeout: float, retries: int = DEFAULT_RETRIES,
        accept: str | None = None) -> tuple[bytes, Mapping[str, str]]:
    """GETs ``url?query`` whole, resuming with Range after a cut; returns the body and the first answer's headers.

    ``retries`` counts consecutive failed attempts (an attempt that received bytes resets the count).
    """
    data = bytearray()
    state: dict[str, Any] = {"headers": None, "etag": None, "total": None, "seen": 0}

    def attempt() -> tuple[bytes, Mapping[str, str]]:
        headers = {} if accept is None else {"Accept": accept}
        if data:
            headers["Range"] = "bytes=%d-" % len(data)
            if state["etag"]:
                headers["If-Range"] = state["etag"]
        request = urllib.request.Request(url + "?" + urllib.parse.urlencode(query), headers=headers)
        try:
            with _open(request, timeout) as response:
                if data and response.status == 206:
                    match = _CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", ""))
                    if not match or int(match.group(1)) != len(data) or int(match.group(3)) != state["total"]:
                        raise GlorotError(response.status, {
                            "detail": "resumed at byte %d but the server sent Content-Range %r"
                                      % (len(data), response.headers.get("Content-Range"))})
                else:  # 200: the whole answer, first or again (the tag changed or the server ignored Range)
                    data.clear()
                    state["headers"] = response.headers
                    state["etag"] = response.headers.get("ETag")
                    length = response.headers.get("Content-Length")
                    state["total"] = int(length) if length is not None else None
                    if "seed" not in query and response.headers.get("Tensor-Seed"):
                        query["seed"] = response.headers["Tensor-Seed"]  # a drawn seed: resume the same tensor
                while True:
                    chunk = response.read(_CHUNK)
                    if not chunk:
                        break
                    data.extend(chunk)
        except (OSError, http.client.HTTPException) as error:
            raise _Retry(error) from None
        if state["total"] is not None and len(data) != state["total"]:
            raise _Retry(http.client.IncompleteRead(bytes(0), state["total"] - len(data)))
        first: Mapping[str, str] = state["headers"]
        return bytes(data), first

    def progressed() -> bool:
        moved: bool = len(data) > state["seen"]
        state["seen"] = len(data)
        return moved

    return _with_retries(attempt, retries, progressed)


def post_json(url: str, body: Mapping[str, Any], *, timeout: float,
              retries: int = DEFAULT_RETRIES) -> tuple[bytes, Mapping[str, str]]:
    """POSTs a JSON body and reads the whole answer, sending it again whole after a cut (no ranges for POST)."""
    payload = json.dumps(body).encode("utf-8")

    def attempt() -> tuple[bytes, Mapping[str, str]]:
        request = urllib.request.Request(url, data=payload, headers={"Content-Type": "application/json"},
                                         method="POST")
        try:
            with _open(request, timeout) as response:
                return response.read(), cast(Mapping[str, str], response.headers)
        except (OSError, http.client.HTTPException) as error:
            raise _Retry(error) from None

    return _with_retries(attempt, retries, lambda: False)
