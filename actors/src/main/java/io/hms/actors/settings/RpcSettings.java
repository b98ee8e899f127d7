package io.hms.actors.settings;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The JSON-RPC server's limits ({@code hms.rpc}, docs/RPC.md).
 *
 * @param maxBodyBytes largest request body accepted; a larger one is refused (HTTP 413, -32600)
 * @param maxBatch calls in one batch request at most
 * @param maxPage largest {@code max} of getTransactionsByAddress
 * @param defaultPage the page size of getTransactionsByAddress when {@code max} is not given
 * @param maxBlockTransactions transactions of one block number listed by getBlockByNumber/Hash at most
 * @param requestsPerSecond HTTP requests one client address may send per second, on average
 * @param burst HTTP requests one client address may send at once (its token bucket's size)
 * @param maxClients client addresses whose buckets are remembered (least recently seen forgotten first)
 * @param requestTimeout longest time to read a body and answer one HTTP request
 */
public record RpcSettings(
        int maxBodyBytes,
        int maxBatch,
        int maxPage,
        int defaultPage,
        int maxBlockTransactions,
        double requestsPerSecond,
        int burst,
        int maxClients,
        Duration requestTimeout) {

    /** Id of the dispatcher that answers JSON-RPC calls (store reads), declared in {@code reference.conf}. */
    public static final String DISPATCHER = "hms.rpc-dispatcher";

    public RpcSettings {
        HmsSettings.atLeast("hms.rpc.max-body-bytes", maxBodyBytes, 64);
        HmsSettings.atLeast("hms.rpc.max-batch", maxBatch, 1);
        HmsSettings.atLeast("hms.rpc.max-page", maxPage, 1);
        HmsSettings.atLeast("hms.rpc.default-page", defaultPage, 1);
        if (defaultPage > maxPage) {
            throw new IllegalArgumentException("hms.rpc.default-page must not exceed max-page: " + defaultPage);
        }
        HmsSettings.atLeast("hms.rpc.max-block-transactions", maxBlockTransactions, 1);
        if (!(requestsPerSecond > 0)) {
            throw new IllegalArgumentException("hms.rpc.rate-limit.requests-per-second must be positive");
        }
        HmsSettings.atLeast("hms.rpc.rate-limit.burst", burst, 1);
        HmsSettings.atLeast("hms.rpc.rate-limit.max-clients", maxClients, 1);
        HmsSettings.positive("hms.rpc.request-timeout", requestTimeout);
    }

    static RpcSettings read(Config c) {
        Config rate = c.getConfig("rate-limit");
        return new RpcSettings(
                (int) Math.min(Integer.MAX_VALUE, c.getBytes("max-body-bytes")),
                c.getInt("max-batch"),
                c.getInt("max-page"),
                c.getInt("default-page"),
                c.getInt("max-block-transactions"),
                rate.getDouble("requests-per-second"),
                rate.getInt("burst"),
                rate.getInt("max-clients"),
                c.getDuration("request-timeout"));
    }
}
