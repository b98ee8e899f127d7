package io.hms.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.message.BatchSetResponse;
import io.hms.protocol.message.Envelope;
import io.hms.protocol.message.HistoryChunkResponse;
import io.hms.protocol.message.MacroChainResponse;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroHeader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/PROTOCOL.md against the code: every {@code vector <name>: <hex>} line of the document must
 * equal the encoding (or hash) of the value {@link GoldenVectors} builds under that name, and every
 * value must appear in the document.
 */
class GoldenVectorTest {
    /** Surefire runs with the module directory as working directory. */
    private static final Path DOC = Path.of("..", "docs", "PROTOCOL.md");

    private static final Pattern VECTOR = Pattern.compile("^vector ([a-z0-9-]+): ([0-9a-f]*)$");
    private static final HexFormat HEX = HexFormat.of();
    private static Map<String, String> documented;

    @BeforeAll
    static void readDocument() throws IOException {
        documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
            Matcher m = VECTOR.matcher(line.strip());
            if (m.matches()) {
                assertThat(documented.put(m.group(1), m.group(2)))
                        .as("vector %s documented twice", m.group(1))
                        .isNull();
            } else {
                assertThat(line.strip()).as("malformed vector line").doesNotStartWith("vector ");
            }
        }
    }

    @Test
    void shouldDocumentExactlyTheVectorsTheCodeBuildsWhenDocumentIsRead() {
        assertThat(documented.keySet())
                .containsExactlyInAnyOrderElementsOf(GoldenVectors.all().keySet());
    }

    @Test
    void shouldEqualCodeBytesWhenEachDocumentedVectorIsCompared() {
        GoldenVectors.all()
                .forEach((name, bytes) -> assertThat(documented.get(name))
                        .as("vector %s in %s", name, DOC)
                        .isEqualTo(HEX.formatHex(bytes)));
    }

    @Test
    void shouldDecodeDocumentedBytesToTheValuesWhenDecoded() throws Exception {
        assertThat(RequestMacroChain.CODEC.decode(bytes("request-macro-chain")))
                .isEqualTo(GoldenVectors.REQUEST_MACRO_CHAIN);
        assertThat(RequestHistoryChunk.CODEC.decode(bytes("request-history-chunk")))
                .isEqualTo(GoldenVectors.REQUEST_HISTORY_CHUNK);
        assertThat(MacroHeader.CODEC.decode(bytes("macro-header-232"))).isEqualTo(GoldenVectors.HEADER_232);
        assertThat(MacroBlock.CODEC.decode(bytes("macro-block-election-328"))).isEqualTo(GoldenVectors.ELECTION_328);
        assertThat(HistoricTransaction.CODEC.decode(bytes("historic-jail"))).isEqualTo(GoldenVectors.JAIL);
        assertThat(Envelope.CODEC.decode(bytes("hello-envelope")))
                .isEqualTo(new Envelope.Hello(GoldenVectors.HANDSHAKE));
        assertThat(MacroChainResponse.CODEC
                        .decode(bytes("macro-chain-response"))
                        .isError())
                .isFalse();
        assertThat(BatchSetResponse.CODEC
                        .decode(bytes("batch-set-info-response"))
                        .isError())
                .isFalse();
        assertThat(HistoryChunkResponse.CODEC
                        .decode(bytes("history-chunk-error"))
                        .isError())
                .isTrue();
    }

    @Test
    void shouldSignDomainTagNetworkAndBlockHashWhenSigningMessageIsBuilt() {
        byte[] message = bytes("signing-message-232");
        assertThat(message).hasSize(51);
        assertThat(new String(message, 0, 18, StandardCharsets.US_ASCII)).isEqualTo("hms/macro-block/v1");
        assertThat(message[18]).isEqualTo((byte) GoldenVectors.NETWORK);
        assertThat(HEX.formatHex(message, 19, 51)).isEqualTo(documented.get("header-232-hash"));
    }

    private static byte[] bytes(String name) {
        assertThat(documented).containsKey(name);
        return HEX.parseHex(documented.get(name));
    }
}
