//! One reader function per metrics type, shared by every dialect.

use super::reader::*;
use crate::error::NormalizeError;
use crate::metric::*;

type R<T> = Result<T, NormalizeError>;

fn label(r: &Reader) -> R<alloc::string::String> {
    Ok(r.string(LABEL, Optional)?.unwrap_or_default())
}

fn request_id(r: &Reader) -> R<alloc::string::String> {
    Ok(r.string(REQUEST_ID, Optional)?.unwrap_or_default())
}

/// A required duration (the reader turns a missing one into `MissingField`).
fn duration(r: &Reader, k: Key) -> R<f64> {
    Ok(r.duration_ms(k, Required)?.unwrap_or_default())
}

pub(crate) fn llm(r: &Reader) -> R<LlmMetrics> {
    Ok(LlmMetrics {
        label: label(r)?,
        request_id: request_id(r)?,
        timestamp_ms: r.timestamp_ms(false)?,
        duration_ms: duration(r, legacy_key!("duration", "durationMs", "duration", false))?,
        ttft_ms: r.latency_ms(legacy_key!("ttft", "ttftMs", "ttft", false), Required)?,
        cancelled: r.boolean(CANCELLED, Optional)?.unwrap_or(false),
        completion_tokens: r.count(key!("completion_tokens", "completionTokens"), Optional)?,
        prompt_tokens: r.count(key!("prompt_tokens", "promptTokens"), Optional)?,
        prompt_cached_tokens: r
            .count(key!("prompt_cached_tokens", "promptCachedTokens"), Optional)?,
        cache_creation_tokens: r.count(
            key!("cache_creation_tokens", "cacheCreationTokens"),
            Optional,
        )?,
        reasoning_tokens: r.count(key!("reasoning_tokens", "reasoningTokens"), Optional)?,
        total_tokens: r.count(TOTAL_TOKENS, Optional)?,
        tokens_per_second: r.rate(TOKENS_PER_SECOND, Optional)?,
        speech_id: r.string(SPEECH_ID, Optional)?,
        metadata: r.metadata()?,
    })
}

pub(crate) fn stt(r: &Reader) -> R<SttMetrics> {
    let input_tokens = r.count(INPUT_TOKENS, Optional)?;
    let output_tokens = r.count(OUTPUT_TOKENS, Optional)?;
    let total_tokens = match r.get(TOTAL_TOKENS) {
        Some(_) => r.count(TOTAL_TOKENS, Optional)?,
        // Python's validator: total defaults to input + output.
        None => input_tokens.saturating_add(output_tokens),
    };
    Ok(SttMetrics {
        label: label(r)?,
        request_id: request_id(r)?,
        timestamp_ms: r.timestamp_ms(false)?,
        duration_ms: duration(r, legacy_key!("duration", "durationMs", "duration", false))?,
        audio_duration_ms: duration(
            r,
            legacy_key!("audio_duration", "audioDurationMs", "audioDuration", true),
        )?,
        streamed: r.boolean(STREAMED, Optional)?.unwrap_or(false),
        input_tokens,
        output_tokens,
        total_tokens,
        input_audio_tokens: r.count(key!("input_audio_tokens", "inputAudioTokens"), Optional)?,
        acquire_time_ms: r.measured_ms(ACQUIRE_TIME)?,
        connection_reused: r.boolean(CONNECTION_REUSED, Optional)?,
        metadata: r.metadata()?,
    })
}

pub(crate) fn tts(r: &Reader) -> R<TtsMetrics> {
    Ok(TtsMetrics {
        label: label(r)?,
        request_id: request_id(r)?,
        timestamp_ms: r.timestamp_ms(false)?,
        ttfb_ms: r.latency_ms(legacy_key!("ttfb", "ttfbMs", "ttfb", false), Required)?,
        duration_ms: duration(r, legacy_key!("duration", "durationMs", "duration", false))?,
        audio_duration_ms: duration(
            r,
            legacy_key!("audio_duration", "audioDurationMs", "audioDuration", true),
        )?,
        cancelled: r.boolean(CANCELLED, Optional)?.unwrap_or(false),
        characters_count: r.count(key!("characters_count", "charactersCount"), Optional)?,
        input_tokens: r.count(INPUT_TOKENS, Optional)?,
        output_tokens: r.count(OUTPUT_TOKENS, Optional)?,
        streamed: r.boolean(STREAMED, Optional)?.unwrap_or(false),
        acquire_time_ms: r.measured_ms(ACQUIRE_TIME)?,
        connection_reused: r.boolean(CONNECTION_REUSED, Optional)?,
        segment_id: r.string(key!("segment_id", "segmentId"), Optional)?,
        speech_id: r.string(SPEECH_ID, Optional)?,
        metadata: r.metadata()?,
    })
}

pub(crate) fn vad(r: &Reader) -> R<VadMetrics> {
    Ok(VadMetrics {
        label: label(r)?,
        timestamp_ms: r.timestamp_ms(false)?,
        idle_time_ms: duration(r, legacy_key!("idle_time", "idleTimeMs", "idleTime", false))?,
        inference_duration_total_ms: duration(
            r,
            legacy_key!(
                "inference_duration_total",
                "inferenceDurationTotalMs",
                "inferenceDurationTotal",
                false,
            ),
        )?,
        inference_count: r.count(key!("inference_count", "inferenceCount"), Optional)?,
        metadata: r.metadata()?,
    })
}

pub(crate) fn eou(r: &Reader) -> R<EouMetrics> {
    let eou = duration(
        r,
        legacy_key!(
            "end_of_utterance_delay",
            "endOfUtteranceDelayMs",
            "endOfUtteranceDelay",
            false,
        ),
    )?;
    let transcription = duration(
        r,
        legacy_key!(
            "transcription_delay",
            "transcriptionDelayMs",
            "transcriptionDelay",
            false,
        ),
    )?;
    // Both SDKs write 0 for both delays when the end of speech was not detected.
    // A real transcription delay can be 0 (transcript before the VAD
    // end); a real EOU delay cannot, so a 0 EOU delay marks both as unknown.
    let computed = eou != 0.0;
    let first_interim_status =
        r.string(key!("first_interim_status", "firstInterimStatus"), Optional)?;
    Ok(EouMetrics {
        timestamp_ms: r.timestamp_ms(false)?,
        end_of_utterance_delay_ms: computed.then_some(eou),
        transcription_delay_ms: computed.then_some(transcription),
        on_user_turn_completed_delay_ms: r.duration_ms(
            legacy_key!(
                "on_user_turn_completed_delay",
                "onUserTurnCompletedDelayMs",
                "onUserTurnCompletedDelay",
                false,
            ),
            Optional,
        )?,
        last_speaking_time_ms: r
            .epoch_ms(key!("last_speaking_time", "lastSpeakingTimeMs"), Optional)?
            .filter(|t| *t != 0.0),
        // Newer Python SDKs (Node writes neither yet; the Node names follow its `*Ms`
        // convention). 0 means the end of speech was not detected.
        first_transcript_after_eos_delay_ms: r.measured_ms(key!(
            "first_transcript_after_eos_delay",
            "firstTranscriptAfterEosDelayMs"
        ))?,
        first_interim_delay_ms: first_interim_delay(r, first_interim_status.as_deref())?,
        first_interim_status,
        speech_id: r.string(SPEECH_ID, Optional)?,
        metadata: r.metadata()?,
    })
}

/// `first_interim_delay`: `null` (or, in early versions of the field, 0) when no
/// interim transcript arrived, which `first_interim_status: "absent"` also says. A 0
/// next to `"received"` is a real (clamped) delay.
fn first_interim_delay(r: &Reader, status: Option<&str>) -> R<Option<f64>> {
    let delay = r.duration_ms(key!("first_interim_delay", "firstInterimDelayMs"), Optional)?;
    Ok(match status {
        Some("received") => delay,
        Some("absent") => None,
        _ => delay.filter(|ms| *ms != 0.0),
    })
}

/// Interruption and EOT durations: Node writes them without `Ms`, in ms.
const TOTAL_DURATION: Key = key!("total_duration", "totalDuration");
const PREDICTION_DURATION: Key = key!("prediction_duration", "predictionDuration");
const DETECTION_DELAY: Key = key!("detection_delay", "detectionDelay");
const NUM_REQUESTS: Key = key!("num_requests", "numRequests");

pub(crate) fn eot(r: &Reader) -> R<EotInferenceMetrics> {
    Ok(EotInferenceMetrics {
        timestamp_ms: r.timestamp_ms(false)?,
        total_duration_ms: duration(r, TOTAL_DURATION)?,
        detection_delay_ms: duration(r, DETECTION_DELAY)?,
        prediction_duration_ms: duration(r, PREDICTION_DURATION)?,
        num_requests: match r.get(NUM_REQUESTS) {
            Some(_) => r.count(NUM_REQUESTS, Optional)?,
            None => 1, // Python default
        },
        metadata: r.metadata()?,
    })
}

pub(crate) fn interruption(r: &Reader) -> R<InterruptionMetrics> {
    Ok(InterruptionMetrics {
        timestamp_ms: r.timestamp_ms(false)?,
        total_duration_ms: duration(r, TOTAL_DURATION)?,
        prediction_duration_ms: duration(r, PREDICTION_DURATION)?,
        detection_delay_ms: duration(r, DETECTION_DELAY)?,
        num_interruptions: r.count(key!("num_interruptions", "numInterruptions"), Optional)?,
        num_backchannels: r.count(key!("num_backchannels", "numBackchannels"), Optional)?,
        num_requests: r.count(NUM_REQUESTS, Optional)?,
        metadata: r.metadata()?,
    })
}

pub(crate) fn avatar(r: &Reader) -> R<AvatarMetrics> {
    Ok(AvatarMetrics {
        timestamp_ms: r.timestamp_ms(false)?,
        playback_latency_ms: r.measured_ms(key!("playback_latency", "playbackLatencyMs"))?,
        session_started_at_ms: r
            .epoch_ms(key!("session_started_time", "sessionStartedAt"), Optional)?,
        avatar_joined_at_ms: r.epoch_ms(key!("avatar_joined_time", "avatarJoinedAt"), Optional)?,
        metadata: r.metadata()?,
    })
}

const AUDIO_TOKENS: Key = key!("audio_tokens", "audioTokens");
const TEXT_TOKENS: Key = key!("text_tokens", "textTokens");
const IMAGE_TOKENS: Key = key!("image_tokens", "imageTokens");

pub(crate) fn realtime(r: &Reader) -> R<RealtimeModelMetrics> {
    let input_token_details = match r.nested(key!("input_token_details", "inputTokenDetails"))? {
        Some(d) => InputTokenDetails {
            audio_tokens: d.count(AUDIO_TOKENS, Optional)?,
            text_tokens: d.count(TEXT_TOKENS, Optional)?,
            image_tokens: d.count(IMAGE_TOKENS, Optional)?,
            cached_tokens: d.count(key!("cached_tokens", "cachedTokens"), Optional)?,
            cached_tokens_details: match d
                .nested(key!("cached_tokens_details", "cachedTokensDetails"))?
            {
                Some(c) => Some(CachedTokenDetails {
                    audio_tokens: c.count(AUDIO_TOKENS, Optional)?,
                    text_tokens: c.count(TEXT_TOKENS, Optional)?,
                    image_tokens: c.count(IMAGE_TOKENS, Optional)?,
                }),
                None => None,
            },
        },
        None => InputTokenDetails::default(),
    };
    let output_token_details = match r.nested(key!("output_token_details", "outputTokenDetails"))? {
        Some(d) => OutputTokenDetails {
            text_tokens: d.count(TEXT_TOKENS, Optional)?,
            audio_tokens: d.count(AUDIO_TOKENS, Optional)?,
            image_tokens: d.count(IMAGE_TOKENS, Optional)?,
        },
        None => OutputTokenDetails::default(),
    };
    Ok(RealtimeModelMetrics {
        label: label(r)?,
        request_id: request_id(r)?,
        // Node 1.0.0–1.0.10 wrote the realtime timestamp in epoch seconds.
        timestamp_ms: r.timestamp_ms(true)?,
        duration_ms: r
            .duration_ms(
                legacy_key!("duration", "durationMs", "duration", true),
                Optional,
            )?
            .unwrap_or(0.0),
        session_duration_ms: r
            .duration_ms(key!("session_duration", "sessionDurationMs"), Optional)?
            .unwrap_or(0.0),
        ttft_ms: r.latency_ms(legacy_key!("ttft", "ttftMs", "ttft", false), Optional)?,
        cancelled: r.boolean(CANCELLED, Optional)?.unwrap_or(false),
        input_tokens: r.count(INPUT_TOKENS, Optional)?,
        output_tokens: r.count(OUTPUT_TOKENS, Optional)?,
        total_tokens: r.count(TOTAL_TOKENS, Optional)?,
        tokens_per_second: r.rate(TOKENS_PER_SECOND, Optional)?,
        input_token_details,
        output_token_details,
        acquire_time_ms: r.measured_ms(ACQUIRE_TIME)?,
        connection_reused: r.boolean(CONNECTION_REUSED, Optional)?,
        metadata: r.metadata()?,
    })
}
