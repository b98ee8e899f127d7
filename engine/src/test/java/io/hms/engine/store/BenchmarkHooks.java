package io.hms.engine.store;

/** Test sources only: reaches the store's benchmark-only switches from other packages' benchmarks. */
public final class BenchmarkHooks {
    private BenchmarkHooks() {}

    /** Later pushes into {@code chain} write no address index (a {@link RocksDbBlockchain}); see its javadoc. */
    public static void skipAddressIndex(Blockchain chain) {
        ((RocksDbBlockchain) chain).skipAddressIndexForBenchmarks();
    }
}
