package io.hms.protocol.message;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Jazzer over the three request decoders (seed inputs in {@code RequestCodecFuzzTestInputs/}). */
class RequestCodecFuzzTest {

    @FuzzTest
    void shouldOnlyRaiseDecodeExceptionWhenRequestMacroChainIsFuzzed(byte[] data) {
        FuzzChecks.decode(RequestMacroChain.CODEC, data, true);
    }

    @FuzzTest
    void shouldOnlyRaiseDecodeExceptionWhenRequestBatchSetIsFuzzed(byte[] data) {
        FuzzChecks.decode(RequestBatchSet.CODEC, data, true);
    }

    @FuzzTest
    void shouldOnlyRaiseDecodeExceptionWhenRequestHistoryChunkIsFuzzed(byte[] data) {
        FuzzChecks.decode(RequestHistoryChunk.CODEC, data, true);
    }
}
