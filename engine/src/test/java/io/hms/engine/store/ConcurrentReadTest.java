package io.hms.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.Policy;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.proof.SizeProof;
import io.hms.verifier.mmr.HistoryProofVerifier;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers racing a writer only ever see whole batch sets, and closing under them fails them cleanly. */
class ConcurrentReadTest {
    @TempDir
    Path dir;

    @Test
    void shouldServeConsistentProofsWhileBatchSetsArePushedAndStopCleanlyWhenClosed() throws Exception {
        TestChain test = new TestChain(81, Policy.UNIT).extend(16, 300);
        Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), StoreOptions.ARCHIVE.withSyncWrites(false));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong checks = new AtomicLong();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> readers = List.of(
                reader(chain, test, stop, checks, failures),
                reader(chain, test, stop, checks, failures),
                reader(chain, test, stop, checks, failures));
        readers.forEach(Thread::start);
        for (TestChain.Batch b : test.batches()) {
            assertThat(chain.pushHistorySync(b.block(), b.firstLeaf(), b.items())
                            .isExtended())
                    .isTrue();
        }
        while (checks.get() < 300 && failures.isEmpty()) {
            Thread.sleep(5);
        }
        chain.close();
        for (Thread t : readers) {
            t.join(10_000);
        }
        stop.set(true);
        assertThat(failures).isEmpty();
        assertThat(checks.get()).isGreaterThanOrEqualTo(300);
    }

    /** Checks the head it sees: its leaf count, size proof and root; ends when the store is closed. */
    private static Thread reader(
            Blockchain chain, TestChain test, AtomicBoolean stop, AtomicLong checks, List<Throwable> failures) {
        return new Thread(() -> {
            try {
                while (!stop.get()) {
                    MacroBlock head = chain.macroHead();
                    long epoch = test.policy().epochAt(head.blockNumber());
                    long length = chain.historyLengthAt(head.blockNumber()).orElseThrow();
                    SizeProof proof = chain.proveSize(epoch, length);
                    if (!HistoryProofVerifier.verifySize(proof, head.header().historyRoot())
                                    .isValid()
                            || !chain.historyRoot(epoch, length)
                                    .equals(head.header().historyRoot())) {
                        failures.add(new AssertionError("inconsistent view at block " + head.blockNumber()));
                        return;
                    }
                    checks.incrementAndGet();
                }
            } catch (IllegalStateException closed) {
                // the store was closed under us: the expected way out
            } catch (StoreException e) {
                if (e.kind() != StoreException.Kind.CLOSED) {
                    failures.add(e);
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        });
    }
}
