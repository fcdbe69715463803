// Loads a normgraph Cytoscape.js export into a headless Cytoscape instance and prints what it
// holds as JSON: node and edge counts and ids. Fails if Cytoscape rejects the elements.
const fs = require('fs');
const cytoscape = require('cytoscape');
const doc = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const cy = cytoscape({ headless: true, elements: doc.elements });
const out = {
  nodes: cy.nodes().map(n => n.id()).sort(),
  edges: cy.edges().map(e => e.id()).sort(),
  edgeEnds: cy.edges().map(e => e.source().id() + '>' + e.target().id()).sort(),
  types: [...new Set(cy.nodes().map(n => n.data('type')))].sort(),
};
process.stdout.write(JSON.stringify(out));
