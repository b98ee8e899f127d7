package io.hms.actors.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.protocol.message.Envelope;
import io.hms.protocol.message.TransportError;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    @Test
    void shouldYieldTheSameFramesWhenTheStreamIsCutAnywhere() {
        for (long seed = 1; seed <= 200; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<ByteString> payloads = new ArrayList<>();
            ByteString stream = ByteString.emptyByteString();
            int frames = 1 + random.nextInt(20);
            for (int i = 0; i < frames; i++) {
                byte[] payload = new byte[random.nextInt(300)];
                random.nextBytes(payload);
                payloads.add(ByteString.fromArray(payload));
                stream = stream.concat(frame(payload.length)).concat(ByteString.fromArray(payload));
            }
            FrameDecoder decoder = new FrameDecoder(1000);
            List<ByteString> decoded = new ArrayList<>();
            int at = 0;
            while (at < stream.size()) {
                int piece = 1 + random.nextInt(64);
                decoded.addAll(decoder.feed(stream.slice(at, Math.min(stream.size(), at + piece))));
                at += piece;
            }
            assertThat(decoded).as("seed %d", seed).isEqualTo(payloads);
            assertThat(decoder.buffered()).as("seed %d", seed).isZero();
        }
    }

    @Test
    void shouldAcceptAFrameOfExactlyTheMaximumWhenItArrives() {
        FrameDecoder decoder = new FrameDecoder(100);
        List<ByteString> out = decoder.feed(frame(100).concat(ByteString.fromArray(new byte[100])));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).size()).isEqualTo(100);
    }

    @Test
    void shouldCloseWhenTheLengthPrefixExceedsTheMaximum() {
        FrameDecoder decoder = new FrameDecoder(100);
        assertThatThrownBy(() -> decoder.feed(frame(101)))
                .isInstanceOfSatisfying(
                        ConnectionClosed.class, e -> assertThat(e.reason()).isEqualTo(CloseReason.OVERSIZE_FRAME));
    }

    @Test
    void shouldCloseWhenTheLengthPrefixHasTheSignBitSet() {
        FrameDecoder decoder = new FrameDecoder(100);
        assertThatThrownBy(() -> decoder.feed(ByteString.fromArray(new byte[] {(byte) 0xFF, 0, 0, 0})))
                .isInstanceOfSatisfying(
                        ConnectionClosed.class, e -> assertThat(e.reason()).isEqualTo(CloseReason.OVERSIZE_FRAME));
    }

    @Test
    void shouldWaitForMoreBytesWhenAFrameIsIncomplete() {
        FrameDecoder decoder = new FrameDecoder(100);
        assertThat(decoder.feed(ByteString.fromArray(new byte[] {0, 0}))).isEmpty();
        assertThat(decoder.feed(ByteString.fromArray(new byte[] {0, 3, 1, 2}))).isEmpty();
        assertThat(decoder.feed(ByteString.fromArray(new byte[] {3})))
                .containsExactly(ByteString.fromArray(new byte[] {1, 2, 3}));
    }

    @Test
    void shouldRoundTripAnEnvelopeWhenEncodedAndDecoded() {
        Envelope error = new Envelope.ErrorEnvelope(7, 202, TransportError.RATE_LIMITED);
        ByteString framed = FrameCodec.encode(error);
        List<ByteString> payloads = new FrameDecoder(100).feed(framed);
        assertThat(payloads).hasSize(1);
        assertThat(FrameCodec.decode(payloads.get(0))).isEqualTo(error);
    }

    @Test
    void shouldCloseAsMalformedWhenAPayloadIsNotAnEnvelope() {
        assertThatThrownBy(() -> FrameCodec.decode(ByteString.fromArray(new byte[] {9, 9, 9})))
                .isInstanceOfSatisfying(
                        ConnectionClosed.class, e -> assertThat(e.reason()).isEqualTo(CloseReason.MALFORMED_FRAME));
    }

    @Test
    void shouldCloseAsTooLargeButNotAsABreachWhenAFrameExceedsOnlyThePhaseLimit() {
        int[] limit = {10};
        FrameDecoder decoder = new FrameDecoder(100, () -> limit[0]);

        assertThatThrownBy(() -> decoder.feed(frame(11))).isInstanceOfSatisfying(ConnectionClosed.class, e -> {
            assertThat(e.reason()).isEqualTo(CloseReason.FRAME_TOO_LARGE);
            assertThat(e.reason().isProtocolBreach()).isFalse();
        });
        assertThatThrownBy(() -> new FrameDecoder(100, () -> 10).feed(frame(101)))
                .isInstanceOfSatisfying(
                        ConnectionClosed.class, e -> assertThat(e.reason()).isEqualTo(CloseReason.OVERSIZE_FRAME));
    }

    @Test
    void shouldAskThePhaseLimitForEachFrameWhenItsLengthArrives() {
        int[] limit = {100};
        FrameDecoder decoder = new FrameDecoder(100, () -> limit[0]);
        assertThat(decoder.feed(frame(50).concat(ByteString.fromArray(new byte[50]))))
                .hasSize(1);

        limit[0] = 10;

        assertThatThrownBy(() -> decoder.feed(frame(50)))
                .isInstanceOfSatisfying(
                        ConnectionClosed.class, e -> assertThat(e.reason()).isEqualTo(CloseReason.FRAME_TOO_LARGE));
    }

    @Test
    void shouldTellWhichFrameIsBeingReadAndHowLongItIsWhenHalfOfItArrived() {
        FrameDecoder decoder = new FrameDecoder(100);
        decoder.feed(frame(2).concat(ByteString.fromArray(new byte[] {1, 2}))
                .concat(frame(60).take(2)));

        assertThat(decoder.completed()).isEqualTo(1);
        assertThat(decoder.announcedLength()).as("prefix incomplete").isEqualTo(-1);
        decoder.feed(frame(60).drop(2).concat(ByteString.fromArray(new byte[10])));
        assertThat(decoder.announcedLength()).isEqualTo(60);
        assertThat(decoder.buffered()).isEqualTo(14);
    }

    private static ByteString frame(int length) {
        return ByteString.fromArray(
                new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
    }
}
