// A LiveKit voice agent (@livekit/agents 1.9) with voice-agent-metrics wired in:
//   * one log line per turn (end of utterance + LLM ttft + TTS ttfb, and the rest),
//   * the session's analysis (turns, e2e and unexplained time, summary, usage, cost)
//     written to $VAM_OUT_DIR/<room>-<job>.json when the session ends,
//   * GET /metrics for Prometheus on $VAM_METRICS_HOST:$VAM_METRICS_PORT
//     (default 127.0.0.1:9464).
// Optional: VAM_PRICES=examples/prices.example.json (a price table) adds the cost.
//
// Run (LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET set; STT/LLM/TTS through
// LiveKit Inference, so no provider keys):  npm run example:agent -- dev
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type JobContext, ServerOptions, cli, defineAgent, log, voice } from '@livekit/agents';
import type { PriceTable } from 'voice-agent-metrics';
import { createMetricsHandlers } from './handlers.js';
import { type MetricsServer, startMetricsServer } from './metrics-server.js';

/** Whether the session below generates replies preemptively (the SDK default: on). */
const PREEMPTIVE_GENERATION = true;

export default defineAgent({
  entry: async (ctx: JobContext) => {
    const logger = log();
    const env = process.env;
    const prices = env.VAM_PRICES ? (JSON.parse(readFileSync(env.VAM_PRICES, 'utf8')) as PriceTable) : undefined;
    const room = ctx.job.room?.name ?? 'room';
    const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');

    const metrics = createMetricsHandlers({
      outFile: join(env.VAM_OUT_DIR ?? 'sessions', `${safe(room)}-${safe(ctx.job.id)}.json`),
      ...(prices ? { prices } : {}),
      labels: { agent_name: 'node-agent-example' },
      log: (line) => logger.info(line),
      preemptiveGeneration: PREEMPTIVE_GENERATION,
    });

    const session = new voice.AgentSession({
      stt: 'deepgram/nova-3',
      llm: 'openai/gpt-4.1-mini',
      tts: 'cartesia/sonic-2',
      turnHandling: { preemptiveGeneration: { enabled: PREEMPTIVE_GENERATION } },
    });
    session.on(voice.AgentSessionEventTypes.MetricsCollected, metrics.onMetricsCollected);
    session.on(voice.AgentSessionEventTypes.ConversationItemAdded, metrics.onConversationItemAdded);

    // Each job runs in its own process: with several concurrent jobs on one machine, give
    // each its own port (VAM_METRICS_PORT=0 picks a free one and logs it).
    let server: MetricsServer | undefined;
    try {
      server = await startMetricsServer({
        render: metrics.renderMetrics,
        port: Number(env.VAM_METRICS_PORT ?? 9464),
        host: env.VAM_METRICS_HOST ?? '127.0.0.1',
      });
      logger.info(`voice-agent-metrics: Prometheus metrics at ${server.url}`);
    } catch (e) {
      logger.warn(`voice-agent-metrics: no /metrics endpoint (${(e as Error).message}); turns are still logged and written`);
    }

    ctx.addShutdownCallback(async () => {
      await metrics.onShutdown();
      await server?.close();
    });

    await session.start({
      agent: new voice.Agent({ instructions: 'You are a friendly voice assistant. Keep answers short.' }),
      room: ctx.room,
    });
    await ctx.connect();
    session.generateReply({ instructions: 'Greet the user and offer your help.' });
  },
});

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  cli.runApp(new ServerOptions({ agent: fileURLToPath(import.meta.url) }));
}
