package io.hms.actors.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.generator.GeneratorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchChainsTest {
    private static final GeneratorOptions CHAIN =
            GeneratorOptions.defaults(3).withShape(2, 1).withTransactions(20, 0.0, false);

    @TempDir
    Path cache;

    @Test
    void shouldGenerateOnceAndReuseTheChainWhenAskedAgainWithTheSameOptions() throws Exception {
        List<String> log = new ArrayList<>();
        BenchChains chains = new BenchChains(cache, log::add);

        BenchChains.Cached first = chains.prepare(CHAIN, 2);
        int linesAfterFirst = log.size();
        BenchChains.Cached second = chains.prepare(CHAIN, 2);

        assertThat(second).isEqualTo(first);
        assertThat(log).hasSize(linesAfterFirst).isNotEmpty();
        assertThat(first.peers()).hasSize(2).allMatch(p -> p.hasStore() && Files.exists(p.specFile()));
    }

    @Test
    void shouldKeyChainsByEveryGeneratorOption() {
        assertThat(BenchChains.key(CHAIN)).isEqualTo(BenchChains.key(CHAIN));
        assertThat(BenchChains.key(CHAIN.withSeed(4))).isNotEqualTo(BenchChains.key(CHAIN));
        assertThat(BenchChains.key(CHAIN.withValidators(8))).isNotEqualTo(BenchChains.key(CHAIN));
    }
}
