package io.hms.verifier.bench;

import io.hms.protocol.model.Blake2b;
import io.hms.protocol.model.Justification;
import io.hms.protocol.model.PublicKey;
import io.hms.protocol.model.Signature;
import io.hms.verifier.crypto.Ed25519;
import io.hms.verifier.crypto.SigningKey;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Ed25519 verifications per second of a justification message (51 bytes). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Ed25519Bench {
    private PublicKey key;
    private byte[] message;
    private Signature signature;

    @Setup
    public void setup() {
        SigningKey sk = SigningKey.generate(new Random(3));
        key = sk.publicKey();
        message = Justification.signingMessage(1, Blake2b.hash(new byte[] {1}));
        signature = sk.sign(message);
    }

    /** Our verify: the validator's decoded key point is cached after its first use. */
    @Benchmark
    public boolean verify() {
        return Ed25519.verify(key, message, signature);
    }

    /** Baseline: BouncyCastle decoding the public key on every call. */
    @Benchmark
    public boolean verifyUncachedKey() {
        return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
                signature.unsafeBytes(), 0, key.unsafeBytes(), 0, message, 0, message.length);
    }
}
