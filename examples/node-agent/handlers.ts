// The metrics wiring of the agent, as plain functions so it can be replayed without a
// LiveKit server (js-tests/node-agent/replay.test.mjs does exactly that):
//
//   session.on(voice.AgentSessionEventTypes.MetricsCollected, h.onMetricsCollected);
//   session.on(voice.AgentSessionEventTypes.ConversationItemAdded, h.onConversationItemAdded);
//   ctx.addShutdownCallback(h.onShutdown);
//   GET /metrics → h.renderMetrics()
//
// Only types come from @livekit/agents here; the numbers all come from voice-agent-metrics.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { voice } from '@livekit/agents';
import {
  LatencyAggregator,
  SessionMetrics,
  version,
  type ChatTurn,
  type LatencySummary,
  type PriceTable,
  type SessionUsage,
  type SkippedItem,
  type TurnJoin,
  type TurnLatency,
  type UsageCost,
} from 'voice-agent-metrics';

export interface MetricsHandlersOptions {
  /** Where `onShutdown` writes the session's analysis (JSON); directories are created. */
  outFile: string;
  /** A price table (see examples/prices.example.json): adds `cost` and `voice_agent_cost_total`. */
  prices?: PriceTable;
  /**
   * Labels on every `/metrics` series, e.g. `{ agent_name: 'support' }` (keys: Prometheus
   * label names). Keep them low-cardinality: a room name or job id is one series per call.
   */
  labels?: Record<string, string>;
  /** Where the per-turn lines go (default: `console.log`). */
  log?: (line: string) => void;
  /**
   * Whether the session runs with preemptive generation (the SDK default): then a
   * negative unexplained time in a chat turn is expected, not flagged.
   */
  preemptiveGeneration?: boolean;
}

/** What `onShutdown` writes: the session's turns, summary, usage and cost. */
export interface SessionAnalysisFile {
  generator: string;
  /** Turns from the metrics events: eou, LLM ttft, TTS ttfb, total (ms). */
  turns: TurnLatency[];
  /** Turns from the chat items: the SDK's measured e2e and the unexplained part (ms). */
  chatTurns: ChatTurn[];
  /** Both, matched turn by turn. */
  joined: TurnJoin;
  /** Exact p50/p90/p95/p99 of the metrics turns (ms). */
  summary: LatencySummary;
  usage: SessionUsage;
  /** With a price table only. */
  cost?: UsageCost;
  /** Events that were not valid metrics (counted, never thrown into the agent). */
  skipped: SkippedItem[];
  duplicatesDropped: number;
}

export interface MetricsHandlers {
  /** For `voice.AgentSessionEventTypes.MetricsCollected`. */
  onMetricsCollected: (ev: voice.MetricsCollectedEvent) => void;
  /** For `voice.AgentSessionEventTypes.ConversationItemAdded`. */
  onConversationItemAdded: (ev: voice.ConversationItemAddedEvent) => void;
  /** For `ctx.addShutdownCallback`: completes the last turns, writes `outFile`. */
  onShutdown: () => Promise<void>;
  /** The Prometheus text exposition of the session so far. */
  renderMetrics: () => string;
  /** The analysis `onShutdown` wrote (after it ran). */
  readonly analysis: SessionAnalysisFile | undefined;
  /** The live state, for anything else (`turns()`, `summary()`, `usage()`, ...). */
  readonly metrics: SessionMetrics;
}

/** `1234.56` → `1234.6`; absent → `-`. */
const ms = (v: number | undefined): string => (v === undefined ? '-' : (Math.round(v * 10) / 10).toFixed(1));

/** One logfmt line per turn: `vam_turn n=1 speech_id=… kind=user total_ms=… eou_ms=… …`. */
export function formatTurn(n: number, t: TurnLatency): string {
  const fields: [string, string][] = [
    ['n', String(n)],
    ['speech_id', t.speechId ?? '-'],
    ['kind', t.kind],
    ['total_ms', ms(t.formulaLatencyMs)],
    ['eou_ms', ms(t.eouDelayMs)],
    ['llm_ttft_ms', ms(t.llmTtftMs)],
    ['tts_ttfb_ms', ms(t.ttsTtfbMs)],
    ['transcription_ms', ms(t.transcriptionDelayMs)],
    ['on_user_turn_completed_ms', ms(t.onUserTurnCompletedDelayMs)],
    ['llm_steps', String(t.llmSteps)],
    ['tts_segments', String(t.ttsSegments)],
  ];
  if (t.missing.length) fields.push(['missing', t.missing.join(',')]);
  if (t.cancelled) fields.push(['cancelled', 'true']);
  return `vam_turn ${fields.map(([k, v]) => `${k}=${v}`).join(' ')}`;
}

export function createMetricsHandlers(options: MetricsHandlersOptions): MetricsHandlers {
  const log = options.log ?? ((line: string) => console.log(line));
  const labels = options.labels ?? {};
  let logged = 0;
  let analysis: SessionAnalysisFile | undefined;
  let badEvents = 0;
  const metrics = new SessionMetrics({
    // A bad event is counted in `skipped`, never thrown into the SDK's event emitter.
    onInvalid: 'skip',
    ...(options.preemptiveGeneration === undefined ? {} : { preemptiveGeneration: options.preemptiveGeneration }),
    onTurn: (t) => {
      logged += 1;
      log(formatTurn(logged, t));
    },
  });

  /** Metrics must never take the agent down: a failure is logged and the event dropped. */
  const guard = (what: string, f: () => void) => {
    try {
      f();
    } catch (e) {
      badEvents += 1;
      const code = (e as { code?: string }).code ?? 'Error';
      log(`vam_error what=${what} code=${code} count=${badEvents} message=${JSON.stringify(String((e as Error).message ?? e))}`);
    }
  };

  return {
    onMetricsCollected: (ev) => guard('metrics_collected', () => void metrics.push(ev)),
    onConversationItemAdded: (ev) => guard('conversation_item_added', () => metrics.pushChatItem(ev.item)),
    renderMetrics: () => {
      const agg = new LatencyAggregator({ labels: Object.keys(labels) });
      try {
        agg.addSession(metrics, labels);
        return agg.toPrometheus(options.prices);
      } finally {
        agg.free();
      }
    },
    onShutdown: async () => {
      metrics.flush();
      const usage = metrics.usage();
      try {
        analysis = {
          generator: `voice-agent-metrics ${version()}`,
          turns: metrics.turns(),
          chatTurns: metrics.chatTurns(),
          joined: metrics.joinedTurns(),
          summary: metrics.summary(),
          usage: usage.toJSON(),
          ...(options.prices ? { cost: usage.cost(options.prices) } : {}),
          skipped: metrics.skipped,
          duplicatesDropped: metrics.duplicatesDropped,
        };
      } finally {
        usage.free();
      }
      await mkdir(dirname(options.outFile), { recursive: true });
      await writeFile(options.outFile, `${JSON.stringify(analysis, null, 2)}\n`);
      const p95 = analysis.summary.formulaLatencyMs.p95;
      log(`vam_session turns=${analysis.turns.length} user_turns=${analysis.summary.userTurns} total_p95_ms=${ms(p95)}` +
        `${analysis.cost ? ` cost=${analysis.cost.total} currency=${analysis.cost.currency}` : ''} file=${options.outFile}`);
    },
    get analysis() {
      return analysis;
    },
    metrics,
  };
}
