package io.hms.engine.store;

import io.hms.protocol.Policy;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.ValidatorSet;

/**
 * Everything the chain spec fixes: geometry, network id and the genesis block, an election block
 * naming the validators of epoch 1. A store persists its spec when it is created, so a data
 * directory can never be reopened against another chain.
 *
 * <p>The constructor rejects an inconsistent spec (local configuration, not peer data) with an
 * {@link InvalidChainSpecException}: the genesis must sit at {@code policy.genesisBlockNumber()},
 * carry the spec's network id and name a validator set whose slots sum to exactly {@code
 * policy.slots()} — the rule every later election block is held to (the verifier's {@code
 * VALIDATOR_SLOTS_MISMATCH}). Without it, epoch 1's justifications would be counted against a
 * wrong total: with more slots than the policy, fewer than two thirds of the real weight could
 * reach the {@code ⌈2·slots/3⌉} threshold.
 */
public record ChainSpec(Policy policy, int networkId, MacroBlock genesis) {

    public ChainSpec {
        if (networkId < 0 || networkId > 0xFF) {
            throw new InvalidChainSpecException("network id out of range: " + networkId);
        }
        if (genesis.blockNumber() != policy.genesisBlockNumber()) {
            throw new InvalidChainSpecException("genesis block number " + genesis.blockNumber()
                    + " differs from the policy's " + policy.genesisBlockNumber());
        }
        if (genesis.header().network() != networkId) {
            throw new InvalidChainSpecException(
                    "genesis network " + genesis.header().network() + " differs from the spec's " + networkId);
        }
        if (!genesis.hasNextValidators()) {
            throw new InvalidChainSpecException("genesis must be an election block naming the validators of epoch 1");
        }
        int slots = genesis.body().nextValidators().orElseThrow().totalSlots();
        if (slots != policy.slots()) {
            throw new InvalidChainSpecException(
                    "genesis validators hold " + slots + " slots, the policy has " + policy.slots());
        }
    }

    public Hash genesisHash() {
        return genesis.hash();
    }

    /** The validators that govern epoch 1, named by the genesis block. */
    public ValidatorSet genesisValidators() {
        return genesis.body().nextValidators().orElseThrow();
    }

    /** Persisted form: policy fields, network id, genesis block. */
    public static final Codec<ChainSpec> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, ChainSpec s) {
            Policy p = s.policy;
            out.varint(p.blocksPerBatch())
                    .varint(p.batchesPerEpoch())
                    .varint(p.genesisBlockNumber())
                    .varint(p.slots());
            out.u8(s.networkId);
            MacroBlock.CODEC.write(out, s.genesis);
        }

        @Override
        public ChainSpec read(Reader in) throws DecodeException {
            long b = in.varint("ChainSpec.blocksPerBatch", Integer.MAX_VALUE);
            long n = in.varint("ChainSpec.batchesPerEpoch", Integer.MAX_VALUE);
            long g = in.u32("ChainSpec.genesisBlockNumber");
            int slots = in.u16("ChainSpec.slots");
            int network = in.u8("ChainSpec.networkId");
            MacroBlock genesis = MacroBlock.CODEC.read(in);
            try {
                return new ChainSpec(new Policy((int) b, (int) n, g, slots), network, genesis);
            } catch (IllegalArgumentException e) {
                throw new DecodeException("ChainSpec", e.getMessage());
            }
        }
    };
}
