package io.hms.protocol.message;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer over the three response decoders (seed inputs in {@code ResponseCodecFuzzTestInputs/}).
 * Not canonical: unknown error codes decode to {@code OTHER}, which re-encodes differently.
 */
class ResponseCodecFuzzTest {

    @FuzzTest
    void shouldOnlyRaiseDecodeExceptionWhenMacroChainResponseIsFuzzed(byte[] data) {
        FuzzChecks.decode(MacroChainResponse.CODEC, data, false);
    }

    @FuzzTest
    void shouldOnlyRaiseDecodeExceptionWhenBatchSetResponseIsFuzzed(byte[] data) {
        FuzzChecks.decode(BatchSetResponse.CODEC, data, false);
    }

    @FuzzTest
    void shouldOnlyRaiseDecodeExceptionWhenHistoryChunkResponseIsFuzzed(byte[] data) {
        FuzzChecks.decode(HistoryChunkResponse.CODEC, data, false);
    }
}
