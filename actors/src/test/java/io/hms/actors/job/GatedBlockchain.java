package io.hms.actors.job;

import io.hms.engine.store.Blockchain;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.Semaphore;

/** A store whose pushes wait for a permit, so tests can hold the JobActor in the middle of a push. */
final class GatedBlockchain {
    private GatedBlockchain() {}

    static Blockchain wrap(Blockchain store, Semaphore permits) {
        return (Blockchain) Proxy.newProxyInstance(
                Blockchain.class.getClassLoader(), new Class<?>[] {Blockchain.class}, (proxy, method, args) -> {
                    if (method.getName().equals("pushHistorySync")) {
                        permits.acquire();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
