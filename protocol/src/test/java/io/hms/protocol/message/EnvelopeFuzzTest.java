package io.hms.protocol.message;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer over the envelope decoder and, as the transport does, over the body codec its type id
 * selects. Under surefire this replays the seed inputs in {@code EnvelopeFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1} fuzzes.
 */
class EnvelopeFuzzTest {

    @FuzzTest
    void shouldOnlyRaiseDecodeExceptionWhenEnvelopeIsFuzzed(byte[] data) {
        FuzzChecks.decode(Envelope.CODEC, data, false).ifPresent(EnvelopeFuzzTest::decodeBody);
    }

    private static void decodeBody(Envelope envelope) {
        if (envelope instanceof Envelope.RequestEnvelope r) {
            RequestType.byTypeId(r.typeId())
                    .ifPresent(t -> FuzzChecks.decode(t.requestCodec(), r.body().unsafeBytes(), true));
        } else if (envelope instanceof Envelope.ResponseEnvelope r) {
            RequestType.byTypeId(r.typeId() - 1)
                    .ifPresent(
                            t -> FuzzChecks.decode(t.responseCodec(), r.body().unsafeBytes(), false));
        }
    }
}
