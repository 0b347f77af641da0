package io.saffron.qxl.internal;

import java.util.concurrent.CompletableFuture;

import io.saffron.qxl.KeyEvent;
import io.saffron.qxl.PointerEvent;

/**
 * Messages of the QXL dispatcher (device → worker N). Each record names its stable ordinal, the number a
 * recording of dispatcher traffic stores: only append new kinds, never renumber (spice-server's red-worker.h
 * rule). Sync kinds are sent with {@code call} and the device waits; async ones with {@code post}.
 */
final class QxlMessages {

    private QxlMessages() {
    }

    /** Ordinal 1, sync: create the primary surface and start draining. Sent by the device manager. */
    record Start() {
        static final int ORDINAL = 1;
    }

    /** Ordinal 2, sync: drain what is queued, then stop draining. Sent by the device manager. */
    record Stop() {
        static final int ORDINAL = 2;
    }

    /**
     * Ordinal 3, async and coalesced: new commands are queued. Sent by {@code submit} only when the device's
     * pending bit was clear; the worker's handler clears the bit.
     */
    record Wakeup() {
        static final int ORDINAL = 3;
    }

    /**
     * Ordinal 4, sync: drain the commands submitted before the request ({@code submitted} of them in all, counted
     * since start), then complete {@code result} with a copy of the frame. Sent by {@code snapshot()}.
     */
    record Snapshot(CompletableFuture<int[]> result, long submitted) {
        static final int ORDINAL = 4;
    }

    /** Ordinal 5, async: deliver a key event to the keyboard listeners of this display. Sent by {@code input}. */
    record KeyInput(KeyEvent event) {
        static final int ORDINAL = 5;
    }

    /**
     * Ordinal 6, async: move the device's pointer to the event's position, then deliver the event to the pointer
     * listeners of this display. Sent by {@code input}.
     */
    record PointerInput(PointerEvent event) {
        static final int ORDINAL = 6;
    }
}
