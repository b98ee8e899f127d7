package io.hms.engine.store;

/**
 * A chain spec that cannot describe a chain: local configuration (a spec file, generator options),
 * not peer data. The message is one line that names the field at fault, fit to show as is.
 */
public final class InvalidChainSpecException extends IllegalArgumentException {
    public InvalidChainSpecException(String message) {
        super(message);
    }
}
