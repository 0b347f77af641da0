package io.saffron.core.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * LZ4 <em>block</em> format (no frame), as carried by SPICE image type LZ4 (spice-wire.md §7.6).
 *
 * <p>A block is a series of sequences: a token byte (high nibble literal length, low nibble match length − 4; 15
 * means "more length bytes follow, each added, until one is not 255"), the literals, then a u16 little-endian
 * match offset (1..65535 bytes back) and the match. The last sequence has literals only and ends the block.
 *
 * <p>The compressor is greedy, with one hash table of 5-byte prefixes whose candidates are verified, and obeys the
 * format's end rules, so its output is valid for any conforming decoder ({@code LZ4_decompress_safe}): matches are
 * at least 4 bytes, the last 5 bytes are literals, the last match starts at least 12 bytes before the end, and
 * offsets stay within 64 KiB. Inputs shorter than 13 bytes become one literal run.
 *
 * <p>The decompressor checks every length and offset against its input and output bounds and throws
 * {@link CorruptedMessageException} on malformed blocks; it never reads or writes outside its ranges.
 *
 * <p>Stateless; safe for use by any thread.
 */
public final class Lz4 {

    /** The shortest match the format can express. */
    static final int MIN_MATCH = 4;

    /** The number of bytes at the end of a block that must be literals. */
    static final int LAST_LITERALS = 5;

    /** The last match must start at least this many bytes before the end of the block. */
    static final int MATCH_FIND_LIMIT = 12;

    /** The largest match offset. */
    static final int MAX_OFFSET = 0xffff;

    /**
     * Longer literal runs and matches are reported as overruns without reading further length bytes (keeps the sums
     * far from int overflow; no valid block within an int-sized output has one).
     */
    private static final int MAX_LENGTH = Integer.MAX_VALUE - 1024;

    /** log2 of the hash table size used by {@link #compress(byte[], int, int)}. */
    static final int HASH_LOG = 13;

    /** After 2^SKIP_TRIGGER failed probes in a row the step grows by one byte (speeds up incompressible input). */
    private static final int SKIP_TRIGGER = 6;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private Lz4() {
    }

    /**
     * Returns the largest block {@link #compress} can produce for {@code length} input bytes.
     *
     * @param length the input length, {@code >= 0}
     * @return {@code length + length / 255 + 16}
     */
    public static int maxCompressedLength(int length) {
        if (length < 0 || length > Integer.MAX_VALUE - 16 - length / 255) {
            throw new IllegalArgumentException("LZ4 input length " + length + " (expected: 0.."
                    + (Integer.MAX_VALUE - 16 - Integer.MAX_VALUE / 255) + ")");
        }
        return length + length / 255 + 16;
    }

    /**
     * Compresses {@code src[off, off + len)} into one LZ4 block.
     *
     * @param src the input
     * @param off the first input byte
     * @param len the input length; any length (matches reach back at most 64 KiB)
     * @return the block, exactly as long as needed
     * @throws IndexOutOfBoundsException if the range is outside {@code src}
     */
    public static byte[] compress(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        byte[] dst = new byte[maxCompressedLength(len)];
        int n = compress(src, off, len, dst, 0, len > MATCH_FIND_LIMIT ? new int[1 << HASH_LOG] : null);
        return Arrays.copyOf(dst, n);
    }

    /**
     * Compresses {@code src[off, off + len)} into {@code dst} at {@code dstOff}, which must have
     * {@link #maxCompressedLength(int)} bytes of room. The hash table may be reused between calls without clearing:
     * stale entries are only hints, every candidate match is verified.
     *
     * @param table a hash table whose length is a power of two from 2^8 to 2^16; null is allowed when
     *              {@code len <= 12}
     * @return the number of bytes written
     */
    static int compress(byte[] src, int off, int len, byte[] dst, int dstOff, int[] table) {
        final int end = off + len;
        int op = dstOff;
        int anchor = off;
        if (len > MATCH_FIND_LIMIT) {
            final int shift = 64 - Integer.numberOfTrailingZeros(table.length);
            final int ipLimit = end - MATCH_FIND_LIMIT; // a match may start at ipLimit at the latest
            final int matchLimit = end - LAST_LITERALS; // and end at matchLimit at the latest
            int ip = off;
            int probes = 1 << SKIP_TRIGGER;
            while (ip <= ipLimit) {
                long eight = (long) LONG.get(src, ip); // ip + 8 <= end - 4
                int sequence = (int) eight;
                int h = hash(eight, shift);
                int ref = off + table[h];
                table[h] = ip - off;
                if (ref >= ip || ip - ref > MAX_OFFSET || (int) INT.get(src, ref) != sequence) {
                    ip += probes++ >>> SKIP_TRIGGER;
                    continue;
                }
                while (ip > anchor && ref > off && src[ip - 1] == src[ref - 1]) {
                    ip--;
                    ref--;
                }
                int matchLength = MIN_MATCH + commonLength(src, ip + MIN_MATCH, ref + MIN_MATCH, matchLimit);
                op = writeSequence(src, anchor, ip - anchor, ip - ref, matchLength, dst, op);
                ip += matchLength;
                anchor = ip;
                probes = 1 << SKIP_TRIGGER;
                if (ip <= ipLimit) {
                    // The position two bytes back is a cheap extra entry that often starts the next match.
                    table[hash((long) LONG.get(src, ip - 2), shift)] = ip - 2 - off;
                }
            }
        }
        int literals = end - anchor;
        op = writeLength(dst, op, literals, 4);
        System.arraycopy(src, anchor, dst, op, literals);
        return op + literals - dstOff;
    }

    /**
     * Hashes the first 5 bytes of {@code eight} (little endian) into a table index. Five bytes rather than the
     * 4 of the minimum match make the candidate more often the start of a longer match.
     */
    private static int hash(long eight, int shift) {
        return (int) (((eight << 24) * 0x9E3779B97F4A7C15L) >>> shift);
    }

    /** The number of equal bytes at {@code a} and {@code b} (with {@code b < a}), counting up to {@code limit}. */
    private static int commonLength(byte[] src, int a, int b, int limit) {
        int start = a;
        while (a <= limit - Long.BYTES) {
            long diff = (long) LONG.get(src, a) ^ (long) LONG.get(src, b);
            if (diff != 0) {
                return a - start + (Long.numberOfTrailingZeros(diff) >>> 3);
            }
            a += Long.BYTES;
            b += Long.BYTES;
        }
        while (a < limit && src[a] == src[b]) {
            a++;
            b++;
        }
        return a - start;
    }

    /** Writes token, literals, offset and match length; returns the new output position. */
    private static int writeSequence(byte[] src, int literalStart, int literals, int offset, int matchLength,
            byte[] dst, int op) {
        int token = op;
        op = writeLength(dst, op, literals, 4);
        System.arraycopy(src, literalStart, dst, op, literals);
        op += literals;
        dst[op++] = (byte) offset;
        dst[op++] = (byte) (offset >>> 8);
        int code = matchLength - MIN_MATCH;
        if (code < 15) {
            dst[token] |= (byte) code;
            return op;
        }
        dst[token] |= 0x0f;
        return writeExtraLength(dst, op, code - 15);
    }

    /**
     * Writes a token whose nibble at {@code shift} holds {@code length} (the other nibble zero), plus the extra
     * length bytes when {@code length >= 15}; returns the new output position.
     */
    private static int writeLength(byte[] dst, int op, int length, int shift) {
        if (length < 15) {
            dst[op] = (byte) (length << shift);
            return op + 1;
        }
        dst[op] = (byte) (15 << shift);
        return writeExtraLength(dst, op + 1, length - 15);
    }

    private static int writeExtraLength(byte[] dst, int op, int rest) {
        while (rest >= 255) {
            dst[op++] = (byte) 255;
            rest -= 255;
        }
        dst[op++] = (byte) rest;
        return op;
    }

    /**
     * Decompresses one LZ4 block. Matches may reach back only to {@code dstOff}.
     *
     * @param src    the input
     * @param off    the first byte of the block
     * @param len    the block length
     * @param dst    the output
     * @param dstOff where to write the first decompressed byte
     * @param dstMax the most bytes that may be written
     * @return the number of bytes written
     * @throws CorruptedMessageException if the block is empty, truncated, has a match offset of 0 or before
     *                                   {@code dstOff}, or would write more than {@code dstMax} bytes
     * @throws IndexOutOfBoundsException if a range is outside its array
     */
    public static int decompress(byte[] src, int off, int len, byte[] dst, int dstOff, int dstMax) {
        Objects.checkFromIndexSize(off, len, src.length);
        Objects.checkFromIndexSize(dstOff, dstMax, dst.length);
        return decompress(src, off, len, dst, dstOff, dstOff, dstOff + dstMax);
    }

    /**
     * Decompresses one block into {@code dst[dstOff, dstEnd)}; matches may reach back to {@code prefixStart}
     * ({@code <= dstOff}), so that consecutive blocks decode as one stream like {@code LZ4_decompress_safe_continue}.
     * Ranges are trusted to lie inside the arrays.
     */
    static int decompress(byte[] src, int off, int len, byte[] dst, int prefixStart, int dstOff, int dstEnd) {
        if (len == 0) {
            throw new CorruptedMessageException("LZ4 block is 0 bytes (expected: at least 1, the token)");
        }
        final int end = off + len;
        int ip = off;
        int op = dstOff;
        while (true) {
            int token = src[ip++] & 0xff;
            int literals = token >>> 4;
            if (literals == 15) {
                int b;
                do {
                    if (ip == end) {
                        throw truncatedLength("literal", ip - off);
                    }
                    b = src[ip++] & 0xff;
                    literals += b;
                } while (b == 255 && literals < MAX_LENGTH);
            }
            if (literals > end - ip) {
                throw new CorruptedMessageException("LZ4 literal run of " + literals + " bytes at block offset "
                        + (ip - off) + " exceeds the " + (end - ip) + " bytes left of a " + len + "-byte block");
            }
            if (literals > dstEnd - op) {
                throw overrun(literals, op - dstOff, dstEnd - dstOff);
            }
            System.arraycopy(src, ip, dst, op, literals);
            ip += literals;
            op += literals;
            if (ip == end) {
                return op - dstOff;
            }
            if (end - ip < 2) {
                throw new CorruptedMessageException("LZ4 block ends inside a match offset at block offset "
                        + (ip - off) + " (expected: 2 bytes, " + (end - ip) + " left)");
            }
            int offset = (src[ip] & 0xff) | (src[ip + 1] & 0xff) << 8;
            ip += 2;
            if (offset == 0 || offset > op - prefixStart) {
                throw new CorruptedMessageException("LZ4 match offset " + offset + " at block offset " + (ip - 2 - off)
                        + " (expected: 1.." + Math.min(MAX_OFFSET, op - prefixStart) + ", the bytes decoded so far)");
            }
            int matchLength = token & 0x0f;
            if (matchLength == 15) {
                int b;
                do {
                    if (ip == end) {
                        throw truncatedLength("match", ip - off);
                    }
                    b = src[ip++] & 0xff;
                    matchLength += b;
                } while (b == 255 && matchLength < MAX_LENGTH);
            }
            matchLength += MIN_MATCH;
            if (matchLength > dstEnd - op) {
                throw overrun(matchLength, op - dstOff, dstEnd - dstOff);
            }
            copyMatch(dst, op, offset, matchLength);
            op += matchLength;
            if (ip == end) {
                throw new CorruptedMessageException("LZ4 block of " + len + " bytes ends with a match (expected: a"
                        + " last sequence of literals only)");
            }
        }
    }

    private static CorruptedMessageException truncatedLength(String what, int at) {
        return new CorruptedMessageException("LZ4 block ends inside a " + what + " length at block offset " + at);
    }

    private static CorruptedMessageException overrun(int length, int written, int max) {
        return new CorruptedMessageException("LZ4 block writes " + length + " more bytes after " + written
                + " (expected: at most " + max + " in all)");
    }

    /** Copies {@code length} bytes from {@code offset} bytes back; overlapping copies repeat the pattern. */
    private static void copyMatch(byte[] dst, int op, int offset, int length) {
        int ref = op - offset;
        if (offset >= length) {
            System.arraycopy(dst, ref, dst, op, length);
        } else if (offset == 1) {
            Arrays.fill(dst, op, op + length, dst[ref]);
        } else {
            // dst[ref, o) is periodic with period offset and o - ref is a multiple of it: copy doubling chunks.
            int end = op + length;
            for (int o = op; o < end;) {
                int n = Math.min(o - ref, end - o);
                System.arraycopy(dst, ref, dst, o, n);
                o += n;
            }
        }
    }
}
