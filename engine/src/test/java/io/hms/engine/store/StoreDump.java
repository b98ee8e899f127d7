package io.hms.engine.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;

/**
 * Every key and value of every column family of a closed store, to compare two stores byte for byte;
 * the columns in the order of {@link StoreColumns#NAMES}.
 */
final class StoreDump {
    private StoreDump() {}

    static Map<String, List<String>> of(Path dir) throws StoreException {
        HexFormat hex = HexFormat.of();
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (StoreColumns cols = StoreColumns.open(dir, StoreOptions.ARCHIVE)) {
            List<Column<?, ?>> columns = List.of(
                    cols.spec,
                    cols.blocks,
                    cols.mainChain,
                    cols.validators,
                    cols.epochs,
                    cols.history,
                    cols.mmr,
                    cols.txIndex,
                    cols.staging,
                    cols.linkHeaders);
            for (int c = 0; c < columns.size(); c++) {
                List<String> entries = new ArrayList<>();
                try (ReadOptions read = new ReadOptions();
                        RocksIterator it = columns.get(c).iterator(read)) {
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        entries.add(hex.formatHex(it.key()) + "=" + hex.formatHex(it.value()));
                    }
                }
                out.put(StoreColumns.NAMES.get(c), entries);
            }
        }
        return out;
    }
}
