package io.saffron.core.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.saffron.core.protocol.Capabilities;
import io.saffron.core.protocol.CommonCaps;

/** An in-memory connection: records what is written and whether it was closed. Any thread. */
final class FakeConnection extends AbstractConnection {

    final List<Integer> sentTypes = new CopyOnWriteArrayList<>();
    private volatile boolean open = true;
    volatile boolean writable = true;

    FakeConnection() {
        super(Capabilities.of(CommonCaps.PROTOCOL_AUTH_SELECTION, CommonCaps.MINI_HEADER), Capabilities.ofWords());
    }

    @Override
    void write(int type, ByteBuffer body) {
        sentTypes.add(type);
    }

    volatile boolean readsPaused;

    @Override
    void pauseReads() {
        readsPaused = true;
    }

    @Override
    void resumeReads(DefaultChannelClient successor) {
        readsPaused = false;
    }

    @Override
    boolean isWritable() {
        return writable;
    }

    @Override
    public String remoteAddress() {
        return "fake:" + id();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
