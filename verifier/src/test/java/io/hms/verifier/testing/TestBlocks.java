package io.hms.verifier.testing;

import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroBody;
import io.hms.protocol.model.MacroHeader;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Builds altered but properly signed blocks, so a test reaches exactly the check it targets. */
public final class TestBlocks {
    private TestBlocks() {}

    /** {@code block} with its header edited and signed again by all of {@code signers}. */
    public static MacroBlock resigned(
            MacroBlock block, UnaryOperator<MacroHeaderBuilder> edit, TestValidators signers) {
        MacroHeader header = edit.apply(MacroHeaderBuilder.from(block.header())).build();
        return new MacroBlock(header, block.body(), Optional.of(signers.signAll(header.network(), header.hash())));
    }

    /** {@code block} with another body (the header's body root updated to match) and signed again. */
    public static MacroBlock withBody(MacroBlock block, MacroBody body, TestValidators signers) {
        return resigned(
                new MacroBlock(block.header(), body, block.justification()), h -> h.bodyRoot(body.hash()), signers);
    }

    /** {@code block} without its justification. */
    public static MacroBlock unsigned(MacroBlock block) {
        return new MacroBlock(block.header(), block.body(), Optional.empty());
    }
}
