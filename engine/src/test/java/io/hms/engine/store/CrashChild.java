package io.hms.engine.store;

import io.hms.protocol.Policy;
import java.nio.file.Path;

/**
 * The process that {@link CrashSafetyTest} kills: opens (or creates) the store, then pushes the
 * deterministic {@link TestChain} from the store's head on, alternating list pushes and staged
 * pushes, and reports each applied block on stdout. Arguments: directory, seed, batches,
 * transactions per batch, {@code archive|pruned}.
 */
final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    Path dir = Path.of(args[0]);
    TestChain test = CrashSafetyTest.chain(Long.parseLong(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
    StoreOptions options = args[4].equals("pruned") ? StoreOptions.PRUNED : StoreOptions.ARCHIVE;
    try (Blockchain chain = RocksDbBlockchain.openOrCreate(dir, test.spec(), options)) {
      System.out.println("READY " + chain.headBlockNumber());
      System.out.flush();
      for (TestChain.Batch b : test.batches()) {
        if (b.block().blockNumber() <= chain.headBlockNumber()) {
          continue;
        }
        PushResult r;
        if (b.block().blockNumber() / Policy.UNIT.blocksPerBatch() % 2 == 0) {
          r = chain.pushHistorySync(b.block(), b.firstLeaf(), b.items());
        } else {
          chain.stageChunk(b.block().hash(), b.firstLeaf(), b.items());
          r = chain.pushStaged(b.block());
        }
        if (!r.isExtended()) {
          System.out.println("FAILED " + r);
          System.exit(2);
        }
        System.out.println("PUSHED " + b.block().blockNumber());
        System.out.flush();
      }
      System.out.println("DONE");
    }
  }
}
