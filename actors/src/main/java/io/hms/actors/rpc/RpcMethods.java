package io.hms.actors.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hms.actors.rpc.RpcError.RpcException;
import io.hms.actors.settings.RpcSettings;
import io.hms.engine.history.BlockRecord;
import io.hms.engine.history.HistoryLookup;
import io.hms.engine.history.InclusionProof;
import io.hms.engine.store.ChainView;
import io.hms.engine.store.IndexedTransaction;
import io.hms.engine.store.StoreException;
import io.hms.engine.store.TxLocation;
import io.hms.protocol.Json;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.PublicKey;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The hms JSON-RPC methods over a {@link ChainView} (docs/RPC.md has each with an example). Names
 * follow the original chain's RPC where it has one. Model values are written by {@link Json} (hex
 * hashes and keys, sealed variants with a {@code "kind"}), so a client can read them back with the
 * protocol's own types and check proofs with the verifier alone.
 */
public final class RpcMethods {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ChainView view;
    private final HistoryLookup lookup;
    private final SyncStatusSource sync;
    private final RpcSettings settings;

    public RpcMethods(ChainView view, SyncStatusSource sync, RpcSettings settings) {
        this.view = view;
        this.lookup = new HistoryLookup(view);
        this.sync = sync;
        this.settings = settings;
    }

    /** Every method, in the order docs/RPC.md lists them. */
    public List<RpcMethod> all() {
        return List.of(
                new RpcMethod("getHead", List.of(), p -> head()),
                new RpcMethod("getSyncStatus", List.of(), p -> sync.status()),
                new RpcMethod("getTransactionByHash", List.of("hash"), p -> transaction(p.hash("hash"))),
                new RpcMethod(
                        "getTransactionsByAddress",
                        List.of("address", "max", "startAt"),
                        p -> byAddress(
                                p.address("address"),
                                (int) Math.min(
                                        Integer.MAX_VALUE,
                                        p.optionalNumber("max").orElse(settings.defaultPage())),
                                p.optionalHash("startAt"))),
                new RpcMethod("getBlockByNumber", List.of("number"), p -> blockByNumber(p.number("number"))),
                new RpcMethod("getBlockByHash", List.of("hash"), p -> blockByHash(p.hash("hash"))),
                new RpcMethod("getTransactionInclusionProof", List.of("hash"), p -> inclusionProof(p.hash("hash"))));
    }

    /** A processor for {@link #all()} with the batch limit of {@code settings}. */
    public JsonRpcProcessor processor() {
        return new JsonRpcProcessor(all(), settings.maxBatch());
    }

    private ObjectNode head() {
        MacroBlock macro = view.macroHead();
        MacroBlock election = view.electionHead();
        ObjectNode out = NODES.objectNode()
                .put("network", view.spec().networkId())
                .put("genesisHash", view.spec().genesisHash().toHex());
        out.putObject("macroHead")
                .put("number", macro.blockNumber())
                .put("hash", macro.hash().toHex());
        out.putObject("electionHead")
                .put("number", election.blockNumber())
                .put("hash", election.hash().toHex());
        return out.put("epoch", view.spec().policy().epochAt(macro.blockNumber()))
                .put("firstHistoryEpoch", view.firstHistoryEpoch())
                .put("totalTransactions", view.totalTransactions())
                .put("pruned", view.pruned());
    }

    private ObjectNode transaction(Hash hash) throws RpcException {
        return entry(lookup.transaction(hash)
                .orElseThrow(
                        () -> RpcError.notFound("transaction", hash.toHex()).toException()));
    }

    private ObjectNode byAddress(PublicKey address, int max, Optional<Hash> startAt) throws RpcException {
        if (max < 1 || max > settings.maxPage()) {
            throw RpcError.invalidParams("max", "must be in 1.." + settings.maxPage() + " (hms.rpc.max-page)")
                    .toException();
        }
        Optional<TxLocation> after = Optional.empty();
        if (startAt.isPresent()) {
            after = view.findTransaction(startAt.get());
            if (after.isEmpty()) {
                throw RpcError.invalidParams("startAt", "no stored transaction has this hash")
                        .toException();
            }
        }
        // one more than asked: whether a next page exists
        List<IndexedTransaction> found = view.transactionsByAddress(address, after, max + 1);
        List<IndexedTransaction> page = found.subList(0, Math.min(max, found.size()));
        ObjectNode out = NODES.objectNode().put("address", address.toHex());
        ArrayNode list = out.putArray("transactions");
        page.forEach(tx -> list.add(entry(tx)));
        out.set(
                "next",
                found.size() <= max
                        ? NullNode.instance
                        : NODES.textNode(
                                page.get(page.size() - 1).transaction().hash().toHex()));
        return out;
    }

    private ObjectNode blockByNumber(long number) throws RpcException {
        long epoch = view.spec().policy().epochAt(number);
        Optional<BlockRecord> block = lookup.block(number, settings.maxBlockTransactions());
        if (block.isEmpty() && number <= view.headBlockNumber() && epoch < view.firstHistoryEpoch()) {
            throw RpcError.pruned("block " + number + " lies in pruned epoch " + epoch, view.firstHistoryEpoch())
                    .toException();
        }
        return block(block.orElseThrow(
                () -> RpcError.notFound("block", Long.toString(number)).toException()));
    }

    private ObjectNode blockByHash(Hash hash) throws RpcException {
        MacroBlock block = view.blockByHash(hash)
                .orElseThrow(() -> RpcError.notFound("block", hash.toHex()).toException());
        if (!view.isOnMainChain(hash)) {
            ObjectNode out =
                    NODES.objectNode().put("number", block.blockNumber()).put("onMainChain", false);
            return out.put("hash", hash.toHex()).set("block", Json.mapper().valueToTree(block));
        }
        return blockByNumber(block.blockNumber());
    }

    private ObjectNode block(BlockRecord b) {
        ObjectNode out = NODES.objectNode()
                .put("number", b.blockNumber())
                .put("kind", b.kind().name().toLowerCase(Locale.ROOT))
                .put("epoch", b.epoch())
                .put("batch", b.batch())
                .put("committedBy", b.committedBy())
                .put("onMainChain", true);
        out.set(
                "hash",
                b.macroBlock()
                        .<JsonNode>map(m -> NODES.textNode(m.hash().toHex()))
                        .orElse(NullNode.instance));
        out.set(
                "block",
                b.macroBlock().<JsonNode>map(m -> Json.mapper().valueToTree(m)).orElse(NullNode.instance));
        ArrayNode list = out.putArray("transactions");
        b.transactions().forEach(tx -> list.add(entry(tx)));
        return out.put("truncated", b.truncated());
    }

    private ObjectNode inclusionProof(Hash hash) throws RpcException {
        Optional<InclusionProof> proof;
        try {
            proof = lookup.prove(hash);
        } catch (StoreException e) {
            if (e.kind() == StoreException.Kind.PRUNED) {
                throw RpcError.pruned(e.getMessage(), view.firstHistoryEpoch()).toException();
            }
            throw RpcError.storeFailure(e.kind().name()).toException();
        }
        InclusionProof p = proof.orElseThrow(
                () -> RpcError.notFound("transaction", hash.toHex()).toException());
        ObjectNode out = entry(new IndexedTransaction(p.location(), p.transaction()));
        out.put("leafCount", p.leafCount());
        out.put("blockHash", p.block().hash().toHex());
        out.put("historyRoot", p.block().header().historyRoot().toHex());
        out.set("block", Json.mapper().valueToTree(p.block()));
        out.set("proof", Json.mapper().valueToTree(p.proof()));
        return out;
    }

    /** A transaction with its hash and where it sits. */
    static ObjectNode entry(IndexedTransaction tx) {
        ObjectNode out = NODES.objectNode()
                .put("hash", tx.transaction().hash().toHex())
                .put("epoch", tx.location().epoch())
                .put("leafIndex", tx.location().leafIndex())
                .put("blockNumber", tx.location().blockNumber());
        out.set("transaction", Json.mapper().valueToTree(tx.transaction()));
        return out;
    }
}
