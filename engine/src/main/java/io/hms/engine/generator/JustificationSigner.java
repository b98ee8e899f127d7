package io.hms.engine.generator;

import io.hms.protocol.model.Hash;
import io.hms.protocol.model.Justification;
import io.hms.protocol.model.Signature;
import io.hms.verifier.JustificationVerifier;
import io.hms.verifier.crypto.SigningKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signs a block's justification on several cores: a MAINNET block of 512 validators needs some 342
 * Ed25519 signatures, an epoch 720 such blocks. The signers are split into one share per thread of
 * a bounded pool ({@code hms-generator-sign-N}); Ed25519 signing is deterministic, so the result is
 * byte-identical to signing in order. Small justifications are signed on the calling thread.
 *
 * <p>One signer serves one pass over a chain and is closed at its end; threads of an abandoned pass
 * are daemons that end after {@link #IDLE_THREAD_KEEP_ALIVE_MS} without work.
 */
final class JustificationSigner implements AutoCloseable {
    /** Threads of the pool: one per available core. */
    static final int DEFAULT_THREADS = Runtime.getRuntime().availableProcessors();
    /** Fewer signatures per thread than this are not worth a hand-off. */
    static final int MIN_SIGNATURES_PER_THREAD = 16;
    /** How long an idle signing thread lives. */
    static final long IDLE_THREAD_KEEP_ALIVE_MS = 1000;

    static final String THREAD_NAME_PREFIX = "hms-generator-sign-";

    private final int threads;
    private ThreadPoolExecutor pool;

    JustificationSigner(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("signing threads must be ≥ 1: " + threads);
        }
        this.threads = threads;
    }

    /** The same justification as {@link JustificationVerifier#sign}, computed in shares. */
    Justification sign(int network, Hash blockHash, List<SigningKey> keysByValidatorIndex, int[] signerIndices) {
        int shares = Math.min(threads, signerIndices.length / MIN_SIGNATURES_PER_THREAD);
        if (shares < 2) {
            return JustificationVerifier.sign(network, blockHash, keysByValidatorIndex, signerIndices);
        }
        byte[] message = Justification.signingMessage(network, blockHash);
        Signature[] signatures = new Signature[signerIndices.length];
        List<Future<?>> parts = new ArrayList<>(shares);
        for (int s = 0; s < shares; s++) {
            int from = (int) ((long) signerIndices.length * s / shares);
            int to = (int) ((long) signerIndices.length * (s + 1) / shares);
            parts.add(pool().submit(() -> {
                for (int i = from; i < to; i++) {
                    signatures[i] = keysByValidatorIndex.get(signerIndices[i]).sign(message);
                }
            }));
        }
        for (Future<?> part : parts) {
            await(part);
        }
        List<Integer> signers = new ArrayList<>(signerIndices.length);
        for (int index : signerIndices) {
            signers.add(index);
        }
        return new Justification(signers, Arrays.asList(signatures));
    }

    private ThreadPoolExecutor pool() {
        if (pool == null) {
            AtomicInteger count = new AtomicInteger();
            ThreadFactory factory = task -> {
                Thread t = new Thread(task, THREAD_NAME_PREFIX + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            pool = new ThreadPoolExecutor(
                    threads,
                    threads,
                    IDLE_THREAD_KEEP_ALIVE_MS,
                    TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(),
                    factory);
            pool.allowCoreThreadTimeOut(true);
        }
        return pool;
    }

    private static void await(Future<?> part) {
        try {
            part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signing a justification", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("signing a justification failed", e.getCause());
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
