package io.hms.engine.reliability;

import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.codec.Codec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScratchSeedWriterTest {
  @Test
  void write() throws Exception {
    Path base = Path.of("/work/main/engine/src/test/resources/io/hms/engine/reliability/RequestHandlersFuzzTestInputs");
    Path raw = base.resolve("shouldAnswerEveryDecodableRequestCorrectlyWhenTheBodyIsArbitraryBytes");
    Path fdp = base.resolve("shouldAnswerEveryRequestCorrectlyWhenFieldsMixKnownAndHostileValues");
    Files.createDirectories(raw);
    Files.createDirectories(fdp);
    try (ServingStores stores = ServingStores.open()) {
      RequestGenerator gen = new RequestGenerator(stores.full());
      SplittableRandom rnd = new SplittableRandom(20260);
      int n = 0;
      for (int i = 0; i < 36; i++) {
        Request r = gen.next(RequestGenerator.Choices.of(rnd));
        int typeIndex = RequestType.ALL.indexOf(r.type());
        int storeBit = (i % 4 == 3) ? 4 : 0;
        write(raw.resolve(String.format("gen-%02d", ++n)), (byte) (typeIndex | storeBit), r);
      }
      write(raw.resolve("genesis-batch-set"), (byte) 1, new RequestBatchSet(stores.full().spec().genesisHash()));
      write(raw.resolve("genesis-locator"), (byte) 0, new RequestMacroChain(List.of(stores.full().spec().genesisHash()), 65535));
      write(raw.resolve("chunk-index-wraps-to-0"), (byte) 2, new RequestHistoryChunk(3, 48, 1L << 54));
      write(raw.resolve("election-chunk-1"), (byte) 2, new RequestHistoryChunk(3, 48, 1));
      for (int i = 0; i < 32; i++) {
        byte[] b = new byte[64 + rnd.nextInt(96)];
        rnd.nextBytes(b);
        Files.write(fdp.resolve(String.format("random-%02d", i + 1)), b);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void write(Path file, byte selector, Request r) throws Exception {
    byte[] body = ((Codec<Request>) r.type().requestCodec()).encode(r);
    byte[] all = new byte[body.length + 1];
    all[0] = selector;
    System.arraycopy(body, 0, all, 1, body.length);
    Files.write(file, all);
  }
}
