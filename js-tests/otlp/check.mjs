#!/usr/bin/env node
// Validates OTLP JSON files (our LatencyAggregator.to_otlp_json output) against the
// official OpenTelemetry protos (./proto, opentelemetry-proto v1.11.0, Apache-2.0),
// loaded with protobufjs, as opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest.
//
// Two checks per file, each failing on the first problem:
//  1. a strict walk of the JSON against the proto descriptors: every key is a field's
//     proto3 JSON name (lowerCamelCase), every value has the field's JSON type (64-bit
//     integers as decimal strings, doubles as numbers, enums as integers, as OTLP/JSON
//     requires), at most one member of each oneof;
//  2. a binary round trip: fromObject → encode → decode → toObject must give back the
//     same values (so nothing was dropped or coerced).
//
// Usage: node js-tests/otlp/check.mjs [files or directories...]
//        (default: tests/golden/*.json and target/otlp-check/*.json)
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import protobuf from 'protobufjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const root = new protobuf.Root();
root.resolvePath = (_origin, target) => join(here, 'proto', target);
root.loadSync('opentelemetry/proto/collector/metrics/v1/metrics_service.proto', { keepCase: false });
root.resolveAll();
const Request = root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest');

const INT64 = new Set(['int64', 'uint64', 'fixed64', 'sint64', 'sfixed64']);
const INT32 = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);

/** Throws with the JSON path when `value` does not have `field`'s JSON type. */
function checkValue(field, value, path) {
  const t = field.resolvedType;
  if (t instanceof protobuf.Type) return checkMessage(t, value, path);
  if (t instanceof protobuf.Enum) {
    assert.ok(Number.isInteger(value), `${path}: enum as an integer, got ${JSON.stringify(value)}`);
    assert.ok(Object.values(t.values).includes(value), `${path}: ${value} is not a ${t.name} value`);
    return;
  }
  if (INT64.has(field.type)) {
    assert.ok(typeof value === 'string' && /^-?\d+$/.test(value), `${path}: 64-bit integer as a decimal string, got ${JSON.stringify(value)}`);
    if (field.type.startsWith('u') || field.type === 'fixed64') assert.ok(!value.startsWith('-'), `${path}: unsigned`);
    return;
  }
  if (INT32.has(field.type)) return assert.ok(Number.isInteger(value), `${path}: 32-bit integer, got ${JSON.stringify(value)}`);
  if (field.type === 'double' || field.type === 'float') return assert.ok(typeof value === 'number' && Number.isFinite(value), `${path}: finite number, got ${JSON.stringify(value)}`);
  if (field.type === 'bool') return assert.equal(typeof value, 'boolean', `${path}: boolean`);
  if (field.type === 'string') return assert.equal(typeof value, 'string', `${path}: string`);
  if (field.type === 'bytes') return assert.ok(typeof value === 'string' && /^[A-Za-z0-9+/]*=*$/.test(value), `${path}: base64`);
  assert.fail(`${path}: unhandled type ${field.type}`);
}

function checkMessage(type, obj, path) {
  assert.ok(obj !== null && typeof obj === 'object' && !Array.isArray(obj), `${path}: ${type.name} must be an object`);
  const byJsonName = new Map(type.fieldsArray.map((f) => [f.name, f]));
  const oneofSeen = new Map();
  for (const [key, value] of Object.entries(obj)) {
    const field = byJsonName.get(key);
    assert.ok(field, `${path}: unknown field "${key}" in ${type.fullName}`);
    if (field.partOf) {
      const prev = oneofSeen.get(field.partOf.name);
      assert.ok(!prev, `${path}: "${key}" and "${prev}" are both set in oneof ${field.partOf.name}`);
      oneofSeen.set(field.partOf.name, key);
    }
    if (field.repeated) {
      assert.ok(Array.isArray(value), `${path}.${key}: repeated field must be an array`);
      value.forEach((v, i) => checkValue(field, v, `${path}.${key}[${i}]`));
    } else if (field.map) {
      assert.fail(`${path}.${key}: maps are not used by OTLP metrics`);
    } else {
      checkValue(field, value, `${path}.${key}`);
    }
  }
}

/** Our JSON with the values proto3 does not encode (defaults of implicit-presence fields) removed. */
function withoutDefaults(type, obj) {
  const out = {};
  for (const field of type.fieldsArray) {
    if (!(field.name in obj)) continue;
    const value = obj[field.name];
    const explicit = field.partOf !== null && field.partOf !== undefined; // oneof members and proto3 `optional`
    const sub = field.resolvedType instanceof protobuf.Type ? field.resolvedType : null;
    if (field.repeated) {
      if (value.length === 0) continue;
      out[field.name] = sub ? value.map((v) => withoutDefaults(sub, v)) : value;
    } else if (sub) {
      out[field.name] = withoutDefaults(sub, value);
    } else if (explicit || !(value === 0 || value === '0' || value === '' || value === false)) {
      out[field.name] = value;
    }
  }
  return out;
}

function roundTrip(json) {
  const message = Request.fromObject(json);
  const err = Request.verify(message);
  assert.equal(err, null, `verify: ${err}`);
  const bytes = Request.encode(message).finish();
  const decoded = Request.toObject(Request.decode(bytes), { longs: String, enums: Number, bytes: String, defaults: false, arrays: false });
  assert.deepStrictEqual(withoutDefaults(Request, decoded), withoutDefaults(Request, json), 'binary round trip changed the data');
  return bytes.length;
}

function files(args) {
  const targets = args.length ? args : [join(repo, 'tests', 'golden'), join(repo, 'target', 'otlp-check')];
  return targets.flatMap((t) => {
    if (!existsSync(t)) return [];
    if (!statSync(t).isDirectory()) return [t];
    return readdirSync(t).filter((f) => f.endsWith('.json') && (t.endsWith('otlp-check') || f.startsWith('otlp'))).map((f) => join(t, f));
  });
}

const list = files(process.argv.slice(2));
if (list.length === 0) {
  console.error('otlp check: no files (run `cargo test --test export_otlp` first)');
  process.exit(1);
}
let failed = 0;
for (const file of list) {
  try {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    checkMessage(Request, json, '$');
    const size = roundTrip(json);
    const metrics = json.resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
    console.log(`ok ${file}: ${metrics.length} metrics, ${size} bytes as protobuf`);
  } catch (e) {
    failed++;
    console.error(`FAIL ${file}: ${e.message}`);
  }
}
// The checker itself must catch what a broken exporter would write.
const sample = JSON.parse(readFileSync(list.find((f) => f.includes('golden')) ?? list[0], 'utf8'));
const metric0 = (j) => j.resourceMetrics[0].scopeMetrics[0].metrics[0];
const point0 = (j) => Object.values(metric0(j)).find((v) => v && v.dataPoints).dataPoints[0];
const mutations = {
  'unknown field': (j) => { metric0(j).unitt = 's'; },
  'snake_case key': (j) => { const p = point0(j); p.time_unix_nano = p.timeUnixNano; delete p.timeUnixNano; },
  'count as a number': (j) => { const p = point0(j); p.count = Number(p.count); },
  'enum as a name': (j) => { Object.values(metric0(j)).find((v) => v && v.dataPoints).aggregationTemporality = 'AGGREGATION_TEMPORALITY_CUMULATIVE'; },
  'two members of a oneof': (j) => { metric0(j).gauge = { dataPoints: [] }; },
  'sum as a string': (j) => { const p = point0(j); p.sum = String(p.sum); },
  'attribute value without a type': (j) => { point0(j).attributes[0].value = 'x'; },
};
if (metric0(sample)) {
  for (const [name, mutate] of Object.entries(mutations)) {
    const bad = structuredClone(sample);
    mutate(bad);
    assert.throws(() => { checkMessage(Request, bad, '$'); roundTrip(bad); }, undefined, `the checker missed: ${name}`);
  }
  console.log(`ok checker self-test: ${Object.keys(mutations).length} broken variants rejected`);
}
console.log(`${list.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
