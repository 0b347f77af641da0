package io.saffron.qxl.internal;

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
}
