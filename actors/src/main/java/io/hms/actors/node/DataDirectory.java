package io.hms.actors.node;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.ChainSpec;
import io.hms.engine.store.InvalidChainSpecException;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreException;
import io.hms.engine.store.StoreOptions;
import io.hms.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A node's data directory: the RocksDB chain store in {@code store/}, the chain spec in {@code
 * chain-spec.json} (genesis and geometry: what another node needs to sync this chain from
 * nothing) and, for chains made by {@code hms generate}, the generator's options in {@code
 * generator.json} (what {@code hms serve --produce-every} needs to keep extending the chain).
 */
public record DataDirectory(Path root) {
    public static final String STORE = "store";
    public static final String SPEC_FILE = "chain-spec.json";
    public static final String GENERATOR_FILE = "generator.json";
    /** Where a running node's admin endpoint listens; written at start, removed at stop. */
    public static final String ADMIN_FILE = "admin.json";

    public Path store() {
        return root.resolve(STORE);
    }

    public Path specFile() {
        return root.resolve(SPEC_FILE);
    }

    public Path generatorFile() {
        return root.resolve(GENERATOR_FILE);
    }

    public Path adminFile() {
        return root.resolve(ADMIN_FILE);
    }

    public boolean hasStore() {
        return Files.isRegularFile(store().resolve("CURRENT"));
    }

    /** Opens the existing store. */
    public RocksDbBlockchain open(StoreOptions options) throws StoreException {
        return RocksDbBlockchain.open(store(), options);
    }

    /** Opens the store, or creates it for {@code spec} (and writes the spec file) if there is none. */
    public RocksDbBlockchain openOrCreate(ChainSpec spec, StoreOptions options) throws StoreException, IOException {
        if (hasStore()) {
            return RocksDbBlockchain.openOrCreate(store(), spec, options);
        }
        Files.createDirectories(root);
        RocksDbBlockchain chain = RocksDbBlockchain.create(store(), spec, options);
        writeSpec(spec);
        return chain;
    }

    public void writeSpec(ChainSpec spec) throws IOException {
        Files.createDirectories(root);
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(specFile().toFile(), spec);
    }

    public Optional<GeneratorOptions> readGenerator() throws IOException {
        Path file = generatorFile();
        return Files.isRegularFile(file)
                ? Optional.of(Json.mapper().readValue(file.toFile(), GeneratorOptions.class))
                : Optional.empty();
    }

    public void writeGenerator(GeneratorOptions options) throws IOException {
        Files.createDirectories(root);
        Json.mapper()
                .writerWithDefaultPrettyPrinter()
                .writeValue(generatorFile().toFile(), options);
    }

    /**
     * Reads a chain spec from {@code path}: a spec file, or a data directory holding one.
     *
     * @throws IOException if there is no readable spec there
     */
    public static ChainSpec readSpec(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(SPEC_FILE) : path;
        if (!Files.isRegularFile(file)) {
            throw new IOException("no chain spec at " + file);
        }
        try {
            return Json.mapper().readValue(file.toFile(), ChainSpec.class);
        } catch (JsonParseException e) {
            throw new IOException(file + " is not a chain spec: not valid JSON" + at(e), e);
        } catch (JsonMappingException e) {
            // the spec's own check, wrapped by the JSON reader with a source excerpt: keep its one line
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof InvalidChainSpecException invalid) {
                    throw new IOException("invalid chain spec " + file + ": " + invalid.getMessage(), invalid);
                }
            }
            throw new IOException(file + " is not a chain spec: a field is missing or malformed" + at(e), e);
        }
    }

    private static String at(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }

    /** Deletes the store and the spec file (a store this process created and applied nothing to). */
    public void discardStore() throws IOException {
        if (Files.isDirectory(store())) {
            try (Stream<Path> files = Files.walk(store())) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.deleteIfExists(specFile());
        try (Stream<Path> left = Files.list(root)) {
            if (left.findAny().isEmpty()) {
                Files.delete(root);
            }
        }
    }
}
