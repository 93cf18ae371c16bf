"""Raw calls to the Kubernetes API through the official client, and their failures as ours.

Every call passes ``_preload_content=False`` and parses the body itself with ``json``:
the client's typed models are ~20x slower for large lists. Failures are translated into
the typed :class:`~services.sources.SourceError` family the poller understands.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import urllib3
from kubernetes import client, config
from kubernetes.client.rest import ApiException
from kubernetes.config.config_exception import ConfigException
from kubernetes.watch.watch import iter_resp_lines

from services.sources import AuthFailed, BadAnswer, SourceError, SourceTimeout, Unreachable

Raw = dict[str, Any]
PAGE_SIZE = 500


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
        return config.new_client_from_config(config_file=path, context=context,
                                             persist_config=False, client_configuration=cfg)
    except (ConfigException, OSError, ValueError) as exc:
        raise BadAnswer(f"kubeconfig {path}, context {context!r}: {exc}") from exc


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
    field_selector: str = ""

    def call(self, api_client: Any, **kwargs: Any) -> Any:
        api = client.CoreV1Api(api_client) if self.api == "core" else client.AppsV1Api(api_client)
        if self.field_selector:
            kwargs["field_selector"] = self.field_selector
        return getattr(api, self.method)(_preload_content=False, **kwargs)


KINDS = (
    Kind("nodes", "core", "list_node"),
    Kind("pods", "core", "list_pod_for_all_namespaces"),
    Kind("deployments", "apps", "list_deployment_for_all_namespaces"),
    Kind("events", "core", "list_event_for_all_namespaces", "type=Warning"),
)


def read_json(response: Any) -> Raw:
    """Read the whole body (so the pooled connection is clean for reuse), then parse it."""
    try:
        data = json.loads(response.data)
    finally:
        response.release_conn()
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return data


def list_all(api_client: Any, kind: Kind, timeout_s: float, page_size: int,
             each: Callable[[Raw], None]) -> str:
    """Every object of ``kind``, page by page, to ``each``; returns the list resourceVersion.

    Pages keep peak memory at one page of JSON rather than the whole cluster's.
    """
    cont: str | None = None
    while True:
        kwargs: dict[str, Any] = {"limit": page_size, "_request_timeout": (timeout_s, timeout_s)}
        if cont:
            kwargs["_continue"] = cont
        page = read_json(kind.call(api_client, **kwargs))
        for item in page.get("items") or ():
            each(item)
        meta = page.get("metadata") or {}
        cont = meta.get("continue")
        if not cont:
            return str(meta["resourceVersion"])


def watch_lines(api_client: Any, kind: Kind, rv: str, watch_s: int,
                connect_s: float) -> tuple[Any, Iterator[str]]:
    """Open a watch from ``rv``: the raw response (to shut it down) and its lines."""
    response = kind.call(api_client, watch=True, resource_version=rv, timeout_seconds=watch_s,
                         allow_watch_bookmarks=True, _request_timeout=(connect_s, watch_s + 10))
    return response, iter_resp_lines(response)


def probe(api_client: Any, timeout_s: float) -> None:
    """A cheap request proving the API server still answers while watches look quiet."""
    read_json(client.VersionApi(api_client).get_code(_preload_content=False,
                                                 _request_timeout=(timeout_s, timeout_s)))
