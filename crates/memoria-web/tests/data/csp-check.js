// Evaluates a Content-Security-Policy with Google's CSP Evaluator (the npm package
// csp_evaluator, a CommonJS module) and prints its findings as JSON on stdout, each with
// its severity's name beside the number.
//
// Usage: node csp-check.js <node_modules directory> <policy>
"use strict";

const path = require("path");

const [modules, policy] = process.argv.slice(2);
if (!modules || policy === undefined) {
  console.error("usage: node csp-check.js <node_modules directory> <policy>");
  process.exit(2);
}
const dist = path.join(path.resolve(modules), "csp_evaluator", "dist");
const { CspEvaluator } = require(path.join(dist, "evaluator.js"));
const { CspParser } = require(path.join(dist, "parser.js"));
const { Severity } = require(path.join(dist, "finding.js"));

const findings = new CspEvaluator(new CspParser(policy).csp).evaluate();
const out = findings.map((f) => ({
  severity: f.severity,
  severityName: Severity[f.severity],
  type: f.type,
  directive: f.directive,
  value: f.value,
  description: f.description,
}));
process.stdout.write(JSON.stringify({ severities: Severity, findings: out }) + "\n");
