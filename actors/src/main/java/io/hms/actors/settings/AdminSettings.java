package io.hms.actors.settings;

import com.typesafe.config.Config;
import java.util.Objects;

/**
 * The local admin endpoint ({@code hms.admin}).
 *
 * @param host address to listen on (loopback by default)
 * @param port port to listen on; 0 for any free port
 * @param requestQueue requests waiting for the endpoint's thread (count)
 */
public record AdminSettings(String host, int port, int requestQueue) {
    public AdminSettings {
        Objects.requireNonNull(host, "host");
        HmsSettings.atLeast("port", port, 0);
        if (port > 0xFFFF) {
            throw new IllegalArgumentException("hms.admin.port must be in 0..65535: " + port);
        }
        HmsSettings.atLeast("requestQueue", requestQueue, 1);
    }

    static AdminSettings read(Config c) {
        return new AdminSettings(c.getString("host"), c.getInt("port"), c.getInt("request-queue"));
    }

    public AdminSettings withPort(int value) {
        return new AdminSettings(host, value, requestQueue);
    }
}
