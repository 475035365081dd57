// The fast path of `SessionMetrics.push(event)`, inlined by assemble.mjs into both
// package entries; NAMES, LEGACY_KEYS and partNames are filled in from the Rust sources
// (src/normalize/source.rs, src/dialect.rs, src/turns/waterfall.rs) at build time.
//
// The generic `push` copies the event into wasm field by field through wasm-bindgen
// imports (dozens of JS↔wasm crossings). Here the event is read in JS, written into
// one small buffer (`Flat` in src/normalize/source.rs: known field names as ids, values
// tagged, strings as UTF-8), and passed in ONE call; the same Rust reader then builds
// the metric, so every rule (types, units, sentinels, errors) is the one of the
// generic path. Anything this encoder does not handle exactly like the generic path
// (an unknown metrics type, a non-plain object, a nested value it does not expect, a
// getter that throws, a re-entrant push, ...) goes to the generic `push` unchanged.
function installFastPush(SessionMetrics, NAMES, LEGACY_KEYS, partNames) {
  const proto = SessionMetrics.prototype;
  const generic = proto.push;
  const encoded = proto.__pushEncoded;
  if (typeof generic !== 'function' || typeof encoded !== 'function' || typeof proto.__onTurn !== 'function') return;
  const genericMany = proto.pushMany;
  const encodedMany = proto.__pushManyEncoded;
  const KNOWN_TYPES = new Map([
    'llm_metrics', 'stt_metrics', 'tts_metrics', 'vad_metrics', 'eou_metrics', 'eot_inference_metrics',
    'realtime_model_metrics', 'interruption_metrics', 'avatar_metrics',
  ].map((t, i) => [t, i]));
  const legacy = new Set(LEGACY_KEYS);
  // Key-style flags, as src/dialect.rs `key_flags`.
  const keyFlags = (k) => {
    let f = 0;
    if (k.includes('_')) f |= 1;
    else if (/[A-Z]/.test(k)) f |= 2;
    if (k.endsWith('Ms')) f |= 4;
    if (legacy.has(k)) f |= 8;
    return f;
  };
  // name → id | flags << 8, for the known names; unknown keys get flags only (id 255).
  const KEYS = new Map(NAMES.map((n, i) => [n, i | (keyFlags(n) << 8)]));
  // The key at each position of the last object of each role (metrics type, or the
  // nested object's own key) and its KEYS entry: objects of one type usually have the
  // same keys in the same order, so a key is looked up in KEYS only when it differs
  // from the cached one (a string comparison, usually of the same string).
  const caches = [];
  const cache = (role) => caches[role] ?? (caches[role] = { keys: [], ids: [] });
  const lookup = (c, i, key) => {
    if (c.keys[i] === key) return c.ids[i];
    const id = KEYS.get(key) ?? -1;
    c.keys[i] = key;
    c.ids[i] = id;
    return id;
  };
  const MAX_ENTRIES = 64; // per event
  const MAX_TABLES = 8;
  // The entries of one event (`push`) or of a batch's events one after the other
  // (`pushMany`): grown as needed, back to the small size after a large batch.
  let cap = 0;
  let E8, E32, F64;
  const alloc = (entries) => {
    const buf = new ArrayBuffer(entries * 16);
    const b8 = new Uint8Array(buf);
    if (E8 !== undefined) b8.set(E8.subarray(0, Math.min(cap, entries) * 16));
    cap = entries;
    E8 = b8;
    E32 = new Uint32Array(buf);
    F64 = new Float64Array(buf);
  };
  alloc(MAX_ENTRIES);
  let strings = new Uint8Array(1024);
  const utf8 = new TextEncoder();
  const OBJECT_PROTO = Object.prototype;
  const FAIL = -1;
  let n = 0; // entries written
  let base = 0; // where the current event's entries start
  let s = 0; // string bytes written
  let tables = 1;
  let busy = false;

  // Whether Object.prototype has an enumerable property (`for...in` would list it).
  const EMPTY = {};
  const polluted = () => {
    for (const _ in EMPTY) return true;
    return false;
  };
  const plain = (o) => {
    const p = Object.getPrototypeOf(o);
    return (p === OBJECT_PROTO || p === null) && !Array.isArray(o);
  };
  const putString = (str) => {
    const len = str.length;
    if (s + len * 3 > strings.length) {
      const bigger = new Uint8Array(Math.max(strings.length * 2, s + len * 3));
      bigger.set(strings.subarray(0, s));
      strings = bigger;
    }
    const at = s;
    let i = 0;
    for (; i < len; i++) {
      const c = str.charCodeAt(i);
      if (c >= 0x80) break;
      strings[s + i] = c;
    }
    if (i === len) {
      s += len;
    } else {
      s = at + utf8.encodeInto(str, strings.subarray(at)).written;
    }
    return at;
  };
  // Writes the fields of `o` as table `t`; returns the key flags, or FAIL. `type` is
  // the value of `o.type` when already read (each property is read once).
  const encodeObject = (o, t, top, type, role) => {
    let flags = 0;
    const c = cache(role);
    let i = 0;
    // `for...in` (with the loads it optimizes) instead of `Object.keys`: the same keys
    // in the same order for a plain object while Object.prototype has no enumerable
    // property (`encode` checks).
    for (const key in o) {
      const v = top && key === 'type' ? type : o[key];
      const known = lookup(c, i++, key);
      if (top && key !== 'type') flags |= known < 0 ? keyFlags(key) : known >> 8;
      if (known < 0) {
        // An unknown key: read by no reader, so only its type matters (must be JSON-plain).
        const ty = typeof v;
        if (ty === 'number' || ty === 'string' || ty === 'boolean' || ty === 'undefined' || v === null) continue;
        return FAIL;
      }
      if (n - base === MAX_ENTRIES) return FAIL;
      if (n === cap) alloc(cap * 2);
      const e = n++;
      E8[e * 16] = t;
      E8[e * 16 + 1] = known & 0xff;
      switch (typeof v) {
        case 'number':
          E8[e * 16 + 2] = 4;
          F64[e * 2 + 1] = v;
          break;
        case 'string':
          E8[e * 16 + 2] = 5;
          E32[e * 4 + 2] = putString(v);
          E32[e * 4 + 1] = s - E32[e * 4 + 2];
          break;
        case 'boolean':
          E8[e * 16 + 2] = v ? 3 : 2;
          break;
        case 'undefined':
          E8[e * 16 + 2] = 1;
          break;
        case 'object':
          if (v === null) {
            E8[e * 16 + 2] = 1;
            break;
          }
          if (!plain(v) || tables === MAX_TABLES) return FAIL;
          {
            const nested = tables++;
            E8[e * 16 + 2] = 6;
            E32[e * 4 + 1] = nested;
            if (encodeObject(v, nested, false, undefined, 16 + (known & 0xff)) === FAIL) return FAIL;
          }
          break;
        default:
          return FAIL;
      }
    }
    return flags;
  };

  let createdKind = 0;
  let createdAt = 0;
  // Encodes `ev` from entry `n` and string byte `s` on; returns the key flags, or FAIL
  // (then the generic path reads it).
  const encodeNext = (ev) => {
    base = n;
    tables = 1;
    createdKind = 0;
    createdAt = 0;
    if (typeof ev !== 'object' || ev === null || !plain(ev) || polluted()) return FAIL;
    const type = ev.type;
    const role = KNOWN_TYPES.get(type);
    if (role !== undefined) return encodeObject(ev, 0, true, type, role);
    if (type === 'metrics_collected' || type === undefined) {
      // A `metrics_collected` wrapper: only `type`, `metrics` and one `createdAt`.
      let metrics;
      for (const key in ev) {
        if (key === 'type') {
          if (type !== 'metrics_collected') return FAIL;
          continue;
        }
        const v = ev[key];
        if (key === 'metrics') {
          if (typeof v !== 'object' || v === null || !plain(v)) return FAIL;
          metrics = v;
        } else if ((key === 'createdAt' || key === 'created_at') && typeof v === 'number' && createdKind === 0) {
          createdKind = key === 'createdAt' ? 1 : 2;
          createdAt = v;
        } else {
          return FAIL;
        }
      }
      if (metrics === undefined) return FAIL;
      const inner = metrics.type;
      const innerRole = KNOWN_TYPES.get(inner);
      if (innerRole === undefined) return FAIL;
      return encodeObject(metrics, 0, true, inner, innerRole);
    }
    return FAIL;
  };
  const encode = (ev) => {
    n = 0;
    s = 0;
    return encodeNext(ev);
  };

  // The batch (`pushMany`) per event: entry count, key flags, created_at kind and value.
  // Batches up to MAX_MANY events take the fast path (the buffers stay a few MB).
  const MAX_MANY = 65536;
  let counts = new Uint32Array(64);
  let flagsOf = new Uint8Array(64);
  let kinds = new Uint8Array(64);
  let ats = new Float64Array(64);
  const ARRAY_PROTO = Array.prototype;
  // Encodes a plain array of events; returns how many, or FAIL (then the generic
  // `pushMany` reads the whole batch).
  const encodeMany = (events) => {
    if (!Array.isArray(events) || Object.getPrototypeOf(events) !== ARRAY_PROTO) return FAIL;
    const len = events.length;
    if (len === 0 || len > MAX_MANY) return FAIL;
    if (counts.length < len) {
      const size = Math.max(len, counts.length * 2);
      counts = new Uint32Array(size);
      flagsOf = new Uint8Array(size);
      kinds = new Uint8Array(size);
      ats = new Float64Array(size);
    }
    n = 0;
    s = 0;
    for (let i = 0; i < len; i++) {
      const flags = encodeNext(events[i]);
      if (flags === FAIL) return FAIL;
      counts[i] = n - base;
      flagsOf[i] = flags;
      kinds[i] = createdKind;
      ats[i] = createdAt;
    }
    return len;
  };
  const shrink = () => {
    if (cap > 4096) {
      E8 = undefined;
      alloc(MAX_ENTRIES);
    }
    if (strings.length > 1 << 16) strings = new Uint8Array(1024);
    if (counts.length > 4096) {
      counts = new Uint32Array(64);
      flagsOf = new Uint8Array(64);
      kinds = new Uint8Array(64);
      ats = new Float64Array(64);
    }
  };

  // Turns from the numbers `__pushEncoded` returns (src/wasm/fast_push.rs
  // `turns_as_numbers`): the objects `JSON.parse` makes of the generic path's JSON,
  // same keys in the same order.
  const KINDS = ['user', 'agentInitiated', 'speculative'];
  const COMPONENTS = ['eou', 'llm', 'tts'];
  const turnsFromNumbers = (x) => {
    const turns = [];
    let i = 0;
    while (i < x.length) {
      const bits = x[i];
      const t = {};
      const nMissing = x[i + 12];
      const idLen = x[i + 13 + nMissing];
      const idStart = i + 14 + nMissing;
      const tail = idStart + idLen;
      if (bits & 1) t.speechId = String.fromCharCode.apply(null, x.subarray(idStart, tail));
      t.kind = KINDS[x[i + 1]];
      t.startedAtMs = x[i + 2];
      if (bits & 1024) t.e2eLatencyMs = x[tail];
      if (bits & 2) t.eouDelayMs = x[i + 3];
      if (bits & 4) t.transcriptionDelayMs = x[i + 4];
      if (bits & 8) t.onUserTurnCompletedDelayMs = x[i + 5];
      if (bits & 16) t.llmTtftMs = x[i + 6];
      if (bits & 32) t.ttsTtfbMs = x[i + 7];
      if (bits & 64) t.formulaLatencyMs = x[i + 8];
      const missing = [];
      for (let m = 0; m < nMissing; m++) missing.push(COMPONENTS[x[i + 13 + m]]);
      t.missing = missing;
      t.llmSteps = x[i + 9];
      if (bits & 128) t.llmDurationMs = x[i + 10];
      t.ttsSegments = x[i + 11];
      t.cancelled = (bits & 256) !== 0;
      t.realtime = (bits & 512) !== 0;
      if (bits & 2048) t.unexplainedMs = x[tail + 1];
      const nSteps = x[tail + 2];
      const waterfall = [];
      for (let s = 0, at = tail + 3; s < nSteps; s++, at += 4) {
        const step = { part: partNames[x[at]], startMs: x[at + 1], durationMs: x[at + 2] };
        if (x[at + 3] !== 0) step.aheadMs = x[at + 3];
        waterfall.push(step);
      }
      t.waterfall = waterfall;
      const after = tail + 3 + 4 * nSteps;
      if (bits & 4096) t.firstTranscriptAfterEosDelayMs = x[after];
      turns.push(t);
      i = after + 1;
    }
    return turns;
  };
  const onTurnOf = proto.__onTurn;
  const apply = Reflect.apply;

  // How many pushes took each path (read by the differential tests).
  const stats = { fast: 0, generic: 0, fastMany: 0, genericMany: 0 };
  // Runs the encoder `enc` on `input` with re-entrant pushes sent to the generic path;
  // FAIL if it declines or throws (a getter).
  const guarded = (enc, input) => {
    busy = true;
    try {
      return enc(input);
    } catch {
      return FAIL;
    } finally {
      busy = false;
    }
  };
  // The turns of what the wasm call returned: as the generic path, `onTurn(turn)` for
  // each (its own object) after the state is updated (a throw propagates), and a fresh
  // array for the caller.
  const deliver = (self, numbers) => {
    if (numbers === undefined) return [];
    const onTurn = onTurnOf.call(self);
    if (onTurn !== undefined) {
      for (const turn of turnsFromNumbers(numbers)) apply(onTurn, undefined, [turn]);
    }
    return turnsFromNumbers(numbers);
  };
  const fast = function push(event) {
    const flags = busy ? FAIL : guarded(encode, event);
    if (flags === FAIL) {
      stats.generic++;
      return generic.call(this, event);
    }
    stats.fast++;
    return deliver(this, encoded.call(this, E8.subarray(0, n * 16), strings.subarray(0, s), flags, createdKind, createdAt));
  };
  Object.defineProperty(proto, 'push', { value: fast, writable: true, configurable: true, enumerable: false });

  // `pushMany(events)` of a plain array whose every event the encoder takes: one call
  // for the batch (the generic path reads it into wasm value by value). Anything else
  // (JSON text, bytes, an event the encoder does not take, re-entrancy) goes to the
  // generic `pushMany` whole, so batch semantics (one turn assembly, a failing event
  // fails the batch with its index and records nothing) are the generic path's.
  if (typeof genericMany === 'function' && typeof encodedMany === 'function') {
    const fastMany = function pushMany(events) {
      const len = busy ? FAIL : guarded(encodeMany, events);
      if (len === FAIL) {
        shrink();
        stats.genericMany++;
        return genericMany.call(this, events);
      }
      stats.fastMany++;
      let numbers;
      try {
        numbers = encodedMany.call(
          this,
          E8.subarray(0, n * 16),
          strings.subarray(0, s),
          counts.subarray(0, len),
          flagsOf.subarray(0, len),
          kinds.subarray(0, len),
          ats.subarray(0, len),
        );
      } finally {
        shrink();
      }
      return deliver(this, numbers);
    };
    Object.defineProperty(proto, 'pushMany', { value: fastMany, writable: true, configurable: true, enumerable: false });
    Object.defineProperty(proto, Symbol.for('voice-agent-metrics.pushManyGeneric'), { value: genericMany, configurable: true });
  }
  // The generic path, for the differential tests.
  Object.defineProperty(proto, Symbol.for('voice-agent-metrics.pushGeneric'), { value: generic, configurable: true });
  Object.defineProperty(proto, Symbol.for('voice-agent-metrics.pushStats'), { value: stats, configurable: true });
}
