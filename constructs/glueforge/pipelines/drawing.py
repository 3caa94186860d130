"""Draw a pipeline's DAG as Mermaid or Graphviz DOT text.

The drawing mirrors the Glue console's workflow graph: triggers and steps are nodes;
a trigger points at the steps it runs, and a step points at the triggers that wait on
it, the edge labelled with the state they wait for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

NodeKind = Literal["start", "condition", "job", "crawler"]


@dataclass(frozen=True)
class Node:
    id: str
    kind: NodeKind
    label: str


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str = ""


@dataclass
class Graph:
    """Nodes and edges in the order they were declared, so drawings are stable."""

    title: str
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    _ids: dict[str, str] = field(default_factory=dict, repr=False)

    def add_node(self, key: str, kind: NodeKind, label: str, name: str | None = None) -> str:
        """Add a node once per ``key``; return its drawing id, made from ``name`` (default:
        ``label``) and unique in the graph."""
        if key not in self._ids:
            base = f"{kind}_{re.sub(r'[^A-Za-z0-9_]', '_', name or label)}"
            node_id, n = base, 2
            while node_id in self._ids.values():
                node_id, n = f"{base}_{n}", n + 1
            self._ids[key] = node_id
            self.nodes.append(Node(node_id, kind, label))
        return self._ids[key]


_MERMAID_SHAPES = {
    "start": ('(["', '"])'),
    "condition": ('{{"', '"}}'),
    "job": ('["', '"]'),
    "crawler": ('[("', '")]'),
}
_DOT_SHAPES = {"start": "oval", "condition": "hexagon", "job": "box", "crawler": "cylinder"}


def to_mermaid(graph: Graph) -> str:
    """A Mermaid ``flowchart``, left to right."""
    lines = ["flowchart LR"]
    for node in graph.nodes:
        opening, closing = _MERMAID_SHAPES[node.kind]
        lines.append(f"    {node.id}{opening}{_mermaid_text(node.label)}{closing}")
    for edge in graph.edges:
        arrow = f"-->|{_mermaid_text(edge.label)}|" if edge.label else "-->"
        lines.append(f"    {edge.source} {arrow} {edge.target}")
    return "\n".join(lines) + "\n"


def to_dot(graph: Graph) -> str:
    """A Graphviz ``digraph``, left to right."""
    lines = [f"digraph {_dot_text(graph.title)} {{", "    rankdir=LR;"]
    for node in graph.nodes:
        lines.append(
            f"    {node.id} [label={_dot_text(node.label)}, shape={_DOT_SHAPES[node.kind]}];"
        )
    for edge in graph.edges:
        label = f" [label={_dot_text(edge.label)}]" if edge.label else ""
        lines.append(f"    {edge.source} -> {edge.target}{label};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    # Labels are quoted; Mermaid's entity codes keep quotes and pipes from ending them.
    return text.replace('"', "#quot;").replace("|", "#124;")


def _dot_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
