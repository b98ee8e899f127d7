package io.hms.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.protocol.model.Hash;
import io.hms.protocol.testing.Seeds;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The primitives of the canonical encoding, byte by byte (docs/PROTOCOL.md §2). */
class ReaderWriterTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0, 00",
        "1, 01",
        "127, 7f",
        "128, 8001",
        "300, ac02",
        "401, 9103",
        "16383, ff7f",
        "16384, 808001",
        "65535, ffff03",
        "4294967295, ffffffff0f",
        "9223372036854775807, ffffffffffffffff7f",
        "18446744073709551615, ffffffffffffffffff01"
    })
    void shouldWriteMinimalLeb128WhenVarintIsEncoded(String unsigned, String hex) throws DecodeException {
        long value = Long.parseUnsignedLong(unsigned);
        byte[] bytes = new Writer().varint(value).toByteArray();
        assertThat(HEX.formatHex(bytes)).isEqualTo(hex);
        Reader in = new Reader(bytes);
        assertThat(in.varint("v")).isEqualTo(value);
        in.expectEnd();
    }

    @Test
    void shouldDecodeEveryValueWhenRandomVarintsAreEncoded() throws DecodeException {
        long seed = Seeds.forCase("varint", 0);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            long value = random.nextLong() >>> random.nextInt(64);
            Reader in = new Reader(new Writer().varint(value).toByteArray());
            assertThat(in.varint("v")).as(Seeds.describe(seed)).isEqualTo(value);
            assertThat(in.remaining()).isZero();
        }
    }

    @ParameterizedTest(name = "[{0}] {1}")
    @CsvSource({
        "8000, non-minimal varint",
        "ff00, non-minimal varint",
        "808000, non-minimal varint",
        "ffffffffffffffffff02, varint overflows 64 bits",
        "ffffffffffffffffff81, varint overflows 64 bits",
        "ffffffffffffffffffff01, varint overflows 64 bits",
        "80, truncated",
        "'', truncated"
    })
    void shouldRejectVarintWhenNonMinimalOverlongOrTruncated(String hex, String reason) {
        assertThatThrownBy(() -> new Reader(HEX.parseHex(hex)).varint("F.x"))
                .isInstanceOf(DecodeException.class)
                .hasMessageStartingWith("F.x: ")
                .hasMessageContaining(reason);
    }

    @Test
    void shouldEnforceUnsignedRangesWhenU16AndU32AreRead() throws DecodeException {
        assertThat(new Reader(HEX.parseHex("ffff03")).u16("f")).isEqualTo(0xFFFF);
        assertThatThrownBy(() -> new Reader(HEX.parseHex("808004")).u16("f")).hasMessageContaining("exceeds 65535");
        assertThat(new Reader(HEX.parseHex("ffffffff0f")).u32("f")).isEqualTo(0xFFFF_FFFFL);
        assertThatThrownBy(() -> new Reader(HEX.parseHex("8080808010")).u32("f"))
                .hasMessageContaining("exceeds 4294967295");
    }

    @Test
    void shouldAcceptOnlyZeroAndOneWhenBoolOrOptionTagIsRead() throws DecodeException {
        assertThat(new Reader(new byte[] {0}).bool("b")).isFalse();
        assertThat(new Reader(new byte[] {1}).bool("b")).isTrue();
        assertThatThrownBy(() -> new Reader(new byte[] {2}).bool("b")).hasMessage("b: bool must be 0 or 1, got 2");
        assertThat(new Reader(new byte[] {0}).option("o", Hash.CODEC)).isEmpty();
        assertThatThrownBy(() -> new Reader(new byte[] {2}).option("o", Hash.CODEC))
                .hasMessage("o: option tag must be 0 or 1, got 2");
    }

    @Test
    void shouldWriteTagThenValueWhenOptionAndLengthThenItemsWhenList() {
        Hash h = Hash.of(new byte[32]);
        byte[] some = new Writer().option(Optional.of(h), Hash.CODEC).toByteArray();
        assertThat(HEX.formatHex(some)).isEqualTo("01" + "00".repeat(32));
        assertThat(new Writer().option(Optional.empty(), Hash.CODEC).toByteArray())
                .containsExactly(0);
        byte[] list = new Writer().list(List.of(h, h), Hash.CODEC).toByteArray();
        assertThat(HEX.formatHex(list)).isEqualTo("02" + "00".repeat(64));
        assertThat(HEX.formatHex(new Writer().bytes(new byte[] {(byte) 0xAB}).toByteArray()))
                .isEqualTo("01ab");
    }

    @Test
    void shouldWriteBigEndianWhenBe64IsEncoded() throws DecodeException {
        byte[] bytes = new Writer().be64(0x0102030405060708L).toByteArray();
        assertThat(HEX.formatHex(bytes)).isEqualTo("0102030405060708");
        assertThat(new Reader(bytes).be64("x")).isEqualTo(0x0102030405060708L);
    }

    @Test
    void shouldRejectLengthWhenAboveMaximumOrAboveRemainingBytes() {
        assertThatThrownBy(() -> new Reader(HEX.parseHex("8101")).length("L", 128, 1))
                .hasMessage("L: length 129 exceeds maximum 128");
        assertThatThrownBy(() -> new Reader(HEX.parseHex("02" + "00".repeat(63))).length("L", 128, 32))
                .hasMessage("L: length 2 exceeds the remaining 63 bytes");
        assertThatThrownBy(() -> new Reader(HEX.parseHex("ffffffffffffffffff01")).length("L", 128, 1))
                .hasMessage("L: length 18446744073709551615 exceeds maximum 128");
    }

    @Test
    void shouldReportTrailingBytesWhenExpectEndFindsMore() {
        Reader in = new Reader(new byte[] {1, 2, 3}, 1, 2);
        assertThatThrownBy(in::expectEnd).isInstanceOf(DecodeException.class).hasMessage("message: 2 trailing bytes");
    }

    @Test
    void shouldRejectWindowWhenOffsetPlusLengthOverflows() {
        assertThatThrownBy(() -> new Reader(new byte[4], 1, Integer.MAX_VALUE))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
