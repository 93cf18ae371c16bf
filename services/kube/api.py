"""Raw calls to the Kubernetes API through the official client, and their failures as ours.

Every call passes ``_preload_content=False`` and decodes the body itself with msgspec into
the Structs of :mod:`services.kube.schema`, which hold only the fields the rows need: the
client's typed models are ~20x slower for large lists, and ``json.loads`` of a 10,000-pod
list (~25 MB) alone takes ~1.7 s where msgspec, skipping unknown keys in C, needs ~40 ms.
Lists are read in large pages: each page is a round trip (kubectl's 500 would be 20 for
10,000 pods), and peak memory stays at one page of bytes plus its small Structs. Failures
are translated into the typed :class:`~services.sources.SourceError` family the poller
understands (a body that is not the expected JSON is a ``ValueError``: a bad answer).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec
import urllib3
from kubernetes import client, config
from kubernetes.client.rest import ApiException
from kubernetes.config.config_exception import ConfigException

from services.files import FileRefused, check_regular
from services.identity import user_agent
from services.kube.schema import Deployment, Event, Node, ObjectList, Pod
from services.sources import AuthFailed, BadAnswer, SourceError, SourceTimeout, Unreachable

Raw = dict[str, Any]
PAGE_SIZE = 5000
"""Objects per list page: large, because each page costs a round trip; at ~2.5 KB a pod
one page is ~12 MB of JSON, decoded into Structs of a few hundred bytes each."""
PAGE_LIMIT_BYTES = 64 * 1024 * 1024
"""No list page is read past 64 MiB (5000 pods of ~13 KB each): a server streaming an endless
body is a bad answer, not a reason to fill the console's memory."""
MAX_PAGES = 100
"""At most 100 pages (500,000 objects) per list: a server that keeps handing out
``continue`` tokens cannot keep a poll listing forever."""
LINE_LIMIT_BYTES = 4 * 1024 * 1024
"""One watch event (one object as JSON) is never larger than this."""
_READ_CHUNK = 1024 * 1024


class Expired(SourceError):
    """410 Gone: the resourceVersion we watch from is older than the server's history."""


def make_client(kubeconfig: str | None, context: str) -> Any:
    """An ApiClient for one context; KUBECONFIG is read now, not at import (as the client does).

    Retries are off: a dead server must fail within the call's timeout, not after three
    more attempts.
    """
    cfg = client.Configuration()
    cfg.retries = 0
    path = kubeconfig or os.environ.get("KUBECONFIG") or str(Path("~/.kube/config").expanduser())
    try:
        check_regular(path)  # a FIFO or device would block the client's read forever
        api_client = config.new_client_from_config(
            config_file=path, context=context, persist_config=False, client_configuration=cfg)
    except (ConfigException, OSError, ValueError, FileRefused) as exc:
        raise BadAnswer(f"kubeconfig {path}, context {context!r}: {exc}") from exc
    api_client.user_agent = user_agent()
    return api_client


def translate(exc: BaseException, what: str) -> SourceError:
    """The typed error for a failure of the client, urllib3, or the answer's JSON."""
    if isinstance(exc, SourceError):
        return exc
    if isinstance(exc, ApiException):
        if exc.status in (401, 403):
            return AuthFailed(f"{what}: HTTP {exc.status} {exc.reason}")
        if exc.status == 410:
            return Expired(f"{what}: resourceVersion expired")
        if not exc.status:
            return Unreachable(f"{what}: {exc.reason}")
        return BadAnswer(f"{what}: HTTP {exc.status} {exc.reason}")
    if isinstance(exc, urllib3.exceptions.MaxRetryError) and exc.reason is not None:
        exc = exc.reason
    if isinstance(exc, urllib3.exceptions.NewConnectionError | ConnectionRefusedError):
        return Unreachable(f"{what}: connection refused")
    if isinstance(exc, urllib3.exceptions.TimeoutError | TimeoutError):
        return SourceTimeout(f"{what}: timed out")
    if isinstance(exc, urllib3.exceptions.HTTPError | OSError):
        return Unreachable(f"{what}: {exc}")
    if isinstance(exc, ValueError | KeyError | TypeError | AttributeError):
        return BadAnswer(f"{what}: unexpected answer ({type(exc).__name__}: {exc})")
    return SourceError(f"{what}: {exc}")


@dataclass(frozen=True)
class Kind:
    """One watched resource: how to list/watch it and the query it needs."""

    name: str
    api: str
    method: str
    item: type[Any]
    """The Struct one object decodes into (see :mod:`services.kube.schema`)."""
    field_selector: str = ""
    page: msgspec.json.Decoder[ObjectList[Any]] = field(init=False, repr=False, compare=False)
    one: msgspec.json.Decoder[Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Decoders are built once per kind: building one compiles the Struct's schema.
        object.__setattr__(self, "page", msgspec.json.Decoder(ObjectList[self.item]))  # type: ignore[name-defined]
        object.__setattr__(self, "one", msgspec.json.Decoder(self.item))

    def call(self, api_client: Any, **kwargs: Any) -> Any:
        api = client.CoreV1Api(api_client) if self.api == "core" else client.AppsV1Api(api_client)
        if self.field_selector:
            kwargs["field_selector"] = self.field_selector
        return getattr(api, self.method)(_preload_content=False, **kwargs)


KINDS = (
    Kind("nodes", "core", "list_node", Node),
    Kind("pods", "core", "list_pod_for_all_namespaces", Pod),
    Kind("deployments", "apps", "list_deployment_for_all_namespaces", Deployment),
    Kind("events", "core", "list_event_for_all_namespaces", Event, "type=Warning"),
)


def read_body(response: Any, limit: int = PAGE_LIMIT_BYTES) -> bytes:
    """The whole body, read so that the pooled connection is clean for reuse; a
    ``ValueError`` (a bad answer) once it passes ``limit`` bytes, without reading on."""
    chunks: list[bytes] = []
    size = 0
    try:
        while chunk := response.read(_READ_CHUNK):
            size += len(chunk)
            if size > limit:
                response.close()  # the rest is never read: the connection is not reusable
                raise ValueError(f"body over {limit // (1024 * 1024)} MiB")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        response.release_conn()


def _pieces(response: Any, amt: int = 65536) -> Iterator[bytes]:
    """What has arrived, at most ``amt`` bytes at a time, without waiting for more: chunk by
    chunk when chunked (as the API server streams watches), else as the socket delivers."""
    if response.chunked:
        yield from response.stream(amt, decode_content=False)
        return
    while piece := response.read1(amt, decode_content=False):
        yield piece


def iter_bounded_lines(response: Any, limit: int = LINE_LIMIT_BYTES) -> Iterator[bytes]:
    """A watch stream's lines; a ``ValueError`` for a line longer than ``limit`` bytes
    (the client's own line reader would buffer an endless line whole)."""
    pending = b""
    for chunk in _pieces(response):
        pending += chunk
        *lines, pending = pending.split(b"\n")
        yield from (line for line in lines if line.strip())
        if len(pending) > limit:
            raise ValueError(f"watch event over {limit // (1024 * 1024)} MiB")
    if pending.strip():
        yield pending


def read_json(response: Any) -> Raw:
    """A small answer (probe, write) as a dict: bodies here are a few hundred bytes."""
    data = msgspec.json.decode(read_body(response))
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return data


def list_all(api_client: Any, kind: Kind, timeout_s: float, page_size: int,
             each_page: Callable[[Sequence[Any]], None]) -> str:
    """Every object of ``kind``, decoded page by page, to ``each_page``; returns the list's
    resourceVersion.

    Pages keep peak memory at one page of JSON rather than the whole cluster's; each page's
    bytes are dropped as soon as they are decoded.
    """
    cont: str | None = None
    for _ in range(MAX_PAGES):
        kwargs: dict[str, Any] = {"limit": page_size, "_request_timeout": (timeout_s, timeout_s)}
        if cont:
            kwargs["_continue"] = cont
        page = kind.page.decode(read_body(kind.call(api_client, **kwargs)))
        each_page(page.items or ())
        cont = page.metadata.continue_
        if not cont:
            if not page.metadata.resource_version:
                raise ValueError(f"{kind.name} list without a resourceVersion")
            return page.metadata.resource_version
    raise ValueError(f"{kind.name} list longer than {MAX_PAGES} pages of {page_size}")


def watch_lines(api_client: Any, kind: Kind, rv: str, watch_s: int,
                connect_s: float) -> tuple[Any, Iterator[bytes]]:
    """Open a watch from ``rv``: the raw response (to shut it down) and its lines."""
    response = kind.call(api_client, watch=True, resource_version=rv, timeout_seconds=watch_s,
                         allow_watch_bookmarks=True, _request_timeout=(connect_s, watch_s + 10))
    return response, iter_bounded_lines(response)


def probe(api_client: Any, timeout_s: float) -> None:
    """A cheap request proving the API server still answers while watches look quiet."""
    read_json(client.VersionApi(api_client).get_code(_preload_content=False,
                                                 _request_timeout=(timeout_s, timeout_s)))
