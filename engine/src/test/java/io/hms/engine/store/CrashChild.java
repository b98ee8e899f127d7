package io.hms.engine.store;

import io.hms.protocol.codec.Reader;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The process that {@link CrashSafetyTest} kills: opens (or creates) the store, then pushes the
 * chain the test wrote to a file from the store's head on, alternating list pushes and staged
 * pushes with synced commits, and reports each applied block on stdout. Arguments: store directory,
 * chain file, {@code archive|pruned}.
 */
final class CrashChild {
    private CrashChild() {}

    /** One push as the test wrote it. */
    record Push(MacroBlock block, long firstLeaf, List<HistoricTransaction> items) {}

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Reader in = new Reader(Files.readAllBytes(Path.of(args[1])));
        ChainSpec spec = ChainSpec.CODEC.read(in);
        List<Push> pushes = new ArrayList<>();
        for (long n = in.varint("batches"); n > 0; n--) {
            MacroBlock block = MacroBlock.CODEC.read(in);
            long firstLeaf = in.varint("firstLeaf");
            pushes.add(new Push(block, firstLeaf, in.list("items", Integer.MAX_VALUE, 1, HistoricTransaction.CODEC)));
        }
        StoreOptions options = args[2].equals("pruned") ? StoreOptions.PRUNED : StoreOptions.ARCHIVE;
        try (Blockchain chain = RocksDbBlockchain.openOrCreate(Path.of(args[0]), spec, options)) {
            System.out.println("READY " + chain.headBlockNumber());
            System.out.flush();
            boolean staged = false;
            for (Push p : pushes) {
                if (p.block().blockNumber() <= chain.headBlockNumber()) {
                    continue;
                }
                PushResult r;
                staged = !staged;
                if (staged) {
                    chain.stageChunk(p.block().hash(), p.firstLeaf(), p.items());
                    r = chain.pushStaged(p.block());
                } else {
                    r = chain.pushHistorySync(p.block(), p.firstLeaf(), p.items());
                }
                if (!r.isExtended()) {
                    System.out.println("FAILED " + r);
                    System.exit(2);
                }
                System.out.println("PUSHED " + p.block().blockNumber());
                System.out.flush();
            }
            System.out.println("DONE");
        }
    }
}
