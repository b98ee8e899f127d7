package io.hms.verifier;

import io.hms.protocol.Policy;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroHeader;
import java.util.List;
import java.util.TreeMap;

/**
 * Checks that the batch-set blocks of an info lie on the {@code parent_hash} chain of its final
 * block (protocol version 2, docs/PROTOCOL.md §5.3 checks 9 and 10): batch-set headers and link
 * headers together must hold every macro position from the first batch set to the final block,
 * once, and each header's parent hash must be the hash of the header one macro position below.
 * With the final block's justification verified, this authenticates every listed block at the
 * cost of one hash per macro block. Pure and thread-safe.
 */
public final class HashChainCheck {
    private HashChainCheck() {}

    /**
     * @param batchSetHeaders headers of the batch-set blocks, ascending, the final block last
     * @param links the info's link headers
     */
    public static VerifyResult verify(List<MacroHeader> batchSetHeaders, List<MacroHeader> links, Policy p) {
        if (batchSetHeaders.isEmpty()) {
            return links.isEmpty()
                    ? VerifyResult.valid()
                    : VerifyResult.invalid(Fault.CHAIN_LINK_MISPLACED, links.size() + " links without batch sets");
        }
        long first = batchSetHeaders.get(0).blockNumber();
        long last = batchSetHeaders.get(batchSetHeaders.size() - 1).blockNumber();
        TreeMap<Long, MacroHeader> byNumber = new TreeMap<>();
        for (MacroHeader h : batchSetHeaders) {
            byNumber.put(h.blockNumber(), h);
        }
        long previousLink = first;
        for (MacroHeader link : links) {
            long n = link.blockNumber();
            if (n <= previousLink || n >= last || !p.isMacroBlockAt(n) || byNumber.containsKey(n)) {
                return VerifyResult.invalid(
                        Fault.CHAIN_LINK_MISPLACED,
                        "link at block " + n + " (batch sets span " + first + ".." + last + ")");
            }
            byNumber.put(n, link);
            previousLink = n;
        }
        long expected = (last - first) / p.blocksPerBatch() + 1;
        if (byNumber.size() != expected) {
            return VerifyResult.invalid(
                    Fault.CHAIN_LINK_MISSING,
                    byNumber.size() + " headers for the " + expected + " macro blocks " + first + ".." + last);
        }
        MacroHeader above = null;
        for (MacroHeader h : byNumber.descendingMap().values()) {
            if (above != null) {
                Hash hash = h.hash();
                if (!above.parentHash().equals(hash)) {
                    return VerifyResult.invalid(
                            Fault.OFF_HASH_CHAIN,
                            "block " + h.blockNumber() + " hashes to " + hash.shortHex() + " but block "
                                    + above.blockNumber() + " names parent "
                                    + above.parentHash().shortHex());
                }
            }
            above = h;
        }
        return VerifyResult.valid();
    }
}
