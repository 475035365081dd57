// Session reports of a simulated session, in the exact shapes of
// tests/fixtures/py-*/session_report.json (Python `SessionReport.to_dict()`, 1.8.9) and
// tests/fixtures/js-*/session_report.json (Node `sessionReportToJSON`, 1.9.0): the
// same keys, key order, units and number styles.
import { F } from './json.mjs';
import { UsageAcc } from './metrics.mjs';

const msInt = (s) => Math.round(s * 1000);
const sec3 = (s) => Math.round(s * 1000) / 1000;

function items(s) {
  const py = s.sdk === 'py';
  const out = [];
  const created = (t) => (py ? t : sec3(t));
  out.push({ id: s.handoffId, type: 'agent_handoff', new_agent_id: s.agent, created_at: created(s.startedAt + 0.01) });
  out.push({ id: s.configId, type: 'agent_config_update', instructions: s.instructions, tools_added: s.realtime ? undefined : ['get_weather', 'lookup_order', 'book_table', 'check_balance'], created_at: created(s.startedAt + 0.012) });
  for (const t of s.turns) {
    const userMetrics = s.realtime
      ? { started_speaking_at: t.userStart }
      : py
        ? { stt_metadata: { model_name: 'nova-3', model_provider: 'deepgram' }, started_speaking_at: t.userStart, stopped_speaking_at: t.userStop, transcription_delay: t.transcriptionDelay, end_of_turn_delay: t.eot, on_user_turn_completed_delay: t.outc }
        : { started_speaking_at: t.userStart, stopped_speaking_at: t.userStop, transcription_delay: t.transcriptionDelay, end_of_turn_delay: t.eot, on_user_turn_completed_delay: 0 };
    const userCreated = s.realtime ? t.userStart : t.userCreated;
    out.push(
      py
        ? { id: t.userId, type: 'message', role: 'user', content: [t.userText], interrupted: false, transcript_confidence: s.realtime ? 0.93 : F(0), extra: {}, metrics: userMetrics, created_at: userCreated }
        : { id: t.userId, type: 'message', role: 'user', content: [t.userText], interrupted: false, created_at: sec3(userCreated), transcript_confidence: s.realtime ? 0.93 : 1, metrics: userMetrics },
    );
    t.messages.forEach((m, i) => {
      const e2e = i === 0 ? m.speakStart - t.userStop : undefined;
      let metrics;
      if (s.realtime) {
        metrics = py
          ? { provider_request_ids: [t.requestId], e2e_latency: t.realtime.ttft + 0.4, started_speaking_at: m.speakStart, stopped_speaking_at: m.speakStop, playback_latency: m.playback }
          : { provider_request_ids: [t.requestId], started_speaking_at: m.speakStart };
      } else if (py) {
        metrics = { started_speaking_at: m.speakStart, stopped_speaking_at: m.speakStop, llm_node_ttft: m.ttft, llm_node_tps: m.tps, llm_node_ttfs: m.ttfs, tts_node_ttfb: m.ttfb, playback_latency: m.playback, e2e_latency: e2e, llm_metadata: { model_name: 'gpt-4.1-mini', model_provider: 'openai' }, tts_metadata: { model_name: 'sonic-2', model_provider: 'cartesia' } };
      } else {
        metrics = { llm_node_ttft: m.ttft, tts_node_ttfb: m.ttfb, started_speaking_at: m.speakStart, stopped_speaking_at: m.speakStop, playback_latency: 0, e2e_latency: e2e };
      }
      const createdAt = s.realtime ? m.speakStart : m.created;
      out.push(
        py
          ? { id: m.id, type: 'message', role: 'assistant', content: [m.text], interrupted: m.interrupted, extra: {}, metrics, created_at: createdAt }
          : { id: m.id, type: 'message', role: 'assistant', content: [m.text], interrupted: m.interrupted, created_at: sec3(createdAt), metrics },
      );
      if (i === 0 && t.tool) {
        const tl = t.tool;
        out.push(
          py
            ? { id: tl.callItemId, type: 'function_call', call_id: tl.callId, arguments: tl.args, name: tl.name, created_at: tl.callAt, extra: {} }
            : { id: tl.callItemId, type: 'function_call', call_id: tl.callId, name: tl.name, arguments: tl.args, created_at: sec3(tl.callAt) },
        );
        out.push(
          py
            ? { id: tl.outputItemId, type: 'function_call_output', name: tl.name, call_id: tl.callId, output: tl.output, is_error: false, created_at: tl.outputAt, reply_required: true }
            : { id: tl.outputItemId, type: 'function_call_output', name: tl.name, call_id: tl.callId, output: JSON.stringify(tl.output), is_error: false, created_at: sec3(tl.outputAt) },
        );
      }
    });
  }
  return out;
}

/** The report's `events`, in emission order, and the usage the metrics add up to. */
function events(s, chatItems, metrics) {
  const py = s.sdk === 'py';
  const at = (t) => (py ? t : msInt(t));
  const ev = [];
  const push = (t, e) => ev.push([t, { ...e, created_at: at(t) }]);
  const state = (t, who, from, to) => push(t, { type: `${who}_state_changed`, old_state: from, new_state: to });
  const itemAdded = (t, item) => {
    const copy = { ...item, created_at: py ? item.created_at : msInt(item.created_at) };
    if (item.type === 'agent_handoff') return push(t, { type: 'conversation_item_added', item: py ? { id: item.id, type: item.type, old_agent_id: null, new_agent_id: item.new_agent_id, created_at: item.created_at } : copy });
    if (py) copy.hash = null;
    push(t, { type: 'conversation_item_added', item: copy });
  };
  itemAdded(s.startedAt + 0.011, chatItems[0]);
  state(s.startedAt + 0.015, 'agent', 'initializing', 'listening');
  const byId = new Map(chatItems.map((i) => [i.id, i]));
  for (const t of s.turns) {
    state(t.userStart + 0.05, 'user', 'listening', 'speaking');
    const partial = t.userText.split(' ').slice(0, 3).join(' ');
    push(t.userStart + (t.userStop - t.userStart) / 2, { type: 'user_input_transcribed', transcript: partial, is_final: false, item_id: null, speaker_id: null, language: '' });
    push(t.userStop + t.transcriptionDelay, { type: 'user_input_transcribed', transcript: t.userText, is_final: true, item_id: null, speaker_id: null, language: '' });
    state(t.userStop + 0.1, 'user', 'speaking', 'listening');
    const userAt = s.realtime ? t.userStop + 0.2 : t.userCreated;
    push(userAt + 0.0002, { type: 'speech_created', user_initiated: true, source: 'generate_reply' });
    itemAdded(userAt + 0.002, byId.get(t.userId));
    state(userAt + 0.0025, 'agent', 'listening', 'thinking');
    t.messages.forEach((m, i) => {
      state(m.speakStart, 'agent', i === 0 ? 'thinking' : 'listening', 'speaking');
      if (i === 0 && t.tool) {
        const tl = t.tool;
        const call = { ...byId.get(tl.callItemId), created_at: py ? tl.callAt : msInt(tl.callAt) };
        const output = { ...byId.get(tl.outputItemId), created_at: py ? tl.outputAt : msInt(tl.outputAt) };
        if (py) {
          push(tl.callAt + 0.0005, { type: 'tool_execution_updated', update: { type: 'tool_call_started', function_call: { ...call, group_id: null } } });
          push(tl.outputAt + 0.0005, { type: 'tool_execution_updated', update: { type: 'tool_call_ended', id: tl.callId, call_id: tl.callId, message: tl.output, status: 'done' } });
        }
        push(Math.max(tl.outputAt, m.speakStop) + 0.001, { type: 'function_tools_executed', function_calls: [py ? { ...call, group_id: null } : call], function_call_outputs: [output] });
      }
      itemAdded(m.speakStop + 0.0004, byId.get(m.id));
      state(m.speakStop + 0.001, 'agent', 'speaking', 'listening');
    });
  }
  const usage = new UsageAcc();
  for (const m of metrics) {
    usage.add(m);
    if (py) push(m.at + 0.0003, { type: 'session_usage_updated', usage: { model_usage: usage.pyRows() } });
  }
  push(s.endedAt, { type: 'close', error: null, reason: 'user_initiated' });
  ev.sort((a, b) => a[0] - b[0]);
  return { events: ev.map(([, e]) => e), usage };
}

function options(s) {
  if (s.sdk === 'py') {
    return { allow_interruptions: true, discard_audio_if_uninterruptible: true, min_interruption_duration: 0.5, min_interruption_words: 0, min_endpointing_delay: 0.4, max_endpointing_delay: F(6), max_tool_steps: 3, user_away_timeout: F(15), min_consecutive_speech_delay: F(0), preemptive_generation: { enabled: s.preemptive, preemptive_tts: false, max_speech_duration: F(10), max_retries: 3 }, recording_options: { audio: false, traces: false, logs: false, transcript: false, redaction: false } };
  }
  return { allow_interruptions: true, discard_audio_if_uninterruptible: true, min_interruption_duration: 500, min_interruption_words: 0, min_endpointing_delay: 400, max_endpointing_delay: 6000, max_tool_steps: 3, user_away_timeout: 15, preemptive_generation: { enabled: s.preemptive, preemptiveTts: false, maxSpeechDuration: 10000, maxRetries: 3 }, recording_options: { audio: false, traces: false, logs: false, transcript: true, redaction: false } };
}

/** The session report object (write it with pyDumps / jsDumps). */
export function sessionReport(s, metrics) {
  const chat = items(s);
  const { events: evs, usage } = events(s, chat, metrics);
  if (s.sdk === 'py') {
    return {
      job_id: s.jobId, room_id: s.roomId, room: s.room, events: evs, audio_recording_path: null, audio_recording_started_at: null,
      options: options(s), chat_history: { items: chat }, timestamp: s.endedAt, usage: usage.reportRows(true), sdk_version: '1.8.9',
      agent_name: s.agent, tags: [], duration_ms: Math.round((s.endedAt - s.startedAt) * 1000), user_turns: s.turns.length,
      errors: { llm: 0, stt: 0, tts: 0, realtime: 0, interruption: 0 }, close_reason: 'CR_USER_INITIATED',
    };
  }
  return {
    job_id: s.jobId, room_id: s.roomId, room: s.room, events: evs, audio_recording_path: null, audio_recording_started_at: null,
    options: options(s), chat_history: { items: chat }, enable_user_data_training: true, timestamp: msInt(s.endedAt),
    usage: usage.reportRows(false), sdk_version: '1.9.0',
  };
}
