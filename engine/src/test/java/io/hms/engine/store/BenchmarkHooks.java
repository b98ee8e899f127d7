package io.hms.engine.store;

/** Test sources only: reaches the store's benchmark-only switches from other packages' benchmarks. */
public final class BenchmarkHooks {
    private BenchmarkHooks() {}

    /** Later pushes into {@code chain} write no address index (a {@link RocksDbBlockchain}); see its javadoc. */
    public static void skipAddressIndex(Blockchain chain) {
        ((RocksDbBlockchain) chain).skipAddressIndexForBenchmarks();
    }

    /** Waits until {@code chain}'s folder has folded every address log record (its work then counts). */
    public static void awaitFolded(Blockchain chain) throws InterruptedException {
        ((RocksDbBlockchain) chain).folder().awaitFolded();
    }
}
