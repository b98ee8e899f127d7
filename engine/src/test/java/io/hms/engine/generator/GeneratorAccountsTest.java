package io.hms.engine.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.engine.testing.GeneratedChainCheck;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.PublicKey;
import io.hms.protocol.model.Transfer;
import io.hms.verifier.crypto.Ed25519;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The size of the generator's account pool ({@link GeneratorOptions#accounts}). */
class GeneratorAccountsTest {

    private static final GeneratorOptions SIGNED =
            GeneratorOptions.defaults(7).withShape(3, 2).withTransactions(6, 0.2, false);
    private static final GeneratorOptions UNSIGNED =
            SIGNED.withSeed(11).withSignTransfers(false).withTransactions(40, 0.0, false);

    /**
     * SHA-256 of the chains' encodings as generated before the pool size was an option (commit
     * {@code 38377c8}, 64 accounts hard-wired), so the default still gives byte-identical chains.
     */
    private static final String SIGNED_DIGEST = "dcc18a1397d54ef4449520f5722e02d15a50cdba7b46add2eca7631f13be52e4";

    private static final String UNSIGNED_DIGEST = "27c6e97c893ede7a00162000a94e624b871e25b4f9041614a188ab5e6c36f86d";

    @Test
    void shouldGenerateTheChainsOfBeforeWhenThePoolHasTheDefaultSize() {
        assertThat(SIGNED.accounts())
                .isEqualTo(GeneratorOptions.DEFAULT_ACCOUNTS)
                .isEqualTo(64);
        assertThat(digest(SIGNED)).isEqualTo(SIGNED_DIGEST);
        assertThat(digest(SIGNED.withAccounts(64))).isEqualTo(SIGNED_DIGEST);
        assertThat(digest(UNSIGNED)).isEqualTo(UNSIGNED_DIGEST);
    }

    @Test
    void shouldReadZeroAsTheDefaultAndRejectFewerThanTwoAccounts() {
        assertThat(SIGNED.withAccounts(0)).isEqualTo(SIGNED);
        assertThatThrownBy(() -> SIGNED.withAccounts(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SIGNED.withAccounts(-5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDrawMostTransfersBetweenDistinctAddressesWhenThePoolIsLarge() {
        GeneratorOptions opts = UNSIGNED.withTransactions(500, 0.0, false).withAccounts(1_000_000);
        ChainGenerator gen = new ChainGenerator(opts);
        List<GeneratedBatch> batches = gen.generateAll();
        List<Transfer> transfers = transfers(batches);
        Set<PublicKey> addresses = new HashSet<>();
        for (Transfer t : transfers) {
            assertThat(t.recipient()).isNotEqualTo(t.sender());
            addresses.add(t.sender());
            addresses.add(t.recipient());
        }

        assertThat(transfers).hasSize(500 * batches.size());
        // 14 000 addresses drawn from a million: about 100 repeats expected
        assertThat(addresses.size()).isGreaterThan(2 * transfers.size() * 98 / 100);
        assertThat(GeneratedChainCheck.problems(gen.spec(), batches)).isEmpty();
        assertThat(digest(opts)).isEqualTo(digest(opts)).isNotEqualTo(digest(opts.withAccounts(999_999)));
    }

    @Test
    void shouldSignWithRealKeysWhenTransfersAreSignedWhateverThePoolSize() {
        List<Transfer> transfers = transfers(new ChainGenerator(SIGNED.withAccounts(200)).generateAll());
        Set<PublicKey> senders = new HashSet<>();
        for (Transfer t : transfers) {
            senders.add(t.sender());
            byte[] message = TransferSigning.message(
                    t.networkId(), t.sender(), t.recipient(), t.value(), t.fee(), t.validityStartHeight(), t.data());
            assertThat(Ed25519.verify(t.sender(), message, t.signature())).isTrue();
        }
        assertThat(senders.size()).isGreaterThan(40);
    }

    private static List<Transfer> transfers(List<GeneratedBatch> batches) {
        return batches.stream()
                .flatMap(b -> b.items().stream())
                .map(HistoricTransaction::data)
                .filter(Transfer.class::isInstance)
                .map(Transfer.class::cast)
                .toList();
    }

    private static String digest(GeneratorOptions options) {
        ChainGenerator gen = new ChainGenerator(options);
        Writer w = new Writer();
        MacroBlock.CODEC.write(w, gen.genesis());
        gen.batches().forEachRemaining(b -> {
            MacroBlock.CODEC.write(w, b.block());
            w.varint(b.firstLeafIndex()).list(b.items(), HistoricTransaction.CODEC);
        });
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(w.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
