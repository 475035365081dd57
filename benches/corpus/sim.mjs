// The session simulator behind the benchmark corpus: one seeded, SDK-neutral session
// (times in epoch seconds, durations in seconds), which `shapes.mjs` writes as a Python
// or Node session report and metrics event log. Timings follow the ranges measured in
// tests/fixtures (EOU 0.4–1.2 s, LLM ttft 0.2–0.9 s, TTS ttfb 0.1–0.4 s, 0.25–0.6 s of
// unexplained wait), turn counts 5 to 200, with tool calls, interruptions, discarded
// preemptive generations, realtime sessions and long transcripts.

/** mulberry32: a small, fast, seeded PRNG (the same one js-tests use). */
export function rng(seed) {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the a to and of you it is that for in on we can your order table book time today ' +
  'weather tomorrow please thanks sure right now check let me see tell about great ' +
  'account payment number address delivery flight hotel reservation room price plan ' +
  'help problem support change cancel confirm available option minutes later morning ' +
  'evening could would should like want need know think really just also maybe okay'
).split(' ');
// A few non-ASCII words: Python's json.dumps escapes them (\u00e9), Node writes UTF-8.
const RARE = ['café', 'naïve', 'Zürich', 'São', 'größer', '東京', '👍'];

/** `n` words of made-up speech, capitalised and ended with a period. */
function sentence(r, n) {
  const words = [];
  for (let i = 0; i < n; i++) words.push(r() < 0.01 ? RARE[(r() * RARE.length) | 0] : WORDS[(r() * WORDS.length) | 0]);
  const s = words.join(' ');
  return `${s[0].toUpperCase()}${s.slice(1)}.`;
}

function text(r, minWords, maxWords) {
  const target = minWords + Math.floor(r() * (maxWords - minWords + 1));
  const parts = [];
  for (let n = 0; n < target; ) {
    const k = Math.min(target - n, 4 + Math.floor(r() * 14));
    parts.push(sentence(r, k));
    n += k;
  }
  return parts.join(' ');
}

const hex = (r, n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += ((r() * 16) | 0).toString(16);
  return s;
};

/**
 * Turn count: 5 to 200, skewed to short sessions (median 5–6, mean about 13, 2.6 % of sessions 100 turns or more) the
 * way support and booking calls are.
 */
function turnCount(r) {
  const u = r();
  return Math.min(200, Math.round(5 * Math.pow(40, u ** 8)));
}

const between = (r, lo, hi) => lo + r() * (hi - lo);

/**
 * Simulates session `index` of the corpus seeded with `seed`.
 * @returns {object} an SDK-neutral session (see shapes.mjs for how it is written)
 */
export function simulate(seed, index) {
  const r = rng((seed * 1_000_003 + index * 7919) | 0);
  const sdk = r() < 0.5 ? 'py' : 'js';
  const realtime = r() < 0.15;
  const preemptive = r() < 0.5;
  const longTalk = r() < 0.1; // long transcripts: dictation, stories, explanations
  const toolRate = realtime ? 0 : between(r, 0, 0.3);
  const interruptRate = between(r, 0, 0.15);
  const nTurns = turnCount(r);
  const startedAt = 1795200000 + index * 3600 + r() * 600;
  const id = () => (sdk === 'py' ? `item_${hex(r, 12)}` : `item_${hex(r, 8)}-${hex(r, 3)}`);
  const speechId = () => (sdk === 'py' ? `speech_${hex(r, 12)}` : `speech_${hex(r, 8)}-${hex(r, 3)}`);

  const turns = [];
  let t = startedAt + between(r, 0.3, 0.8);
  let callNo = 0;
  for (let k = 0; k < nTurns; k++) {
    const userStart = t + between(r, 0.2, 2.5);
    const userWords = longTalk && r() < 0.3 ? 40 + Math.floor(r() * 200) : 3 + Math.floor(r() * 18);
    const userStop = userStart + userWords * between(r, 0.25, 0.4);
    const eot = between(r, 0.4, 1.2);
    const turn = {
      userId: id(),
      userText: text(r, userWords, userWords),
      userStart,
      userStop,
      transcriptionDelay: eot * between(r, 0.2, 0.8),
      eot,
      outc: between(r, 0.00004, 0.0003),
      speechId: speechId(),
      speculative: preemptive && !realtime && r() < 0.2 ? { speechId: speechId(), ttft: between(r, 0.2, 0.6), duration: between(r, 0.5, 1.2), tts: r() < 0.5 } : null,
      requestId: `resp_${hex(r, 10)}`,
      steps: [],
      messages: [],
      tool: null,
      sttAudio: userStop - userStart + between(r, 0.1, 1.5),
    };
    turn.userCreated = userStop + eot + turn.outc;
    const replyWords = longTalk ? 30 + Math.floor(r() * 320) : 4 + Math.floor(r() * 30);
    const interrupted = r() < interruptRate;
    let at = turn.userCreated; // LLM start
    const withTool = r() < toolRate;
    const nMsgs = withTool ? 2 : 1;
    for (let m = 0; m < nMsgs; m++) {
      const ttft = between(r, 0.2, 0.9);
      const ttfb = between(r, 0.1, 0.4);
      const words = m === 0 && withTool ? 4 + Math.floor(r() * 6) : replyWords;
      const msgText = text(r, words, words);
      const llmDuration = ttft + words * between(r, 0.015, 0.03) + 0.1;
      const completion = Math.ceil(msgText.length / 4) + (m === 0 && withTool ? 12 : 0);
      const prompt = 1100 + Math.floor((k * 180 + m * 60) * between(r, 0.8, 1.2));
      turn.steps.push({ start: at, ttft, duration: llmDuration, prompt, cached: k + m > 0 ? 1024 * Math.floor(prompt / 1024) : 0, completion, requestId: `${hex(r, 15)}` });
      const unexplained = m === 0 ? between(r, 0.25, 0.6) : between(r, 0.05, 0.2);
      const playback = sdk === 'py' ? between(r, 0.000005, 0.00003) : 0;
      const speakStart = at + ttft + ttfb + unexplained + playback;
      const audio = words * between(r, 0.28, 0.38) + 0.3;
      const cut = interrupted && m === nMsgs - 1;
      const speakStop = speakStart + (cut ? audio * between(r, 0.2, 0.7) : audio);
      turn.messages.push({
        id: m === 0 ? id() : id(),
        created: sdk === 'py' ? at + between(r, 0.5, 1.0) : at + 0.001 + r() * 0.002,
        text: cut ? msgText.slice(0, Math.max(8, Math.floor(msgText.length * 0.4))) : msgText,
        fullChars: msgText.length,
        interrupted: cut,
        ttft,
        ttfs: ttft + between(r, 0.2, 0.5),
        tps: between(r, 25, 60),
        ttfb,
        playback,
        speakStart,
        speakStop,
        audio,
        ttsStart: at + ttft + between(r, 0.0, 0.05),
        ttsDuration: ttfb + between(r, 0.2, 0.5),
        segmentId: `fake_segment_${hex(r, 12)}`,
        ttsRequestId: `fake_tts_${hex(r, 12)}`,
      });
      if (m === 0 && withTool) {
        const callAt = at + llmDuration;
        const toolTime = between(r, 0.1, 1.5);
        callNo += 1;
        turn.tool = {
          callId: `call_${hex(r, 8)}_${callNo}`,
          name: ['get_weather', 'lookup_order', 'book_table', 'check_balance'][(r() * 4) | 0],
          args: JSON.stringify({ query: text(r, 2, 6), limit: 1 + ((r() * 5) | 0) }),
          output: text(r, 8, longTalk ? 120 : 30),
          callAt,
          outputAt: callAt + toolTime,
          callItemId: '',
          outputItemId: id(),
        };
        turn.tool.callItemId = `${turn.messages[0].id}/fnc_0`;
        at = Math.max(turn.tool.outputAt, speakStop) + between(r, 0.02, 0.1);
      }
    }
    if (realtime) {
      const output = 80 + Math.floor(r() * 300);
      turn.realtime = {
        ttft: between(r, 0.25, 0.9),
        duration: between(r, 0.8, 2.5),
        input: 300 + Math.floor(r() * 900),
        output,
        audioIn: 40 + Math.floor(r() * 120),
        audioOut: Math.floor(output * between(r, 0.6, 0.9)),
        cachedIn: k > 0 ? 64 * Math.floor(r() * 4) : 0,
      };
    }
    turns.push(turn);
    const last = turn.messages[turn.messages.length - 1];
    t = last.speakStop;
  }
  const endedAt = t + between(r, 1.0, 4.0);
  return {
    index,
    sdk,
    realtime,
    preemptive,
    turns,
    startedAt,
    endedAt,
    agent: ['support_agent', 'booking_agent', 'weather_agent', 'default_agent'][(r() * 4) | 0],
    handoffId: id(),
    configId: id(),
    instructions: text(r, 20, 120),
    jobId: `AJ_${hex(r, 12)}`,
    roomId: `RM_${hex(r, 12)}`,
    room: `room-${hex(r, 8)}`,
    r,
  };
}
