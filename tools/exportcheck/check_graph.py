"""Reads a normgraph GEXF or GraphML export with networkx's parsers and prints what it holds."""
import json
import sys

import networkx as nx

path = sys.argv[1]
g = nx.read_gexf(path) if path.endswith(".gexf") else nx.read_graphml(path)
edges = sorted(d.get("id", "") for _, _, d in g.edges(data=True))
types = sorted({d.get("type", "") for _, d in g.nodes(data=True)})
labels = {n: d.get("label", "") for n, d in g.nodes(data=True)}
print(json.dumps({"nodes": sorted(g.nodes()), "edges": edges, "edgeCount": g.number_of_edges(),
                  "directed": g.is_directed(), "types": types, "labels": labels}))
