package io.saffron.itests;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

import io.saffron.core.ChannelType;
import io.saffron.core.protocol.Capabilities;
import io.saffron.core.protocol.CommonCaps;
import io.saffron.core.protocol.CommonMessages;
import io.saffron.core.protocol.LinkError;
import io.saffron.core.protocol.LinkHeader;
import io.saffron.core.protocol.LinkKeys;
import io.saffron.core.protocol.LinkMessage;
import io.saffron.core.protocol.LinkReply;
import io.saffron.core.protocol.MessageHeader;
import io.saffron.core.protocol.SpiceLinkException;
import io.saffron.core.protocol.SpiceMessage;

/**
 * A raw SPICE link client on a plain blocking {@link Socket} (spice-wire.md §1): it sends the link header and
 * link message, reads the 16-byte header and the reply it announces, then sends auth mechanism 1 (AUTH_SPICE) and
 * the 128-byte ticket of an empty password, and reads the 4-byte link result. It advertises the common caps of
 * spice-html5, AUTH_SELECTION + MINI_HEADER ({@code 0x09}), and no channel caps.
 *
 * <p>Not thread-safe; one test thread uses it. Every read has a timeout, so a server that never answers fails the
 * test instead of hanging it.
 */
final class LinkClient implements AutoCloseable {

    /** AUTH_SELECTION + MINI_HEADER, as spice-html5 sends them. */
    static final Capabilities CLIENT_COMMON_CAPS = Capabilities.of(CommonCaps.PROTOCOL_AUTH_SELECTION,
            CommonCaps.MINI_HEADER);

    /** The auth mechanism word for RSA tickets (the capability number of AUTH_SPICE). */
    static final int AUTH_MECHANISM_SPICE = 1;

    private static final int READ_TIMEOUT_MILLIS = 5_000;

    /** The link header and the reply after it, as read from the wire. */
    record Reply(LinkHeader header, LinkReply.Decoded decoded) {
    }

    /** A whole handshake: the reply, and the link result (null when the reply was an error). */
    record Result(Reply reply, LinkError result) {
    }

    /** One data-stage message from the server; the body is little endian. */
    record Message(int type, ByteBuffer body) {
        @Override
        public String toString() {
            return "message " + type + " (" + body.remaining() + " bytes)";
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private Reply reply;
    private Capabilities channelCaps = Capabilities.NONE;
    private String password = "";
    // Ack window as spice-gtk keeps it (spice-wire.md §4.3): messages since SET_ACK (not counting it).
    private int ackWindow;
    private int ackCount;
    private long messagesRead;

    private LinkClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens a TCP connection to the server. */
    static LinkClient connect(InetSocketAddress address) throws IOException {
        return connect(address, 0);
    }

    /**
     * Opens a TCP connection with a given receive buffer (0 = the system's), as a client that reads slowly has.
     */
    static LinkClient connect(InetSocketAddress address, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        try {
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer); // before connect, so the window is small from the start
            }
            s.setTcpNoDelay(true);
            s.setSoTimeout(READ_TIMEOUT_MILLIS);
            s.connect(address, READ_TIMEOUT_MILLIS);
            return new LinkClient(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** The link message this client sends for a channel, with no channel caps. */
    static LinkMessage linkMessage(int connectionId, int channelType, int channelId) {
        return new LinkMessage(connectionId, channelType, channelId, CLIENT_COMMON_CAPS, Capabilities.NONE);
    }

    /** Sets the channel caps of the next link (spice-gtk's display caps, for example). */
    LinkClient channelCaps(Capabilities caps) {
        this.channelCaps = caps;
        return this;
    }

    /** Sets the password whose ticket the next link sends (default empty). */
    LinkClient password(String password) {
        this.password = password;
        return this;
    }

    /** Runs the whole handshake for {@code type:id} of session {@code connectionId} (0 for main). */
    Result link(int connectionId, ChannelType type, int channelId) throws IOException, SpiceLinkException {
        return link(connectionId, type.code(), channelId);
    }

    /** Runs the whole handshake with a raw channel type code. */
    Result link(int connectionId, int channelType, int channelId) throws IOException, SpiceLinkException {
        send(new LinkMessage(connectionId, channelType, channelId, CLIENT_COMMON_CAPS, channelCaps).encode());
        Reply r = readReply();
        if (r.decoded().error() != LinkError.OK) {
            return new Result(r, null);
        }
        return new Result(r, authenticate());
    }

    /** Writes raw bytes, from position to limit. */
    void send(ByteBuffer bytes) throws IOException {
        byte[] b = new byte[bytes.remaining()];
        bytes.get(b);
        out.write(b);
        out.flush();
    }

    /** Reads a link header and the SpiceLinkReply it announces, and decodes both. */
    Reply readReply() throws IOException, SpiceLinkException {
        byte[] head = new byte[LinkHeader.BYTES];
        in.readFully(head);
        LinkHeader header = LinkHeader.decode(ByteBuffer.wrap(head));
        long size = Integer.toUnsignedLong(header.size());
        if (size > LinkHeader.MAX_MESSAGE_SIZE) {
            throw new IOException("link reply announces " + size + " bytes (expected: <= "
                    + LinkHeader.MAX_MESSAGE_SIZE + ")");
        }
        byte[] whole = new byte[LinkHeader.BYTES + (int) size];
        System.arraycopy(head, 0, whole, 0, head.length);
        in.readFully(whole, LinkHeader.BYTES, (int) size);
        reply = new Reply(header, LinkReply.decode(ByteBuffer.wrap(whole)));
        return reply;
    }

    /**
     * After an OK reply: sends auth mechanism 1 and the ticket of an empty password encrypted with the reply's key,
     * then reads the 4-byte link result.
     */
    LinkError authenticate() throws IOException {
        if (reply == null || reply.decoded().error() != LinkError.OK) {
            throw new IllegalStateException("no OK link reply to authenticate against (reply: " + reply + ")");
        }
        byte[] ticket = LinkKeys.encryptTicket(reply.decoded().publicKey(), password);
        ByteBuffer auth = ByteBuffer.allocate(Integer.BYTES + ticket.length).order(ByteOrder.LITTLE_ENDIAN);
        auth.putInt(AUTH_MECHANISM_SPICE).put(ticket).flip();
        send(auth);
        byte[] result = new byte[LinkReply.RESULT_BYTES];
        in.readFully(result);
        return LinkReply.decodeResult(ByteBuffer.wrap(result));
    }

    // ---------------------------------------------------------------- data stage (mini header)

    /** Sends one message with a mini header. */
    void sendMessage(SpiceMessage message) throws IOException {
        sendMessage(message.type(), message.encode());
    }

    /** Sends one message with a mini header and any body, malformed ones included. */
    void sendMessage(int type, ByteBuffer body) throws IOException {
        ByteBuffer m = ByteBuffer.allocate(MessageHeader.MINI_BYTES + body.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        m.putShort((short) type).putInt(body.remaining()).put(body.duplicate()).flip();
        send(m);
    }

    /**
     * Reads the next message. Like spice-gtk it answers SET_ACK with ACK_SYNC and then one ACK per window, and
     * PING with PONG; those messages are returned too.
     */
    Message readMessage() throws IOException {
        byte[] head = new byte[MessageHeader.MINI_BYTES];
        in.readFully(head);
        ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        int type = h.getShort() & 0xFFFF;
        int size = h.getInt();
        if (size < 0 || size > 64 * 1024 * 1024) {
            throw new IOException("message " + type + " announces " + Integer.toUnsignedString(size)
                    + " bytes (expected: <= 64 MiB)");
        }
        byte[] body = new byte[size];
        in.readFully(body);
        Message m = new Message(type, ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN));
        messagesRead++;
        if (type == CommonMessages.SetAck.TYPE) {
            CommonMessages.SetAck ack = CommonMessages.SetAck.decode(m.body());
            ackWindow = ack.window();
            ackCount = 0;
            sendMessage(new CommonMessages.AckSync(ack.generation()));
        } else {
            if (ackWindow > 0 && ++ackCount == ackWindow) {
                ackCount = 0;
                sendMessage(new CommonMessages.Ack());
            }
            if (type == CommonMessages.Ping.TYPE) {
                CommonMessages.Ping ping = CommonMessages.Ping.decode(m.body());
                sendMessage(new CommonMessages.Pong(ping.id(), ping.timestamp()));
            }
        }
        return m;
    }

    /** Reads messages until one of {@code type} arrives, and returns it; the skipped ones are handled as above. */
    Message expect(int type) throws IOException {
        while (true) {
            Message m = readMessage();
            if (m.type() == type) {
                return m;
            }
        }
    }

    /** Messages read so far. */
    long messagesRead() {
        return messagesRead;
    }

    /** Sets the read timeout of later reads. */
    void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    /**
     * Reads (and drops) whatever the server sends until it closes the connection.
     *
     * @return true when the server closed it (end of stream or reset) within {@code timeout}; false when the
     *         connection was still open at the deadline
     */
    boolean awaitClosedByServer(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] sink = new byte[4096];
        int previous = socket.getSoTimeout();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
                try {
                    if (in.read(sink) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    return false;
                } catch (EOFException e) {
                    return true;
                } catch (SocketException e) {
                    // "Connection reset": the server closed with data unread
                    return true;
                }
            }
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(previous);
            }
        }
    }

    /** Whether the server left the connection open for {@code quiet}: nothing but a read timeout (or data). */
    boolean staysOpenFor(Duration quiet) throws IOException {
        return !awaitClosedByServer(quiet);
    }

    /** The local port, which the server sees as the peer port. */
    int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public String toString() {
        return "link client " + socket.getLocalSocketAddress() + " -> " + socket.getRemoteSocketAddress();
    }
}
