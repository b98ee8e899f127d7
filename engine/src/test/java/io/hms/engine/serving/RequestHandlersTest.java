package io.hms.engine.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.ChainSpec;
import io.hms.engine.store.ChainView;
import io.hms.engine.testing.ForwardingChainView;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.message.BatchSetError;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.message.HistoryChunk;
import io.hms.protocol.message.HistoryChunkError;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.MacroChainError;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.message.Response;
import io.hms.protocol.model.MacroBlock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestHandlersTest {
    private static final GeneratorOptions OPTS = GeneratorOptions.defaults(81).withShape(1, 1);

    @TempDir
    Path dir;

    private final RequestHandlers handlers = new RequestHandlers(ServingSettings.DEFAULTS);

    private static List<Request> validRequests(TestChain c) {
        MacroBlock election = c.batches().get(3).block();
        return List.of(
                new RequestMacroChain(List.of(c.spec().genesisHash()), 1000),
                new RequestBatchSet(election.hash()),
                new RequestHistoryChunk(1, election.blockNumber(), 0));
    }

    @Test
    void shouldDispatchEveryRequestTypeToItsHandlerWhenRequestsAreValid() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS)) {
            List<Response> responses = validRequests(c).stream()
                    .map(r -> handlers.handle(r, c.chain()))
                    .toList();

            assertThat(responses.get(0)).isInstanceOf(MacroChain.class);
            assertThat(responses.get(1)).isInstanceOf(BatchSetInfo.class);
            assertThat(responses.get(2)).isInstanceOf(HistoryChunk.class);
        }
    }

    @Test
    void shouldAnswerEachFamilysCatchAllWhenTheViewThrowsUnexpectedly() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS)) {
            ChainView broken = new ForwardingChainView(c.chain()) {
                @Override
                public ChainSpec spec() {
                    throw new IllegalStateException("a bug nobody foresaw");
                }
            };

            List<Response> responses = validRequests(c).stream()
                    .map(r -> handlers.handle(r, broken))
                    .toList();

            assertThat(responses)
                    .containsExactly(
                            MacroChainError.OTHER, BatchSetError.OTHER, HistoryChunkError.COULDNT_PRODUCE_PROOF);
        }
    }

    @Test
    void shouldAnswerTypedErrorsWhenTheStoreIsClosed() throws Exception {
        TestChain c = TestChains.create(dir, OPTS);
        List<Request> requests = validRequests(c);
        c.close();

        List<Response> responses =
                requests.stream().map(r -> handlers.handle(r, c.chain())).toList();

        assertThat(responses)
                .containsExactly(MacroChainError.OTHER, BatchSetError.OTHER, HistoryChunkError.COULDNT_PRODUCE_PROOF);
    }
}
