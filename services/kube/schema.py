"""The few fields of Kubernetes JSON the console reads, as msgspec Structs.

``msgspec.json.decode(body, type=PodList)`` builds only these fields and skips every
other key in C (no dict per object, no string per unknown value): a 10,000-pod list,
~25 MB of JSON, decodes in a few tens of milliseconds instead of ``json.loads``' ~1.7 s
plus the dict walking after it. Everything is optional with a default, because the API
server omits empty fields (and a null must not turn a pod into a parse error); only an
object's ``metadata.name`` is required, since rows are keyed by it.
"""

from __future__ import annotations

from typing import Generic, TypeVar

import msgspec

T = TypeVar("T")


class _Camel(msgspec.Struct, rename="camel", gc=False):
    """Python names in snake case, JSON keys in the API's camel case; no GC tracking
    (these small trees hold no cycles, and tracking 10,000 pods' worth costs collections)."""


class Meta(_Camel):
    name: str
    namespace: str | None = None
    resource_version: str | None = None
    deletion_timestamp: str | None = None
    creation_timestamp: str | None = None


class ListMeta(_Camel):
    resource_version: str | None = None
    continue_: str | None = msgspec.field(default=None, name="continue")


class Condition(_Camel):
    type: str | None = None
    status: str | None = None


class Waiting(_Camel):
    reason: str | None = None


class ContainerState(_Camel):
    waiting: Waiting | None = None


class ContainerStatus(_Camel):
    restart_count: int | None = None
    state: ContainerState | None = None


class PodStatus(_Camel):
    phase: str | None = None
    reason: str | None = None
    conditions: list[Condition] | None = None
    container_statuses: list[ContainerStatus] | None = None


class PodSpec(_Camel):
    node_name: str | None = None


class Pod(_Camel):
    metadata: Meta
    spec: PodSpec | None = None
    status: PodStatus | None = None


class NodeStatus(_Camel):
    conditions: list[Condition] | None = None


class Node(_Camel):
    metadata: Meta
    status: NodeStatus | None = None


class DeploymentSpec(_Camel):
    replicas: int | None = 1


class DeploymentStatus(_Camel):
    ready_replicas: int | None = None


class Deployment(_Camel):
    metadata: Meta
    spec: DeploymentSpec | None = None
    status: DeploymentStatus | None = None


class ObjectRef(_Camel):
    kind: str | None = None
    name: str | None = None


class Series(_Camel):
    count: int | None = None
    last_observed_time: str | None = None


class Event(_Camel):
    metadata: Meta
    involved_object: ObjectRef | None = None
    regarding: ObjectRef | None = None
    reason: str | None = None
    message: str | None = None
    count: int | None = None
    last_timestamp: str | None = None
    event_time: str | None = None
    series: Series | None = None


class ObjectList(_Camel, Generic[T]):
    """One page of a list: its items and the list's resourceVersion and continue token."""

    metadata: ListMeta = msgspec.field(default_factory=ListMeta)
    items: list[T] | None = None


class WatchEvent(_Camel):
    """One line of a watch stream; ``object`` is decoded only once its type is known."""

    type: str | None = None
    object: msgspec.Raw = msgspec.field(default_factory=lambda: msgspec.Raw(b"{}"))


class WatchMeta(_Camel):
    resource_version: str | None = None


class WatchObject(_Camel):
    """Just enough of any watched object (or a BOOKMARK) for its resourceVersion."""

    metadata: WatchMeta | None = None


class Status(_Camel):
    """What an ERROR watch event carries."""

    code: int | None = None
    message: str | None = None
