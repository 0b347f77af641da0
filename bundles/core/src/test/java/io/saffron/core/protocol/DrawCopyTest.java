package io.saffron.core.protocol;

import static io.saffron.core.protocol.MessageCase.assertCorrupted;
import static io.saffron.core.protocol.MessageCase.wrapped;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.saffron.core.protocol.DisplayMessages.DecodedImage;
import io.saffron.core.protocol.DisplayMessages.DrawCopy;
import io.saffron.core.protocol.DisplayMessages.Image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DrawCopyTest {

    /** §7.13: DRAW_COPY of a 2×2 raw bitmap at (10, 20), with its mini header. */
    static final String WORKED_EXAMPLE = """
            30 01 6d 00 00 00
            00 00 00 00
            14 00 00 00 0a 00 00 00 16 00 00 00 0c 00 00 00
            00
            39 00 00 00
            00 00 00 00 00 00 00 00 02 00 00 00 02 00 00 00
            08 00
            00
            00
            00 00 00 00 00 00 00 00
            00 00 00 00
            00 00 00 00 00 00 00 00
            00
            00
            02 00 00 00 02 00 00 00
            08
            04
            02 00 00 00 02 00 00 00
            08 00 00 00
            00 00 00 00
            00 00 ff 00  00 ff 00 00
            ff 00 00 00  ff ff ff 00
            """;

    /** Red, green / blue, white. */
    static final int[] PIXELS = {0xff0000, 0x00ff00, 0x0000ff, 0xffffff};

    static final Rect BOX = Rect.of(10, 20, 2, 2);

    /** The body of the worked example (after the 6-byte mini header). */
    static byte[] workedBody() {
        byte[] message = Feeds.hex(WORKED_EXAMPLE);
        return Arrays.copyOfRange(message, 6, message.length);
    }

    // ---- encoding --------------------------------------------------------------------------------------------

    @Test
    void encodesTheWorkedExampleByteForByte() {
        DrawCopy copy = new DrawCopy(0, BOX, Image.raw(2, 2, PIXELS, 0, 2));

        ByteBuffer message = MessageFramer.encodeMini(DrawCopy.TYPE, copy.encode());

        assertEquals(109, copy.bodySize());
        assertEquals(Feeds.hex(Feeds.hex(WORKED_EXAMPLE)), Feeds.hex(Feeds.bytes(message)));
    }

    @Test
    void writesAtTheBufferPosition() {
        DrawCopy copy = new DrawCopy(0, BOX, Image.raw(2, 2, PIXELS, 0, 2));
        ByteBuffer out = ByteBuffer.allocateDirect(200).order(ByteOrder.LITTLE_ENDIAN).position(13);

        copy.writeBody(out);

        assertEquals(13 + 109, out.position());
        byte[] written = new byte[109];
        out.get(13, written);
        assertArrayEquals(workedBody(), written);
    }

    @Test
    void rawImagesTakeARegionOfALargerArray() {
        int[] fb = new int[5 * 4];
        for (int i = 0; i < fb.length; i++) {
            fb[i] = 0x010101 * i;
        }
        Image image = Image.raw(2, 3, fb, 6, 5); // (1,1) .. (2,3)

        DrawCopy.Decoded decoded = DrawCopy.decode(new DrawCopy(0, Rect.of(1, 1, 2, 3), image).encode());

        assertArrayEquals(new int[] {fb[6], fb[7], fb[11], fb[12], fb[16], fb[17]}, decoded.image().pixels());
        assertEquals(new Rect(0, 0, 3, 2), decoded.srcArea());
    }

    @Test
    void rawPixelsAreWrittenAsTheirU32AndTheHighByteIsDroppedOnDecode() {
        ByteBuffer body = new DrawCopy(0, Rect.of(0, 0, 1, 1), Image.raw(1, 1, new int[] {0xab112233}, 0, 1))
                .encode();

        assertEquals("332211ab", Feeds.hex(Arrays.copyOfRange(Feeds.bytes(body), 93, 97)));
        assertArrayEquals(new int[] {0x112233}, DrawCopy.decode(body).image().pixels());
    }

    @Test
    void rawImagesReadThePixelsWhenWritten() {
        int[] fb = PIXELS.clone();
        DrawCopy copy = new DrawCopy(0, BOX, Image.raw(2, 2, fb, 0, 2));
        fb[0] = 0x123456;

        assertEquals(0x123456, DrawCopy.decode(copy.encode()).image().pixels()[0]);
    }

    @Test
    void imageArgumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Image.raw(0, 1, new int[1], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Image.lz4(1, 0, new int[1], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Image.raw(2, 2, new int[4], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Image.raw(40000, 40000, new int[1], 0, 40000));
        assertThrows(IndexOutOfBoundsException.class, () -> Image.raw(2, 2, new int[4], 1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> Image.lz4(2, 2, new int[4], 0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> Image.raw(2, 2, new int[4], -1, 2));
        assertThrows(NullPointerException.class, () -> new DrawCopy(0, BOX, null));
    }

    // ---- LZ4 images ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"1, 1", "2, 2", "3, 5", "17, 9", "64, 64", "128, 128", "129, 127", "1024, 768", "300, 1", "1, 300"})
    void lz4ImagesDecodeToTheSamePixelsAsRawImages(int width, int height) {
        int[] screen = Lz4Test.screen(Math.max(width, 320), Math.max(height, 220), width * 31L + height);
        int scan = Math.max(width, 320);
        int[] noise = new Random(width).ints((long) width * height).toArray();
        for (int[] pixels : List.of(screen, noise)) {
            int stride = pixels == noise ? width : scan;
            DecodedImage raw = DrawCopy.decode(new DrawCopy(0, Rect.of(0, 0, width, height),
                    Image.raw(width, height, pixels, 0, stride)).encode()).image();
            DecodedImage lz4 = DrawCopy.decode(new DrawCopy(0, Rect.of(0, 0, width, height),
                    Image.lz4(width, height, pixels, 0, stride)).encode()).image();

            assertEquals(DisplayMessages.IMAGE_TYPE_BITMAP, raw.type());
            assertEquals(DisplayMessages.IMAGE_TYPE_LZ4, lz4.type());
            assertEquals(width, lz4.width());
            assertEquals(height, lz4.height());
            assertArrayEquals(raw.pixels(), lz4.pixels());
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    assertEquals(pixels[y * stride + x] & 0xffffff, lz4.pixels()[y * width + x]);
                }
            }
        }
    }

    @Test
    void lz4ImagesOfASubRegion() {
        int[] fb = Lz4Test.screen(1024, 768, 3);
        int offset = 100 * 1024 + 37;

        DecodedImage lz4 = DrawCopy.decode(new DrawCopy(0, Rect.of(37, 100, 501, 333),
                Image.lz4(501, 333, fb, offset, 1024)).encode()).image();
        DecodedImage raw = DrawCopy.decode(new DrawCopy(0, Rect.of(37, 100, 501, 333),
                Image.raw(501, 333, fb, offset, 1024)).encode()).image();

        assertEquals(raw.pixels().length, 501 * 333);
        assertEquals(raw, new DecodedImage(DisplayMessages.IMAGE_TYPE_BITMAP, 501, 333, lz4.pixels()));
    }

    /** §7.5, §7.6: descriptor, LE data_size, top_down 1, format 32BIT, independent blocks of 64 KiB of rows. */
    @Test
    void lz4ImageLayout() {
        int width = 300;
        int height = 200;
        int[] pixels = Lz4Test.screen(width, height, 4);
        DrawCopy copy = new DrawCopy(0, Rect.of(0, 0, width, height), Image.lz4(width, height, pixels, 0, width));
        ByteBuffer body = copy.encode();
        assertEquals(copy.bodySize(), body.remaining());
        byte[] raw = new byte[width * height * 4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(pixels);

        assertEquals(57, body.getInt(21));
        assertEquals(new Rect(0, 0, height, width), Rect.read(body.position(25)));
        body.position(57);
        assertEquals(0L, body.getLong());
        assertEquals(109, body.get() & 0xff);
        assertEquals(0, body.get());
        assertEquals(width, body.getInt());
        assertEquals(height, body.getInt());
        assertEquals(body.remaining() - 4, body.getInt());
        assertEquals(1, body.get());
        assertEquals(8, body.get());
        int blocks = 0;
        int done = 0;
        while (body.hasRemaining()) {
            int length = body.order(ByteOrder.BIG_ENDIAN).getInt();
            body.order(ByteOrder.LITTLE_ENDIAN);
            byte[] block = new byte[length];
            body.get(block);
            int expected = Math.min(65536, raw.length - done);
            Lz4Test.checkFormatRules(block, expected);
            byte[] out = new byte[expected];
            // decoded alone: no block refers back into an earlier one
            assertEquals(expected, Lz4.decompress(block, 0, length, out, 0, expected));
            assertArrayEquals(Arrays.copyOfRange(raw, done, done + expected), out);
            done += expected;
            blocks++;
        }
        assertEquals(raw.length, done);
        assertEquals((raw.length + 65535) / 65536, blocks);
    }

    @Test
    void lz4BottomUpImagesAreFlipped() {
        byte[] rows = Feeds.hex("ff000000 ffffff00" + "0000ff00 00ff0000"); // bottom row first
        ByteBuffer body = wrapped(drawCopyBody(lz4Image(2, 2, false, 8, Lz4.compress(rows, 0, 16))), false);

        assertArrayEquals(PIXELS, DrawCopy.decode(body).image().pixels());
    }

    @Test
    void lz4BlocksDecodeAsOneStream() {
        // block 2 starts by copying the 8 bytes of block 1 (offset 8), as LZ4_decompress_safe_continue allows for
        // the blocks of a streaming encoder; then 8 literals, their repeat, and an empty last literal run
        byte[] first = Feeds.hex("80 0000ff00 00ff0000");
        byte[] second = Feeds.hex("04 0800 84 ff000000 ffffff00 0800 00");
        byte[] image = lz4Image(2, 4, true, 8, first, second);

        int[] pixels = DrawCopy.decode(wrapped(drawCopyBody(image), true)).image().pixels();

        assertArrayEquals(new int[] {0xff0000, 0x00ff00, 0xff0000, 0x00ff00, 0x0000ff, 0xffffff, 0x0000ff, 0xffffff},
                pixels);
    }

    @Test
    void lz4RgbaDropsAlpha() {
        byte[] rows = Feeds.hex("00 00 ff 80  00 ff 00 7f  ff 00 00 01  ff ff ff ff");
        ByteBuffer body = wrapped(drawCopyBody(lz4Image(2, 2, true, 9, Lz4.compress(rows, 0, 16))), false);

        assertArrayEquals(PIXELS, DrawCopy.decode(body).image().pixels());
    }

    // ---- decoding ------------------------------------------------------------------------------------------

    @Test
    void decodesTheWorkedExample() {
        DrawCopy.Decoded d = DrawCopy.decode(wrapped(workedBody(), false));

        assertEquals(0, d.surfaceId());
        assertEquals(new Rect(20, 10, 22, 12), d.box());
        assertEquals(List.of(), d.clip());
        assertEquals(new Rect(0, 0, 2, 2), d.srcArea());
        assertEquals(DisplayMessages.ROP_OP_PUT, d.rop());
        assertEquals(new DecodedImage(DisplayMessages.IMAGE_TYPE_BITMAP, 2, 2, PIXELS), d.image());
    }

    @Test
    void decodeLeavesTheCallersBufferAlone() {
        ByteBuffer body = wrapped(workedBody(), true);
        int position = body.position();

        DrawCopy.decode(body);

        assertEquals(position, body.position());
        assertEquals(ByteOrder.BIG_ENDIAN, body.order());
    }

    @Test
    void bottomUpBitmapsAreFlipped() {
        byte[] image = bitmap(8, 0, 2, 2, 8, Feeds.hex("ff000000 ffffff00 0000ff00 00ff0000"));

        assertArrayEquals(PIXELS, DrawCopy.decode(wrapped(drawCopyBody(image), false)).image().pixels());
    }

    @Test
    void strideMayExceedTheRow() {
        byte[] image = bitmap(8, 4, 2, 2, 12, Feeds.hex("0000ff00 00ff0000 eeeeeeee ff000000 ffffff00"));

        assertArrayEquals(PIXELS, DrawCopy.decode(wrapped(drawCopyBody(image), false)).image().pixels());
    }

    @Test
    void rgbaBitmapsDropAlpha() {
        byte[] image = bitmap(9, 4, 2, 2, 8, Feeds.hex("0000ff80 00ff0040 ff000001 ffffffff"));

        assertArrayEquals(PIXELS, DrawCopy.decode(wrapped(drawCopyBody(image), false)).image().pixels());
    }

    @Test
    void aCachedPaletteIdTakesEightBytes() {
        ByteBuffer image = ByteBuffer.allocate(18 + 22 + 4).order(ByteOrder.LITTLE_ENDIAN);
        image.putLong(0).put((byte) 0).put((byte) 0).putInt(1).putInt(1);
        image.put((byte) 8).put((byte) (4 | 2)).putInt(1).putInt(1).putInt(4).putLong(77).putInt(0x00abcdef);

        assertArrayEquals(new int[] {0xabcdef},
                DrawCopy.decode(wrapped(drawCopyBody(image.array()), false)).image().pixels());
    }

    @Test
    void clipRectsAreReadAndTheImageFollowsThem() {
        ByteBuffer body = ByteBuffer.allocate(25 + 32 + 36 + 52).order(ByteOrder.LITTLE_ENDIAN);
        body.putInt(3);
        BOX.write(body);
        body.put((byte) 1).putInt(2);
        Rect.of(10, 20, 1, 2).write(body);
        Rect.of(11, 20, 1, 1).write(body);
        body.putInt(93);
        new Rect(0, 0, 2, 2).write(body);
        body.putShort((short) 0x18).put((byte) 1).put((byte) 0).putLong(0).putInt(0);
        body.put(bitmap(8, 4, 2, 2, 8, Arrays.copyOfRange(workedBody(), 93, 109)));

        DrawCopy.Decoded d = DrawCopy.decode(wrapped(body.array(), false));

        assertEquals(3, d.surfaceId());
        assertEquals(List.of(new Rect(20, 10, 22, 11), new Rect(20, 11, 21, 12)), d.clip());
        assertEquals(0x18, d.rop());
        assertArrayEquals(PIXELS, d.image().pixels());
    }

    @Test
    void theImageMayBeAnywhereInTheBodyAndTrailingBytesAreIgnored() {
        byte[] worked = workedBody();
        byte[] body = new byte[109 + 40];
        System.arraycopy(worked, 0, body, 0, 57);
        Arrays.fill(body, 57, 77, (byte) 0x77);
        System.arraycopy(worked, 57, body, 77, 52);
        body[21] = 77;

        assertArrayEquals(PIXELS, DrawCopy.decode(wrapped(body, false)).image().pixels());
    }

    // ---- corrupt bodies ------------------------------------------------------------------------------------

    @Test
    void everyTruncatedBodyIsCorrupt() {
        byte[] body = workedBody();
        for (int n = 0; n < body.length; n++) {
            byte[] cut = Arrays.copyOf(body, n);
            assertCorrupted(() -> DrawCopy.decode(wrapped(cut, false)), "DRAW_COPY", "expected");
        }
    }

    @Test
    void badImagePointersAreCorrupt() {
        for (int pointer : new int[] {0, 109, 110, -1}) {
            byte[] body = workedBody();
            ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).putInt(21, pointer);
            assertCorrupted(() -> DrawCopy.decode(wrapped(body, false)), "DRAW_COPY src_bitmap offset "
                    + Integer.toUnsignedString(pointer), "in a body of 109 bytes", "expected: 1..108");
        }
        byte[] body = workedBody();
        body[21] = 100; // inside the body, but the descriptor does not fit
        assertCorrupted(() -> DrawCopy.decode(wrapped(body, false)), "DRAW_COPY image descriptor at offset 100",
                "9 bytes left", "expected: at least 18");
    }

    @Test
    void maskPointersOutsideTheBodyAreCorrupt() {
        byte[] body = workedBody();
        body[53] = 109;

        assertCorrupted(() -> DrawCopy.decode(wrapped(body, false)), "DRAW_COPY mask bitmap offset 109",
                "expected: 0 or 1..108");
    }

    @ParameterizedTest
    @CsvSource({"1, (QUIC)", "101, (LZ_RGB)", "102, (GLZ_RGB)", "103, (FROM_CACHE)", "105, (JPEG)", "110, (unknown)",
        "255, (unknown)"})
    void unknownImageTypesAreCorrupt(int type, String name) {
        byte[] body = workedBody();
        body[57 + 8] = (byte) type;

        assertCorrupted(() -> DrawCopy.decode(wrapped(body, false)), "DRAW_COPY image at offset 57: image type "
                + type + " " + name + " is not supported", "expected: 0 BITMAP or 109 LZ4");
    }

    @ParameterizedTest
    @CsvSource({"0", "1", "5", "6", "7", "10", "200"})
    void otherBitmapFormatsAreCorrupt(int format) {
        byte[] body = workedBody();
        body[75] = (byte) format;

        assertCorrupted(() -> DrawCopy.decode(wrapped(body, false)), "DRAW_COPY image at offset 57 bitmap format "
                + format + " is not supported", "expected: 8 32BIT or 9 RGBA");
    }

    @Test
    void inconsistentBitmapSizesAreCorrupt() {
        byte[] size = workedBody();
        size[77] = 3; // bitmap x
        assertCorrupted(() -> DrawCopy.decode(wrapped(size, false)), "bitmap is 3x2", "expected: 2x2");

        byte[] stride = workedBody();
        stride[85] = 7;
        assertCorrupted(() -> DrawCopy.decode(wrapped(stride, false)), "bitmap stride 7", "expected: >= 8");

        byte[] longer = workedBody();
        longer[85] = 9; // 9 + 8 = 17 bytes of rows, 16 present
        assertCorrupted(() -> DrawCopy.decode(wrapped(longer, false)), "bitmap pixels at offset 93",
                "16 bytes left", "expected: 17");

        byte[] empty = workedBody();
        empty[67] = 0; // descriptor width 0
        assertCorrupted(() -> DrawCopy.decode(wrapped(empty, false)), "size 0x2", "expected: 1..");
    }

    @Test
    void badClipsAreCorrupt() {
        byte[] type = workedBody();
        type[20] = 2;
        assertCorrupted(() -> DrawCopy.decode(wrapped(type, false)), "DRAW_COPY clip type 2",
                "expected: 0 NONE or 1 RECTS");

        ByteBuffer rects = ByteBuffer.allocate(100).order(ByteOrder.LITTLE_ENDIAN);
        rects.putInt(0);
        BOX.write(rects);
        rects.put((byte) 1).putInt(5);
        assertCorrupted(() -> DrawCopy.decode(wrapped(rects.array(), false)), "DRAW_COPY clip of 5 rects",
                "needs 80 bytes", "expected: at most the 75 left");
    }

    @Test
    void corruptLz4DataIsCorrupt() {
        // offset 0 inside the block
        assertCorrupted(() -> DrawCopy.decode(wrapped(drawCopyBody(lz4Image(2, 2, true, 8,
                Feeds.hex("10 61 0000 50 6161616161"))), false)), "DRAW_COPY image at offset 57, block 0",
                "LZ4 match offset 0");
        // a block that decodes to 12 of 16 bytes
        assertCorrupted(() -> DrawCopy.decode(wrapped(drawCopyBody(lz4Image(2, 2, true, 8,
                Feeds.hex("c0 000000000000000000000000"))), false)), "LZ4 blocks decode to 12 bytes",
                "expected: 16 for 2x2");
        // a block that would decode to 20 of 16 bytes
        assertCorrupted(() -> DrawCopy.decode(wrapped(drawCopyBody(lz4Image(2, 2, true, 8,
                Feeds.hex("f0 05 0000000000000000000000000000000000000000"))), false)), "block 0",
                "LZ4 block writes 20 more bytes after 0", "expected: at most 16");
        // a second block after the image is complete
        assertCorrupted(() -> DrawCopy.decode(wrapped(drawCopyBody(lz4Image(1, 1, true, 8, Feeds.hex("40 01020304"),
                Feeds.hex("10 05"))), false)), "block 1", "LZ4 block writes 1 more bytes after 0",
                "expected: at most 0");
        // an empty block
        assertCorrupted(() -> DrawCopy.decode(wrapped(drawCopyBody(lz4Image(1, 1, true, 8, Feeds.hex("40 01020304"),
                new byte[0])), false)), "block 1", "LZ4 block is 0 bytes");
        // no block at all
        assertCorrupted(() -> DrawCopy.decode(wrapped(drawCopyBody(lz4Image(1, 1, true, 8)), false)),
                "LZ4 blocks decode to 0 bytes", "expected: 4");
        // random garbage instead of a block
        byte[] garbage = new byte[40];
        new Random(1).nextBytes(garbage);
        garbage[0] = (byte) 0x2f;
        assertCorrupted(() -> DrawCopy.decode(wrapped(drawCopyBody(lz4Image(4, 4, true, 8, garbage)), false)),
                "DRAW_COPY image at offset 57");
    }

    @Test
    void badLz4FramingIsCorrupt() {
        byte[] good = lz4Image(1, 1, true, 8, Feeds.hex("40 01020304"));

        byte[] dataSize = good.clone();
        dataSize[18] = 100;
        assertCorrupted(() -> DrawCopy.decode(wrapped(drawCopyBody(dataSize), false)), "LZ4 data_size 100 at offset 75",
                "expected: 2..11");

        byte[] blockLength = good.clone();
        blockLength[27] = 6;
        assertCorrupted(() -> DrawCopy.decode(wrapped(drawCopyBody(blockLength), false)),
                "LZ4 block 0 of 6 bytes exceeds the 5 bytes left");

        byte[] cutLength = Arrays.copyOf(good, good.length + 2);
        cutLength[18] += 2;
        assertCorrupted(() -> DrawCopy.decode(wrapped(drawCopyBody(cutLength), false)),
                "LZ4 block 1 length is cut off after 2 bytes", "expected: 4");

        byte[] format = good.clone();
        format[23] = 7;
        assertCorrupted(() -> DrawCopy.decode(wrapped(drawCopyBody(format), false)), "LZ4 format 7 is not supported",
                "expected: 8 32BIT or 9 RGBA");

        byte[] huge = lz4Image(20000, 20000, true, 8, Feeds.hex("40 01020304"));
        assertCorrupted(() -> DrawCopy.decode(wrapped(drawCopyBody(huge), false)), "LZ4 data of 11 bytes cannot hold"
                + " 20000x20000 pixels");
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** A DRAW_COPY body with the fixed part of the worked example (box, src_area 2×2) and the image at 57. */
    static byte[] drawCopyBody(byte[] image) {
        byte[] body = Arrays.copyOf(workedBody(), 57 + image.length);
        System.arraycopy(image, 0, body, 57, image.length);
        return body;
    }

    /** A BITMAP SpiceImage with a palette pointer of 0. */
    static byte[] bitmap(int format, int flags, int width, int height, int stride, byte[] pixels) {
        ByteBuffer b = ByteBuffer.allocate(36 + pixels.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0).put((byte) 0).put((byte) 0).putInt(width).putInt(height);
        b.put((byte) format).put((byte) flags).putInt(width).putInt(height).putInt(stride).putInt(0).put(pixels);
        return b.array();
    }

    /** An LZ4 SpiceImage: descriptor, data_size, top_down, format, blocks with big-endian lengths. */
    static byte[] lz4Image(int width, int height, boolean topDown, int format, byte[]... blocks) {
        int dataSize = 2;
        for (byte[] block : blocks) {
            dataSize += 4 + block.length;
        }
        ByteBuffer b = ByteBuffer.allocate(22 + dataSize).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0).put((byte) 109).put((byte) 0).putInt(width).putInt(height).putInt(dataSize);
        b.put((byte) (topDown ? 1 : 0)).put((byte) format);
        for (byte[] block : blocks) {
            b.order(ByteOrder.BIG_ENDIAN).putInt(block.length).put(block);
        }
        assertTrue(!b.hasRemaining());
        return b.array();
    }
}
