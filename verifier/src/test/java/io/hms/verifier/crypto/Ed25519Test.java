package io.hms.verifier.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.protocol.model.PublicKey;
import io.hms.protocol.model.Signature;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8032 §7.1 test vectors 1–3, and robustness against garbage keys and signatures. */
class Ed25519Test {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "RFC 8032 test {index}")
    @CsvSource({
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
                + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a,"
                + "'',"
                + "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
                + "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c,"
                + "72,"
                + "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7,"
                + "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025,"
                + "af82,"
                + "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
    })
    void shouldSignAndVerifyWhenGivenRfcVector(String secret, String publicKey, String message, String signature) {
        SigningKey key = SigningKey.fromSeed(HEX.parseHex(secret));
        byte[] msg = HEX.parseHex(message);
        assertThat(key.publicKey().toHex()).isEqualTo(publicKey);
        assertThat(key.sign(msg).toHex()).isEqualTo(signature);
        assertThat(Ed25519.verify(PublicKey.fromHex(publicKey), msg, Signature.fromHex(signature)))
                .isTrue();
        byte[] other = new byte[msg.length + 1];
        System.arraycopy(msg, 0, other, 0, msg.length);
        assertThat(Ed25519.verify(PublicKey.fromHex(publicKey), other, Signature.fromHex(signature)))
                .isFalse();
    }

    @Test
    void shouldRejectWhenSignatureOrKeyIsChanged() {
        SigningKey key = SigningKey.generate(new Random(1));
        SigningKey otherKey = SigningKey.generate(new Random(2));
        byte[] msg = "block".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Signature sig = key.sign(msg);
        assertThat(Ed25519.verify(key.publicKey(), msg, sig)).isTrue();
        assertThat(Ed25519.verify(otherKey.publicKey(), msg, sig)).isFalse();
        for (int bit = 0; bit < 512; bit += 7) {
            byte[] b = sig.toByteArray();
            b[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(Ed25519.verify(key.publicKey(), msg, Signature.of(b)))
                    .as("bit %d", bit)
                    .isFalse();
        }
    }

    @Test
    void shouldReturnFalseWithoutThrowingWhenKeyOrSignatureIsGarbage() {
        Random rnd = new Random(3);
        byte[] msg = new byte[10];
        SigningKey key = SigningKey.generate(rnd);
        Signature good = key.sign(msg);
        byte[] ff = new byte[32];
        java.util.Arrays.fill(ff, (byte) 0xFF);
        assertThat(Ed25519.verify(PublicKey.of(ff), msg, good)).isFalse();
        assertThat(Ed25519.verify(PublicKey.of(new byte[32]), msg, good)).isFalse();
        byte[] sigFf = new byte[64];
        java.util.Arrays.fill(sigFf, (byte) 0xFF);
        assertThat(Ed25519.verify(key.publicKey(), msg, Signature.of(sigFf))).isFalse();
        assertThat(Ed25519.verify(key.publicKey(), msg, Signature.of(new byte[64])))
                .isFalse();
        for (int i = 0; i < 200; i++) {
            byte[] k = new byte[32];
            byte[] s = new byte[64];
            rnd.nextBytes(k);
            rnd.nextBytes(s);
            assertThat(Ed25519.verify(PublicKey.of(k), msg, Signature.of(s))).isFalse();
        }
    }

    @Test
    void shouldDeriveSameKeyWhenRandomHasSameSeed() {
        assertThat(SigningKey.generate(new Random(9)).publicKey())
                .isEqualTo(SigningKey.generate(new Random(9)).publicKey());
        assertThat(SigningKey.generate(new Random(9)).publicKey())
                .isNotEqualTo(SigningKey.generate(new Random(10)).publicKey());
    }

    @Test
    void shouldThrowWhenSeedHasWrongLength() {
        assertThatThrownBy(() -> SigningKey.fromSeed(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }
}
