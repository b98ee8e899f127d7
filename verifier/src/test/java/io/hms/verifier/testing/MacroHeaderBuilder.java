package io.hms.verifier.testing;

import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroHeader;

/** Copies a header with some fields changed, for building broken blocks in tests. */
public final class MacroHeaderBuilder {
    private int network;
    private int version;
    private long blockNumber;
    private long timestamp;
    private Hash parentHash;
    private Hash parentElectionHash;
    private Hash historyRoot;
    private Hash bodyRoot;
    private ByteString extraData;

    private MacroHeaderBuilder(MacroHeader h) {
        network = h.network();
        version = h.version();
        blockNumber = h.blockNumber();
        timestamp = h.timestamp();
        parentHash = h.parentHash();
        parentElectionHash = h.parentElectionHash();
        historyRoot = h.historyRoot();
        bodyRoot = h.bodyRoot();
        extraData = h.extraData();
    }

    public static MacroHeaderBuilder from(MacroHeader h) {
        return new MacroHeaderBuilder(h);
    }

    public MacroHeaderBuilder network(int v) {
        network = v;
        return this;
    }

    public MacroHeaderBuilder version(int v) {
        version = v;
        return this;
    }

    public MacroHeaderBuilder blockNumber(long v) {
        blockNumber = v;
        return this;
    }

    public MacroHeaderBuilder timestamp(long v) {
        timestamp = v;
        return this;
    }

    public MacroHeaderBuilder parentHash(Hash v) {
        parentHash = v;
        return this;
    }

    public MacroHeaderBuilder parentElectionHash(Hash v) {
        parentElectionHash = v;
        return this;
    }

    public MacroHeaderBuilder historyRoot(Hash v) {
        historyRoot = v;
        return this;
    }

    public MacroHeaderBuilder bodyRoot(Hash v) {
        bodyRoot = v;
        return this;
    }

    public MacroHeaderBuilder extraData(ByteString v) {
        extraData = v;
        return this;
    }

    public MacroHeader build() {
        return new MacroHeader(
                network,
                version,
                blockNumber,
                timestamp,
                parentHash,
                parentElectionHash,
                historyRoot,
                bodyRoot,
                extraData);
    }
}
