#!/usr/bin/env python3
"""fakegh - a fake GitHub REST API on loopback for prgate's tests.

Serves the responses a scenario file names (recorded GitHub responses from
fixtures/github/, optionally patched, or inline bodies), logs every request as
one JSON line, and injects faults on demand (slow, truncated or reset bodies,
hangs, invalid JSON, rate limits, redirects, huge bodies). Speaks HTTP/1.1,
and with --tls-cert HTTPS; with --http2 also HTTP/2 to clients that offer it
(ALPN h2). Python 3 standard library only, but for HTTP/2 (Debian's
python3-h2). See README.md next to this file for the scenario format.

    fakegh.py --scenario FILE [--port 0] [--port-file FILE] [--log FILE]
              [--delay-ms N] [--parent-pid PID]
              [--rate-limit N] [--rate-window SECONDS]
              [--tls-cert PEM --tls-key PEM [--http2]] [--conn-log FILE]
"""

import _thread
import argparse
import hashlib
import json
import os
import queue
import re
import select
import signal
import socket
import struct
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "github"
DOCS_URL = "https://docs.github.com/rest"
RATE_DOCS_URL = ("https://docs.github.com/rest/using-the-rest-api/"
                 "rate-limits-for-the-rest-api")
JSON_TYPE = "application/json; charset=utf-8"
INVALID_JSON = b'{"id": 1,, broken'
# Recorded headers never replayed: this server frames its own bodies.
DROP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "te",
                "trailer", "upgrade", "proxy-connection", "content-length",
                "content-encoding", "status"}
ROUTE_KEYS = {"method", "path", "path_regex", "query", "status", "fixture",
              "body", "patch", "headers", "times", "fault", "comment",
              "request_body", "request_headers", "remember", "barrier"}
# Fault name -> kind of argument: int, "url", "int?" (optional int) or None.
FAULTS = {"slow": int, "slow-body": int, "truncate": None,
          "close-mid-body": None, "hang": None, "invalid-json": None,
          "big-length": "int?", "rate-limit": "int?",
          "secondary-rate-limit": int, "too-many": int, "redirect": "url",
          "huge": int}
# Faults that answer with their own status and body instead of the route's.
REPLACING = {"invalid-json", "huge", "redirect", "rate-limit",
             "secondary-rate-limit", "too-many"}
# the installation an Actions token belongs to, in the primary limit's 403
INSTALLATION_ID = 4242424
SECONDARY_MESSAGE = ("You have exceeded a secondary rate limit. Please wait a "
                     "few minutes before you try again.")

STOP = threading.Event()  # set on SIGTERM/SIGINT; every wait checks it
BARRIER = threading.Condition()  # routes' "barrier"
ARRIVED = {}  # barrier name -> requests arrived
BARRIER_WAIT = 10


class ScenarioError(Exception):
    pass


def pause(ms):
    """Sleep ms milliseconds; False if the server is stopping meanwhile."""
    return not STOP.wait(ms / 1000) if ms > 0 else not STOP.is_set()


def merge(base, patch):
    """Deep-merge patch over base: objects key by key; a list patch over a
    list item by item (items past the fixture's end start from its last
    item, and the result has the patch's length); anything else replaces."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for key, value in patch.items():
            out[key] = merge(base.get(key), value)
        return out
    if isinstance(base, list) and isinstance(patch, list) and base:
        return [merge(base[min(i, len(base) - 1)], p)
                for i, p in enumerate(patch)]
    return patch


def compact(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()


def phrase(status):
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def error_body(status):
    """GitHub's error shape: {"message":...,"documentation_url":...}."""
    return compact({"message": phrase(status), "documentation_url": DOCS_URL})


def wait_barrier(route):
    """Count this request at route's barrier and wait for the rest;
    False when they did not all come within BARRIER_WAIT s."""
    name = route.barrier_name
    with BARRIER:
        ARRIVED[name] = ARRIVED.get(name, 0) + 1
        BARRIER.notify_all()
        return BARRIER.wait_for(
            lambda: ARRIVED[name] >= route.barrier or STOP.is_set(),
            timeout=BARRIER_WAIT) and not STOP.is_set()


class Route:
    """One scenario route, loaded and checked once at start-up."""

    def __init__(self, spec, where):
        self.where = where
        if not isinstance(spec, dict):
            raise ScenarioError(f"{where}: not an object")
        unknown = sorted(set(spec) - ROUTE_KEYS)
        if unknown:
            raise ScenarioError(f"{where}: unknown key '{unknown[0]}'")
        if ("path" in spec) == ("path_regex" in spec):
            raise ScenarioError(f"{where}: needs exactly one of path, path_regex")
        if "fixture" in spec and "body" in spec:
            raise ScenarioError(f"{where}: fixture and body are exclusive")
        for key, kind in (("status", int), ("times", int), ("query", dict),

                          ("headers", dict), ("method", str), ("fault", str),
                          ("request_body", str), ("request_headers", dict)):
            if key in spec and not isinstance(spec[key], kind):
                raise ScenarioError(f"{where}: {key} must be {kind.__name__}")
        self.method = spec.get("method", "GET").upper()
        self.path = spec.get("path")
        self.regex = re.compile(spec["path_regex"]) if "path_regex" in spec else None
        self.query = {k: str(v) for k, v in spec.get("query", {}).items()}
        # optional: the exact request body, and request headers (names
        # caseless, values exact) a request must carry to match
        self.request_body = spec.get("request_body")
        self.request_headers = {k.lower(): str(v) for k, v in
                                spec.get("request_headers", {}).items()}
        self.times = spec.get("times")
        self.remember = spec.get("remember")
        if self.remember is not None and (not isinstance(self.remember, str)
                                          or "path_regex" not in spec):
            raise ScenarioError(f"{where}: \"remember\" needs a name and a path_regex")
        self.served = 0
        # "barrier": N holds each matching request until N have arrived
        # (requests sent one after another never get there: 504 after
        # BARRIER_WAIT s); "NAME:N" counts the requests of every route
        # with that NAME together
        self.barrier, self.barrier_name = self.parse_barrier(spec.get("barrier"))
        self.fault, self.arg = self.parse_fault(spec.get("fault"))
        self.explicit_status = spec.get("status")
        self.recorded = {}  # response headers of a recorded fixture
        self.status, self.body = self.load_body(spec)
        self.headers = {k.lower(): v for k, v in spec.get("headers", {}).items()}

    def parse_barrier(self, value):
        if value is None:
            return None, None
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value, f"route {id(self)}"
        if isinstance(value, str):
            name, _, count = value.rpartition(":")
            if name and count.isdigit() and int(count) > 0:
                return int(count), name
        raise ScenarioError(f"{self.where}: barrier must be N or \"NAME:N\"")

    def parse_fault(self, text):
        if text is None:
            return None, None
        name, _, arg = text.partition(":")
        if name not in FAULTS:
            raise ScenarioError(f"{self.where}: unknown fault '{name}'")
        kind = FAULTS[name]
        if kind is None or (kind == "int?" and not arg):
            if arg:
                raise ScenarioError(f"{self.where}: fault '{name}' takes no argument")
            return name, None
        if kind == "url":
            return name, arg
        if not arg.isdigit():
            raise ScenarioError(f"{self.where}: fault '{name}' needs a number")
        return name, int(arg)

    def load_body(self, spec):
        """The route's (status, body bytes) before any fault."""
        status, doc, raw = 200, None, b""
        if "fixture" in spec:
            path = (FIXTURES / spec["fixture"]).resolve()
            if FIXTURES.resolve() not in path.parents:
                raise ScenarioError(f"{self.where}: fixture outside fixtures/github")
            meta = path.with_name(path.stem + ".headers.json")
            if not path.is_file() and not meta.is_file():
                raise ScenarioError(f"{self.where}: no fixture '{spec['fixture']}'")
            if meta.is_file():
                status = self.load_recorded(json.loads(meta.read_text()))
            raw = path.read_bytes() if path.is_file() else b""  # e.g. a 304
            if "patch" in spec:
                doc = json.loads(raw)
        elif isinstance(spec.get("body"), str):
            raw = spec["body"].encode()
        elif "body" in spec:
            doc = spec["body"]
            raw = compact(doc)
        if "patch" in spec:
            if doc is None:
                raise ScenarioError(f"{self.where}: patch needs a JSON fixture or body")
            raw = json.dumps(merge(doc, spec["patch"]), indent=2,
                             ensure_ascii=False).encode()
        status = spec.get("status", status)
        if not raw and status >= 400 and "fixture" not in spec:
            raw = error_body(status)
        return status, raw

    def load_recorded(self, info):
        """Keep a recording's headers (Link/Location pointed at this server)
        and return its status."""
        for name, value in info.get("headers", {}).items():
            name = name.lower()
            if name in DROP_HEADERS or (name == "etag" and
                                        info.get("status", 200) == 200):
                continue  # a 200's ETag is made per request (etag_of())
            if name in ("link", "location"):
                value = value.replace("https://api.github.com", "{base}")
            self.recorded[name] = value
        return info.get("status", 200)

    def matches(self, method, path, query, body=None, headers=None):
        if self.request_body is not None and self.request_body != body:
            return False
        if any((headers or {}).get(k) != v
               for k, v in self.request_headers.items()):
            return False
        if self.method != method and not (method == "HEAD" and self.method == "GET"):
            return False
        if self.regex and not self.regex.fullmatch(path):
            return False
        if self.path is not None and self.path != path:
            return False
        return all(query.get(k) == v for k, v in self.query.items())

    def fill_groups(self, path, body):
        """A path_regex route's body may say {path:N}: the request path's
        group N (e.g. the commit sha a test just made)."""
        if not self.regex or b"{path:" not in body:
            return body
        m = self.regex.fullmatch(path)
        for i, group in enumerate(m.groups() if m else (), 1):
            body = body.replace(("{path:%d}" % i).encode(), (group or "").encode())
        return body

    def remember_groups(self, path, memory):
        """A route with "remember": NAME keeps its path_regex's group 1
        under NAME; any later body's {var:NAME} becomes it (a commit sha
        the hook asked about, answered later as the PR's head)."""
        if self.remember:
            m = self.regex.fullmatch(path)
            if m and m.groups():
                memory[self.remember] = m.group(1) or ""

    def response(self):
        """(status, headers, body) to send. Headers are layered: recorded <
        made by the fault < the scenario's "headers" (null removes one)."""
        status, headers, body, made = self.status, dict(self.recorded), self.body, {}
        # a recording's rate limit was another token's at another time:
        # the server's own accounting (count()) says it, as GitHub would
        for name in [n for n in headers if n.startswith("x-ratelimit-")]:
            del headers[name]
        fault, arg = self.fault, self.arg
        if fault in REPLACING:  # these answer instead of the fixture
            headers = {}
        if fault == "invalid-json":
            status, body = 200, INVALID_JSON
        elif fault == "huge":
            pad = max(arg - len(b'{"pad":""}'), 0)
            status, body = 200, b'{"pad":"' + b"x" * pad + b'"}'
        elif fault == "redirect":
            status, body, made = 302, b"", {"location": arg}
        elif fault == "rate-limit":
            reset = int(time.time()) + (60 if arg is None else arg)
            status = 403
            body = compact({"message": "API rate limit exceeded for 127.0.0.1.",
                            "documentation_url": RATE_DOCS_URL})
            made = {"x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0",
                    "x-ratelimit-used": "5000", "x-ratelimit-resource": "core",
                    "x-ratelimit-reset": str(reset)}
        elif fault in ("secondary-rate-limit", "too-many"):
            status = 403 if fault == "secondary-rate-limit" else 429
            body = compact({"message": SECONDARY_MESSAGE,
                            "documentation_url": RATE_DOCS_URL})
            made = {"retry-after": str(arg), "x-ratelimit-limit": "5000",
                    "x-ratelimit-remaining": "4999", "x-ratelimit-used": "1",
                    "x-ratelimit-resource": "core",
                    "x-ratelimit-reset": str(int(time.time()) + 3600)}
        if self.explicit_status is not None:
            status = self.explicit_status
        if body and "content-type" not in headers:
            headers["content-type"] = JSON_TYPE
        headers.update(made)
        headers.update(self.headers)
        return status, headers, body


class Scenario:
    """The routes of a scenario file; with "extends", the base file's routes
    follow this file's own, so this file's routes win."""

    def __init__(self, path, depth=0):
        try:
            spec = json.loads(Path(path).read_text())
        except (OSError, ValueError) as e:
            raise ScenarioError(f"cannot read scenario '{path}': {e}")
        if not isinstance(spec, dict) or not isinstance(spec.get("routes"), list):
            raise ScenarioError(f"scenario '{path}': needs a \"routes\" list")
        unknown = sorted(set(spec) - {"routes", "default_status", "extends",
                                      "comment", "memory"})
        if unknown:
            raise ScenarioError(f"scenario '{path}': unknown key '{unknown[0]}'")
        self.routes = [Route(r, f"scenario '{path}': route {i}")
                       for i, r in enumerate(spec["routes"])]
        # "memory": {NAME: text}: what {var:NAME} is until a "remember"
        # route keeps something else under NAME
        self.memory = spec.get("memory", {})
        if not isinstance(self.memory, dict) or not all(
                isinstance(v, str) for v in self.memory.values()):
            raise ScenarioError(f"scenario '{path}': \"memory\" must map names to text")
        self.default_status = spec.get("default_status", 404)
        if "extends" in spec:
            if depth > 8:
                raise ScenarioError(f"scenario '{path}': extends too deep")
            base = Scenario(Path(path).parent / spec["extends"], depth + 1)
            self.routes += base.routes
            self.memory = {**base.memory, **self.memory}
            self.default_status = spec.get("default_status", base.default_status)
        self.lock = threading.Lock()

    def find(self, method, path, query, body=None, headers=None):
        """The first matching route not yet used up (and count its use)."""
        with self.lock:
            for route in self.routes:
                if route.times is not None and route.served >= route.times:
                    continue
                if route.matches(method, path, query, body, headers):
                    route.served += 1
                    return route
        return None


def etag_of(headers, body):
    """GitHub's strong ETag as observed: the SHA-256 of the request's
    Accept, Authorization and Cookie values (those sent, in that order),
    each followed by ':', then the body."""
    h = hashlib.sha256()
    for name in ("accept", "authorization", "cookie"):
        if name in headers:
            h.update(headers[name].encode() + b":")
    h.update(body)
    return '"%s"' % h.hexdigest()


def conditional(req_headers, status, headers, body):
    """A 200 to a GET gets an ETag (unless the scenario gave one); a
    request whose If-None-Match names it (or is *) gets 304 and no body.
    A scenario's "etag": null means none (and never a 304)."""
    if "etag" in headers and headers["etag"] is None:
        return status, headers, body
    tag = headers.get("etag") or etag_of(req_headers, body)
    headers = dict(headers, etag=tag)
    wanted = req_headers.get("if-none-match")
    if wanted is not None:
        tags = [t.strip() for t in wanted.split(",")]
        bare = tag[2:] if tag.startswith("W/") else tag
        if "*" in tags or any((t[2:] if t.startswith("W/") else t) == bare
                              for t in tags):
            keep = {k: v for k, v in headers.items()
                    if k in ("etag", "cache-control", "vary")}
            return 304, keep, b""
    return status, headers, body


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fakegh"

    def log_message(self, fmt, *args):  # the JSON request log replaces it
        pass

    def setup(self):
        if self.server.tls:
            # the handshake, in this connection's thread; a client that
            # refuses the certificate ends it here, before any request
            try:
                self.request = self.server.tls.wrap_socket(self.request, server_side=True)
            except OSError as e:  # ssl.SSLError is one
                self.server.log_conn({"event": "tls-failed", "error": str(e)})
                raise
            self.server.log_conn({"event": "tls", "version": self.request.version(),
                                  "alpn": self.request.selected_alpn_protocol()})
        super().setup()
        # headers and body go out in separate writes: without this, Nagle
        # and the client's delayed ACK hold the body back ~40 ms
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def handle(self):
        if self.server.tls and self.connection.selected_alpn_protocol() == "h2":
            Http2(self.connection, self.server).serve()
        else:
            super().handle()

    def read_body(self):
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        if self.headers.get("content-length") is None:
            return None
        return self.rfile.read(int(self.headers["content-length"]))

    def handle_any(self):
        body = self.read_body()
        headers = {}
        for name, value in self.headers.items():
            name = name.lower()
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        answer = self.server.answer(self.command, self.path, headers, body)
        if answer is None:  # the server is stopping
            self.close_connection = True
            return
        try:
            self.deliver(*answer)
        except OSError:  # the client gave up; nothing more to say to it
            self.close_connection = True

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = handle_any

    def deliver(self, status, headers, body, fault, arg):
        """Write the answer as HTTP/1.1, with the fault's damage."""
        if fault == "hang":
            return self.hang()
        length = len(body)
        if fault == "big-length":
            length = arg if arg is not None else len(body) + 1_000_000
        self.send_head(status, headers, length)
        if self.command == "HEAD":
            return
        half = body[:len(body) // 2]
        if fault == "slow-body":
            pieces = max(min(len(body), 10), 1)
            step = -(-len(body) // pieces)
            for i in range(pieces):
                if not pause(arg / pieces):
                    self.close_connection = True
                    return
                self.wfile.write(body[i * step:(i + 1) * step])
        elif fault == "truncate":
            self.wfile.write(half)
            self.close_connection = True
        elif fault == "close-mid-body":
            self.wfile.write(half)
            pause(100)  # let the client read the part before the reset
            self.reset()
        elif fault == "big-length":
            self.wfile.write(body)
            self.close_connection = True
        else:
            self.wfile.write(body)

    def send_head(self, status, headers, length):
        lines = [f"HTTP/1.1 {status} {phrase(status)}"]
        base = self.server.base
        for name, value in headers.items():
            if value is None:  # a scenario's null removes a header
                continue
            for v in value if isinstance(value, list) else [value]:
                lines.append(f"{name}: {str(v).replace('{base}', base)}")
        lines.append(f"content-length: {length}")
        self.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode())

    def reset(self):
        """Close with SO_LINGER 0: the client gets a TCP RST, not a FIN."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                   struct.pack("ii", 1, 0))
        self.rfile.close()  # drop the makefile() reference so close() is real
        self.connection.close()
        self.close_connection = True

    def hang(self):
        """Never answer: wait until the client hangs up or the server stops."""
        self.close_connection = True
        while not STOP.is_set():
            readable, _, _ = select.select([self.connection], [], [], 0.1)
            if readable and not self.connection.recv(65536):
                return


def import_h2():
    """The h2 package (Debian's python3-h2). A python3 other than Debian's
    own (pyenv, a venv) does not see Debian's packages: h2 and what it
    needs are pure Python, so they are looked for there too."""
    try:
        import h2.connection  # noqa: F401
    except ImportError:
        sys.path.append("/usr/lib/python3/dist-packages")
        try:
            import h2.connection  # noqa: F401
        finally:
            sys.path.remove("/usr/lib/python3/dist-packages")
    import h2.config
    import h2.events
    import h2.exceptions
    return h2


class Http2:
    """HTTP/2 on one TLS connection (ALPN h2): the same answers as the
    HTTP/1.1 front end (Server.answer()), each stream's in a thread of its
    own so the streams' delays overlap. Only this thread touches the
    socket and the h2 state: a stream's thread hands its answer over
    through a queue and wakes it with a byte on a pipe. Faults: "hang"
    never answers, "truncate", "close-mid-body" and "big-length" end the
    stream after half the body (short of its content-length); "slow-body"
    sends it at once."""

    def __init__(self, sock, server):
        self.h2 = import_h2()
        self.sock, self.server = sock, server
        # the header checks cost more CPU than anything else here: the
        # client is libcurl or curl, and the headers sent are ours
        self.conn = self.h2.connection.H2Connection(self.h2.config.H2Configuration(
            client_side=False, header_encoding="utf-8",
            validate_inbound_headers=False, normalize_inbound_headers=False,
            validate_outbound_headers=False, normalize_outbound_headers=False))
        self.requests = {}  # stream id -> [headers, body or None]
        self.unsent = {}  # stream id -> [body bytes left]
        self.answers = queue.SimpleQueue()  # (stream id, method, answer)
        self.wake_r, self.wake_w = os.pipe()

    def serve(self):
        self.conn.initiate_connection()
        try:
            self.flush()
            while not STOP.is_set():
                if not self.sock.pending():
                    ready, _, _ = select.select([self.sock, self.wake_r], [], [], 0.1)
                    if self.wake_r in ready:
                        os.read(self.wake_r, 4096)
                    if self.sock not in ready:
                        self.send_answers()
                        continue
                data = self.sock.recv(65536)
                if not data:
                    return
                for event in self.conn.receive_data(data):
                    self.on_event(event)
                self.send_answers()
        except (OSError, self.h2.exceptions.ProtocolError):
            return  # the client went away or spoke nonsense
        finally:
            os.close(self.wake_r)
            os.close(self.wake_w)

    def on_event(self, event):
        ev = self.h2.events
        if isinstance(event, ev.RequestReceived):
            self.requests[event.stream_id] = [event.headers, None]
        elif isinstance(event, ev.DataReceived):
            req = self.requests.get(event.stream_id)
            if req:
                req[1] = (req[1] or b"") + event.data
            self.conn.acknowledge_received_data(event.flow_controlled_length,
                                                event.stream_id)
        elif isinstance(event, ev.StreamEnded) and event.stream_id in self.requests:
            # not threading.Thread: its start() waits until the thread
            # runs, which under load holds up every other stream
            _thread.start_new_thread(self.work, (event.stream_id,
                                                 *self.requests.pop(event.stream_id)))
        elif isinstance(event, ev.StreamReset):
            self.requests.pop(event.stream_id, None)
            self.unsent.pop(event.stream_id, None)

    def work(self, stream_id, pairs, body):
        """A stream's thread: its answer, handed to the connection's."""
        pseudo, headers = {}, {}
        for name, value in pairs:
            if name.startswith(":"):
                pseudo[name] = value
            else:
                headers[name] = f"{headers[name]}, {value}" if name in headers else value
        headers.setdefault("host", pseudo.get(":authority", ""))
        method = pseudo.get(":method", "GET")
        answer = self.server.answer(method, pseudo.get(":path", "/"), headers, body)
        if answer is not None and answer[3] != "hang":
            self.answers.put((stream_id, method, answer))
            os.write(self.wake_w, b"x")

    def send_answers(self):
        while True:
            try:
                stream_id, method, (status, headers, body, fault, _) = self.answers.get_nowait()
            except queue.Empty:
                break
            base = self.server.base
            out = [(":status", str(status))]
            for name, value in headers.items():
                for v in [] if value is None else value if isinstance(value, list) else [value]:
                    out.append((name, str(v).replace("{base}", base)))
            out.append(("content-length", str(len(body))))
            if method == "HEAD":
                body = b""
            cut = fault in ("truncate", "close-mid-body", "big-length")
            try:
                self.conn.send_headers(stream_id, out, end_stream=not body)
            except self.h2.exceptions.StreamClosedError:
                continue  # the client gave up on it
            if body:  # cut short: the stream ends before its content-length
                self.unsent[stream_id] = [body[:len(body) // 2] if cut else body]
        self.send_bodies()
        self.flush()

    def send_bodies(self):
        """As much of each unsent body as the flow-control windows allow."""
        for stream_id, (data,) in list(self.unsent.items()):
            try:
                if not data:  # half of a one-byte body
                    self.conn.end_stream(stream_id)
                while data:
                    n = min(len(data), self.conn.max_outbound_frame_size,
                            self.conn.local_flow_control_window(stream_id))
                    if n <= 0:
                        break
                    # the last frame ends the stream, as GitHub's do
                    self.conn.send_data(stream_id, data[:n], end_stream=n == len(data))
                    data = data[n:]
                self.unsent[stream_id][0] = data
            except self.h2.exceptions.StreamClosedError:
                data = b""
            if not data:
                del self.unsent[stream_id]

    def flush(self):
        data = self.conn.data_to_send()
        if data:
            self.sock.sendall(data)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # a client opening dozens of connections at once
    block_on_close = False  # never join handler threads (hangs, idle keep-alive)

    def __init__(self, port, scenario, log_path, delay_ms, tls=None, conn_log=None,
                 rate_limit=5000, rate_window=3600, content_limit=80):
        super().__init__(("127.0.0.1", port), Handler)
        self.scenario = scenario
        self.memory = dict(scenario.memory)  # {var:NAME} -> text
        self.delay_ms = delay_ms
        self.tls = tls
        scheme = "https" if tls else "http"
        self.base = f"{scheme}://127.0.0.1:{self.server_address[1]}"
        self.log_file = open(log_path, "a", encoding="utf-8") if log_path else None
        self.log_lock = threading.Lock()
        self.conn_file = open(conn_log, "a", encoding="utf-8") if conn_log else None
        self.rate_limit = rate_limit
        self.rate_window = rate_window
        # repository ("o/r", or "" for the rest) -> (requests counted in
        # its window, the window's end in epoch seconds)
        self.used = {}
        self.in_flight = 0  # requests in answer() now
        self.content_limit = content_limit
        self.created = {}  # repository -> times of its content-creating requests

    def answer(self, method, target, headers, body):
        """The one place a request becomes its answer, for both front ends
        (HTTP/1.1 and HTTP/2): the route's response (or the default
        status), held at its barrier, made conditional, counted against
        the rate limit, logged, then held for the delay (and a "slow"
        fault). headers: lower-case names, repeats joined by ", "; body:
        bytes or None. Returns (status, headers, body, fault, arg) for the
        front end to send, or None when the server stops meanwhile. While
        here a request is in flight: its log record's "concurrent" is how
        many were (itself included) when it arrived."""
        with self.log_lock:
            self.in_flight += 1
            concurrent = self.in_flight
        try:
            return self.respond(method, target, headers, body, concurrent)
        finally:
            with self.log_lock:
                self.in_flight -= 1

    def respond(self, method, target, headers, body, concurrent):
        url = urlsplit(target)
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        text = None if body is None else body.decode("utf-8", "replace")
        refused = self.content_refused(method, url.path)
        route = None if refused else self.scenario.find(method, url.path, query,
                                                        text, headers)
        if refused:
            status, out_headers, out_body = refused
            fault, arg = None, None
        elif route:
            status, out_headers, out_body = route.response()
            out_body = route.fill_groups(url.path, out_body)
            route.remember_groups(url.path, self.memory)
            for name, value in list(self.memory.items()):
                out_body = out_body.replace(("{var:%s}" % name).encode(),
                                            value.encode())
            fault, arg = route.fault, route.arg
        else:
            status = self.scenario.default_status
            out_headers, out_body = {"content-type": JSON_TYPE}, error_body(status)
            fault, arg = None, None
        if route and route.barrier and not wait_barrier(route):
            status, out_headers = 504, {"content-type": JSON_TYPE}
            out_body, fault, arg = error_body(504), None, None
        if method == "GET" and status == 200 and fault not in REPLACING:
            status, out_headers, out_body = conditional(headers, status,
                                                        out_headers, out_body)
        counted, refused = self.count(url.path, headers, status, out_headers)
        if refused:
            status, out_headers, out_body = refused
            fault, arg = None, None
        self.log({"method": method, "path": url.path, "query": query,
                  "target": target, "headers": headers, "body": text,
                  "time": time.time(), "status": status, "counted": counted,
                  "concurrent": concurrent})
        if fault != "hang" and (not pause(self.delay_ms) or
                                (fault == "slow" and not pause(arg))):
            return None
        return status, out_headers, out_body, fault, arg

    def count(self, path, req_headers, status, headers):
        """The primary rate limit, one budget per repository as an Actions
        token's: --rate-limit requests a window of --rate-window seconds
        from the repository's first request (x-ratelimit-reset),
        every request counted but a 304 (GitHub does not count a
        conditional request answered 304). Adds the x-ratelimit-* headers
        unless the route or a fault set them. Once the budget is spent,
        every request until the reset is refused as GitHub refuses it
        (a 304 too: refused, not answered from its ETag), and not counted.
        Returns (counted, refused): refused is None, or the (status,
        headers, body) to send instead."""
        parts = path.split("/")
        repo = "/".join(parts[2:4]) if len(parts) > 3 and parts[1] == "repos" else ""
        now = time.time()
        with self.log_lock:
            used, reset = self.used.get(repo, (0, 0))
            if now >= reset:  # a new window from this request on
                used, reset = 0, int(now) + self.rate_window
            refused = used >= self.rate_limit
            counted = status != 304 and not refused
            used += counted
            self.used[repo] = (used, reset)
        made = {"x-ratelimit-limit": str(self.rate_limit),
                "x-ratelimit-remaining": str(max(self.rate_limit - used, 0)),
                "x-ratelimit-reset": str(reset),
                "x-ratelimit-used": str(used),
                "x-ratelimit-resource": "core"}
        if refused:
            body = compact({"message": "API rate limit exceeded for "
                            "installation ID %d." % INSTALLATION_ID,
                            "documentation_url": RATE_DOCS_URL})
            return False, (403, dict(made, **{"content-type": JSON_TYPE}), body)
        if "x-ratelimit-remaining" not in headers:
            headers.update(made)
        return counted, None

    def content_refused(self, method, path):
        """GitHub's secondary limit on creating content: at most
        content_limit content-creating requests (POST, PATCH, PUT, DELETE)
        per repository in any 60 s and 500 in any hour. Past it, the
        request is refused (403 and GitHub's message, retry-after: 60) and
        changes nothing; the refusal counts as a request but not as
        content. Returns (status, headers, body) or None."""
        if method not in ("POST", "PATCH", "PUT", "DELETE"):
            return None
        parts = path.split("/")
        repo = "/".join(parts[2:4]) if len(parts) > 3 and parts[1] == "repos" else ""
        now = time.time()
        with self.log_lock:
            times = [t for t in self.created.get(repo, []) if now - t < 3600]
            minute = sum(1 for t in times if now - t < 60)
            if minute >= self.content_limit or len(times) >= 500:
                self.created[repo] = times
                return 403, {"content-type": JSON_TYPE, "retry-after": "60"}, \
                    compact({"message": SECONDARY_MESSAGE,
                             "documentation_url": RATE_DOCS_URL})
            self.created[repo] = times + [now]
        return None

    def get_request(self):
        sock, addr = self.socket.accept()
        self.log_conn({"event": "connect"})
        return sock, addr

    def log_conn(self, record):
        if self.conn_file:
            with self.log_lock:
                self.conn_file.write(json.dumps(record) + "\n")
                self.conn_file.flush()

    def log(self, record):
        if self.log_file:
            with self.log_lock:
                self.log_file.write(json.dumps(record, ensure_ascii=False) + "\n")
                self.log_file.flush()

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def main():
    ap = argparse.ArgumentParser(description="fake GitHub REST API for tests")
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--log")
    ap.add_argument("--delay-ms", type=int, default=0)
    ap.add_argument("--parent-pid", type=int,
                    help="stop when this process (the test) is gone")
    ap.add_argument("--tls-cert", help="serve HTTPS with this certificate (PEM)")
    ap.add_argument("--tls-key", help="...and this private key (PEM)")
    ap.add_argument("--conn-log", help="one JSON line per connection and TLS handshake")
    ap.add_argument("--http2", action="store_true",
                    help="with --tls-cert: offer HTTP/2 (ALPN h2, else http/1.1)")
    ap.add_argument("--rate-limit", type=int, default=5000,
                    help="x-ratelimit-limit: requests per repository (304s are free); "
                    "past it 403 until the reset")
    ap.add_argument("--rate-window", type=int, default=3600,
                    help="seconds from a repository's first request to its reset")
    ap.add_argument("--content-limit", type=int, default=80,
                    help="content-creating requests per repository a minute "
                    "(GitHub's secondary limit; 500 an hour)")
    args = ap.parse_args()
    try:
        tls = None
        if args.http2 and not args.tls_cert:
            raise ScenarioError("--http2 needs --tls-cert and --tls-key")
        if args.tls_cert or args.tls_key:
            if not (args.tls_cert and args.tls_key):
                raise ScenarioError("--tls-cert and --tls-key go together")
            import ssl  # only here: it slows every start-up down
            tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            tls.load_cert_chain(args.tls_cert, args.tls_key)
            if args.http2:
                try:
                    import_h2()
                except ImportError:
                    raise ScenarioError("--http2 needs python3-h2 (Debian's "
                                        "package)")
            tls.set_alpn_protocols(["h2", "http/1.1"] if args.http2 else ["http/1.1"])
        server = Server(args.port, Scenario(args.scenario), args.log, args.delay_ms,
                        tls, args.conn_log, args.rate_limit, args.rate_window,
                        args.content_limit)
    except (ScenarioError, OSError) as e:  # ssl.SSLError is an OSError
        print(f"fakegh: error: {e}", file=sys.stderr)
        return 2
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: STOP.set())
    threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True).start()
    if args.port_file:
        tmp = f"{args.port_file}.tmp{os.getpid()}"
        with open(tmp, "w") as f:
            f.write(f"{server.server_address[1]}\n")
        os.replace(tmp, args.port_file)
    while not STOP.wait(0.2):
        if args.parent_pid and not alive(args.parent_pid):
            STOP.set()
    server.shutdown()
    server.server_close()
    if server.log_file:
        server.log_file.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
