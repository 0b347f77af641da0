package io.saffron.channel.display.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.saffron.core.Channel;
import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelContext;
import io.saffron.core.ChannelId;
import io.saffron.core.ChannelType;
import io.saffron.core.Client;
import io.saffron.core.Connection;
import io.saffron.core.SpiceServer;
import io.saffron.core.WorkerLoop;
import io.saffron.core.protocol.Capabilities;
import io.saffron.core.protocol.CorruptedMessageException;
import io.saffron.core.protocol.DisplayMessages;
import io.saffron.core.protocol.SpiceMessage;
import io.saffron.dispatcher.Dispatcher;
import io.saffron.dispatcher.EventLoop;
import io.saffron.qxl.CursorState;
import io.saffron.qxl.DisplayCanvas;
import io.saffron.qxl.KeyEvent;
import io.saffron.qxl.PointerEvent;
import io.saffron.qxl.QxlCommand;
import io.saffron.qxl.QxlCommandListener;
import io.saffron.qxl.QxlDevice;
import io.saffron.qxl.Surface;

/**
 * The display channel against in-memory fakes (one thread plays the worker loop): the sequence of §7.12, dirty
 * rectangles only after the first frame, fills for solid areas, LZ4 only for clients that decode it, and flow
 * control — a client that is not writable gets nothing more, then one merged update with the newest pixels.
 */
class DisplayChannelTest {

    static final int W = 64;
    static final int H = 48;

    private final Loop loop = new Loop();
    private final Device device = new Device();
    private DisplayChannel channel;

    @BeforeEach
    void create() {
        channel = new DisplayChannel(new Context(), device, Compression.AUTO);
        for (int i = 0; i < device.fb.length; i++) {
            device.fb[i] = i * 2654435761L > 0 ? i : ~i; // no solid areas
            device.fb[i] &= 0xFFFFFF;
        }
    }

    private Peer connect(Capabilities caps) {
        Peer p = new Peer(caps);
        channel.connected(p);
        channel.received(p, DisplayMessages.DisplayInit.TYPE,
                new DisplayMessages.DisplayInit(1, 1_000_000L, 1, 0).encode());
        return p;
    }

    private void draw(int x, int y, int w, int h, int colour) {
        int[] px = new int[w * h];
        Arrays.fill(px, colour);
        for (int row = 0; row < h; row++) {
            System.arraycopy(px, row * w, device.fb, (y + row) * W + x, w);
        }
        device.fire(new QxlCommand.Draw(0, x, y, w, h, px));
    }

    @Test
    void firstFrameFollowsTheMinimalSequenceAndCoversTheScreen() {
        Peer p = connect(Capabilities.of(DisplayMessages.CAP_MONITORS_CONFIG));
        assertEquals(List.of(DisplayMessages.InvalAllPalettes.TYPE, DisplayMessages.SurfaceCreate.TYPE,
                DisplayMessages.MonitorsConfig.TYPE, DisplayMessages.DrawCopy.TYPE, DisplayMessages.Mark.TYPE),
                p.types());
        DisplayMessages.DrawCopy.Decoded d = DisplayMessages.DrawCopy.decode(p.sent.get(3).encode());
        assertEquals(W, d.box().width());
        assertEquals(H, d.box().height());
        assertEquals(DisplayMessages.IMAGE_TYPE_BITMAP, d.image().type(), "no LZ4 cap: raw bitmap");
        assertTrue(Arrays.equals(device.fb, d.image().pixels()), "the first draw is the device's frame");
    }

    @Test
    void withoutTheMonitorsConfigCapThereIsNoMonitorsConfig() {
        Peer p = connect(Capabilities.NONE);
        assertTrue(!p.types().contains(DisplayMessages.MonitorsConfig.TYPE));
    }

    @Test
    void lz4ForClientsThatDecodeItUnlessCompressionIsOff() {
        Peer lz4 = connect(Capabilities.of(DisplayMessages.CAP_LZ4_COMPRESSION));
        assertEquals(DisplayMessages.IMAGE_TYPE_LZ4, DisplayMessages.DrawCopy.decode(lz4.sent.get(2).encode())
                .image().type());
        channel = new DisplayChannel(new Context(), device, Compression.OFF);
        Peer raw = connect(Capabilities.of(DisplayMessages.CAP_LZ4_COMPRESSION));
        assertEquals(DisplayMessages.IMAGE_TYPE_BITMAP, DisplayMessages.DrawCopy.decode(raw.sent.get(2).encode())
                .image().type());
    }

    @Test
    void afterTheFirstFrameOnlyDirtyRectanglesAndFillsForSolidOnes() {
        Peer p = connect(Capabilities.NONE);
        p.sent.clear();
        draw(10, 10, 8, 4, 0x00FF8040);
        loop.runAll();
        assertEquals(List.of(DisplayMessages.DrawFill.TYPE), p.types());
        DisplayMessages.DrawFill f = DisplayMessages.DrawFill.decode(p.sent.get(0).encode());
        assertEquals(0x00FF8040, f.color());
        assertEquals(10, f.box().left());
        assertEquals(14, f.box().bottom());
    }

    @Test
    void aClientThatIsNotWritableGetsOneMergedUpdateWithTheNewestPixels() {
        Peer slow = connect(Capabilities.NONE);
        Peer fast = connect(Capabilities.NONE);
        slow.sent.clear();
        fast.sent.clear();
        slow.writable = false;
        for (int i = 0; i < 100; i++) {
            draw(0, 0, 16, 16, i); // a hundred frames of the same area
            loop.runAll();
        }
        assertEquals(0, slow.sent.size(), "nothing queued for a client that does not keep up");
        assertEquals(100, fast.sent.size(), "the other client got every frame");
        slow.writable = true;
        channel.writable(slow);
        assertEquals(1, slow.sent.size(), "one merged update");
        assertEquals(99, DisplayMessages.DrawFill.decode(slow.sent.get(0).encode()).color(), "the newest pixels");
    }

    @Test
    void largeAreasGoOutInBandsAndStopWhenTheClientFallsBehind() {
        Peer p = connect(Capabilities.NONE);
        p.sent.clear();
        p.writableFor = 1; // one message, then not writable
        int[] px = new int[W * H];
        for (int i = 0; i < px.length; i++) {
            px[i] = i;
        }
        System.arraycopy(px, 0, device.fb, 0, px.length);
        device.fire(new QxlCommand.Draw(0, 0, 0, W, H, px));
        loop.runAll();
        assertEquals(1, p.sent.size());
        p.writableFor = Integer.MAX_VALUE;
        channel.writable(p);
        int rows = 0;
        for (SpiceMessage m : p.sent) {
            rows += DisplayMessages.DrawCopy.decode(m.encode()).box().height();
        }
        assertEquals(H, rows, "the bands add up to the area");
    }

    @Test
    void unknownMessageTypeIsAProtocolError() {
        Peer p = connect(Capabilities.NONE);
        CorruptedMessageException e = org.junit.jupiter.api.Assertions.assertThrows(CorruptedMessageException.class,
                () -> channel.received(p, 150, ByteBuffer.allocate(0)));
        assertTrue(e.getMessage().contains("150") && e.getMessage().contains("display:0"), e.getMessage());
    }

    // ---------------------------------------------------------------- fakes

    /** The test thread is the loop; execute() queues until runAll(). */
    static final class Loop implements EventLoop {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        void runAll() {
            Runnable r;
            while ((r = tasks.poll()) != null) {
                r.run();
            }
        }

        @Override
        public String name() {
            return "spice-worker-0";
        }

        @Override
        public boolean inEventLoop() {
            return true;
        }

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
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

    final class Context implements ChannelContext {
        @Override
        public ChannelId id() {
            return new ChannelId(ChannelType.DISPLAY, 0);
        }

        @Override
        public EventLoop loop() {
            return loop;
        }

        @Override
        public SpiceServer server() {
            throw new UnsupportedOperationException();
        }
    }

    final class Device implements QxlDevice {
        final int[] fb = new int[W * H];
        final List<QxlCommandListener> listeners = new ArrayList<>();

        void fire(QxlCommand c) {
            for (QxlCommandListener l : List.copyOf(listeners)) {
                l.onCommand(this, c);
            }
        }

        @Override
        public int id() {
            return 0;
        }

        @Override
        public Surface primarySurface() {
            return new Surface(0, W, H, Surface.FORMAT_32_XRGB);
        }

        @Override
        public EventLoop workerLoop() {
            return loop;
        }

        @Override
        public boolean isRunning() {
            return true;
        }

        @Override
        public void submit(QxlCommand command) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addListener(QxlCommandListener listener) {
            listeners.add(listener);
        }

        @Override
        public void removeListener(QxlCommandListener listener) {
            listeners.remove(listener);
        }

        @Override
        public long commandsProcessed() {
            return 0;
        }

        @Override
        public int[] framebuffer() {
            return fb;
        }

        @Override
        public CompletableFuture<int[]> snapshot() {
            return CompletableFuture.completedFuture(fb.clone());
        }

        @Override
        public CursorState cursor() {
            throw new UnsupportedOperationException();
        }

        @Override
        public DisplayCanvas open(String owner) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void input(KeyEvent event) {
        }

        @Override
        public void input(PointerEvent event) {
        }

        @Override
        public long inputsDelivered() {
            return 0;
        }
    }

    /** A channel client that records encoded messages (copied, as the real connection does). */
    static final class Peer implements ChannelClient {
        final List<SpiceMessage> sent = new ArrayList<>();
        final Capabilities caps;
        boolean writable = true;
        int writableFor = Integer.MAX_VALUE;

        Peer(Capabilities caps) {
            this.caps = caps;
        }

        List<Integer> types() {
            return sent.stream().map(SpiceMessage::type).toList();
        }

        @Override
        public void send(SpiceMessage message) {
            ByteBuffer copy = message.encode();
            int type = message.type();
            sent.add(new SpiceMessage() {
                @Override
                public int type() {
                    return type;
                }

                @Override
                public int bodySize() {
                    return copy.remaining();
                }

                @Override
                public void writeBody(ByteBuffer out) {
                    out.put(copy.duplicate());
                }
            });
            writableFor--;
        }

        @Override
        public void send(int type, ByteBuffer body) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isWritable() {
            return writable && writableFor > 0;
        }

        @Override
        public Channel channel() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Client client() {
            return new Client() {
                @Override
                public int sessionId() {
                    return 7;
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
                    return List.of();
                }

                @Override
                public ChannelClient mainChannelClient() {
                    return null;
                }
            };
        }

        @Override
        public Connection connection() {
            return new Connection() {
                @Override
                public long id() {
                    return 1;
                }

                @Override
                public String remoteAddress() {
                    return "test";
                }

                @Override
                public boolean isOpen() {
                    return true;
                }

                @Override
                public void close() {
                }

                @Override
                public boolean miniHeader() {
                    return true;
                }

                @Override
                public Capabilities commonCapabilities() {
                    return Capabilities.NONE;
                }

                @Override
                public Capabilities channelCapabilities() {
                    return caps;
                }

                @Override
                public long bytesIn() {
                    return 0;
                }

                @Override
                public long bytesOut() {
                    return 0;
                }

                @Override
                public long messagesIn() {
                    return 0;
                }

                @Override
                public long messagesOut() {
                    return 0;
                }
            };
        }

        @Override
        public State state() {
            return State.CONNECTED;
        }

        @Override
        public void disconnect() {
        }

        @Override
        public boolean isAbandoned() {
            return false;
        }

        @Override
        public void ping(int payloadSize) {
        }

        @Override
        public long roundTripNanos() {
            return -1;
        }
    }
}
