package io.saffron.core.internal;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.saffron.core.protocol.LinkKeys;

/**
 * Fresh RSA-1024 key pairs for link replies, one per link as spice-server does, generated ahead on a
 * {@code spice-crypto} thread so that {@code spice-main} never spends milliseconds in key generation. Ticket
 * decryption runs on the same thread. Any thread.
 */
final class KeyPool {

    private final int target;
    private final Queue<LinkKeys> ready = new ConcurrentLinkedQueue<>();
    // Keys being generated right now; with ready.size() it keeps the pool near its target.
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ExecutorService crypto = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "spice-crypto");
        t.setDaemon(true);
        return t;
    });

    KeyPool(int target) {
        this.target = target;
        refill();
    }

    /** A key pair used by no other link; completes on the crypto thread when the pool was empty. */
    CompletableFuture<LinkKeys> take() {
        LinkKeys keys = ready.poll();
        CompletableFuture<LinkKeys> result = keys != null ? CompletableFuture.completedFuture(keys)
                : CompletableFuture.supplyAsync(LinkKeys::generate, crypto);
        refill();
        return result;
    }

    /** Runs crypto work (ticket decryption) off the loops. */
    <T> CompletableFuture<T> run(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, crypto);
    }

    private void refill() {
        while (ready.size() + inFlight.get() < target && !crypto.isShutdown()) {
            inFlight.incrementAndGet();
            try {
                crypto.execute(() -> {
                    try {
                        ready.offer(LinkKeys.generate());
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                inFlight.decrementAndGet();
                return;
            }
        }
    }

    void shutdown() throws InterruptedException {
        crypto.shutdownNow();
        crypto.awaitTermination(2, TimeUnit.SECONDS);
    }
}
