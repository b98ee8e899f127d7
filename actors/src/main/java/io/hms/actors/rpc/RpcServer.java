package io.hms.actors.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.hms.actors.settings.RpcSettings;
import io.hms.protocol.Json;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.stream.StreamLimitReachedException;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC 2.0 over HTTP on Pekko HTTP: {@code POST /} with a JSON body (docs/RPC.md). Per request:
 * the client's rate limit, the body read up to {@code hms.rpc.max-body-bytes}, then the calls run on
 * {@code hms.rpc-dispatcher} (store reads never run on Pekko's default dispatcher). Answers are
 * HTTP 200 with the JSON-RPC response (errors included), 204 when only notifications were sent, 413
 * for a body over the limit, 429 for a client over its rate, each with a JSON-RPC error body.
 */
public final class RpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);

    private final ServerBinding binding;

    private RpcServer(ServerBinding binding) {
        this.binding = binding;
    }

    /** Binds {@code host:port} (0: any free port) and answers with {@code processor}. */
    public static RpcServer start(
            ActorSystem<?> system, JsonRpcProcessor processor, RpcSettings settings, String host, int port)
            throws Exception {
        Executor executor = system.dispatchers().lookup(DispatcherSelector.fromConfig(RpcSettings.DISPATCHER));
        ClientRateLimiter limiter = new ClientRateLimiter(
                settings.requestsPerSecond(), settings.burst(), settings.maxClients(), Clock.systemUTC());
        Handler handler = new Handler(system, processor, settings, limiter, executor);
        ServerBinding binding = Http.get(system)
                .newServerAt(host, port)
                .withSettings(ServerSettings.create(system.classicSystem()).withRemoteAddressAttribute(true))
                .bind(handler::handle)
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        LOG.info("json-rpc listening on {}", binding.localAddress());
        return new RpcServer(binding);
    }

    public InetSocketAddress address() {
        return binding.localAddress();
    }

    /** Stops listening and waits (up to 5 s) for the requests being answered. */
    @Override
    public void close() {
        try {
            binding.terminate(Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("the json-rpc server did not stop cleanly: {}", e.toString());
        }
    }

    private record Handler(
            ActorSystem<?> system,
            JsonRpcProcessor processor,
            RpcSettings settings,
            ClientRateLimiter limiter,
            Executor executor) {

        CompletionStage<HttpResponse> handle(HttpRequest request) {
            if (!request.method().equals(HttpMethods.POST)
                    || !request.getUri().path().equals("/")) {
                request.discardEntityBytes(system);
                return CompletableFuture.completedFuture(json(
                        StatusCodes.NOT_FOUND,
                        JsonRpcProcessor.error(
                                NullNode.instance, RpcError.invalidRequest("JSON-RPC is served by POST /"))));
            }
            String client = request.getAttribute(AttributeKeys.remoteAddress)
                    .flatMap(RemoteAddress::getAddress)
                    .map(a -> a.getHostAddress())
                    .orElse("unknown");
            long wait = limiter.tryAcquire(client);
            if (wait > 0) {
                request.discardEntityBytes(system);
                return CompletableFuture.completedFuture(json(
                        StatusCodes.TOO_MANY_REQUESTS,
                        JsonRpcProcessor.error(NullNode.instance, RpcError.rateLimited(wait))));
            }
            if (request.entity().getContentLengthOption().orElse(0) > settings.maxBodyBytes()) {
                request.discardEntityBytes(system);
                return CompletableFuture.completedFuture(tooLarge());
            }
            // counted here, not by Pekko's entity size limit: a chunked body over it failed with a
            // parser error (EntityStreamException) and was answered -32603 instead of 413
            return request.entity()
                    .withoutSizeLimit()
                    .getDataBytes()
                    .limitWeighted(settings.maxBodyBytes(), b -> (long) b.size())
                    .completionTimeout(settings.requestTimeout())
                    .runFold(ByteString.emptyByteString(), ByteString::concat, system)
                    .thenApplyAsync(body -> answer(body.decodeString(StandardCharsets.UTF_8)), executor)
                    .toCompletableFuture()
                    .orTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .exceptionally(this::failed);
        }

        private HttpResponse answer(String body) {
            Optional<JsonNode> response = processor.process(body);
            return response.map(r -> json(StatusCodes.OK, r))
                    .orElseGet(() -> HttpResponse.create().withStatus(StatusCodes.NO_CONTENT));
        }

        private HttpResponse failed(Throwable t) {
            Throwable cause = t;
            while (cause.getCause() != null && !(cause instanceof StreamLimitReachedException)) {
                cause = cause.getCause();
            }
            if (cause instanceof StreamLimitReachedException) {
                return tooLarge();
            }
            LOG.debug("json-rpc request failed: {}", cause.toString());
            return json(
                    StatusCodes.OK,
                    JsonRpcProcessor.error(
                            NullNode.instance, RpcError.internal("the request could not be read or timed out")));
        }

        private HttpResponse tooLarge() {
            return json(
                    StatusCodes.PAYLOAD_TOO_LARGE,
                    JsonRpcProcessor.error(
                            NullNode.instance,
                            RpcError.invalidRequest("the body exceeds " + settings.maxBodyBytes()
                                    + " bytes (hms.rpc.max-body-bytes)")));
        }

        private static HttpResponse json(StatusCode status, JsonNode body) {
            try {
                return HttpResponse.create()
                        .withStatus(status)
                        .withEntity(ContentTypes.APPLICATION_JSON, Json.mapper().writeValueAsBytes(body));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree always serializes", e);
            }
        }
    }
}
