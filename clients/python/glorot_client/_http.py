"""HTTP for the client: problems as ``GlorotError``, and downloads that resume by themselves.

A GET is read straight into a buffer of its ``Content-Length`` that the caller allocates (``get_into``).
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


def _bytes(buffer: Any) -> memoryview:
    """A flat byte view of a C-contiguous buffer (a memoryview cannot cast an empty array's shape)."""
    view = memoryview(buffer)
    return view.cast("B") if view.nbytes else memoryview(bytearray())


def get_into(url: str, query: dict[str, str], allocate: Callable[[Mapping[str, str], int], Any], *,
             timeout: float, retries: int = DEFAULT_RETRIES, accept: str | None = None) -> Mapping[str, str]:
    """GETs ``url?query`` straight into a buffer the caller allocates, resuming with Range after a cut.

    ``allocate(headers, length)`` is called with the headers and ``Content-Length`` of each whole (``200``)
    answer and returns a writable, C-contiguous buffer of exactly ``length`` bytes (a numpy array of the answer's
    shape and dtype, or a ``bytearray``); the body is read into it with ``readinto``: no chunk objects, no
    growing buffer, no copy. A ``206`` after a cut continues in the same buffer. An answer without
    ``Content-Length`` (a proxy that re-chunked it) is read whole first and copied in. Returns the first answer's
    headers. ``retries`` counts consecutive failed attempts (an attempt that received bytes resets the count).
    """
    state: dict[str, Any] = {"headers": None, "etag": None, "total": None, "seen": 0, "got": 0, "view": None}

    def attempt() -> Mapping[str, str]:
        headers = {} if accept is None else {"Accept": accept}
        if state["got"]:
            headers["Range"] = "bytes=%d-" % state["got"]
            if state["etag"]:
                headers["If-Range"] = state["etag"]
        request = urllib.request.Request(url + "?" + urllib.parse.urlencode(query), headers=headers)
        try:
            with _open(request, timeout) as response:
                if state["got"] and response.status == 206:
                    match = _CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", ""))
                    if not match or int(match.group(1)) != state["got"] or int(match.group(3)) != state["total"]:
                        raise GlorotError(response.status, {
                            "detail": "resumed at byte %d but the server sent Content-Range %r"
                                      % (state["got"], response.headers.get("Content-Range"))})
                else:  # 200: the whole answer, first or again (the tag changed or the server ignored Range)
                    length = response.headers.get("Content-Length")
                    # no length: a proxy re-chunked the answer; it is read whole, then copied into the buffer once
                    body = response.read() if length is None else None
                    state.update(got=0, headers=response.headers, etag=response.headers.get("ETag"),
                                 total=len(body) if body is not None else int(length))
                    if "seed" not in query and response.headers.get("Tensor-Seed"):
                        query["seed"] = response.headers["Tensor-Seed"]  # a drawn seed: resume the same tensor
                    view = _bytes(allocate(cast(Mapping[str, str], response.headers), state["total"]))
                    if len(view) != state["total"] or view.readonly:
                        raise ValueError("allocate gave %d bytes for an answer of %d" % (len(view), state["total"]))
                    state["view"] = view
                    if body is not None:
                        view[:] = body
                        state["got"] = len(body)
                view = state["view"]
                while state["got"] < len(view):
                    n = response.readinto(view[state["got"]:])
                    if not n:
                        break
                    state["got"] += n
        except (OSError, http.client.HTTPException) as error:
            raise _Retry(error) from None
        if state["got"] != state["total"]:
            raise _Retry(http.client.IncompleteRead(bytes(0), state["total"] - state["got"]))
        first: Mapping[str, str] = state["headers"]
        return first

    def progressed() -> bool:
        moved: bool = state["got"] > state["seen"]
        state["seen"] = state["got"]
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
