package io.hms.engine.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.model.Hash;
import io.hms.protocol.model.Justification;
import io.hms.verifier.JustificationVerifier;
import io.hms.verifier.crypto.SigningKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JustificationSignerTest {
    private static final int NETWORK = 42;

    private static List<SigningKey> keys(int count) {
        Random random = new Random(5);
        List<SigningKey> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(SigningKey.generate(random));
        }
        return keys;
    }

    @Test
    void shouldSignExactlyAsInOrderWhenSharesRunOnSeveralThreads() {
        List<SigningKey> keys = keys(512);
        int[] signers = IntStream.range(0, 512).filter(i -> i % 3 != 1).toArray();
        Hash block = Hash.of(new byte[32]);
        Justification inOrder = JustificationVerifier.sign(NETWORK, block, keys, signers);

        for (int threads : new int[] {1, 2, 3, 7}) {
            try (JustificationSigner signer = new JustificationSigner(threads)) {
                assertThat(signer.sign(NETWORK, block, keys, signers))
                        .as("%d threads", threads)
                        .isEqualTo(inOrder);
            }
        }
    }

    @Test
    void shouldSignOnNamedPoolThreadsWhenTheJustificationIsLarge() {
        Set<String> names = ConcurrentHashMap.newKeySet();
        int[] signers = IntStream.range(0, 64).toArray();
        try (JustificationSigner signer = new JustificationSigner(2)) {
            signer.sign(
                    NETWORK,
                    Hash.of(new byte[32]),
                    new ArrayList<>(keys(64)) {
                        @Override
                        public SigningKey get(int index) {
                            names.add(Thread.currentThread().getName());
                            return super.get(index);
                        }
                    },
                    signers);
        }

        assertThat(names).isNotEmpty().allMatch(n -> n.startsWith(JustificationSigner.THREAD_NAME_PREFIX));
    }

    @Test
    void shouldSignAsInOrderWhenTheJustificationIsTooSmallToShare() {
        List<SigningKey> keys = keys(8);
        int[] signers = {0, 2, 3, 5, 7};
        try (JustificationSigner signer = new JustificationSigner(4)) {
            assertThat(signer.sign(NETWORK, Hash.of(new byte[32]), keys, signers))
                    .isEqualTo(JustificationVerifier.sign(
                            NETWORK, Hash.of(new byte[32]), keys, Arrays.copyOf(signers, 5)));
        }
    }

    @Test
    void shouldGenerateTheSameChainWhateverTheNumberOfSigningThreads() {
        GeneratorOptions options = GeneratorOptions.defaults(8)
                .withValidators(64)
                .withTransactions(1, 0, false)
                .withSignTransfers(false);

        assertThat(new ChainGenerator(options, 3).generateAll())
                .isEqualTo(new ChainGenerator(options, 1).generateAll());
    }
}
