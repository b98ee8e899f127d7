package io.hms.actors.bench;

import io.hms.actors.node.ChainWriter;
import io.hms.actors.node.DataDirectory;
import io.hms.actors.node.Stores;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The bench's chains, generated once per set of parameters into a cache directory and reused: the
 * source store ({@code KEY/source}) and one copy per serving process ({@code KEY/peer-N}; a store
 * is opened by one process at a time), its table files hard-linked. A chain counts as cached only
 * once its {@code complete} marker is written, so an interrupted generation is redone.
 */
public final class BenchChains {
    private static final String MARKER = "complete";

    private final Path cache;
    private final Consumer<String> log;

    public BenchChains(Path cache, Consumer<String> log) {
        this.cache = cache;
        this.log = log;
    }

    /** One cached chain: its source and its copies for serving processes. */
    public record Cached(String key, DataDirectory source, List<DataDirectory> peers) {}

    /** The chain {@code options} describe, with {@code copies} serving copies; generated if missing. */
    public Cached prepare(GeneratorOptions options, int copies) throws IOException, StoreException {
        String key = key(options);
        Path root = cache.resolve(key);
        DataDirectory source = new DataDirectory(root.resolve("source"));
        if (!Files.exists(root.resolve(MARKER))) {
            deleteTree(root);
            Files.createDirectories(root);
            log.accept("generating chain " + key + " into " + root + " (cached for later runs) ...");
            ChainWriter.Written w = ChainWriter.write(source, options, Clock.systemUTC(), log);
            log.accept("generated " + w.transactions() + (w.transactions() == 1 ? " transaction" : " transactions")
                    + " in " + w.took().toSeconds() + " s");
            Files.writeString(root.resolve(MARKER), w.transactions() + "\n");
        }
        List<DataDirectory> peers = new ArrayList<>();
        for (int i = 1; i <= copies; i++) {
            DataDirectory peer = new DataDirectory(root.resolve("peer-" + i));
            if (!Files.exists(root.resolve(MARKER + "-peer-" + i))) {
                deleteTree(peer.root());
                Stores.copyClosedStore(source.store(), peer.store());
                Files.copy(source.specFile(), peer.specFile());
                Files.writeString(root.resolve(MARKER + "-peer-" + i), "\n");
            }
            peers.add(peer);
        }
        return new Cached(key, source, peers);
    }

    /** The cache key: a readable prefix and a digest of every generator option. */
    static String key(GeneratorOptions o) {
        String digest;
        try {
            byte[] sha = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(o.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest = java.util.HexFormat.of().formatHex(sha, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return "e" + o.epochs() + "-c" + o.checkpointHead() + "-t" + o.txsPerBatch() + "-" + digest;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
