/// <reference lib="esnext.disposable" />
/* tslint:disable */
/* eslint-disable */
/**
 * A chat turn and the metrics-event turn it was joined with, if any.
 */
export interface JoinedTurn {
    /**
     * The turn from the chat history (e2e, unexplained time, per-message delays).
     */
    chat: ChatTurn;
    /**
     * The turn from the metrics events (EOU, LLM and TTS metrics, usage keys).
     */
    latency?: TurnLatency;
    /**
     * `chat.user_stopped_speaking_at_ms − latency.started_at_ms`, ms, when both are the
     * user's end of speech (the metrics turn has an EOU delay).
     */
    anchorGapMs?: number;
    /**
     * The turn's heard wait, ms: the SDK's `e2e_latency` from the chat turn when it has
     * one, else the events' `e2e_latency_ms`.
     */
    e2eLatencyMs?: number;
    /**
     * `chat.e2e_latency_ms − latency.e2e_latency_ms`, ms, when both sources have one.
     */
    e2eGapMs?: number;
    /**
     * Whether the two sources disagree on the e2e by more than [`E2E_AGREEMENT_MS`]:
     * one of them is wrong (a stale anchor, a lost metric, a clock step).
     */
    e2eDisagrees: boolean;
}

/**
 * A false interruption (`agent_false_interruption`).
 */
export interface FalseInterruptionEntry {
    /**
     * When, epoch ms.
     */
    atMs: number;
    /**
     * Whether the agent resumed speaking.
     */
    resumed: boolean;
}

/**
 * A final user transcript (`user_input_transcribed` with `is_final`).
 */
export interface TranscriptEntry {
    /**
     * When, epoch ms.
     */
    atMs: number;
    /**
     * The transcript.
     */
    transcript: string;
    /**
     * The detected language, when given and not empty.
     */
    language?: string;
}

/**
 * A flagged turn and why.
 */
export interface TurnFlag {
    /**
     * [`ChatTurn::index`] of the turn.
     */
    turnIndex: number;
    /**
     * Why.
     */
    reason: TurnFlagReason;
}

/**
 * A malformed chat item, event or usage entry that the analysis skipped.
 */
export interface SkippedEntry {
    /**
     * The list it was in.
     */
    section: ReportSection;
    /**
     * 0-based position in that list.
     */
    index: number;
    /**
     * The stable error code.
     */
    code: ErrorCode;
    /**
     * The input field at fault, if any.
     */
    field?: string;
    /**
     * A human-readable explanation.
     */
    message: string;
}

/**
 * A metrics type this version does not know (e.g. Python 1.8.9's `decision_metrics`).
 *
 * Kept whole so nothing is lost; counted in the normalize report.
 */
export interface UnknownMetric {
    /**
     * The input's `type` string.
     */
    metricType: string;
    /**
     * The input object as given (its own keys and units).
     */
    raw: unknown;
}

/**
 * A new agent speech (`speech_created`).
 */
export interface SpeechEntry {
    /**
     * When, epoch ms.
     */
    atMs: number;
    /**
     * Whether a user turn asked for it.
     */
    userInitiated: boolean;
    /**
     * `say`, `generate_reply` or `tool_response` (Node realtime).
     */
    source: string;
}

/**
 * A price table: one currency, many model prices.
 */
export interface PriceTable {
    /**
     * ISO 4217 code, e.g. `"USD"`. Every amount is in this currency.
     */
    currency: string;
    /**
     * When the prices were taken (free text, e.g. `"2026-11-01"`).
     */
    asOf?: string;
    /**
     * The prices.
     */
    prices: ModelPrice[];
}

/**
 * A time unit found in the input.
 *
 * Serialized as `"seconds"`, `"milliseconds"`.
 */
export type TimeUnit = "seconds" | "milliseconds";

/**
 * A tool the agent called during a turn (`function_call` + its `function_call_output`).
 */
export interface ToolCall {
    /**
     * The tool's name.
     */
    name: string;
    /**
     * The provider's call id, which pairs the call with its output.
     */
    callId: string;
    /**
     * Whether the tool failed; absent when no output was recorded.
     */
    isError?: boolean;
    /**
     * When the tool started executing, epoch ms (the call item's `created_at`).
     */
    startedAtMs?: number;
    /**
     * Execution time, ms: output `created_at` − call `created_at`, when both are known.
     */
    durationMs?: number;
}

/**
 * A usage row that could not be priced.
 */
export interface UnpricedModel {
    /**
     * Usage kind.
     */
    kind: UsageKind;
    /**
     * Provider.
     */
    provider: string;
    /**
     * Model.
     */
    model: string;
    /**
     * The price fields it lacks, or `["entry"]` when the table has no entry for it.
     */
    missing: string[];
}

/**
 * A usage row that is probably attributed to the wrong model.
 */
export interface UsageFlag {
    /**
     * Usage kind of the row.
     */
    kind: UsageKind;
    /**
     * Provider of the row.
     */
    provider: string;
    /**
     * Model of the row.
     */
    model: string;
    /**
     * Why it is flagged.
     */
    reason: UsageFlagReason;
}

/**
 * A user or agent state change (`user_state_changed`, `agent_state_changed`).
 */
export interface StateChange {
    /**
     * When, epoch ms.
     */
    atMs: number;
    /**
     * The state before (`listening`, `speaking`, `thinking`, ...).
     */
    oldState: string;
    /**
     * The state after.
     */
    newState: string;
}

/**
 * An agent handoff (`agent_handoff` item) inside a turn.
 */
export interface Handoff {
    /**
     * The agent handing over (absent for the session's first agent).
     */
    oldAgentId?: string;
    /**
     * The agent taking over.
     */
    newAgentId?: string;
    /**
     * When, epoch ms.
     */
    atMs?: number;
}

/**
 * An agent handoff (`conversation_item_added` with an `agent_handoff` item).
 */
export interface HandoffEntry {
    /**
     * When, epoch ms.
     */
    atMs: number;
    /**
     * The agent handing over (absent for the first agent).
     */
    oldAgentId?: string;
    /**
     * The agent taking over.
     */
    newAgentId?: string;
}

/**
 * An error (`error`) or the session's end (`close`).
 */
export interface ErrorEntry {
    /**
     * When, epoch ms.
     */
    atMs: number;
    /**
     * The error's `type` (Python error models: `llm_error`, `stt_error`, ...).
     */
    errorType?: string;
    /**
     * The message (Node: the error's message; Python: the `repr` or `message`).
     */
    message?: string;
    /**
     * Whether the SDK could recover.
     */
    recoverable?: boolean;
    /**
     * What failed: `provider/model`, a source string, or the error's `label`.
     */
    source?: string;
}

/**
 * An item a batch skipped ([`OnInvalid::Skip`]), with why.
 */
export interface SkippedItem {
    /**
     * 0-based position in the batch (for JSON lines: among the non-empty lines).
     */
    index: number;
    /**
     * The stable error code.
     */
    code: ErrorCode;
    /**
     * The input field at fault, if any.
     */
    field?: string;
    /**
     * A human-readable explanation.
     */
    message: string;
}

/**
 * Cached input tokens by modality.
 */
export interface CachedTokenDetails {
    /**
     * Cached audio tokens.
     */
    audioTokens: number;
    /**
     * Cached text tokens.
     */
    textTokens: number;
    /**
     * Cached image tokens.
     */
    imageTokens: number;
}

/**
 * Costs of a set of usage rows.
 */
export interface CostReport {
    /**
     * The table's currency.
     */
    currency: string;
    /**
     * Sum of `models[*].cost` (unpriced rows excluded: see `unpriced`).
     */
    total: number;
    /**
     * Cost per priced row, in row order.
     */
    models: ModelCost[];
    /**
     * Rows with usage that the table cannot price.
     */
    unpriced: UnpricedModel[];
}

/**
 * Count, extremes, mean and exact quantiles of one latency, in ms.
 *
 * Quantiles are exact over the values given, by **linear interpolation between closest
 * ranks** (Hyndman & Fan type 7, the default of numpy `percentile`, R `quantile` and
 * Excel `PERCENTILE.INC`): sort the `n` values as `x[0] ≤ … ≤ x[n−1]`, take
 * `h = (n − 1)·q`, and return `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])`. With one value
 * every statistic is that value. With none, `count` is 0 and every statistic is absent
 * (never `NaN`). Non-finite inputs are ignored.
 */
export interface LatencyStats {
    /**
     * How many values the statistics are over.
     */
    count: number;
    /**
     * Smallest value, ms.
     */
    min?: number;
    /**
     * Largest value, ms.
     */
    max?: number;
    /**
     * Arithmetic mean, ms.
     */
    mean?: number;
    /**
     * Median (50th percentile), ms.
     */
    p50?: number;
    /**
     * 90th percentile, ms.
     */
    p90?: number;
    /**
     * 95th percentile, ms.
     */
    p95?: number;
    /**
     * 99th percentile, ms.
     */
    p99?: number;
}

/**
 * Everything a session report says about latency, usage and data quality.
 *
 * Times are epoch ms, durations ms, whatever the report used (see `units`).
 */
export interface SessionAnalysis {
    /**
     * The SDK that wrote the report; absent when nothing in it tells.
     */
    sdk?: ReportSdk;
    /**
     * `sdk_version` (Python ≥ 1.5.1, Node ≥ 1.4.10).
     */
    sdkVersion?: string;
    /**
     * The key case and units the report was written in.
     */
    units: ReportUnits;
    /**
     * `job_id`.
     */
    jobId?: string;
    /**
     * `room_id` (the room sid).
     */
    roomId?: string;
    /**
     * `room` (the room name).
     */
    room?: string;
    /**
     * Session start, epoch ms: `started_at` when the report has it (newer Python SDKs
     * write it, in epoch seconds; in-memory Node reports have it in epoch ms), else
     * `timestamp − duration_ms` (Python ≥ 1.8), else `timestamp − duration` (newer
     * Python SDKs, seconds: the span since the recording started), else the earliest
     * `created_at` of the events and chat items.
     */
    startedAtMs?: number;
    /**
     * Session end, epoch ms: the report's `timestamp` (written when the session ends),
     * else the latest `created_at` of the events and chat items.
     */
    endedAtMs?: number;
    /**
     * `ended_at_ms − started_at_ms`, ms.
     */
    durationMs?: number;
    /**
     * Why the session ended: the last `close` event's `reason`, else Python's top-level
     * `close_reason`.
     */
    closeReason?: string;
    /**
     * The session options the report recorded, in ms.
     */
    options: ReportedOptions;
    /**
     * The turns of the chat history, in order (see [`crate::report`] for the rules):
     * every turn, however long the session (a report is analyzed whole; only the live
     * [`crate::ChatTurnBuilder`] keeps a window).
     */
    turns: ChatTurn[];
    /**
     * Latency statistics over the unflagged user turns.
     */
    summary: ChatLatencySummary;
    /**
     * The report's `usage` as canonical rows in ms (`usage.models`, in the SDK's
     * `flatten()` order; when the report has no `usage`, the last
     * `session_usage_updated` event's rows). A report has no metrics events, so usage
     * cannot be split:
     * `turns`, `session_level` and `speculative` are empty and `duplicates_dropped` is 0.
     */
    usage: Usage;
    /**
     * Where the usage kinds came from (Python entries may lack `type`).
     */
    usageKindSource: UsageKindSource;
    /**
     * Every flagged turn and why, in turn order.
     */
    flags: TurnFlag[];
    /**
     * The session's events as typed entries, in emission order.
     */
    timeline: TimelineEntry[];
    /**
     * Malformed chat items, events and usage entries that were skipped.
     */
    skipped: SkippedEntry[];
}

/**
 * How a turn's waterfall was placed, when the report could not place every part.
 *
 * Serialized in camelCase.
 */
export type WaterfallNote = "firstSentenceFromEvents" | "firstSentenceUnknown" | "overlapUnplaced" | "realtimeUnsplit";

/**
 * How many items of one unknown metrics type a batch kept as [`Metric::Unknown`].
 */
export interface UnknownTypeCount {
    /**
     * The `type` string.
     */
    metricType: string;
    /**
     * How many items had it.
     */
    count: number;
}

/**
 * Input-token breakdown of a realtime response.
 */
export interface InputTokenDetails {
    /**
     * Audio input tokens.
     */
    audioTokens: number;
    /**
     * Text input tokens.
     */
    textTokens: number;
    /**
     * Image input tokens.
     */
    imageTokens: number;
    /**
     * Cached input tokens (all modalities).
     */
    cachedTokens: number;
    /**
     * Cached tokens by modality, when the provider reports them.
     */
    cachedTokensDetails?: CachedTokenDetails;
}

/**
 * LLM (and realtime-model) usage of one provider/model.
 */
export interface LlmUsage {
    /**
     * Provider (`metadata.model_provider`, or `""`).
     */
    provider: string;
    /**
     * Model (`metadata.model_name`, or `""`).
     */
    model: string;
    /**
     * Input tokens, cached ones included.
     */
    inputTokens: number;
    /**
     * Input tokens read from the cache.
     */
    inputCachedTokens: number;
    /**
     * Input tokens written to the cache (Anthropic).
     */
    inputCacheCreationTokens: number;
    /**
     * Audio input tokens (realtime).
     */
    inputAudioTokens: number;
    /**
     * Cached audio input tokens (realtime).
     */
    inputCachedAudioTokens: number;
    /**
     * Text input tokens (realtime).
     */
    inputTextTokens: number;
    /**
     * Cached text input tokens (realtime).
     */
    inputCachedTextTokens: number;
    /**
     * Image input tokens (realtime).
     */
    inputImageTokens: number;
    /**
     * Cached image input tokens (realtime).
     */
    inputCachedImageTokens: number;
    /**
     * Output tokens.
     */
    outputTokens: number;
    /**
     * Audio output tokens (realtime).
     */
    outputAudioTokens: number;
    /**
     * Text output tokens (realtime).
     */
    outputTextTokens: number;
    /**
     * Reasoning tokens, already inside `output_tokens` (never billed on their own):
     * Python ≥ 1.8 `output_reasoning_tokens`, newer Node `outputReasoningTokens`.
     */
    outputReasoningTokens: number;
    /**
     * Connection time of session-billed realtime models (xAI), ms.
     */
    sessionDurationMs: number;
}

/**
 * Latency statistics of a session's chat turns, over its **unflagged user turns**.
 *
 * Each statistic is [`LatencyStats`] (count, min, max, mean and exact p50/p90/p95/p99,
 * the same quantile rule as [`crate::summarize`]) over the turns that have the value,
 * so `e2eLatencyMs.count` can be below `userTurns` (a reply cancelled before any audio,
 * a Node realtime reply). Agent-initiated turns have no user wait and are left out;
 * flagged turns ([`ChatTurn::flags`]) are left out and counted in `flaggedTurns`.
 */
export interface ChatLatencySummary {
    /**
     * Unflagged user turns (the population of every statistic).
     */
    userTurns: number;
    /**
     * User turns left out because they are flagged.
     */
    flaggedTurns: number;
    /**
     * [`ChatTurn::e2e_latency_ms`].
     */
    e2eLatencyMs: LatencyStats;
    /**
     * [`ChatTurn::end_of_turn_delay_ms`].
     */
    endOfTurnDelayMs: LatencyStats;
    /**
     * [`ChatTurn::transcription_delay_ms`].
     */
    transcriptionDelayMs: LatencyStats;
    /**
     * [`ChatTurn::on_user_turn_completed_delay_ms`].
     */
    onUserTurnCompletedDelayMs: LatencyStats;
    /**
     * [`ChatTurn::llm_node_ttft_ms`].
     */
    llmNodeTtftMs: LatencyStats;
    /**
     * [`ChatTurn::llm_node_ttfs_ms`].
     */
    llmNodeTtfsMs: LatencyStats;
    /**
     * [`ChatTurn::tts_node_ttfb_ms`].
     */
    ttsNodeTtfbMs: LatencyStats;
    /**
     * [`ChatTurn::playback_latency_ms`].
     */
    playbackLatencyMs: LatencyStats;
    /**
     * [`ChatTurn::unexplained_ms`].
     */
    unexplainedMs: LatencyStats;
    /**
     * The waterfall parts of the unflagged user turns that have an e2e (a part a turn
     * does not have counts 0, so the means add up to the mean e2e).
     */
    waterfall: WaterfallSummary;
}

/**
 * Latency statistics of a session, over its [`TurnKind::User`] turns only.
 *
 * Agent-initiated and speculative turns have no user wait to measure and are left
 * out. Each component's statistics are over the user turns that have that component,
 * so `eouDelayMs.count` can exceed `formulaLatencyMs.count` (e.g. a reply cancelled
 * before any audio has an EOU delay but no total).
 */
export interface LatencySummary {
    /**
     * How many user turns there were.
     */
    userTurns: number;
    /**
     * [`TurnLatency::e2e_latency_ms`]: the wait the user heard.
     */
    e2eLatencyMs: LatencyStats;
    /**
     * [`TurnLatency::formula_latency_ms`].
     */
    formulaLatencyMs: LatencyStats;
    /**
     * [`TurnLatency::eou_delay_ms`].
     */
    eouDelayMs: LatencyStats;
    /**
     * [`TurnLatency::transcription_delay_ms`] (already inside the EOU delay).
     */
    transcriptionDelayMs: LatencyStats;
    /**
     * [`TurnLatency::on_user_turn_completed_delay_ms`] (not in the total).
     */
    onUserTurnCompletedDelayMs: LatencyStats;
    /**
     * [`TurnLatency::llm_ttft_ms`].
     */
    llmTtftMs: LatencyStats;
    /**
     * [`TurnLatency::tts_ttfb_ms`].
     */
    ttsTtfbMs: LatencyStats;
    /**
     * The waterfall parts of the user turns that have an e2e.
     */
    waterfall: WaterfallSummary;
}

/**
 * One bar of the waterfall. Times are ms after the end of user speech.
 */
export interface WaterfallStep {
    /**
     * Which part.
     */
    part: WaterfallPart;
    /**
     * When the part starts delaying the first audio, ms after the end of user speech.
     */
    startMs: number;
    /**
     * How long it delays the first audio, ms (≥ 0).
     */
    durationMs: number;
    /**
     * How much of the part ran before the previous part ended, ms (absent when none, or
     * under 1 µs): work done ahead, off the critical path (preemptive generation).
     */
    aheadMs?: number;
}

/**
 * One canonical LiveKit metric, of any of the nine types.
 *
 * Serialized with a `type` tag equal to LiveKit's own (`"llm_metrics"`, ...), or
 * `"unknown"` for [`Metric::Unknown`].
 */
export type Metric = ({ type: "llm_metrics" } & LlmMetrics) | ({ type: "stt_metrics" } & SttMetrics) | ({ type: "tts_metrics" } & TtsMetrics) | ({ type: "vad_metrics" } & VadMetrics) | ({ type: "eou_metrics" } & EouMetrics) | ({ type: "eot_inference_metrics" } & EotInferenceMetrics) | ({ type: "realtime_model_metrics" } & RealtimeModelMetrics) | ({ type: "interruption_metrics" } & InterruptionMetrics) | ({ type: "avatar_metrics" } & AvatarMetrics) | ({ type: "unknown" } & UnknownMetric);

/**
 * One canonical metric and where it came from.
 */
export interface NormalizedMetric {
    /**
     * The dialect the item was read as (named by the caller, or detected).
     */
    dialect: Dialect;
    /**
     * The `metrics_collected` event's own `created_at`, epoch ms, when the item was one.
     */
    createdAtMs?: number;
    /**
     * The metric, in canonical units.
     */
    metric: Metric;
}

/**
 * One label of a series: the key the aggregator groups by and this series' value.
 */
export interface Label {
    /**
     * The label key, as given to the aggregator (`agent_name`).
     */
    key: string;
    /**
     * The value (`""` when the session did not say).
     */
    value: string;
}

/**
 * One of the latencies a [`crate::LatencyAggregator`] keeps a sketch of.
 *
 * Names follow LiveKit's OpenTelemetry metrics (`lk.agents.turn.*`, the instruments the Python SDK records at session end), which
 * the exports use; `FormulaLatency`, `ToolCalls` and `Unexplained` are this crate's
 * own (no LiveKit instrument), and so is `FirstSentence`'s definition (LiveKit has no
 * instrument for it; it is named in LiveKit's scheme).
 * Serialized as the camelCase field name (`"e2eLatencyMs"`, ...).
 */
export type LatencyMetric = "e2eLatencyMs" | "formulaLatencyMs" | "endOfTurnDelayMs" | "transcriptionDelayMs" | "onUserTurnCompletedDelayMs" | "llmTtftMs" | "ttsTtfbMs" | "firstSentenceMs" | "toolCallsMs" | "unexplainedMs";

/**
 * One of the three parts of [`TurnLatency::formula_latency_ms`].
 *
 * Serialized as `"eou"`, `"llm"`, `"tts"`.
 */
export type LatencyComponent = "eou" | "llm" | "tts";

/**
 * One part of the wait. Serialized in camelCase (`"endOfTurn"`, `"firstSentence"`, ...).
 */
export type WaterfallPart = "endOfTurn" | "onUserTurnCompleted" | "toolStep" | "toolExecution" | "llmTtft" | "firstSentence" | "ttsTtfb" | "realtimeTtft" | "playback" | "unexplained";

/**
 * One series' latency quantiles, usage totals and (optionally) cost.
 */
export interface SeriesQuantiles {
    /**
     * One label per key, in key order (empty for the overflow series).
     */
    labels: Label[];
    /**
     * Whether this is the overflow series.
     */
    overflow: boolean;
    /**
     * Sessions added.
     */
    sessions: number;
    /**
     * User turns recorded.
     */
    turns: number;
    /**
     * Every latency, in [`LatencyMetric::ALL`] order.
     */
    metrics: MetricQuantiles[];
    /**
     * Usage totals per (kind, provider, model).
     */
    usage: ModelUsage[];
    /**
     * Cost of the usage, when a price table was given.
     */
    cost?: CostReport;
    /**
     * Connection acquire times per (provider, model, connection reused), in that
     * order (LiveKit's `lk.agents.connection.acquire_time`).
     */
    acquireTime: AcquireTimeQuantiles[];
}

/**
 * One timeline entry, tagged by `type` (`"userState"`, `"agentState"`, `"transcript"`,
 * `"speechCreated"`, `"toolsExecuted"`, `"handoff"`, `"falseInterruption"`, `"error"`,
 * `"close"`), with its time in `atMs` (epoch ms).
 */
export type TimelineEntry = ({ type: "userState" } & StateChange) | ({ type: "agentState" } & StateChange) | ({ type: "transcript" } & TranscriptEntry) | ({ type: "speechCreated" } & SpeechEntry) | ({ type: "toolsExecuted" } & ToolsEntry) | ({ type: "handoff" } & HandoffEntry) | ({ type: "falseInterruption" } & FalseInterruptionEntry) | ({ type: "error" } & ErrorEntry) | ({ type: "close" } & CloseEntry);

/**
 * One turn from the chat history: a user message and the assistant messages that answer
 * it (with the tool calls and handoffs between them), or agent speech without a user
 * message ([`TurnKind::AgentInitiated`]: `say()`, greetings, proactive replies).
 *
 * Every value is the SDK's own measurement from the messages' `metrics`, converted to
 * ms (durations) or epoch ms (`*_at_ms`); absent when the SDK did not write it. The
 * user-side values come from the user message; the agent-side latencies from the
 * **reply message**: the first assistant message with `e2e_latency`, else the first one
 * that started speaking, else the first one. See [`crate::report`] for the grouping
 * rules and [`ChatTurn::unexplained_ms`] for the decomposition.
 */
export interface ChatTurn {
    /**
     * 0-based position of the turn in the session.
     */
    index: number;
    /**
     * [`TurnKind::User`] or [`TurnKind::AgentInitiated`] (never speculative: discarded
     * generations leave no message).
     */
    kind: TurnKind;
    /**
     * When the turn began, epoch ms: the user started speaking (else the user message's
     * `created_at`); for agent-initiated turns the first assistant message's
     * `created_at` (else when it started speaking).
     */
    startedAtMs?: number;
    /**
     * The user message's item id.
     */
    userItemId?: string;
    /**
     * The assistant messages' item ids, in order.
     */
    agentItemIds: string[];
    /**
     * What the user said (the message's text content).
     */
    userText?: string;
    /**
     * What the agent said: its messages' text, joined by a space (for an interrupted
     * Python message, only the part that played).
     */
    agentText?: string;
    /**
     * End of user speech → agent starts speaking, ms (`e2e_latency`, the SDK's measured
     * wait; the truth when present).
     */
    e2eLatencyMs?: number;
    /**
     * End of user speech → end-of-turn decision, ms.
     */
    endOfTurnDelayMs?: number;
    /**
     * End of user speech → last final transcript, ms (inside the end-of-turn delay).
     */
    transcriptionDelayMs?: number;
    /**
     * Wall time of the agent's `on_user_turn_completed` hook, ms.
     */
    onUserTurnCompletedDelayMs?: number;
    /**
     * `llm_node` start → first generated token, ms (pipeline only).
     */
    llmNodeTtftMs?: number;
    /**
     * LLM start → first sentence handed to TTS, ms (Python ≥ 1.6.9 only).
     */
    llmNodeTtfsMs?: number;
    /**
     * LLM output tokens per second (Python ≥ 1.6.9 only).
     */
    llmNodeTps?: number;
    /**
     * First text handed to TTS → first audio frame, ms (first segment).
     */
    ttsNodeTtfbMs?: number;
    /**
     * First frame forwarded → playback reported, ms (near 0 for room audio).
     */
    playbackLatencyMs?: number;
    /**
     * The part of `e2e_latency_ms` no waterfall part accounts for, ms (≥ 0): the
     * unexplained steps of [`ChatTurn::waterfall`]. Present exactly when the waterfall
     * is (the turn has an e2e). On Python pipeline reports this is a few ms; where the
     * report cannot place the first-sentence wait (no `llm_node_ttfs`, no
     * `speech_created` event) it holds that wait too (see `waterfall_notes`).
     */
    unexplainedMs?: number;
    /**
     * When the user started speaking, epoch ms.
     */
    userStartedSpeakingAtMs?: number;
    /**
     * When the user stopped speaking (the e2e anchor), epoch ms.
     */
    userStoppedSpeakingAtMs?: number;
    /**
     * When the agent started speaking (earliest assistant message), epoch ms.
     */
    agentStartedSpeakingAtMs?: number;
    /**
     * When the agent stopped speaking (latest assistant message), epoch ms.
     */
    agentStoppedSpeakingAtMs?: number;
    /**
     * Whether any assistant message of the turn was interrupted.
     */
    interrupted: boolean;
    /**
     * Whether a realtime model spoke the reply (`provider_request_ids` present).
     */
    realtime: boolean;
    /**
     * How many assistant messages the turn has (0: the reply was cancelled before any
     * audio, or the session ended first).
     */
    agentMessages: number;
    /**
     * Tools called, in order.
     */
    toolCalls: ToolCall[];
    /**
     * The agent handoff inside the turn, if any (the last one).
     */
    handoff?: Handoff;
    /**
     * Realtime response ids (`provider_request_ids` of the assistant messages, deduplicated,
     * in order): `RealtimeModelMetrics.request_id` of the responses.
     */
    providerRequestIds: string[];
    /**
     * Data-quality problems; a flagged turn is left out of [`crate::ChatLatencySummary`].
     */
    flags: TurnFlagReason[];
    /**
     * `e2e_latency_ms` split into its parts on the critical path, in time order; the
     * durations add up to `e2e_latency_ms` (see [`crate::report::waterfall`]). Empty
     * when there is no e2e.
     */
    waterfall: WaterfallStep[];
    /**
     * How the waterfall was placed where the report could not place every part.
     */
    waterfallNotes: WaterfallNote[];
    /**
     * The `SpeechHandle` id of the reply (the first assistant message with a
     * `speech_id`; newer Python SDKs write it on assistant messages): the `speech_id`
     * of the turn's metrics events, which [`crate::join_turns`] joins by.
     */
    speechId?: string;
}

/**
 * One usage row: a provider/model of one kind.
 */
export type ModelUsage = ({ type: "llm_usage" } & LlmUsage) | ({ type: "tts_usage" } & TtsUsage) | ({ type: "stt_usage" } & SttUsage) | ({ type: "interruption_usage" } & RequestUsage) | ({ type: "eot_usage" } & RequestUsage);

/**
 * Options of [`crate::analyze_session_report`] and [`crate::ChatTurnBuilder`].
 */
export interface ReportOptions {
    /**
     * Whether preemptive generation was on. `None` (the default): read it from the
     * report's `options`; unknown when the report has none (live: pass it). When on, a
     * negative [`crate::ChatTurn::unexplained_ms`] is expected and not flagged.
     */
    preemptiveGeneration?: boolean;
    /**
     * A delay (e2e, end of turn, transcription) above this, in ms, is implausible and
     * flags the turn. Default 60 000 (one minute; stale anchors give minutes).
     */
    maxPlausibleDelayMs?: number;
    /**
     * How far below 0 [`crate::ChatTurn::unexplained_ms`] may go before the turn is
     * flagged, in ms: the parts come from different clocks with ms resolution. Default 5.
     */
    unexplainedToleranceMs?: number;
    /**
     * The longest report text [`crate::analyze_session_report_json`] reads, in bytes:
     * longer text fails with `TooLarge` before anything is parsed. Default
     * [`crate::DEFAULT_MAX_INPUT_BYTES`] (256 MiB).
     */
    maxInputBytes?: number;
}

/**
 * Options of `normalizeMetrics`. Every property is optional; `{}` and `undefined`
 * mean the defaults.
 *
 * @example
 * ```js
 * normalizeMetrics(events, { dialect: 'python', onInvalid: 'skip' });
 * ```
 */
export interface NormalizeMetricsOptions {
    /**
     * The dialect every event is written in: `'python'` (snake_case, seconds),
     * `'node'` (camelCase, milliseconds, `@livekit/agents` ≥ 1.0.11) or
     * `'nodeLegacy'` (1.0.0–1.0.10). Omitted: detected per event, so one batch may
     * mix dialects. An unknown name throws a `TypeError` with code `UnknownDialect`;
     * an event written in the other dialect throws `DialectMismatch`.
     */
    dialect?: Dialect;
    /**
     * What to do with an event that cannot be normalized: `'fail'` (the default)
     * throws at the first one, with its `index`; `'skip'` leaves it out and lists it
     * in `NormalizeReport.skipped` with its `code`. Anything else throws a
     * `TypeError` with code `WrongType` and `field: 'onInvalid'`.
     */
    onInvalid?: OnInvalid;
    /**
     * The most values (numbers, strings, arrays, objects, object entries) one call
     * reads from a JS input, a sub-array reached twice counted twice: default
     * 10,000,000, at most 100,000,000. More is a `RangeError` with code `TooLarge`,
     * thrown before the memory is allocated.
     */
    maxNodes?: number;
    /**
     * The most bytes one call reads from JS: JSON text (string, `Uint8Array`,
     * `ArrayBuffer`) or the strings and keys of a JS input. Default 268,435,456
     * (256 MiB), at most 1 GiB. More is a `RangeError` with code `TooLarge`.
     */
    maxInputBytes?: number;
}

/**
 * Output-token breakdown of a realtime response.
 */
export interface OutputTokenDetails {
    /**
     * Text output tokens.
     */
    textTokens: number;
    /**
     * Audio output tokens.
     */
    audioTokens: number;
    /**
     * Image output tokens (deprecated upstream; ignored by usage).
     */
    imageTokens: number;
}

/**
 * Prices of one provider/model (all optional; currency units, not cents).
 */
export interface ModelPrice {
    /**
     * Which usage rows this prices.
     */
    kind: UsageKind;
    /**
     * Provider, as in the metrics' `metadata.model_provider`.
     */
    provider: string;
    /**
     * Model, as in `metadata.model_name`; `"*"` for every model of the provider.
     */
    model: string;
    /**
     * Per 1M uncached (text) input tokens (LLM; token-billed STT/TTS input).
     */
    inputPerMillion?: number;
    /**
     * Per 1M cached (text) input tokens; falls back to `input_per_million`.
     */
    cachedInputPerMillion?: number;
    /**
     * Per 1M cache-write tokens (Anthropic); falls back to `input_per_million`.
     */
    cacheCreationPerMillion?: number;
    /**
     * Per 1M (text) output tokens (LLM; token-billed STT/TTS output).
     */
    outputPerMillion?: number;
    /**
     * Per 1M audio input tokens (realtime).
     */
    audioInputPerMillion?: number;
    /**
     * Per 1M cached audio input tokens; falls back to `audio_input_per_million`.
     */
    audioCachedInputPerMillion?: number;
    /**
     * Per 1M audio output tokens (realtime).
     */
    audioOutputPerMillion?: number;
    /**
     * Per minute of realtime session connection (session-billed models).
     */
    sessionPerMinute?: number;
    /**
     * Per minute of STT audio.
     */
    perAudioMinute?: number;
    /**
     * Per 1M TTS characters.
     */
    perMillionCharacters?: number;
    /**
     * Per 1,000 requests (interruption and end-of-turn models).
     */
    perThousandRequests?: number;
}

/**
 * Quantiles of one latency in one series, ms.
 */
export interface MetricQuantiles {
    /**
     * Which latency.
     */
    metric: LatencyMetric;
    /**
     * How many values the sketch holds.
     */
    count: number;
    /**
     * Exact minimum, ms (absent when empty).
     */
    minMs?: number;
    /**
     * Exact maximum, ms.
     */
    maxMs?: number;
    /**
     * Mean, ms (sum kept to the nanosecond).
     */
    meanMs?: number;
    /**
     * One value per requested quantile, in the order asked (absent when empty).
     */
    valuesMs: (number | null)[];
}

/**
 * Quantiles of the connection acquire times of one (provider, model, reused) in one
 * series, ms.
 */
export interface AcquireTimeQuantiles {
    /**
     * Model provider (`model_provider`; `""` when the metrics had none).
     */
    provider: string;
    /**
     * Model name (`model_name`; `""` when the metrics had none).
     */
    model: string;
    /**
     * Whether the connection was reused from the pool (`connection_reused`).
     */
    connectionReused: boolean;
    /**
     * How many acquire times were recorded.
     */
    count: number;
    /**
     * Their sum, ms (kept to the nanosecond).
     */
    sumMs: number;
    /**
     * Exact minimum, ms (absent when empty).
     */
    minMs?: number;
    /**
     * Exact maximum, ms.
     */
    maxMs?: number;
    /**
     * Mean, ms.
     */
    meanMs?: number;
    /**
     * One value per requested quantile, in the order asked (absent when empty).
     */
    valuesMs: (number | null)[];
}

/**
 * Request-counted usage (interruption and end-of-turn models) of one provider/model.
 */
export interface RequestUsage {
    /**
     * Provider.
     */
    provider: string;
    /**
     * Model.
     */
    model: string;
    /**
     * Requests sent to the model.
     */
    totalRequests: number;
}

/**
 * STT usage of one provider/model.
 */
export interface SttUsage {
    /**
     * Provider.
     */
    provider: string;
    /**
     * Model.
     */
    model: string;
    /**
     * Input tokens (token-billed STT).
     */
    inputTokens: number;
    /**
     * Audio input tokens, a subset of `input_tokens` (Python ≥ 1.8 only).
     */
    inputAudioTokens: number;
    /**
     * Output tokens (token-billed STT).
     */
    outputTokens: number;
    /**
     * Audio processed, ms.
     */
    audioDurationMs: number;
}

/**
 * Statistics of each waterfall part (its critical-path duration in a turn, ms), over
 * the user turns that have an e2e. A part a turn does not have counts as 0 there, so
 * every part has the same count as `e2eLatencyMs` and the means add up to its mean.
 */
export interface WaterfallSummary {
    /**
     * [`WaterfallPart::EndOfTurn`].
     */
    endOfTurnMs: LatencyStats;
    /**
     * [`WaterfallPart::OnUserTurnCompleted`].
     */
    onUserTurnCompletedMs: LatencyStats;
    /**
     * [`WaterfallPart::ToolStep`].
     */
    toolStepMs: LatencyStats;
    /**
     * [`WaterfallPart::ToolExecution`].
     */
    toolExecutionMs: LatencyStats;
    /**
     * [`WaterfallPart::LlmTtft`].
     */
    llmTtftMs: LatencyStats;
    /**
     * [`WaterfallPart::FirstSentence`].
     */
    firstSentenceMs: LatencyStats;
    /**
     * [`WaterfallPart::TtsTtfb`].
     */
    ttsTtfbMs: LatencyStats;
    /**
     * [`WaterfallPart::RealtimeTtft`].
     */
    realtimeTtftMs: LatencyStats;
    /**
     * [`WaterfallPart::Playback`].
     */
    playbackMs: LatencyStats;
    /**
     * [`WaterfallPart::Unexplained`].
     */
    unexplainedMs: LatencyStats;
}

/**
 * TTS usage of one provider/model.
 */
export interface TtsUsage {
    /**
     * Provider.
     */
    provider: string;
    /**
     * Model.
     */
    model: string;
    /**
     * Input text tokens (token-billed TTS).
     */
    inputTokens: number;
    /**
     * Output audio tokens (token-billed TTS).
     */
    outputTokens: number;
    /**
     * Characters synthesized.
     */
    charactersCount: number;
    /**
     * Audio produced, ms.
     */
    audioDurationMs: number;
}

/**
 * The SDK that wrote a session report.
 *
 * Serialized as `"python"`, `"node"`.
 */
export type ReportSdk = "python" | "node";

/**
 * The cost of a session's [`SessionUsage`] under a [`PriceTable`].
 */
export interface UsageCost {
    /**
     * The table's currency (ISO 4217).
     */
    currency: string;
    /**
     * Cost of every priced row (a lower bound when `unpriced` is not empty).
     */
    total: number;
    /**
     * Cost per priced row.
     */
    models: ModelCost[];
    /**
     * Rows with usage that the table cannot price. Never silently zero.
     */
    unpriced: UnpricedModel[];
    /**
     * Cost per turn, in turn order.
     */
    turns: TurnCost[];
    /**
     * Cost of the session-level usage.
     */
    sessionLevel: number;
    /**
     * Cost of speculative generations (already inside `total`).
     */
    speculative: number;
}

/**
 * The cost of one turn.
 */
export interface TurnCost {
    /**
     * The turn's `speech_id`.
     */
    speechId?: string;
    /**
     * The turn's kind.
     */
    kind: TurnKind;
    /**
     * Cost of the turn's priced rows.
     */
    cost: number;
    /**
     * Whether some of the turn's usage could not be priced (then `cost` is a lower bound).
     */
    hasUnpriced: boolean;
}

/**
 * The cost of one usage row.
 */
export interface ModelCost {
    /**
     * Usage kind.
     */
    kind: UsageKind;
    /**
     * Provider.
     */
    provider: string;
    /**
     * Model.
     */
    model: string;
    /**
     * Cost, in the table's currency.
     */
    cost: number;
}

/**
 * The key case and units a report was written in, as detected. `None`: that part of
 * the report is absent, so there was nothing to detect.
 */
export interface ReportUnits {
    /**
     * Key case of chat items and events.
     */
    keyCase: KeyCase;
    /**
     * Unit of the top-level `timestamp` (Python s, Node ms).
     */
    timestamp?: TimeUnit;
    /**
     * Unit of the events' `created_at` (Python s, Node ms).
     */
    eventTimes?: TimeUnit;
    /**
     * Unit of the chat items' `created_at` (Python s; Node 1.9.0 reports s, Node
     * before 1.4.10 and `toJSON()` items ms).
     */
    chatItemTimes?: TimeUnit;
    /**
     * Unit of the usage durations (snake `audio_duration` s; camel `audioDurationMs` ms).
     */
    usageDurations?: TimeUnit;
    /**
     * Unit of the `options` delays (Python s, Node ms).
     */
    optionDelays?: TimeUnit;
}

/**
 * The key case of chat items and events.
 *
 * Serialized as `"snake"`, `"camel"`.
 */
export type KeyCase = "snake" | "camel";

/**
 * The latency breakdown of one conversational turn, all in milliseconds.
 *
 * Built by [`crate::compute_turn_latency`] and [`crate::TurnTracker`] from canonical
 * metrics grouped by `speech_id`. A value is absent (`None`, or a missing key in JS)
 * when the metrics needed for it were not seen, never `0` or `-1`.
 *
 * **The heard wait** is `e2e_latency_ms`: end of user speech → first agent audio, from
 * the events' own timestamps, with its [`TurnLatency::waterfall`] (the parts on the
 * critical path, adding up to it). It is the headline number.
 *
 * **The formula.** `formula_latency_ms = eou_delay_ms + llm_ttft_ms + tts_ttfb_ms` (LiveKit's
 * documented estimate of the user's wait). It leaves out the LLM's wait for the first
 * sentence the TTS can speak (281–553 ms on the captured sessions) and overshoots when
 * preemptive generation starts the LLM before the end-of-turn decision. For a
 * realtime turn it is `eou_delay_ms + llm_ttft_ms` (the model's own time to first audio),
 * plus `tts_ttfb_ms` only if a separate TTS voiced it. It is present only for
 * [`TurnKind::User`] turns that have every part; `missing` lists the parts that were not
 * there (empty exactly when the formula is present).
 *
 * - `transcription_delay_ms` is **inside** `eou_delay_ms` and never added: both are
 *   measured from the same anchor (the end of user speech); the transcription delay ends
 *   at the last final transcript, the EOU delay at the end-of-turn decision, which waits
 *   for that transcript. Adding both counts the transcription twice.
 * - `on_user_turn_completed_delay_ms` (the agent's `on_user_turn_completed` hook) runs
 *   after the end-of-turn decision and before the LLM request starts, so it is not in any
 *   part of the formula. `e2e_latency_ms` and the SDKs' own `e2e_latency` include it (it is
 *   a waterfall part), and so does the wait for the first sentence.
 *
 * **Tool calls.** Follow-up LLM requests reuse the turn's `speech_id`, so a turn has
 * `llm_steps` requests and `tts_segments` segments. `llm_ttft_ms` is measured to the first
 * token of the first step whose output was spoken (a step followed by TTS audio before the
 * next step starts): normally the first step (e.g. "Let me check the weather…" before the
 * tool runs), where it is that step's plain `ttft`. When earlier steps only called tools and
 * said nothing, it runs from the start of the first step to the first token of the spoken
 * one, so the silent steps and the tool execution between them count, as they do for the
 * user. `llm_duration_ms` is the sum of every step's `duration`; `tts_ttfb_ms` is the
 * `ttfb` of the first segment that produced audio.
 */
export interface TurnLatency {
    /**
     * The turn's `speech_id`; `None` only for a realtime response that could not be joined
     * to an EOU (realtime metrics carry no `speech_id`).
     */
    speechId?: string;
    /**
     * What started the turn.
     */
    kind: TurnKind;
    /**
     * When the turn started, epoch ms: for a user turn the end of user speech (Node's
     * `lastSpeakingTimeMs`; else EOU `timestamp − eou delay − on_user_turn_completed delay`;
     * else the EOU timestamp); for a realtime turn without EOU the response creation time;
     * otherwise the start of the earliest LLM request or TTS segment (`timestamp − duration`).
     */
    startedAtMs: number;
    /**
     * **The wait the user heard**, ms: end of user speech → the agent's first audio,
     * from the events' own timestamps (the first audible TTS segment's start, `timestamp
     * − duration`, plus its `ttfb`; for a realtime reply without TTS, the response's
     * creation plus its `ttft`). It matches the SDKs' own `e2e_latency` (within about
     * 1 ms on captured sessions of both SDKs, tool calls, interruptions and preemptive
     * generation included). Absent when no audio was played (a reply interrupted while
     * thinking), when the end of user speech is unknown (no EOU: realtime under
     * server-side turn detection), and for turns that are not [`TurnKind::User`].
     */
    e2eLatencyMs?: number;
    /**
     * End of user speech → end-of-turn decision, ms.
     */
    eouDelayMs?: number;
    /**
     * End of user speech → last final transcript, ms. Already inside `eou_delay_ms`.
     */
    transcriptionDelayMs?: number;
    /**
     * Wall time of the agent's `on_user_turn_completed` hook, ms. Not in the formula.
     */
    onUserTurnCompletedDelayMs?: number;
    /**
     * LLM time to the first spoken token, ms (see "Tool calls"); the realtime model's
     * `ttft` (first response) for realtime turns.
     */
    llmTtftMs?: number;
    /**
     * TTS time to first byte of the first segment that produced audio, ms.
     */
    ttsTtfbMs?: number;
    /**
     * `eou_delay_ms + llm_ttft_ms + tts_ttfb_ms` (see the formula above), ms.
     */
    formulaLatencyMs?: number;
    /**
     * The parts of the formula that are absent, in the order eou, llm, tts.
     */
    missing: LatencyComponent[];
    /**
     * LLM requests in the turn (tool-call follow-ups included); realtime responses for
     * realtime turns.
     */
    llmSteps: number;
    /**
     * Sum of the `duration` of every LLM request (or realtime response), ms.
     */
    llmDurationMs?: number;
    /**
     * TTS metrics in the turn (one per synthesized segment).
     */
    ttsSegments: number;
    /**
     * Whether the reply was cancelled: any of its LLM, TTS or realtime metrics says
     * `cancelled`, or the turn is [`TurnKind::Speculative`] (the SDK discards the speech,
     * even when its requests ran to completion).
     */
    cancelled: boolean;
    /**
     * Whether a realtime model produced the reply (`realtime_model_metrics`).
     */
    realtime: boolean;
    /**
     * The part of `e2e_latency_ms` that no waterfall part accounts for, ms (≥ 0):
     * scheduling gaps between the parts. Present exactly when `e2e_latency_ms` is.
     */
    unexplainedMs?: number;
    /**
     * `e2e_latency_ms` split into its parts on the critical path, in time order; the
     * durations add up to `e2e_latency_ms` (see [`crate::turns::WaterfallStep`]).
     * Empty when there is no e2e.
     */
    waterfall: WaterfallStep[];
    /**
     * An STT annotation, not a part of the total or the waterfall: end of user speech →
     * the first transcript (interim or final) after it, ms, from the EOU metric's
     * `first_transcript_after_eos_delay` (newer Python SDKs). It overlaps
     * `transcription_delay_ms` and `eou_delay_ms`, which start at the same moment.
     */
    firstTranscriptAfterEosDelayMs?: number;
}

/**
 * The result of [`join_turns`].
 */
export interface TurnJoin {
    /**
     * Every chat turn, in order, with its metrics turn when one matched.
     */
    turns: JoinedTurn[];
    /**
     * Metrics turns that matched no chat turn, in order: speculative (discarded
     * preemptive) generations always, and turns whose messages are missing.
     */
    unmatched: TurnLatency[];
}

/**
 * The result of normalizing a batch: every item is either a record or skipped.
 */
export interface NormalizeReport {
    /**
     * Canonical records, in input order (unknown types included, as `Unknown`).
     */
    records: NormalizedMetric[];
    /**
     * Items that could not be normalized (only with [`OnInvalid::Skip`]).
     */
    skipped: SkippedItem[];
    /**
     * Unknown metrics types seen, with counts, in first-seen order.
     */
    unknownTypes: UnknownTypeCount[];
}

/**
 * The session options recorded in a report's `options`, in ms.
 *
 * Python writes the delays in seconds, Node in ms; both become ms here.
 * `preemptive_generation` is a dict (`enabled`, `preemptive_tts` / Node's
 * `preemptiveTts`) since Python 1.5.4 and a plain bool before.
 */
export interface ReportedOptions {
    /**
     * `allow_interruptions`.
     */
    allowInterruptions?: boolean;
    /**
     * `min_endpointing_delay`, ms.
     */
    minEndpointingDelayMs?: number;
    /**
     * `max_endpointing_delay`, ms.
     */
    maxEndpointingDelayMs?: number;
    /**
     * `min_interruption_duration`, ms.
     */
    minInterruptionDurationMs?: number;
    /**
     * Whether preemptive generation was enabled.
     */
    preemptiveGeneration?: boolean;
    /**
     * Whether preemptive generation also ran TTS.
     */
    preemptiveTts?: boolean;
}

/**
 * The session's end (`close`).
 */
export interface CloseEntry {
    /**
     * When, epoch ms.
     */
    atMs: number;
    /**
     * `user_initiated`, `participant_disconnected`, `job_shutdown`, `error`, ...
     */
    reason?: string;
    /**
     * The error that closed it, if any (its message or type).
     */
    error?: string;
}

/**
 * The stable, machine-readable code of an error.
 *
 * These strings never change once released: JS errors carry them as `error.code`,
 * and tests and user code match on them instead of on messages. The
 * [`ErrorCode::as_str`] value is the variant name (`"MissingField"`, ...).
 */
export type ErrorCode = "InvalidJson" | "NotAnObject" | "MissingField" | "WrongType" | "NotFinite" | "NegativeDuration" | "NegativeCount" | "NotAnInteger" | "OutOfRange" | "UnknownDialect" | "DialectMismatch" | "TooDeep" | "DuplicatePrice" | "InvalidEncoding" | "TruncatedBytes" | "UnsupportedVersion" | "InvalidLabels" | "IncompatibleMerge" | "TooLarge" | "Freed" | "InstanceLost" | "Internal";

/**
 * The usage kind, i.e. which of the SDK collector's maps a row lives in.
 */
export type UsageKind = "llm" | "tts" | "stt" | "interruption" | "eot";

/**
 * The usage of a session.
 *
 * `models` is what the SDKs' `ModelUsageCollector` reports for the same metrics
 * (after duplicate deliveries are dropped, unless dedupe is off); the other fields
 * split it: every row of `models` is the sum of its rows in `turns`,
 * `session_level` and `earlier_turns`.
 */
export interface SessionUsage {
    /**
     * Every usage row, in the SDK collector's order.
     */
    models: ModelUsage[];
    /**
     * Usage of each turn, in turn order (speculative turns included).
     */
    turns: TurnUsage[];
    /**
     * Usage that belongs to no turn: STT, EOT, interruption, background LLM/TTS calls
     * (no `speech_id`), realtime connection metrics.
     */
    sessionLevel: ModelUsage[];
    /**
     * The sum over speculative turns: preemptive generations that never played but
     * were billed (livekit/agents#4219).
     */
    speculative: ModelUsage[];
    /**
     * Duplicate deliveries of the same metrics payload that were not counted.
     */
    duplicatesDropped: number;
    /**
     * Rows probably attributed to a wrapper instead of the real model.
     */
    flags: UsageFlag[];
    /**
     * Usage of the turns a live session no longer holds in detail (evicted past its
     * `max_turns_detail` window) and of metrics that arrived late for them. Empty
     * (and omitted from JSON) unless turns were evicted.
     */
    earlierTurns?: ModelUsage[];
}

/**
 * The usage of one turn: the LLM steps, TTS segments and realtime responses under it.
 */
export interface TurnUsage {
    /**
     * The turn's `speech_id` (absent for a realtime response without one).
     */
    speechId?: string;
    /**
     * The turn's kind; `speculative` turns never played but were billed.
     */
    kind: TurnKind;
    /**
     * The turn's start, epoch ms (as in `TurnLatency`).
     */
    startedAtMs: number;
    /**
     * Usage rows of this turn.
     */
    models: ModelUsage[];
}

/**
 * Tools the agent ran (`function_tools_executed`).
 */
export interface ToolsEntry {
    /**
     * When the tools finished, epoch ms.
     */
    atMs: number;
    /**
     * The calls, with their outcome and duration.
     */
    tools: ToolCall[];
}

/**
 * What `normalizeMetrics` accepts: one LiveKit metrics event or an array of them
 * (bare metrics objects or `metrics_collected` events, Python or Node dialect), or
 * the same as JSON text: a string or UTF-8 bytes holding a JSON array, one JSON
 * object, or JSON lines.
 */
export type MetricsInput = object | readonly object[] | string | Uint8Array | ArrayBuffer;

/**
 * The shape of every error `normalizeMetrics` throws: a real `TypeError` (the input
 * has the wrong shape) or `RangeError` (a value is out of its domain) with these own
 * properties. Match on `code`, never on `message`.
 *
 * @example
 * ```ts
 * try {
 *   normalizeMetrics(events);
 * } catch (e) {
 *   const err = e as MetricsError;
 *   if (err.code === 'MissingField') console.warn(`event ${err.index} lacks ${err.field}`);
 * }
 * ```
 */
export interface MetricsError extends Error {
    /** The stable error code, e.g. `"MissingField"`. */
    code: ErrorCode;
    /** The input field (or option) at fault, in the input's own spelling (`ttft`, `ttftMs`, `dialect`). */
    field?: string;
    /** 0-based position of the bad event in the batch (for JSON lines: among the non-empty lines). */
    index?: number;
    /** 1-based line of a JSON syntax error (`InvalidJson`). */
    line?: number;
    /** 1-based column of a JSON syntax error (`InvalidJson`). */
    column?: number;
}

/**
 * How much one call may read from a JS input (`analyzeSessionReport`'s options; the
 * same properties are in `NormalizeMetricsOptions`). Over a limit is a `RangeError`
 * with code `TooLarge`, thrown before the memory is allocated.
 */
export interface InputLimits {
    /** Values read (a sub-array reached twice counts twice): default 10,000,000, at most 100,000,000. */
    maxNodes?: number;
    /** Bytes read (JSON text, or a JS input's strings and keys): default 268,435,456 (256 MiB), at most 1 GiB. */
    maxInputBytes?: number;
}

/** One `metrics_collected` event (or bare metrics object) of either SDK, or its JSON text. */
export type MetricsEvent = object | string;

/** Options of `computeUsage`: those of `normalizeMetrics`, plus `dedupe`. */
export interface ComputeUsageOptions extends NormalizeMetricsOptions {
    /**
     * Count a metrics payload delivered twice only once (LiveKit delivers some twice
     * after handoffs: livekit/agents#3166). Default `true`; `false` counts exactly
     * what the SDK's `ModelUsageCollector` counts.
     */
    dedupe?: boolean;
}

/** Options of `new SessionMetrics(options)`. All optional. */
export interface SessionMetricsOptions extends ComputeUsageOptions {
    /**
     * Called once per turn when it is complete (end of utterance, first LLM token and
     * first TTS audio seen; or superseded by the next turn; or at `flush()`). It runs
     * after the state is updated, so it may call `turns()`, `summary()` or `usage()`.
     * An exception it throws is rethrown by the `push` that completed the turn.
     */
    onTurn?: (turn: TurnLatency) => void;
    /**
     * Whether preemptive generation is on in this session (the SDK default). Used by
     * `chatTurns()`: with it, a negative `unexplainedMs` is expected, not flagged.
     */
    preemptiveGeneration?: boolean;
    /**
     * How many final turns to keep in detail (`turns()`, per-turn usage, `chatTurns()`);
     * default 1,000. Older turns stay in `summary()` and the usage totals
     * (`usage().toJSON().earlierTurns`), so memory stays bounded in long sessions.
     */
    maxTurnsDetail?: number;
}


/**
 * What started a turn.
 *
 * Serialized as `"user"`, `"agentInitiated"`, `"speculative"`.
 */
export type TurnKind = "user" | "agentInitiated" | "speculative";

/**
 * What to do with an item that cannot be normalized.
 */
export type OnInvalid = "fail" | "skip";

/**
 * Where the usage kinds came from.
 *
 * Serialized as `"none"`, `"typed"`, `"sessionUsageUpdated"`, `"inferred"`.
 */
export type UsageKindSource = "none" | "typed" | "sessionUsageUpdated" | "inferred";

/**
 * Which SDK wrote a metrics event, which fixes its key style and units.
 */
export type Dialect = "python" | "node" | "nodeLegacy";

/**
 * Which list of the report a skipped entry came from.
 *
 * Serialized as `"chatItem"`, `"event"`, `"usage"`.
 */
export type ReportSection = "chatItem" | "event" | "usage";

/**
 * Which model produced a metric: `metadata` on LiveKit metrics.
 *
 * Python writes `{model_name, model_provider}` (or `null`); Node writes
 * `{modelName, modelProvider}` (or omits it). The usage collectors key on
 * `(model_provider or "", model_name or "")`.
 */
export interface MetricsMetadata {
    /**
     * Model name, e.g. `"gpt-4.1-mini"`, `"nova-3"`.
     */
    modelName?: string;
    /**
     * Provider, e.g. `"openai"`, `"deepgram"`, `"livekit"`.
     */
    modelProvider?: string;
}

/**
 * Why a turn is flagged. A flagged turn keeps its numbers (as the SDK wrote them) but
 * is left out of [`crate::ChatLatencySummary`] and listed in
 * [`crate::SessionAnalysis::flags`].
 *
 * Serialized as `"staleAnchor"`, `"implausibleLatency"`, `"missingMetrics"`,
 * `"missingE2e"`, `"e2eMissingAfterHandoff"`, `"negativeUnexplained"`.
 */
export type TurnFlagReason = "staleAnchor" | "implausibleLatency" | "missingMetrics" | "missingE2e" | "e2eMissingAfterHandoff" | "partsExceedE2e";

/**
 * Why a usage row deserves a second look.
 */
export type UsageFlagReason = "fallbackAdapter" | "unknownModel";

/**
 * `avatar_metrics`: the avatar joined (join variant), or one assistant message's
 * playback latency (playback variant).
 */
export interface AvatarMetrics {
    /**
     * When emitted, epoch ms.
     */
    timestampMs: number;
    /**
     * First audio frame forwarded → playback started, ms. `None` on the join
     * variant (the SDK default `0`).
     */
    playbackLatencyMs?: number;
    /**
     * When the avatar session started, epoch ms (join variant).
     */
    sessionStartedAtMs?: number;
    /**
     * When the avatar joined and published video, epoch ms (join variant).
     */
    avatarJoinedAtMs?: number;
    /**
     * Avatar provider.
     */
    metadata?: MetricsMetadata;
}

/**
 * `eot_inference_metrics`: one prediction of the streaming end-of-turn model.
 *
 * Node writes these durations without an `Ms` suffix, but in milliseconds.
 */
export interface EotInferenceMetrics {
    /**
     * When the prediction arrived, epoch ms.
     */
    timestampMs: number;
    /**
     * Client end-to-end latency of the inference, ms.
     */
    totalDurationMs: number;
    /**
     * Latest audio in the request → prediction received, ms.
     */
    detectionDelayMs: number;
    /**
     * Server-side inference time, ms.
     */
    predictionDurationMs: number;
    /**
     * Requests served by this prediction (usually 1).
     */
    numRequests: number;
    /**
     * Provider (`livekit`) and detector model.
     */
    metadata?: MetricsMetadata;
}

/**
 * `eou_metrics`: the end of one user turn that gets a reply.
 *
 * `transcription_delay_ms` is measured from the same anchor (end of user speech)
 * as `end_of_utterance_delay_ms` and ends earlier: it is **inside** the EOU delay,
 * never to be added to it. When the SDK could not compute the delays (no
 * end-of-speech anchor) it writes `0` for both; those become `None` here.
 */
export interface EouMetrics {
    /**
     * When the metric was emitted (turn commit), epoch ms.
     */
    timestampMs: number;
    /**
     * End of user speech → end-of-turn decision, ms. `None` if not computed (SDK wrote 0).
     */
    endOfUtteranceDelayMs?: number;
    /**
     * End of user speech → last final transcript, ms; part of the EOU delay.
     * `None` if not computed.
     */
    transcriptionDelayMs?: number;
    /**
     * Wall time of the developer's `on_user_turn_completed` callback, ms.
     */
    onUserTurnCompletedDelayMs?: number;
    /**
     * When the user stopped speaking, epoch ms (Node ≥ 1.0.16 `lastSpeakingTimeMs`,
     * Python 1.2.x `last_speaking_time`; `None` when unknown, i.e. 0 or absent).
     */
    lastSpeakingTimeMs?: number;
    /**
     * End of user speech (VAD or STT end of speech) → the first transcript, interim or
     * final, that arrived after it, ms: the STT provider's time to its first result
     * (newer Python SDKs write `first_transcript_after_eos_delay`). Unlike
     * `transcription_delay_ms` (to the *final* transcript) it does not wait for the
     * provider's endpointing. `None` when absent or when the end of speech was not
     * detected (the SDK writes 0).
     */
    firstTranscriptAfterEosDelayMs?: number;
    /**
     * Start of user speech → the first non-empty interim transcript, ms: the STT
     * provider's responsiveness while the user speaks (newer Python SDKs write
     * `first_interim_delay`). `None` when absent, `null`, or when no interim arrived
     * (`first_interim_status` is `"absent"`).
     */
    firstInterimDelayMs?: number;
    /**
     * Whether the turn produced an interim transcript, as the SDK writes it
     * (`first_interim_status`): `"received"` or `"absent"`; any other string is kept
     * as written. `None` when absent or `null`.
     */
    firstInterimStatus?: string;
    /**
     * Id of the reply speech created for this turn.
     */
    speechId?: string;
    /**
     * Turn-detection provider/model (Python only).
     */
    metadata?: MetricsMetadata;
}

/**
 * `interruption_metrics`: one adaptive-interruption verdict on overlapping speech.
 *
 * Node writes these durations without an `Ms` suffix, but in milliseconds.
 */
export interface InterruptionMetrics {
    /**
     * When the verdict was made, epoch ms.
     */
    timestampMs: number;
    /**
     * Latest inference round trip, ms.
     */
    totalDurationMs: number;
    /**
     * Latest model-side time, ms.
     */
    predictionDurationMs: number;
    /**
     * Onset of overlapping speech → final prediction, ms.
     */
    detectionDelayMs: number;
    /**
     * Interruptions detected (0/1 per event).
     */
    numInterruptions: number;
    /**
     * Backchannels detected.
     */
    numBackchannels: number;
    /**
     * Requests since the previous event (summing is valid).
     */
    numRequests: number;
    /**
     * Provider and model.
     */
    metadata?: MetricsMetadata;
}

/**
 * `llm_metrics`: one LLM request, emitted when its stream ends.
 *
 * Python `LLMMetrics` (seconds) and Node `LLMMetrics` (`durationMs`, `ttftMs`) both
 * land here in milliseconds. Tool-call follow-ups reuse the turn's `speech_id`, so
 * one turn can have several of these.
 */
export interface LlmMetrics {
    /**
     * The LLM instance label (e.g. `livekit.plugins.openai.llm.LLM`).
     */
    label: string;
    /**
     * Id of the last chunk received; `""` if none.
     */
    requestId: string;
    /**
     * When the metric was built (end of the stream), epoch ms.
     */
    timestampMs: number;
    /**
     * Stream start → stream end, ms.
     */
    durationMs: number;
    /**
     * Stream start → first generated chunk, ms. `None` when nothing was generated
     * (the SDKs' `-1` sentinel).
     */
    ttftMs?: number;
    /**
     * Whether the stream was cancelled (e.g. an invalidated preemptive generation).
     */
    cancelled: boolean;
    /**
     * Output tokens.
     */
    completionTokens: number;
    /**
     * Input tokens (cached ones included).
     */
    promptTokens: number;
    /**
     * Input tokens read from the prompt cache (0 before Python 1.0.14).
     */
    promptCachedTokens: number;
    /**
     * Input tokens written to the prompt cache (Anthropic; Python 1.6.10 / Node 1.6.3).
     */
    cacheCreationTokens: number;
    /**
     * Hidden reasoning tokens, already inside `completion_tokens` (Python ≥ 1.8
     * `reasoning_tokens`; read as `reasoningTokens` from Node).
     */
    reasoningTokens: number;
    /**
     * Total tokens as the provider reported them.
     */
    totalTokens: number;
    /**
     * `completion_tokens / duration`, tokens per second.
     */
    tokensPerSecond: number;
    /**
     * The speech (turn) this request belongs to; `None` for background calls.
     */
    speechId?: string;
    /**
     * Provider and model.
     */
    metadata?: MetricsMetadata;
}

/**
 * `realtime_model_metrics`: one realtime-model response.
 *
 * Realtime metrics carry no `speech_id`; `request_id` is the provider response id,
 * equal to the assistant message's `provider_request_ids[0]`.
 */
export interface RealtimeModelMetrics {
    /**
     * The model instance label.
     */
    label: string;
    /**
     * Provider response id (`""` for connection-acquire metrics).
     */
    requestId: string;
    /**
     * When the response was **created** (not emitted), epoch ms.
     */
    timestampMs: number;
    /**
     * Response created → done, ms.
     */
    durationMs: number;
    /**
     * Connection duration for session-billed models (xAI), ms.
     */
    sessionDurationMs: number;
    /**
     * Response created → first audio token, ms. `None` when none (the `-1` sentinel).
     */
    ttftMs?: number;
    /**
     * Whether the response was cancelled.
     */
    cancelled: boolean;
    /**
     * Input tokens (text + audio + image).
     */
    inputTokens: number;
    /**
     * Output tokens (text + audio).
     */
    outputTokens: number;
    /**
     * Total tokens.
     */
    totalTokens: number;
    /**
     * Output tokens per second.
     */
    tokensPerSecond: number;
    /**
     * Breakdown of the input tokens.
     */
    inputTokenDetails: InputTokenDetails;
    /**
     * Breakdown of the output tokens.
     */
    outputTokenDetails: OutputTokenDetails;
    /**
     * Time to acquire the connection, ms (`None` when not measured, i.e. 0).
     */
    acquireTimeMs?: number;
    /**
     * Whether a pooled connection was reused.
     */
    connectionReused?: boolean;
    /**
     * Provider and model (Node realtime plugins set none).
     */
    metadata?: MetricsMetadata;
}

/**
 * `stt_metrics`: one non-streaming STT request, or one streaming usage report.
 *
 * STT metrics never carry a `speech_id`: they are session-level.
 */
export interface SttMetrics {
    /**
     * The STT instance label.
     */
    label: string;
    /**
     * Provider request id; `""` for connection-acquire metrics.
     */
    requestId: string;
    /**
     * When the metric was built, epoch ms.
     */
    timestampMs: number;
    /**
     * Request latency of a non-streaming `recognize`, ms; 0 when streamed.
     */
    durationMs: number;
    /**
     * Audio pushed / billed, ms.
     */
    audioDurationMs: number;
    /**
     * Whether the STT streams (websocket).
     */
    streamed: boolean;
    /**
     * Input tokens (token-billed STT).
     */
    inputTokens: number;
    /**
     * Output tokens (token-billed STT).
     */
    outputTokens: number;
    /**
     * Input + output tokens (Python ≥ 1.8; otherwise their sum).
     */
    totalTokens: number;
    /**
     * Audio input tokens, a subset of `input_tokens` (Python ≥ 1.8 only).
     */
    inputAudioTokens: number;
    /**
     * Time to acquire the websocket connection, ms (Python only; `None` when not measured, i.e. 0).
     */
    acquireTimeMs?: number;
    /**
     * Whether a pooled connection was reused (Python only).
     */
    connectionReused?: boolean;
    /**
     * Provider and model.
     */
    metadata?: MetricsMetadata;
}

/**
 * `tts_metrics`: one TTS request (chunked) or one streamed segment.
 */
export interface TtsMetrics {
    /**
     * The TTS instance label.
     */
    label: string;
    /**
     * Provider request id.
     */
    requestId: string;
    /**
     * When the metric was built, epoch ms.
     */
    timestampMs: number;
    /**
     * First text sent (or request start) → first audio, ms. `None` when no audio
     * came back (the SDKs' `-1` sentinel).
     */
    ttfbMs?: number;
    /**
     * Synthesis duration, ms.
     */
    durationMs: number;
    /**
     * Audio produced, ms.
     */
    audioDurationMs: number;
    /**
     * Whether synthesis was cancelled.
     */
    cancelled: boolean;
    /**
     * Characters synthesized (character-billed TTS).
     */
    charactersCount: number;
    /**
     * Input text tokens (token-billed TTS).
     */
    inputTokens: number;
    /**
     * Output audio tokens (token-billed TTS).
     */
    outputTokens: number;
    /**
     * Whether this was a streamed segment.
     */
    streamed: boolean;
    /**
     * Time to acquire the websocket connection, ms (Python only; `None` when 0).
     */
    acquireTimeMs?: number;
    /**
     * Whether a pooled connection was reused (Python only).
     */
    connectionReused?: boolean;
    /**
     * Streamed segment id (Python sets it; Node never does).
     */
    segmentId?: string;
    /**
     * The speech (turn) this synthesis belongs to.
     */
    speechId?: string;
    /**
     * Provider and model.
     */
    metadata?: MetricsMetadata;
}

/**
 * `vad_metrics`: one window of VAD inferences (about one per second). Not usage.
 */
export interface VadMetrics {
    /**
     * The VAD instance label.
     */
    label: string;
    /**
     * When the metric was built, epoch ms.
     */
    timestampMs: number;
    /**
     * Time since the last VAD activity, ms.
     */
    idleTimeMs: number;
    /**
     * Sum of inference durations over the window, ms.
     */
    inferenceDurationTotalMs: number;
    /**
     * Inferences in the window.
     */
    inferenceCount: number;
    /**
     * Provider and model (Python only; `unknown`/`unknown` in practice).
     */
    metadata?: MetricsMetadata;
}


/**
 * Percentiles of every latency across many sessions, workers and machines, grouped by
 * the labels you choose, with usage (and cost) totals beside them.
 *
 * Values go into mergeable sketches (base-2 exponential histograms, OpenTelemetry
 * scale 6: relative error ≤ 0.55 % at any quantile; merging per-session sketches
 * equals one sketch of all values). `toBytes()`/`fromBytes()` carry an aggregator
 * between processes (Node ↔ browser included); `toPrometheus()` and `toOtlpJson()`
 * export it. Memory is bounded (`maxSeries`, default 256; more label sets go to one
 * overflow series).
 *
 * @example
 * ```js
 * const agg = new LatencyAggregator({ labels: ['agent_name', 'llm_model'] });
 * agg.addReport(readFileSync('session_report.json'), { agent_name: 'support' });
 * agg.quantiles([0.5, 0.95])[0].metrics; // per latency: count, min, max, mean, values
 * res.end(agg.toPrometheus());
 * ```
 */
export class LatencyAggregator {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Adds one session's `metrics_collected` events (as `computeTurnLatency` takes
     * them): its user turns (eou, llm, tts, total), its usage and its connection
     * acquire times (`lk_agents_connection_acquire_time_seconds`).
     */
    addEvents(events: MetricsInput, labels_js?: Record<string, string>): void;
    /**
     * Adds one session report (JSON text, bytes or object; as `analyzeSessionReport`
     * takes it): its unflagged user turns (with e2e) and its usage.
     */
    addReport(report: object | string | Uint8Array, labels_js?: Record<string, string>): void;
    /**
     * Adds a live `SessionMetrics` (usually at session end): its turns joined with its
     * chat turns when `pushChatItem` was used (so turns carry both e2e and the
     * eou/llm/tts breakdown), its usage and its connection acquire times. Only the
     * turns it still holds in detail (its last `maxTurnsDetail`, default 1,000) can be
     * added; for longer sessions raise `maxTurnsDetail` or add the session's events in
     * parts with `addEvents`.
     */
    addSession(session: SessionMetrics, labels_js?: Record<string, string>): void;
    /**
     * Reads `toBytes()` output. Bad input throws (`InvalidEncoding`, `TruncatedBytes`,
     * `UnsupportedVersion`), never crashes.
     */
    static fromBytes(bytes: Uint8Array | number[]): LatencyAggregator;
    /**
     * Reads `toJsonText()` output.
     */
    static fromJsonText(text: string): LatencyAggregator;
    /**
     * Adds everything in `other` (same label keys; `IncompatibleMerge` otherwise).
     * Exact: merging per-session aggregators equals one aggregator of all sessions.
     */
    merge(other: LatencyAggregator): void;
    /**
     * A new, empty aggregator. `labels`: the label keys to group by, in order (at most
     * 8, e.g. `agent_name`, `deployment`, `llm_model`, `llm_provider`, `tts_model`);
     * `maxSeries`: the most label sets kept (default 256).
     */
    constructor(options?: { labels?: string[]; maxSeries?: number });
    /**
     * The `qs` quantiles (default p50, p90, p95, p99) of every latency per series,
     * in ms, with usage totals and, given a price table, cost.
     */
    quantiles(qs?: number[], prices?: PriceTable | string): SeriesQuantiles[];
    /**
     * The aggregator as compact, versioned bytes (to store, or send to another
     * process or the browser, and `LatencyAggregator.fromBytes` there).
     */
    toBytes(): Uint8Array;
    /**
     * The aggregator as versioned JSON text (`fromJsonText` reads it back).
     */
    toJsonText(): string;
    /**
     * OTLP JSON (`ExportMetricsServiceRequest`) for an OpenTelemetry collector's
     * `/v1/metrics`. Options: `startTimeUnixNano`/`timeUnixNano` (epoch ms are taken
     * from `startTimeMs`/`timeMs`, default now), `histogram` (`'exponential'` (default)
     * or `'explicit'`), `resource` (string attributes such as `service.name`), `prices`.
     */
    toOtlpJson(options?: { startTimeMs?: number; timeMs?: number; histogram?: 'exponential' | 'explicit'; resource?: Record<string, string>; prices?: PriceTable | string }): string;
    /**
     * Prometheus text exposition: histograms in seconds with voice-tuned buckets,
     * `_sum`, `_count`, usage counters `_total` (LiveKit's `lk_agents_*` names), and
     * `voice_agent_cost_total` when a price table is given.
     */
    toPrometheus(prices?: PriceTable | string): string;
    /**
     * How many series (label sets) there are, the overflow series included.
     */
    readonly seriesCount: number;
}

/**
 * Live per-session metrics for a LiveKit agent: push every `metrics_collected` event
 * and get per-turn latency, the session summary and usage as they happen.
 *
 * @example
 * ```js
 * const m = new SessionMetrics({ onTurn: (t) => console.log(t.formulaLatencyMs) });
 * session.on(voice.AgentSessionEventTypes.MetricsCollected, (ev) => m.push(ev));
 * // ... at session end:
 * m.flush();
 * m.summary().formulaLatencyMs.p95;
 * m.usage().cost(prices).total;
 * ```
 *
 * Events may be Node (`@livekit/agents`) or Python-schema objects, or JSON text.
 * `onTurn(turn)` is called once per turn, when it is complete (EOU, first LLM and
 * first TTS seen; or superseded by the next turn; or at `flush()`), after the
 * state is updated, so it may call back into this object. Instances hold wasm
 * memory, freed on garbage collection or at once with `free()`.
 */
export class SessionMetrics {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * The turns built from the chat items pushed so far (see `pushChatItem`).
     */
    chatTurns(): ChatTurn[];
    /**
     * Completes every turn not reported yet (call at session end), calling `onTurn`
     * for each; returns them.
     */
    flush(): TurnLatency[];
    /**
     * The chat turns matched with the metrics turns of the same session (by order and
     * timing): each match carries both the measured `e2eLatencyMs` and the
     * EOU/LLM/TTS breakdown.
     */
    joinedTurns(): TurnJoin;
    /**
     * Starts an empty session. Options (all optional): `onTurn(turn)`,
     * `dedupe` (default `true`: a payload delivered twice counts once), `dialect`
     * and `onInvalid` (as in `normalizeMetrics`; with `'skip'` bad events are counted
     * in `skipped` instead of thrown).
     */
    constructor(options?: SessionMetricsOptions);
    /**
     * Adds a chat item, live: the `item` of a `conversation_item_added` event (a
     * `ChatMessage` or `AgentHandoff`; SDK class instances are read through their
     * `toJSON()`), the event itself, a `function_tools_executed` event, or a
     * `speech_created` event (its time places the LLM's start in the waterfall of a
     * reply without `llm_node_ttfs`, as Node's are). Builds the same turns
     * `analyzeSessionReport` reads from the report (`chatTurns()`), with `e2eLatencyMs`,
     * the `waterfall` and `unexplainedMs`.
     */
    pushChatItem(item: object | string): void;
    /**
     * Adds many events at once (an array, or JSON text / JSON lines): one turn
     * assembly for the batch. Returns the turns they completed.
     */
    pushMany(events: MetricsInput): TurnLatency[];
    /**
     * Adds one event (a `metrics_collected` event or a bare metrics object, either
     * dialect, or its JSON text). Returns the turns it completed (usually none or
     * one), after calling `onTurn` for each.
     */
    push(event: MetricsEvent): TurnLatency[];
    /**
     * Latency statistics (count, min, max, mean, p50, p90, p95, p99) of the total and
     * each component, over the user turns so far.
     */
    summary(): LatencySummary;
    /**
     * Every turn so far, complete or not, in chronological order.
     */
    turns(): TurnLatency[];
    /**
     * The usage so far (per model, per turn, session-level, speculative), priced
     * with `usage().cost(prices)`.
     */
    usage(): Usage;
    /**
     * Duplicate deliveries dropped so far.
     */
    readonly duplicatesDropped: number;
    /**
     * How many final turns left the detail window (`maxTurnsDetail`, default 1,000):
     * `turns()` no longer lists them; `summary()` and the usage totals still count them.
     */
    readonly evictedTurns: number;
    /**
     * How many metrics arrived for an evicted turn (counted in usage, applied to no turn).
     */
    readonly lateMetrics: number;
    /**
     * How many events were skipped as invalid so far (`skipped` lists the last 1,000).
     */
    readonly skippedCount: number;
    /**
     * Events skipped as invalid (only with `onInvalid: 'skip'`), with their position
     * among all events pushed and their error `code`: the last 1,000 (all of them are
     * counted in `skippedCount`).
     */
    readonly skipped: SkippedItem[];
}

/**
 * A session's usage: per model (exactly what the SDKs' `ModelUsageCollector`
 * reports), per turn, session-level and speculative, with duplicate deliveries
 * dropped. Get one from `computeUsage(events)` or `SessionMetrics.usage()`.
 *
 * Every getter returns a fresh plain-data copy. Instances hold wasm memory; it is
 * freed when the object is garbage-collected, or at once with `usage.free()`.
 */
export class Usage {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Prices the usage: per model, per turn, session-level and speculative, in the
     * table's currency. Models without a price are listed in `unpriced`, never
     * counted as zero. `table` is a `PriceTable` object or its JSON text.
     */
    cost(table: PriceTable | string): UsageCost;
    /**
     * A `Usage` from plain data: a `SessionUsage` (`usage.toJSON()`, or a session
     * analysis' `usage`) or an array of `ModelUsage` rows. So a report's usage can be
     * priced: `Usage.fromJSON(analyzeSessionReport(report).usage).cost(prices)`.
     */
    static fromJSON(data: SessionUsage | ModelUsage[]): Usage;
    /**
     * The plain data (`JSON.stringify(usage)` uses it).
     */
    toJSON(): SessionUsage;
    /**
     * The rows exactly as `@livekit/agents`' `ModelUsageCollector.flatten()` returns
     * them (camelCase, ms); with `{ filterZeroValues: true }`, as `session.usage`
     * holds them (zeros dropped).
     */
    toLiveKitJs(options?: { filterZeroValues?: boolean }): Record<string, string | number>[];
    /**
     * The rows exactly as Python's `ModelUsage.model_dump()` writes them (snake_case,
     * seconds); with `{ report: true }`, as a Python session report's `usage` entries
     * (`exclude_defaults`; add `includeType: false` for the 1.5–1.7 form without `type`).
     */
    toLiveKitPython(options?: { report?: boolean; includeType?: boolean }): Record<string, string | number>[];
    /**
     * Duplicate deliveries of the same metrics payload that were not counted.
     */
    readonly duplicatesDropped: number;
    /**
     * Rows probably attributed to a wrapper (`FallbackAdapter`) or an `unknown` model.
     */
    readonly flags: UsageFlag[];
    /**
     * Every usage row (`llm_usage`, `tts_usage`, `stt_usage`, `interruption_usage`,
     * `eot_usage`) in the SDK collector's order, durations in ms.
     */
    readonly models: ModelUsage[];
    /**
     * Usage that belongs to no turn: STT, EOT, interruption, background LLM/TTS calls.
     */
    readonly sessionLevel: ModelUsage[];
    /**
     * Usage of speculative (preemptive, never played) generations: billed all the same.
     */
    readonly speculative: ModelUsage[];
    /**
     * Usage of each turn, in turn order (speculative turns included).
     */
    readonly turns: TurnUsage[];
}

/**
 * Analyses a LiveKit Agents session report: what `ctx.makeSessionReport()` /
 * `make_session_report().to_dict()` write (Python `SessionReport.to_dict()` JSON,
 * Node `sessionReportToJSON` output, and Node reports from before 1.4.10).
 *
 * `input` is the report as JSON text (a string, a `Uint8Array` or an `ArrayBuffer`)
 * or as an object. The result has `turns` (from the chat history: `e2eLatencyMs`,
 * its parts and `unexplainedMs`), `summary` (percentiles over unflagged user turns),
 * `usage` (the report's usage rows, durations in ms), `flags` (turns whose numbers
 * cannot be trusted, with why), `timeline`, `skipped` (malformed items, counted), and
 * the detected `sdk`, `sdkVersion` and `units`.
 *
 * @example
 * ```js
 * const analysis = analyzeSessionReport(readFileSync('session_report.json'));
 * analysis.turns[0].e2eLatencyMs;  // e.g. 1457
 * analysis.turns[0].unexplainedMs; // the part of the wait no component accounts for
 * ```
 */
export function analyzeSessionReport(input: object | string | Uint8Array | ArrayBuffer, options?: ReportOptions & InputLimits): SessionAnalysis;

/**
 * Per-turn latency of a session, from its `metrics_collected` events (either SDK's
 * dialect, mixed, in any order; JS objects or JSON text, as `normalizeMetrics`
 * takes them).
 *
 * Each turn has `formulaLatencyMs = eouDelayMs + llmTtftMs + ttsTtfbMs` (realtime:
 * `eouDelayMs + llmTtftMs`), present only for `user` turns with all three parts.
 * `transcriptionDelayMs` is inside `eouDelayMs` and never added. Turns come out in
 * chronological order; `speculative` turns (discarded preemptive generations) and
 * `agentInitiated` ones (`say()`, greetings) are included but not in statistics.
 *
 * Throws like `normalizeMetrics` on a malformed event (or lists it in nothing and
 * skips it with `onInvalid: 'skip'`).
 *
 * @example
 * ```js
 * const turns = computeTurnLatency(events);
 * turns[0].formulaLatencyMs; // e.g. 1005.4
 * ```
 */
export function computeTurnLatency(events: MetricsInput, options?: NormalizeMetricsOptions): TurnLatency[];

/**
 * The usage of a whole session's `metrics_collected` events (either dialect, any
 * order), with duplicate deliveries dropped unless `dedupe: false`.
 *
 * `usage.toLiveKitJs()` equals what `@livekit/agents`' `ModelUsageCollector` returns
 * for the same events; `usage.cost(prices)` prices it.
 *
 * @example
 * ```js
 * const usage = computeUsage(events);
 * usage.toLiveKitJs();           // [{ type: 'llm_usage', provider: 'openai', ... }]
 * usage.cost(prices).total;      // e.g. 0.0123 (in prices.currency)
 * ```
 */
export function computeUsage(events: MetricsInput, options?: ComputeUsageOptions): Usage;

/**
 * Normalizes LiveKit Agents metrics events, from the Python or the Node SDK, into
 * canonical records: milliseconds everywhere (`ttftMs`, `audioDurationMs`), epoch
 * milliseconds for `timestampMs`, camelCase keys, and "none" sentinels such as
 * `ttft: -1` turned into an absent property.
 *
 * `input` is one event or an array of events, as JS objects (a bare metrics object,
 * a `metrics_collected` event, or any wrapper holding it under `metrics`; dialects
 * may be mixed unless `options.dialect` is given), or the same as JSON text: a
 * string or UTF-8 bytes (`Uint8Array`, `ArrayBuffer`) holding a JSON array, one
 * JSON object, or JSON lines (one event per line, blank lines ignored).
 *
 * Metrics types this version does not know are kept as `{ type: 'unknown' }`
 * records and counted in `unknownTypes`; they are never an error.
 *
 * Throws a `TypeError` (bad shape: `NotAnObject`, `MissingField`, `WrongType`,
 * `InvalidJson`, `UnknownDialect`, `DialectMismatch`, `TooDeep`) or a `RangeError`
 * (bad value: `NotFinite`, `NegativeDuration`, `NegativeCount`, `NotAnInteger`,
 * `OutOfRange`) whose `code` says which, with `field` and `index` when known. With
 * `onInvalid: 'skip'` bad events are listed in `skipped` instead of thrown.
 *
 * @example
 * ```js
 * const { records } = normalizeMetrics({
 *   type: 'llm_metrics', timestamp: 1795280003.62, duration: 0.802, ttft: 0.353,
 *   cancelled: false, completion_tokens: 13, prompt_tokens: 1116, speech_id: 'speech_1',
 * });
 * records[0].metric.ttftMs; // 353
 * records[0].dialect;       // 'python'
 * ```
 * @param input - one event, an array of events, or JSON text (string or bytes)
 * @param options - `dialect` and `onInvalid`; all optional
 * @returns the canonical records, the skipped events and the unknown metrics types
 */
export function normalizeMetrics(input: MetricsInput, options?: NormalizeMetricsOptions): NormalizeReport;

/**
 * The version of this package (the Rust crate's `CARGO_PKG_VERSION`), e.g. `"0.1.0"`.
 *
 * @example
 * ```js
 * import { version } from 'voice-agent-metrics';
 * console.log(version()); // "0.1.0"
 * ```
 */
export function version(): string;
