"""Differential oracle: the real `livekit-agents` ModelUsageCollector on random streams.

Generates seeded random streams of Python-schema metrics (every usage-bearing type,
plus VAD/EOU/avatar noise; provider/model mixes, missing metadata, realtime token
details with and without cached details), validates each metric with the SDK's own
pydantic models, feeds every stream to a fresh `ModelUsageCollector` and writes
`{"sdk_version", "streams": [{"metrics": [...], "flatten": [...]}]}` as JSON.
The Rust test `tests/differential_python.rs` reads it and compares our collector.

usage: python py_collector.py OUT.json [--streams 1000] [--seed 7]
"""

import argparse
import json
import random

from pydantic import TypeAdapter

from livekit.agents.metrics import ModelUsageCollector
from livekit.agents.metrics.base import AgentMetrics
from livekit.agents.version import __version__

PROVIDERS = [
    ("openai", "gpt-4.1-mini"),
    ("openai", "gpt-realtime"),
    ("anthropic", "claude-sonnet-4"),
    ("deepgram", "nova-3"),
    ("cartesia", "sonic-2"),
    ("livekit", "turn-detector-v1"),
    ("livekit", "adaptive interruption"),
    ("", ""),
    ("openai", ""),
    ("__proto__", "constructor"),
]


def metadata(rng):
    r = rng.random()
    if r < 0.1:
        return None
    provider, model = rng.choice(PROVIDERS)
    if r < 0.15:
        return {"model_name": None, "model_provider": provider}
    return {"model_name": model, "model_provider": provider}


def secs(rng, hi=3.0):
    return round(rng.uniform(0, hi), rng.choice([3, 6, 9]))


def count(rng, hi=5000):
    return rng.randint(0, hi) if rng.random() > 0.2 else 0


def metric(rng, t):
    kind = rng.choice(
        ["llm", "llm", "tts", "tts", "stt", "realtime", "interruption", "eot", "vad", "eou", "avatar"]
    )
    base = {"timestamp": t, "metadata": metadata(rng)}
    if kind == "llm":
        prompt = count(rng)
        return {**base, "type": "llm_metrics", "label": "l", "request_id": f"r{t}",
                "duration": secs(rng), "ttft": rng.choice([-1.0, secs(rng, 1)]),
                "cancelled": rng.random() < 0.2, "completion_tokens": count(rng, 500),
                "prompt_tokens": prompt, "prompt_cached_tokens": rng.randint(0, prompt),
                "cache_creation_tokens": count(rng, 300), "reasoning_tokens": count(rng, 50),
                "total_tokens": prompt, "tokens_per_second": 1.5,
                "speech_id": rng.choice([None, "speech_a", "speech_b"])}
    if kind == "tts":
        return {**base, "type": "tts_metrics", "label": "t", "request_id": f"t{t}",
                "ttfb": rng.choice([-1.0, secs(rng, 1)]), "duration": secs(rng),
                "audio_duration": secs(rng, 10), "cancelled": rng.random() < 0.1,
                "characters_count": count(rng, 400), "input_tokens": count(rng, 50),
                "output_tokens": count(rng, 900), "streamed": True,
                "speech_id": rng.choice([None, "speech_a"])}
    if kind == "stt":
        return {**base, "type": "stt_metrics", "label": "s", "request_id": "",
                "duration": 0.0, "audio_duration": secs(rng, 8), "streamed": True,
                "input_tokens": count(rng, 90), "output_tokens": count(rng, 20),
                "input_audio_tokens": count(rng, 80)}
    if kind == "realtime":
        cached = None
        if rng.random() < 0.6:
            cached = {"audio_tokens": count(rng, 50), "text_tokens": count(rng, 50),
                      "image_tokens": count(rng, 5)}
        return {**base, "type": "realtime_model_metrics", "label": "rt", "request_id": f"resp{t}",
                "duration": secs(rng), "session_duration": rng.choice([0.0, secs(rng, 60)]),
                "ttft": rng.choice([-1.0, secs(rng, 1)]), "cancelled": False,
                "input_tokens": count(rng), "output_tokens": count(rng, 800),
                "total_tokens": 0, "tokens_per_second": 0.0,
                "input_token_details": {"audio_tokens": count(rng, 300), "text_tokens": count(rng, 300),
                                        "image_tokens": count(rng, 10), "cached_tokens": count(rng, 100),
                                        "cached_tokens_details": cached},
                "output_token_details": {"text_tokens": count(rng, 100), "audio_tokens": count(rng, 300),
                                         "image_tokens": count(rng, 3)}}
    if kind == "interruption":
        return {**base, "type": "interruption_metrics", "total_duration": secs(rng, 0.1),
                "prediction_duration": secs(rng, 0.05), "detection_delay": secs(rng, 0.5),
                "num_interruptions": rng.randint(0, 1), "num_backchannels": rng.randint(0, 1),
                "num_requests": rng.randint(0, 12)}
    if kind == "eot":
        return {**base, "type": "eot_inference_metrics", "total_duration": secs(rng, 0.1),
                "detection_delay": secs(rng, 0.1), "prediction_duration": secs(rng, 0.05),
                "num_requests": rng.randint(1, 3)}
    if kind == "vad":
        return {**base, "type": "vad_metrics", "label": "v", "idle_time": secs(rng),
                "inference_duration_total": secs(rng, 0.1), "inference_count": rng.randint(1, 40)}
    if kind == "eou":
        return {**base, "type": "eou_metrics", "end_of_utterance_delay": secs(rng),
                "transcription_delay": secs(rng, 0.5), "on_user_turn_completed_delay": secs(rng, 0.01),
                "speech_id": "speech_a"}
    return {**base, "type": "avatar_metrics", "playback_latency": secs(rng, 0.2)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--streams", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    adapter = TypeAdapter(AgentMetrics)
    streams = []
    for _ in range(args.streams):
        t = 1795280000.0 + rng.random()
        metrics = []
        for _ in range(rng.randint(0, 60)):
            t = round(t + rng.uniform(0.001, 2.0), 6)
            metrics.append(adapter.validate_python(metric(rng, t)).model_dump(mode="json"))
        collector = ModelUsageCollector()
        for m in metrics:
            collector.collect(adapter.validate_python(m))
        streams.append({"metrics": metrics, "flatten": [u.model_dump(mode="json") for u in collector.flatten()]})
    with open(args.out, "w") as f:
        json.dump({"sdk_version": __version__, "streams": streams}, f)
    print(f"wrote {len(streams)} streams from livekit-agents {__version__} to {args.out}")


if __name__ == "__main__":
    main()
