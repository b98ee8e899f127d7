package io.hms.verifier.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.model.Blake2b;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** BLAKE2b-256 known answers for the hash every block hash and history node is built on. */
class Blake2bVectorsTest {

    @Test
    void shouldMatchKnownAnswerWhenHashingAbc() {
        assertThat(Blake2b.hash("abc".getBytes(StandardCharsets.US_ASCII)).toHex())
                .isEqualTo("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
    }

    @Test
    void shouldMatchKnownAnswerWhenHashingEmptyString() {
        assertThat(Blake2b.hash(new byte[0]).toHex())
                .isEqualTo("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    }

    @Test
    void shouldMatchKnownAnswerWhenHashingPangram() {
        assertThat(Blake2b.hash("The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII))
                        .toHex())
                .isEqualTo("01718cec35cd3d796dd00020e0bfecb473ad23457d063b75eff29c0ffa2e58a9");
    }

    @Test
    void shouldHashSliceLikeCopyWhenGivenOffset() {
        byte[] buf = "xxabcyy".getBytes(StandardCharsets.US_ASCII);
        assertThat(Blake2b.hash(buf, 2, 3)).isEqualTo(Blake2b.hash("abc".getBytes(StandardCharsets.US_ASCII)));
    }
}
