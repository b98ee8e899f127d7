package io.hms.engine.store;

import io.hms.protocol.Policy;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroHeader;
import io.hms.protocol.model.ValidatorSet;
import io.hms.verifier.Fault;
import io.hms.verifier.JustificationVerifier;
import io.hms.verifier.VerifyResult;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a pushed block is final, as its {@link Finality} claims: by its own justification,
 * or by the {@code parent_hash} chain from a justified anchor later in its epoch. An anchor's
 * justification is verified once; later pushes chained to the same anchor only check hashes.
 */
final class FinalityCheck {
    private final ChainSpec spec;
    private final JustificationVerifier justifications = new JustificationVerifier();
    private final VerifiedAnchors anchors;

    FinalityCheck(ChainSpec spec, int anchorCacheEntries) {
        this.spec = spec;
        this.anchors = new VerifiedAnchors(anchorCacheEntries);
    }

    /** Why the block is not final, with the push error it amounts to. */
    record Failure(PushError error, Fault fault, String detail) {}

    /** Empty if {@code block} is final by {@code finality} under the validators of its epoch. */
    Optional<Failure> check(MacroBlock block, Finality finality, ValidatorSet validators) {
        if (finality instanceof Finality.ChainedTo chained) {
            return chain(block, chained).or(() -> anchor(chained.anchor(), validators));
        }
        return justified(block, validators, PushError.INVALID_JUSTIFICATION);
    }

    private Optional<Failure> justified(MacroBlock block, ValidatorSet validators, PushError error) {
        if (block.justification().isEmpty()) {
            return Optional.of(new Failure(
                    error, Fault.MISSING_JUSTIFICATION, "block " + block.blockNumber() + " carries no justification"));
        }
        VerifyResult checked = justifications.verify(
                spec.networkId(), block.hash(), block.justification().get(), validators, spec.policy());
        return checked instanceof VerifyResult.Invalid invalid
                ? Optional.of(
                        new Failure(error, invalid.fault(), "block " + block.blockNumber() + ": " + invalid.detail()))
                : Optional.empty();
    }

    /** The anchor's justification, unless this store already verified it. */
    private Optional<Failure> anchor(MacroBlock anchor, ValidatorSet validators) {
        Hash hash = anchor.hash();
        if (anchors.contains(hash)) {
            return Optional.empty();
        }
        Optional<Failure> failure = justified(anchor, validators, PushError.NOT_CHAINED_TO_ANCHOR);
        if (failure.isEmpty()) {
            anchors.add(hash);
        }
        return failure;
    }

    /** Same epoch, anchor above, consecutive macro positions, and every parent hash names its predecessor. */
    private Optional<Failure> chain(MacroBlock block, Finality.ChainedTo chained) {
        Policy policy = spec.policy();
        long number = block.blockNumber();
        long anchorNumber = chained.anchor().blockNumber();
        if (anchorNumber <= number || policy.epochAt(anchorNumber) != policy.epochAt(number)) {
            return broken(
                    Fault.BATCH_SET_OUTSIDE_EPOCH,
                    "anchor " + anchorNumber + " is not above block " + number + " in its epoch");
        }
        List<MacroHeader> links = chained.links();
        long expectedLinks = (anchorNumber - number) / policy.blocksPerBatch() - 1;
        if (links.size() != expectedLinks) {
            return broken(
                    Fault.CHAIN_LINK_MISSING,
                    links.size() + " links between block " + number + " and anchor " + anchorNumber
                            + ", the macro blocks between them are " + expectedLinks);
        }
        Hash previous = block.hash();
        long previousNumber = number;
        for (MacroHeader link : links) {
            Optional<Failure> broken = link(link.blockNumber(), link.parentHash(), previousNumber, previous);
            if (broken.isPresent()) {
                return broken;
            }
            previous = link.hash();
            previousNumber = link.blockNumber();
        }
        return link(anchorNumber, chained.anchor().header().parentHash(), previousNumber, previous);
    }

    private Optional<Failure> link(long number, Hash parentHash, long previousNumber, Hash previous) {
        if (number != previousNumber + spec.policy().blocksPerBatch()) {
            return broken(
                    Fault.CHAIN_LINK_MISPLACED,
                    "macro block " + number + " does not follow macro block " + previousNumber
                            + " in the chain to the anchor");
        }
        if (!parentHash.equals(previous)) {
            return broken(
                    Fault.OFF_HASH_CHAIN,
                    "macro block " + number + " names parent " + parentHash.shortHex() + ", not " + previous.shortHex()
                            + " (block " + previousNumber + ")");
        }
        return Optional.empty();
    }

    private static Optional<Failure> broken(Fault fault, String detail) {
        return Optional.of(new Failure(PushError.NOT_CHAINED_TO_ANCHOR, fault, detail));
    }
}
