package io.saffron.core.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Ways of handing a byte stream to a push parser "as if received over the network" (the Guacamole parser-test
 * pattern): whole, one byte at a time, and in random splits from many seeds. Each chunk sits inside a larger
 * array (or a direct buffer) with garbage around it and big-endian order, so that a parser relying on position 0,
 * on the array offset or on the buffer's byte order fails.
 */
final class Feeds {

    /** The number of random splits per stream. */
    static final int SEEDS = 60;

    /** One way of splitting a stream. */
    record Feeding(String name, List<ByteBuffer> chunks) {

        @Override
        public String toString() {
            return name;
        }
    }

    private Feeds() {
    }

    /** Returns every feeding of {@code stream}: whole, byte by byte, then {@link #SEEDS} random splits. */
    static List<Feeding> all(byte[] stream) {
        List<Feeding> feedings = new ArrayList<>();
        feedings.add(new Feeding("whole", List.of(chunk(stream, 0, stream.length, false))));
        List<ByteBuffer> bytes = new ArrayList<>();
        for (int i = 0; i < stream.length; i++) {
            bytes.add(chunk(stream, i, i + 1, false));
        }
        feedings.add(new Feeding("byte by byte", bytes));
        for (int seed = 0; seed < SEEDS; seed++) {
            feedings.add(new Feeding("random seed " + seed, random(stream, seed)));
        }
        return feedings;
    }

    /** Splits at random points; some chunks are empty, some small, some large; odd seeds use direct buffers. */
    static List<ByteBuffer> random(byte[] stream, long seed) {
        Random random = new Random(seed);
        boolean direct = seed % 2 == 1;
        List<ByteBuffer> chunks = new ArrayList<>();
        int from = 0;
        while (from < stream.length) {
            int max = random.nextInt(4) == 0 ? 300 : 12;
            int to = Math.min(stream.length, from + random.nextInt(max + 1));
            chunks.add(chunk(stream, from, to, direct));
            from = to;
        }
        return chunks;
    }

    /** Copies {@code stream[from, to)} into a buffer whose position and limit frame it, with garbage around. */
    static ByteBuffer chunk(byte[] stream, int from, int to, boolean direct) {
        int pad = 3;
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(to - from + 2 * pad)
                : ByteBuffer.allocate(to - from + 2 * pad);
        byte[] garbage = new byte[pad];
        Arrays.fill(garbage, (byte) 0x5a);
        buffer.put(garbage).put(stream, from, to - from).put(garbage);
        return buffer.position(pad).limit(pad + to - from);
    }

    /** Overwrites a whole chunk, as a caller reusing its read buffer would. */
    static void scribble(ByteBuffer chunk) {
        ByteBuffer all = chunk.duplicate().clear();
        for (int i = 0; i < all.capacity(); i++) {
            all.put(i, (byte) 0xee);
        }
    }

    /** Concatenates byte arrays. */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Returns the remaining bytes of a buffer without moving its position. */
    static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** Parses hex with optional spaces and newlines, as the byte dumps in spice-wire.md are written. */
    static byte[] hex(String dump) {
        return HexFormat.of().parseHex(dump.replaceAll("\\s+", ""));
    }

    /** Formats bytes as lower-case hex without separators. */
    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Builds little-endian bytes from u32 values. */
    static byte[] u32(int... values) {
        ByteBuffer out = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : values) {
            out.putInt(value);
        }
        return out.array();
    }

    /** Returns {@code n} bytes of a recognisable pattern. */
    static byte[] pattern(int n, int seed) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) (seed + 7 * i);
        }
        return bytes;
    }
}
