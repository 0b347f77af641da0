package io.saffron.core.protocol;

import static io.saffron.core.protocol.MessageCase.assertCorrupted;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Lz4Test {

    // ---- round trips -----------------------------------------------------------------------------------------

    @Test
    void smallInputsFrom0To20Bytes() {
        Random random = new Random(1);
        for (int n = 0; n <= 20; n++) {
            byte[] zeros = new byte[n];
            byte[] noise = new byte[n];
            random.nextBytes(noise);
            byte[] counting = new byte[n];
            for (int i = 0; i < n; i++) {
                counting[i] = (byte) (i % 3);
            }
            for (byte[] input : new byte[][] {zeros, noise, counting}) {
                byte[] block = roundTrip(input);
                if (n <= 12) {
                    // too short for any match: token with the literal count, then the literals
                    assertEquals(1 + n, block.length);
                    assertEquals(n << 4, block[0] & 0xff);
                }
            }
        }
    }

    @Test
    void emptyInputIsOneZeroToken() {
        assertArrayEquals(new byte[] {0}, Lz4.compress(new byte[0], 0, 0));
        assertEquals(0, Lz4.decompress(new byte[] {0}, 0, 1, new byte[0], 0, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 100, 4096, 65535, 65536, 65537, 1 << 20})
    void randomData(int n) {
        byte[] input = new byte[n];
        new Random(n).nextBytes(input);

        byte[] block = roundTrip(input);

        assertTrue(block.length <= Lz4.maxCompressedLength(n));
        assertTrue(block.length >= n, "random data does not compress");
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 14, 17, 20, 100, 65536, 1 << 20})
    void allZeros(int n) {
        byte[] block = roundTrip(new byte[n]);

        assertTrue(block.length <= 32 + n / 250, block.length + " bytes for " + n + " zeros");
    }

    @Test
    void highlyRepetitiveData() {
        byte[] input = new byte[500_000];
        byte[] motif = "SPICE!?".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < input.length; i++) {
            input[i] = motif[i % motif.length];
        }

        assertTrue(roundTrip(input).length < 2_100);
    }

    @Test
    void thirtyTwoEqualBytesCompressToTheExpectedSequences() {
        byte[] a = new byte[32];
        Arrays.fill(a, (byte) 'a');

        // token 1 literal + match code 15, 'a', offset 1, 7 more (4 + 15 + 7 = 26), then 5 last literals
        assertEquals("1f61010007" + "506161616161", Feeds.hex(Lz4.compress(a, 0, 32)));
    }

    @Test
    void aScreenOf1024x768WithGradientsWindowsAndText() {
        int[] screen = screen(1024, 768, 7);
        byte[] input = new byte[screen.length * 4];
        ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(screen);

        byte[] block = roundTrip(input);

        assertEquals(3 * 1024 * 1024, input.length);
        assertTrue(block.length < input.length / 4, block.length + " bytes");
    }

    @Test
    void repeatsBeyondTheWindowAreNotReferenced() {
        byte[] input = new byte[200_000];
        byte[] half = new byte[100_000];
        new Random(5).nextBytes(half);
        System.arraycopy(half, 0, input, 0, half.length);
        System.arraycopy(half, 0, input, half.length, half.length);

        byte[] block = roundTrip(input);

        assertTrue(block.length > input.length, "the second half is 100000 bytes back, beyond 65535");
    }

    @Test
    void repeatsAtExactlyTheLargestOffsetAreUsed() {
        byte[] input = new byte[65535 + 1000];
        byte[] head = new byte[1000];
        new Random(6).nextBytes(input);
        new Random(7).nextBytes(head);
        System.arraycopy(head, 0, input, 0, 1000);
        System.arraycopy(head, 0, input, 65535, 1000);

        byte[] block = roundTrip(input);

        assertEquals(65535, checkFormatRules(block, input.length));
        assertTrue(block.length < input.length - 500, block.length + " bytes");
    }

    @Test
    void compressesIntoAnOffsetWithAReusedTable() {
        int[] table = new int[1 << Lz4.HASH_LOG];
        byte[] dst = new byte[10 + Lz4.maxCompressedLength(70_000)];
        Random random = new Random(12);
        for (int round = 0; round < 5; round++) {
            byte[] input = new byte[1 + random.nextInt(70_000)];
            for (int i = 0; i < input.length; i++) {
                input[i] = (byte) (random.nextInt(1 + round) + i / 1000);
            }
            int n = Lz4.compress(input, 0, input.length, dst, 10, table);
            byte[] block = Arrays.copyOfRange(dst, 10, 10 + n);

            checkFormatRules(block, input.length);
            byte[] out = new byte[input.length];
            assertEquals(input.length, Lz4.decompress(block, 0, n, out, 0, out.length));
            assertArrayEquals(input, out);
        }
    }

    @Test
    void compressesASubRange() {
        byte[] input = new byte[1000];
        new Random(8).nextBytes(input);
        Arrays.fill(input, 100, 900, (byte) 7);

        byte[] block = Lz4.compress(input, 50, 900);
        byte[] out = new byte[900];

        assertEquals(900, Lz4.decompress(block, 0, block.length, out, 0, 900));
        assertArrayEquals(Arrays.copyOfRange(input, 50, 950), out);
        checkFormatRules(block, 900);
    }

    @Test
    void manyShapesObeyTheFormatRules() {
        Random random = new Random(9);
        for (int round = 0; round < 400; round++) {
            int n = random.nextInt(round < 200 ? 64 : 5000);
            byte[] input = new byte[n];
            int alphabet = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                input[i] = (byte) random.nextInt(alphabet);
            }
            roundTrip(input);
        }
    }

    // ---- decompression -----------------------------------------------------------------------------------------

    /** A block made by the reference LZ4 library (LZ4_compress_default) from the text below. */
    @Test
    void decodesAReferenceBlock() {
        byte[] block = Feeds.hex("ff0653504943452072656d6f746520646973706c617920150056e06f766572204c5a342c20656e642e");
        String text = "SPICE remote display ".repeat(6) + "over LZ4, end.";
        byte[] out = new byte[200];

        int n = Lz4.decompress(block, 0, block.length, out, 30, 170);

        assertEquals(text, new String(out, 30, n, StandardCharsets.US_ASCII));
    }

    @Test
    void decodesAtAnOffsetWithinRanges() {
        byte[] input = new byte[3000];
        new Random(10).nextBytes(input);
        Arrays.fill(input, 1000, 2000, (byte) 1);
        byte[] block = Lz4.compress(input, 0, input.length);
        byte[] framed = new byte[block.length + 20];
        System.arraycopy(block, 0, framed, 7, block.length);
        byte[] out = new byte[3100];

        assertEquals(3000, Lz4.decompress(framed, 7, block.length, out, 50, 3000));
        assertArrayEquals(input, Arrays.copyOfRange(out, 50, 3050));
    }

    @Test
    void overlappingMatchesRepeatTheirPattern() {
        // 3 literals "abc", then offset 3 length 4 + 15 + 1 = 20, then 5 literals
        byte[] block = Feeds.hex("3f 616263 0300 01 50 7878787878");
        byte[] out = new byte[28];

        assertEquals(28, Lz4.decompress(block, 0, block.length, out, 0, 28));
        assertEquals("abcabcabcabcabcabcabcabcxxxxx".substring(0, 23) + "xxxxx",
                new String(out, StandardCharsets.US_ASCII));
    }

    @Test
    void anEmptyBlockIsCorrupt() {
        assertCorrupted(() -> Lz4.decompress(new byte[4], 2, 0, new byte[10], 0, 10), "LZ4 block is 0 bytes",
                "expected: at least 1");
    }

    @Test
    void aLiteralRunBeyondTheInputIsCorrupt() {
        assertCorrupted(() -> decompress("50 6162", 10), "LZ4 literal run of 5 bytes", "2 bytes left");
        assertCorrupted(() -> decompress("f0 ff ff 01 6162", 1000), "literal run of 526 bytes");
    }

    @Test
    void offsetZeroIsCorrupt() {
        assertCorrupted(() -> decompress("10 61 0000 50 6161616161", 20), "LZ4 match offset 0", "expected: 1..1");
    }

    @Test
    void anOffsetBeforeTheOutputStartIsCorrupt() {
        assertCorrupted(() -> decompress("20 6162 0300 50 6161616161", 20), "LZ4 match offset 3", "expected: 1..2");
        // bytes before dstOff are not part of this block's output
        byte[] block = Feeds.hex("10 61 0200 50 6161616161");
        byte[] out = new byte[20];
        assertCorrupted(() -> Lz4.decompress(block, 0, block.length, out, 5, 15), "LZ4 match offset 2",
                "expected: 1..1");
    }

    @Test
    void truncatedSequencesAreCorrupt() {
        assertCorrupted(() -> decompress("10 61 01", 20), "ends inside a match offset", "expected: 2 bytes, 1 left");
        assertCorrupted(() -> decompress("10 61 0100", 20), "ends with a match", "expected: a last sequence");
        assertCorrupted(() -> decompress("f0", 20), "ends inside a literal length");
        assertCorrupted(() -> decompress("f0 ff ff", 2000), "ends inside a literal length");
        assertCorrupted(() -> decompress("1f 61 0100", 200), "ends inside a match length");
        assertCorrupted(() -> decompress("1f 61 0100 ffff", 2000), "ends inside a match length");
    }

    @Test
    void writingMoreThanDstMaxIsCorrupt() {
        assertCorrupted(() -> decompress("50 6161616161", 4), "LZ4 block writes 5 more bytes after 0",
                "expected: at most 4");
        assertCorrupted(() -> decompress("1f 61 0100 07 50 6161616161", 26), "writes 26 more bytes after 1",
                "expected: at most 26");
        assertCorrupted(() -> decompress("1f 61 0100 07 50 6161616161", 31), "writes 5 more bytes after 27",
                "expected: at most 31");
        assertEquals(32, decompress("1f 61 0100 07 50 6161616161", 32).length);
    }

    @Test
    void endlessLengthBytesFailFast() {
        byte[] block = new byte[10_000_001];
        Arrays.fill(block, (byte) 0xff);
        block[0] = (byte) 0xf0;

        assertCorrupted(() -> Lz4.decompress(block, 0, block.length, new byte[100], 0, 100), "LZ4");
    }

    @Test
    void rangesOutsideTheArraysAreRejected() {
        assertThrows(IndexOutOfBoundsException.class, () -> Lz4.decompress(new byte[5], 3, 3, new byte[5], 0, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> Lz4.decompress(new byte[5], 0, 5, new byte[5], 1, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> Lz4.compress(new byte[5], 4, 2));
    }

    @Test
    void mutatedBlocksNeverEscapeTheirBounds() {
        Random random = new Random(11);
        byte[] input = new byte[2000];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) (random.nextInt(3) * (i / 100));
        }
        byte[] block = Lz4.compress(input, 0, input.length);
        int corrupt = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] mutated = round % 10 == 0 ? Arrays.copyOf(block, random.nextInt(block.length + 1)) : block.clone();
            for (int k = 1 + random.nextInt(3); k > 0 && mutated.length > 0; k--) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            byte[] out = new byte[2000 + random.nextInt(100)];
            try {
                assertTrue(Lz4.decompress(mutated, 0, mutated.length, out, 0, out.length) <= out.length);
            } catch (CorruptedMessageException expected) {
                corrupt++;
            } catch (RuntimeException e) {
                fail("mutated block escaped with " + e, e);
            }
        }
        assertTrue(corrupt > 1000, corrupt + " corrupt");
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static byte[] decompress(String blockHex, int dstMax) {
        byte[] block = Feeds.hex(blockHex);
        byte[] out = new byte[dstMax];
        int n = Lz4.decompress(block, 0, block.length, out, 0, dstMax);
        return Arrays.copyOf(out, n);
    }

    /** Compresses, checks the format rules, decompresses into an exact-size buffer and compares. */
    static byte[] roundTrip(byte[] input) {
        byte[] block = Lz4.compress(input, 0, input.length);
        assertTrue(block.length <= Lz4.maxCompressedLength(input.length));
        checkFormatRules(block, input.length);
        byte[] out = new byte[input.length];
        assertEquals(input.length, Lz4.decompress(block, 0, block.length, out, 0, out.length));
        assertArrayEquals(input, out);
        return block;
    }

    /**
     * Walks a block independently of {@link Lz4} and checks the rules of the LZ4 block format that a compressor must
     * follow: offsets 1..65535 within the output, the last 5 bytes literals, the last match starting at least 12
     * bytes before the end, and a last sequence of literals only.
     *
     * @return the largest match offset
     */
    static int checkFormatRules(byte[] block, int expectedLength) {
        int maxOffset = 0;
        int ip = 0;
        int op = 0;
        int lastMatchStart = -1;
        int lastMatchEnd = -1;
        while (true) {
            int token = block[ip++] & 0xff;
            int literals = token >>> 4;
            if (literals == 15) {
                int b;
                do {
                    b = block[ip++] & 0xff;
                    literals += b;
                } while (b == 255);
            }
            ip += literals;
            op += literals;
            if (ip == block.length) {
                break;
            }
            int offset = (block[ip] & 0xff) | (block[ip + 1] & 0xff) << 8;
            ip += 2;
            assertTrue(offset >= 1 && offset <= 65535 && offset <= op, "offset " + offset + " at output " + op);
            maxOffset = Math.max(maxOffset, offset);
            int match = token & 15;
            if (match == 15) {
                int b;
                do {
                    b = block[ip++] & 0xff;
                    match += b;
                } while (b == 255);
            }
            lastMatchStart = op;
            op += match + 4;
            lastMatchEnd = op;
        }
        assertEquals(expectedLength, op);
        if (lastMatchStart >= 0) {
            assertTrue(lastMatchStart <= op - 12, "last match starts at " + lastMatchStart + " of " + op);
            assertTrue(lastMatchEnd <= op - 5, "last match ends at " + lastMatchEnd + " of " + op);
        }
        return maxOffset;
    }

    /**
     * A desktop-like screen: a vertical gradient background, a horizontal-gradient title bar, flat windows with
     * borders and rows of text-like noise.
     */
    static int[] screen(int width, int height, long seed) {
        Random random = new Random(seed);
        int[] px = new int[width * height];
        for (int y = 0; y < height; y++) {
            int blue = 64 + y * 128 / height;
            for (int x = 0; x < width; x++) {
                px[y * width + x] = (16 << 16) | (32 + y * 64 / height) << 8 | blue;
            }
        }
        for (int w = 0; w < 6; w++) {
            int left = random.nextInt(Math.max(1, width - 300));
            int top = random.nextInt(Math.max(1, height - 200));
            int right = Math.min(width, left + 150 + random.nextInt(150));
            int bottom = Math.min(height, top + 100 + random.nextInt(100));
            for (int y = top; y < bottom; y++) {
                for (int x = left; x < right; x++) {
                    boolean border = x == left || x == right - 1 || y == bottom - 1;
                    int color = border ? 0x303030 : y < top + 20 ? (x - left) * 255 / (right - left) << 8 | 0x400000
                            : 0xf0f0f0;
                    if (!border && y >= top + 30 && (y - top) % 14 < 9 && random.nextInt(3) == 0) {
                        color = 0x101010 * random.nextInt(4);
                    }
                    px[y * width + x] = color;
                }
            }
        }
        return px;
    }
}
