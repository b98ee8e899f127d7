package io.hms.verifier.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;

class Blake2b256Test {
  private static final long SEED = Long.getLong("hms.seed", 77L);
  private final Blake2b256 blake = new Blake2b256();

  private String hex(String ascii) {
    byte[] in = ascii.getBytes(StandardCharsets.US_ASCII);
    return HexFormat.of().formatHex(blake.hash(in, 0, in.length));
  }

  @Test
  void shouldMatchKnownAnswersWhenHashingShortStrings() {
    assertThat(hex("abc")).isEqualTo("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
    assertThat(hex("")).isEqualTo("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    assertThat(hex("The quick brown fox jumps over the lazy dog"))
        .isEqualTo("01718cec35cd3d796dd00020e0bfecb473ad23457d063b75eff29c0ffa2e58a9");
  }

  @Test
  void shouldEqualBouncyCastleWhenInputHasAnyLengthAndOffset() {
    Random rnd = new Random(SEED);
    Blake2bDigest reference = new Blake2bDigest(256);
    for (int len = 0; len <= 1100; len++) {
      int off = rnd.nextInt(9);
      byte[] in = new byte[off + len + rnd.nextInt(9)];
      rnd.nextBytes(in);
      reference.update(in, off, len);
      byte[] expected = new byte[32];
      reference.doFinal(expected, 0);
      byte[] out = new byte[40];
      blake.hash(in, off, len, out, 5);
      assertThat(java.util.Arrays.copyOfRange(out, 5, 37)).as("seed=%d len=%d off=%d", SEED, len, off).isEqualTo(expected);
    }
  }

  /** Long enough for C2 to compile and vectorize the hot loops; every result is compared. */
  @Test
  void shouldEqualBouncyCastleWhenHotPathIsCompiled() {
    Random rnd = new Random(SEED + 1);
    Blake2bDigest reference = new Blake2bDigest(256);
    byte[] in = new byte[600];
    rnd.nextBytes(in);
    byte[] expected = new byte[32];
    byte[] out = new byte[32];
    for (int i = 0; i < 200_000; i++) {
      int off = rnd.nextInt(64);
      int len = i % 5 == 0 ? 72 : rnd.nextInt(in.length - off);
      in[off] ^= (byte) i;
      reference.update(in, off, len);
      reference.doFinal(expected, 0);
      blake.hash(in, off, len, out, 0);
      if (!java.util.Arrays.equals(out, expected)) {
        assertThat(out).as("seed=%d iteration=%d len=%d off=%d", SEED, i, len, off).isEqualTo(expected);
      }
    }
  }
}
