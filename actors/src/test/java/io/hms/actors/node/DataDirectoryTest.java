package io.hms.actors.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.ChainSpec;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreOptions;
import io.hms.protocol.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void shouldReadBackTheSpecWhenWrittenAsJson() throws Exception {
        ChainSpec spec = new ChainGenerator(GeneratorOptions.defaults(3).withPolicy(Policy.TEST)).spec();
        DataDirectory dir = new DataDirectory(tmp.resolve("d"));

        dir.writeSpec(spec);

        assertThat(DataDirectory.readSpec(dir.root())).isEqualTo(spec);
        assertThat(DataDirectory.readSpec(dir.specFile())).isEqualTo(spec);
    }

    @Test
    void shouldReadBackTheGeneratorOptionsWhenWritten() throws Exception {
        GeneratorOptions options =
                GeneratorOptions.defaults(5).withShape(3, 1).withFork(2, 77).withSignTransfers(false);
        DataDirectory dir = new DataDirectory(tmp.resolve("d"));

        dir.writeGenerator(options);

        assertThat(dir.readGenerator()).contains(options);
    }

    @Test
    void shouldCreateTheStoreAndSpecWhenNoneExists() throws Exception {
        ChainSpec spec = new ChainGenerator(GeneratorOptions.defaults(3)).spec();
        DataDirectory dir = new DataDirectory(tmp.resolve("d"));
        assertThat(dir.hasStore()).isFalse();

        try (RocksDbBlockchain chain = dir.openOrCreate(spec, StoreOptions.ARCHIVE.withSyncWrites(false))) {
            assertThat(chain.spec()).isEqualTo(spec);
        }

        assertThat(dir.hasStore()).isTrue();
        assertThat(DataDirectory.readSpec(dir.root())).isEqualTo(spec);
        assertThat(dir.readGenerator()).isEmpty();
    }

    @Test
    void shouldFailWhenThereIsNoSpec() {
        assertThatThrownBy(() -> DataDirectory.readSpec(tmp))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no chain spec");
    }

    @Test
    void shouldFailWithOneLineWhenTheGenesisValidatorsHoldTheWrongSlots() throws Exception {
        ChainSpec spec = new ChainGenerator(GeneratorOptions.defaults(3)).spec();
        DataDirectory dir = new DataDirectory(tmp.resolve("d"));
        dir.writeSpec(spec);
        String json = Files.readString(dir.specFile());
        int slots = spec.genesisValidators().get(0).slots();
        Files.writeString(
                dir.specFile(), json.replaceFirst("\"slots\"\\s*:\\s*" + slots + "\\b", "\"slots\" : " + (slots + 1)));

        assertThatThrownBy(() -> DataDirectory.readSpec(dir.root()))
                .isInstanceOf(IOException.class)
                .hasMessageEndingWith("genesis validators hold 513 slots, the policy has 512")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
