package io.hms.actors.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hms.actors.settings.AdminSettings;
import io.hms.protocol.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small JSON endpoint on a plain JDK HTTP server: {@code GET path} answers the route's value as
 * JSON. It runs on its own thread ({@code hms-admin}, {@code hms.admin.request-queue} requests
 * waiting; beyond that the accepting thread answers), never on Pekko's dispatchers, because a
 * route may read the store.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    private AdminServer(HttpServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on {@code settings.host():settings.port()} and answers {@code routes} (path → value). */
    public static AdminServer start(AdminSettings settings, Map<String, Supplier<?>> routes) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.requestQueue()),
                r -> {
                    Thread t = new Thread(r, "hms-admin");
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.CallerRunsPolicy());
        routes.forEach((path, value) -> server.createContext(path, exchange -> answer(exchange, path, value)));
        server.setExecutor(executor);
        server.start();
        return new AdminServer(server, executor);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void answer(HttpExchange exchange, String path, Supplier<?> value) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (!path.equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            int code = 200;
            byte[] body;
            try {
                body = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(value.get());
            } catch (RuntimeException e) {
                LOG.warn("admin {} failed: {}", path, e.toString());
                code = 500;
                body = Json.mapper().writeValueAsBytes(Map.of("error", String.valueOf(e.getMessage())));
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(code, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
