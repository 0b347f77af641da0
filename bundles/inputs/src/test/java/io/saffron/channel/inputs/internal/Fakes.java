package io.saffron.channel.inputs.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.saffron.core.Channel;
import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelContext;
import io.saffron.core.ChannelId;
import io.saffron.core.ChannelType;
import io.saffron.core.Client;
import io.saffron.core.Connection;
import io.saffron.core.SpiceServer;
import io.saffron.dispatcher.EventLoop;
import io.saffron.qxl.CursorState;
import io.saffron.qxl.DisplayCanvas;
import io.saffron.qxl.KeyEvent;
import io.saffron.qxl.PointerEvent;
import io.saffron.qxl.QxlCommand;
import io.saffron.qxl.QxlCommandListener;
import io.saffron.qxl.QxlDevice;
import io.saffron.qxl.Surface;

/** Fakes for the inputs channel: a main loop owned by the test thread, a channel client and devices that record. */
final class Fakes {

    private Fakes() {
    }

    /** A loop named spice-main whose thread is the thread that created it; it runs nothing itself. */
    static final class MainLoop implements EventLoop {
        private final Thread owner = Thread.currentThread();

        @Override
        public String name() {
            return "spice-main";
        }

        @Override
        public boolean inEventLoop() {
            return Thread.currentThread() == owner;
        }

        @Override
        public void execute(Runnable task) {
            throw new UnsupportedOperationException("execute on the fake main loop");
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException("schedule on the fake main loop");
        }

        @Override
        public boolean isShuttingDown() {
            return false;
        }

        @Override
        public void shutdown() {
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    static ChannelContext context(EventLoop loop) {
        return new ChannelContext() {
            @Override
            public ChannelId id() {
                return new ChannelId(ChannelType.INPUTS, 0);
            }

            @Override
            public EventLoop loop() {
                return loop;
            }

            @Override
            public SpiceServer server() {
                throw new UnsupportedOperationException("server");
            }
        };
    }

    /** One message the channel sent. */
    record Sent(int type, byte[] body) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Sent s && s.type == type && java.util.Arrays.equals(s.body, body);
        }

        @Override
        public int hashCode() {
            return type * 31 + java.util.Arrays.hashCode(body);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("Sent[" + type);
            for (byte x : body) {
                b.append(String.format(" %02x", x));
            }
            return b.append(']').toString();
        }
    }

    /** A channel client that records what is sent to it. */
    static final class FakeChannelClient implements ChannelClient {
        final List<Sent> sent = new ArrayList<>();
        private final int sessionId;

        FakeChannelClient(int sessionId) {
            this.sessionId = sessionId;
        }

        @Override
        public Channel channel() {
            throw new UnsupportedOperationException("channel");
        }

        @Override
        public Client client() {
            return new Client() {
                @Override
                public int sessionId() {
                    return sessionId;
                }

                @Override
                public boolean isDisconnecting() {
                    return false;
                }

                @Override
                public boolean isFinished() {
                    return false;
                }

                @Override
                public List<ChannelClient> channelClients() {
                    return List.of(FakeChannelClient.this);
                }

                @Override
                public ChannelClient mainChannelClient() {
                    return null;
                }
            };
        }

        @Override
        public Connection connection() {
            throw new UnsupportedOperationException("connection");
        }

        @Override
        public State state() {
            return State.CONNECTED;
        }

        @Override
        public void send(int type, ByteBuffer body) {
            byte[] b = new byte[body.remaining()];
            body.duplicate().get(b);
            sent.add(new Sent(type, b));
        }

        @Override
        public void send(io.saffron.core.protocol.SpiceMessage message) {
            send(message.type(), message.encode());
        }

        @Override
        public void disconnect() {
            throw new UnsupportedOperationException("disconnect");
        }

        @Override
        public boolean isAbandoned() {
            return false;
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public void ping(int payloadSize) {
            throw new UnsupportedOperationException("ping");
        }

        @Override
        public long roundTripNanos() {
            return -1;
        }
    }

    /** A device that records the input it is given; nothing else of it is used by the inputs channel. */
    static final class FakeDevice implements QxlDevice {
        final List<Object> inputs = new ArrayList<>();
        private final int id;
        private final Surface surface;

        FakeDevice(int id, int width, int height) {
            this.id = id;
            this.surface = new Surface(0, width, height, Surface.FORMAT_32_XRGB);
        }

        @Override
        public int id() {
            return id;
        }

        @Override
        public Surface primarySurface() {
            return surface;
        }

        @Override
        public void input(KeyEvent event) {
            inputs.add(event);
        }

        @Override
        public void input(PointerEvent event) {
            inputs.add(event);
        }

        @Override
        public long inputsDelivered() {
            return inputs.size();
        }

        @Override
        public EventLoop workerLoop() {
            throw new UnsupportedOperationException("workerLoop");
        }

        @Override
        public boolean isRunning() {
            return true;
        }

        @Override
        public void submit(QxlCommand command) {
            throw new UnsupportedOperationException("submit");
        }

        @Override
        public void addListener(QxlCommandListener listener) {
            throw new UnsupportedOperationException("addListener");
        }

        @Override
        public void removeListener(QxlCommandListener listener) {
            throw new UnsupportedOperationException("removeListener");
        }

        @Override
        public long commandsProcessed() {
            return 0;
        }

        @Override
        public int[] framebuffer() {
            throw new UnsupportedOperationException("framebuffer");
        }

        @Override
        public CompletableFuture<int[]> snapshot() {
            throw new UnsupportedOperationException("snapshot");
        }

        @Override
        public CursorState cursor() {
            throw new UnsupportedOperationException("cursor");
        }

        @Override
        public DisplayCanvas open(String owner) {
            throw new UnsupportedOperationException("open");
        }
    }
}
