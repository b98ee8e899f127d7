package io.hms.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hms.protocol.message.BatchSetError;
import io.hms.protocol.message.Envelope;
import io.hms.protocol.message.HistoryChunkError;
import io.hms.protocol.message.MacroChainError;
import io.hms.protocol.message.MacroChainResponse;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.Response;
import io.hms.protocol.message.TransportError;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricData;
import io.hms.protocol.model.PublicKey;
import io.hms.protocol.proof.SizeProof;
import io.hms.protocol.testing.Gen;
import io.hms.protocol.testing.Seeds;
import java.util.HexFormat;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** JSON forms of the types without a codec of their own, and the exact shape of a few. */
class JsonTest {
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final int CASES = 200;

    @Test
    void shouldWriteHashesKeysAndByteStringsAsHexWhenSerialized() throws Exception {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) 0xAB;
        bytes[31] = 0x01;
        String hex = HexFormat.of().formatHex(bytes);

        assertThat(MAPPER.writeValueAsString(Hash.of(bytes))).isEqualTo('"' + hex + '"');
        assertThat(MAPPER.writeValueAsString(PublicKey.of(bytes))).isEqualTo('"' + hex + '"');
        assertThat(MAPPER.writeValueAsString(ByteString.of(new byte[] {0, 15, -1})))
                .isEqualTo("\"000fff\"");
        assertThat(MAPPER.readValue('"' + hex + '"', Hash.class)).isEqualTo(Hash.of(bytes));
        assertThat(MAPPER.readValue("\"\"", ByteString.class)).isEqualTo(ByteString.EMPTY);
    }

    @Test
    void shouldWrapErrorEnumsInObjectNamedAfterTheirClassWhenTypedAsResponse() throws Exception {
        assertThat(MAPPER.writerFor(Response.class).writeValueAsString(MacroChainError.UNKNOWN_LOCATORS))
                .isEqualTo("{\"MacroChainError\":\"UNKNOWN_LOCATORS\"}");
        assertThat(MAPPER.readValue("{\"BatchSetError\":\"MICRO_BLOCK_GIVEN\"}", Response.class))
                .isEqualTo(BatchSetError.MICRO_BLOCK_GIVEN);
        assertThat(MAPPER.readValue("{\"HistoryChunkError\":\"OTHER\"}", Response.class))
                .isEqualTo(HistoryChunkError.OTHER);
        assertThat(MAPPER.readValue("{\"MacroChainError\":\"OTHER\"}", MacroChainResponse.class))
                .isEqualTo(MacroChainError.OTHER);
    }

    @Test
    void shouldNameVariantInKindPropertyWhenSealedRecordIsSerialized() throws Exception {
        assertThat(MAPPER.writerFor(SizeProof.class).writeValueAsString(SizeProof.EmptyTree.INSTANCE))
                .isEqualTo("{\"kind\":\"EmptyTree\"}");
        assertThat(MAPPER.readValue("{\"kind\":\"EmptyTree\"}", SizeProof.class))
                .isEqualTo(SizeProof.EmptyTree.INSTANCE);
        String json = MAPPER.writerFor(Envelope.class)
                .writeValueAsString(new Envelope.ErrorEnvelope(7, 200, TransportError.NO_RECEIVER));
        assertThat(json)
                .isEqualTo("{\"kind\":\"ErrorEnvelope\",\"requestId\":7,\"typeId\":200,\"error\":\"NO_RECEIVER\"}");
    }

    @Test
    void shouldReadEqualValueWhenInterfaceTypedValueIsWrittenAsJson() throws Exception {
        assertInterfaceRoundTrip("request", Request.class, Gen::request);
        assertInterfaceRoundTrip("response", Response.class, Gen::response);
        assertInterfaceRoundTrip("historic-data", HistoricData.class, Gen::historicData);
        assertInterfaceRoundTrip("transport-error", TransportError.class, Gen::transportError);
        assertInterfaceRoundTrip("byte-string", ByteString.class, g -> g.byteString(64));
    }

    @Test
    void shouldReadEqualPolicyWhenPresetIsWrittenAsJson() throws Exception {
        for (Policy p :
                new Policy[] {Policy.MAINNET, Policy.TEST, Policy.UNIT, Policy.TEST.withGenesis(0xFFFF_FFFFL)}) {
            assertThat(MAPPER.readValue(MAPPER.writeValueAsString(p), Policy.class))
                    .isEqualTo(p);
        }
    }

    private static <T> void assertInterfaceRoundTrip(String name, Class<T> type, Function<Gen, T> gen)
            throws Exception {
        for (int i = 0; i < CASES; i++) {
            long seed = Seeds.forCase("json-" + name, i);
            T value = gen.apply(new Gen(seed));
            String json = MAPPER.writerFor(type).writeValueAsString(value);
            assertThat(MAPPER.readValue(json, type))
                    .as("%s %s json=%.300s", name, Seeds.describe(seed), json)
                    .isEqualTo(value);
        }
    }
}
