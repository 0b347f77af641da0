package io.saffron.core.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Display channel messages (spice-wire.md §7): client-to-server types 101..105 and the server-to-client messages a
 * remote-display server sends. Drawing messages always carry clip NONE, rop OP_PUT and no mask (§7.8).
 */
public final class DisplayMessages {

    /** Display channel capability bits (§7.1). */
    public static final int CAP_SIZED_STREAM = 0, CAP_MONITORS_CONFIG = 1, CAP_COMPOSITE = 2, CAP_A8_SURFACE = 3,
            CAP_STREAM_REPORT = 4, CAP_LZ4_COMPRESSION = 5, CAP_PREF_COMPRESSION = 6, CAP_GL_SCANOUT = 7,
            CAP_MULTI_CODEC = 8, CAP_CODEC_MJPEG = 9, CAP_CODEC_VP8 = 10, CAP_CODEC_H264 = 11,
            CAP_PREF_VIDEO_CODEC_TYPE = 12, CAP_CODEC_VP9 = 13, CAP_CODEC_H265 = 14;

    /** Image compressions of PREFERRED_COMPRESSION (§7.2). */
    public static final int COMPRESSION_INVALID = 0, COMPRESSION_OFF = 1, COMPRESSION_AUTO_GLZ = 2,
            COMPRESSION_AUTO_LZ = 3, COMPRESSION_QUIC = 4, COMPRESSION_GLZ = 5, COMPRESSION_LZ = 6,
            COMPRESSION_LZ4 = 7;

    /** Video codec types of PREFERRED_VIDEO_CODEC_TYPE and STREAM_CREATE (§7.11). */
    public static final int VIDEO_CODEC_MJPEG = 1, VIDEO_CODEC_VP8 = 2, VIDEO_CODEC_H264 = 3, VIDEO_CODEC_VP9 = 4,
            VIDEO_CODEC_H265 = 5;

    /** SURFACE_CREATE format xRGB 32 bits (§7.7), the only one every client takes for the primary surface. */
    public static final int SURFACE_FMT_32_XRGB = 32;

    /** SURFACE_CREATE flag: the primary surface (§7.7). */
    public static final int SURFACE_FLAG_PRIMARY = 1;

    /** Clip types (§7.4). */
    public static final int CLIP_NONE = 0, CLIP_RECTS = 1;

    /** ROP descriptor OP_PUT (§7.4). */
    public static final int ROP_OP_PUT = 8;

    /** Brush type SOLID (§7.4). */
    public static final int BRUSH_SOLID = 1;

    /** SpiceImage types decoded here (§7.5). */
    public static final int IMAGE_TYPE_BITMAP = 0, IMAGE_TYPE_LZ4 = 109;

    /** SpiceBitmap formats decoded here (§7.5). */
    public static final int BITMAP_FMT_32BIT = 8, BITMAP_FMT_RGBA = 9;

    /** SpiceBitmap flags (§7.5). */
    public static final int BITMAP_FLAG_PAL_CACHE_ME = 1, BITMAP_FLAG_PAL_FROM_CACHE = 2, BITMAP_FLAG_TOP_DOWN = 4;

    /** The DRAW_COPY fixed part with clip NONE; {@link DrawCopy} puts its image at this body offset (§7.8). */
    public static final int DRAW_COPY_IMAGE_OFFSET = 57;

    /** The size of the SpiceImage descriptor (§7.5). */
    static final int DESCRIPTOR_BYTES = 18;

    /** The size of the SpiceBitmap header with a palette pointer (§7.5). */
    static final int BITMAP_HEADER_BYTES = 18;

    /** The most input bytes per LZ4 block of {@link Image#lz4}. */
    static final int LZ4_BLOCK_BYTES = 64 * 1024;

    /**
     * The buffers {@link Image#lz4} works in, one set per thread: a display worker loop compresses every frame, so
     * only the finished payload is allocated per image.
     */
    private static final ThreadLocal<Lz4Scratch> LZ4_SCRATCH = ThreadLocal.withInitial(Lz4Scratch::new);

    private DisplayMessages() {
    }

    // ---- client to server ---------------------------------------------------------------------------------

    /**
     * DISPLAY_INIT (client, 101), 14 bytes: u8 pixmap_cache_id, i64 pixmap_cache_size (pixels), u8
     * glz_dictionary_id, i32 glz_dictionary_window_size (pixels) (§7.2).
     */
    public record DisplayInit(int pixmapCacheId, long pixmapCacheSize, int glzDictionaryId, int glzWindowSize)
            implements SpiceMessage {
        public static final int TYPE = 101;

        /** Checks the u8 fields. */
        public DisplayInit {
            Bodies.u8(pixmapCacheId, "pixmap_cache_id");
            Bodies.u8(glzDictionaryId, "glz_dictionary_id");
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 14;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.put((byte) pixmapCacheId).putLong(pixmapCacheSize).put((byte) glzDictionaryId).putInt(glzWindowSize);
        }

        public static DisplayInit decode(ByteBuffer body) {
            ByteBuffer b = Bodies.exactly(body, 14, "DISPLAY_INIT");
            return new DisplayInit(b.get() & 0xff, b.getLong(), b.get() & 0xff, b.getInt());
        }
    }

    /**
     * STREAM_REPORT (client, 102), 32 bytes (§7.2, §7.11). {@code lastFrameDelay} is signed; {@code audioDelay}
     * 0xFFFFFFFF means no audio.
     */
    public record StreamReport(int streamId, int uniqueId, int startFrameMmTime, int endFrameMmTime, int numFrames,
            int numDrops, int lastFrameDelay, int audioDelay) implements SpiceMessage {
        public static final int TYPE = 102;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 32;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putInt(streamId).putInt(uniqueId).putInt(startFrameMmTime).putInt(endFrameMmTime).putInt(numFrames)
                    .putInt(numDrops).putInt(lastFrameDelay).putInt(audioDelay);
        }

        public static StreamReport decode(ByteBuffer body) {
            ByteBuffer b = Bodies.exactly(body, 32, "STREAM_REPORT");
            return new StreamReport(b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(),
                    b.getInt(), b.getInt());
        }
    }

    /** PREFERRED_COMPRESSION (client, 103): u8, one of the {@code COMPRESSION_*} values (§7.2). */
    public record PreferredCompression(int compression) implements SpiceMessage {
        public static final int TYPE = 103;

        /** Checks the u8 field. */
        public PreferredCompression {
            Bodies.u8(compression, "image_compression");
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 1;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.put((byte) compression);
        }

        public static PreferredCompression decode(ByteBuffer body) {
            return new PreferredCompression(Bodies.exactly(body, 1, "PREFERRED_COMPRESSION").get() & 0xff);
        }
    }

    /** GL_DRAW_DONE (client, 104), empty. */
    public record GlDrawDone() implements SpiceMessage {
        public static final int TYPE = 104;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 0;
        }

        @Override
        public void writeBody(ByteBuffer out) {
        }

        public static GlDrawDone decode(ByteBuffer body) {
            Bodies.exactly(body, 0, "GL_DRAW_DONE");
            return new GlDrawDone();
        }
    }

    /**
     * PREFERRED_VIDEO_CODEC_TYPE (client, 105): u8 count, count × u8 codec, most preferred first (§7.2). The array is
     * not copied; equality compares contents.
     */
    public record PreferredVideoCodecType(int[] codecs) implements SpiceMessage {
        public static final int TYPE = 105;

        /** Checks the count and every codec against u8. */
        public PreferredVideoCodecType {
            Bodies.u8(codecs.length, "codec count");
            for (int codec : codecs) {
                Bodies.u8(codec, "codec");
            }
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 1 + codecs.length;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.put((byte) codecs.length);
            for (int codec : codecs) {
                out.put((byte) codec);
            }
        }

        public static PreferredVideoCodecType decode(ByteBuffer body) {
            ByteBuffer b = Bodies.atLeast(body, 1, "PREFERRED_VIDEO_CODEC_TYPE");
            int count = b.get() & 0xff;
            Bodies.exactly(body, 1 + count, "PREFERRED_VIDEO_CODEC_TYPE with " + count + " codecs");
            int[] codecs = new int[count];
            for (int i = 0; i < count; i++) {
                codecs[i] = b.get() & 0xff;
            }
            return new PreferredVideoCodecType(codecs);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PreferredVideoCodecType p && Arrays.equals(codecs, p.codecs);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(codecs);
        }

        @Override
        public String toString() {
            return "PreferredVideoCodecType[codecs=" + Arrays.toString(codecs) + "]";
        }
    }

    // ---- server to client: control ------------------------------------------------------------------------

    /** COPY_BITS (server, 104), 29 bytes: DisplayBase (clip NONE) + SpicePoint src_pos (§7.8). */
    public record CopyBits(int surfaceId, Rect box, int srcX, int srcY) implements SpiceMessage {
        public static final int TYPE = 104;

        /** Checks that the box is present. */
        public CopyBits {
            Objects.requireNonNull(box, "box");
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 29;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            writeBase(out, surfaceId, box);
            out.putInt(srcX).putInt(srcY);
        }

        /** Decodes a body with clip NONE, the only form this record represents. */
        public static CopyBits decode(ByteBuffer body) {
            ByteBuffer b = Bodies.atLeast(body, 21, "COPY_BITS");
            int surfaceId = b.getInt();
            Rect box = Rect.read(b);
            clipNone(b.get() & 0xff, "COPY_BITS");
            Bodies.exactly(body, 29, "COPY_BITS");
            return new CopyBits(surfaceId, box, b.getInt(), b.getInt());
        }
    }

    /** MARK (server, 102), empty: the display content is valid (§7.10). */
    public record Mark() implements SpiceMessage {
        public static final int TYPE = 102;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 0;
        }

        @Override
        public void writeBody(ByteBuffer out) {
        }

        public static Mark decode(ByteBuffer body) {
            Bodies.exactly(body, 0, "MARK");
            return new Mark();
        }
    }

    /** RESET (server, 103), empty (§7.10). */
    public record Reset() implements SpiceMessage {
        public static final int TYPE = 103;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 0;
        }

        @Override
        public void writeBody(ByteBuffer out) {
        }

        public static Reset decode(ByteBuffer body) {
            Bodies.exactly(body, 0, "RESET");
            return new Reset();
        }
    }

    /** INVAL_ALL_PALETTES (server, 108), empty (§7.9). */
    public record InvalAllPalettes() implements SpiceMessage {
        public static final int TYPE = 108;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 0;
        }

        @Override
        public void writeBody(ByteBuffer out) {
        }

        public static InvalAllPalettes decode(ByteBuffer body) {
            Bodies.exactly(body, 0, "INVAL_ALL_PALETTES");
            return new InvalAllPalettes();
        }
    }

    /** SURFACE_CREATE (server, 314), 20 bytes: u32 surface_id, width, height, format, flags (§7.7). */
    public record SurfaceCreate(int surfaceId, int width, int height, int format, int flags) implements SpiceMessage {
        public static final int TYPE = 314;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 20;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putInt(surfaceId).putInt(width).putInt(height).putInt(format).putInt(flags);
        }

        public static SurfaceCreate decode(ByteBuffer body) {
            ByteBuffer b = Bodies.exactly(body, 20, "SURFACE_CREATE");
            return new SurfaceCreate(b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt());
        }
    }

    /** SURFACE_DESTROY (server, 315): u32 surface_id (§7.7). */
    public record SurfaceDestroy(int surfaceId) implements SpiceMessage {
        public static final int TYPE = 315;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 4;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putInt(surfaceId);
        }

        public static SurfaceDestroy decode(ByteBuffer body) {
            return new SurfaceDestroy(Bodies.exactly(body, 4, "SURFACE_DESTROY").getInt());
        }
    }

    /** One head of MONITORS_CONFIG, 28 bytes of u32 (§7.10). */
    public record Head(int monitorId, int surfaceId, int width, int height, int x, int y, int flags) {

        /** The encoded size. */
        public static final int BYTES = 28;
    }

    /** MONITORS_CONFIG (server, 317): u16 count, u16 max_allowed, count × {@link Head} (§7.10). */
    public record MonitorsConfig(int maxAllowed, List<Head> heads) implements SpiceMessage {
        public static final int TYPE = 317;

        /** Checks the u16 fields and copies the list. */
        public MonitorsConfig {
            Bodies.u16(maxAllowed, "max_allowed");
            heads = List.copyOf(heads);
            Bodies.u16(heads.size(), "head count");
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 4 + Head.BYTES * heads.size();
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putShort((short) heads.size()).putShort((short) maxAllowed);
            for (Head h : heads) {
                out.putInt(h.monitorId()).putInt(h.surfaceId()).putInt(h.width()).putInt(h.height()).putInt(h.x())
                        .putInt(h.y()).putInt(h.flags());
            }
        }

        public static MonitorsConfig decode(ByteBuffer body) {
            ByteBuffer b = Bodies.atLeast(body, 4, "MONITORS_CONFIG");
            int count = b.getShort() & 0xffff;
            int maxAllowed = b.getShort() & 0xffff;
            Bodies.exactly(body, 4 + Head.BYTES * count, "MONITORS_CONFIG with " + count + " heads");
            List<Head> heads = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                heads.add(new Head(b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(),
                        b.getInt()));
            }
            return new MonitorsConfig(maxAllowed, heads);
        }
    }

    // ---- server to client: drawing ------------------------------------------------------------------------

    /**
     * DRAW_FILL (server, 302), 41 bytes: DisplayBase with clip NONE, SOLID brush, rop OP_PUT, empty QMask (§7.8).
     *
     * @param color 0x00RRGGBB, written as u32 (bytes B, G, R, 0)
     */
    public record DrawFill(int surfaceId, Rect box, int color) implements SpiceMessage {
        public static final int TYPE = 302;

        /** Checks that the box is present. */
        public DrawFill {
            Objects.requireNonNull(box, "box");
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 41;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            writeBase(out, surfaceId, box);
            out.put((byte) BRUSH_SOLID).putInt(color).putShort((short) ROP_OP_PUT);
            writeEmptyMask(out);
        }

        /**
         * Decodes the form this record represents: clip NONE, SOLID brush, OP_PUT, no mask. Other valid forms (clip
         * rects, other brushes or rops, a mask) are rejected as not representable.
         */
        public static DrawFill decode(ByteBuffer body) {
            ByteBuffer b = Bodies.atLeast(body, 21, "DRAW_FILL");
            int surfaceId = b.getInt();
            Rect box = Rect.read(b);
            clipNone(b.get() & 0xff, "DRAW_FILL");
            Bodies.exactly(body, 41, "DRAW_FILL");
            int brush = b.get() & 0xff;
            if (brush != BRUSH_SOLID) {
                throw new CorruptedMessageException("DRAW_FILL brush type " + brush + " (expected: 1 SOLID)");
            }
            int color = b.getInt();
            int rop = b.getShort() & 0xffff;
            if (rop != ROP_OP_PUT) {
                throw new CorruptedMessageException("DRAW_FILL rop descriptor 0x" + Integer.toHexString(rop)
                        + " (expected: 0x8 OP_PUT)");
            }
            checkNoMask(b, "DRAW_FILL");
            return new DrawFill(surfaceId, box, color);
        }
    }

    /**
     * DRAW_COPY (server, 304): DisplayBase with clip NONE, src_bitmap pointer {@value #DRAW_COPY_IMAGE_OFFSET},
     * src_area (0, 0, image height, image width), rop OP_PUT, scale mode 0, empty QMask, then the image (§7.8,
     * worked example §7.13).
     */
    public record DrawCopy(int surfaceId, Rect box, Image image) implements SpiceMessage {
        public static final int TYPE = 304;

        /** Checks that box and image are present. */
        public DrawCopy {
            Objects.requireNonNull(box, "box");
            Objects.requireNonNull(image, "image");
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return DRAW_COPY_IMAGE_OFFSET + image.bodySize();
        }

        @Override
        public void writeBody(ByteBuffer out) {
            writeBase(out, surfaceId, box);
            out.putInt(DRAW_COPY_IMAGE_OFFSET);
            new Rect(0, 0, image.height(), image.width()).write(out);
            out.putShort((short) ROP_OP_PUT).put((byte) 0);
            writeEmptyMask(out);
            image.write(out, DRAW_COPY_IMAGE_OFFSET);
        }

        /**
         * A decoded DRAW_COPY.
         *
         * @param clip    the clip rectangles; empty for clip NONE, and also for clip RECTS with no rectangles
         * @param srcArea the source area within the image
         * @param rop     the rop descriptor
         * @param image   the source image, decoded
         */
        public record Decoded(int surfaceId, Rect box, List<Rect> clip, Rect srcArea, int rop, DecodedImage image) {

            /** Copies the clip list. */
            public Decoded {
                clip = List.copyOf(clip);
            }
        }

        /**
         * Decodes a DRAW_COPY with either clip type, any rop, scale mode and mask (the mask pointer is only checked to
         * lie in the body), and a source image of type BITMAP or LZ4 (see {@link DecodedImage}). Pointers are body
         * offsets (§3); the image may be anywhere in the body.
         */
        public static Decoded decode(ByteBuffer body) {
            String name = "DRAW_COPY";
            ByteBuffer b = body.slice().order(ByteOrder.LITTLE_ENDIAN);
            int size = b.limit();
            Bodies.atLeast(b, 21, name);
            int surfaceId = b.getInt();
            Rect box = Rect.read(b);
            List<Rect> clip = readClip(b, name);
            Bodies.atLeast(body, b.position() + 36, name);
            int imageOffset = pointer(b.getInt(), size, name + " src_bitmap", false);
            Rect srcArea = Rect.read(b);
            int rop = b.getShort() & 0xffff;
            b.get(); // scale_mode
            b.get(); // mask flags
            b.getLong(); // mask pos
            pointer(b.getInt(), size, name + " mask bitmap", true);
            return new Decoded(surfaceId, box, clip, srcArea, rop, decodeImage(b, imageOffset, name));
        }
    }

    /** Writes DisplayBase with clip NONE (21 bytes). */
    private static void writeBase(ByteBuffer out, int surfaceId, Rect box) {
        out.putInt(surfaceId);
        box.write(out);
        out.put((byte) CLIP_NONE);
    }

    /** Writes an empty QMask: flags 0, pos (0, 0), bitmap NULL (13 bytes). */
    private static void writeEmptyMask(ByteBuffer out) {
        out.put((byte) 0).putLong(0).putInt(0);
    }

    private static void clipNone(int type, String name) {
        if (type != CLIP_NONE) {
            throw new CorruptedMessageException(name + " clip type " + type + " (expected: 0 NONE)");
        }
    }

    private static void checkNoMask(ByteBuffer b, String name) {
        b.get(); // flags, meaningless without a bitmap
        b.getLong();
        int mask = b.getInt();
        if (mask != 0) {
            throw new CorruptedMessageException(name + " mask bitmap pointer " + Integer.toUnsignedString(mask)
                    + " (expected: 0, no mask)");
        }
    }

    /** Reads clip type and rects of a DisplayBase. */
    private static List<Rect> readClip(ByteBuffer b, String name) {
        int type = b.get() & 0xff;
        if (type == CLIP_NONE) {
            return List.of();
        }
        if (type != CLIP_RECTS) {
            throw new CorruptedMessageException(name + " clip type " + type + " (expected: 0 NONE or 1 RECTS)");
        }
        Bodies.need(b, 4, name + " clip num_rects");
        long count = Integer.toUnsignedLong(b.getInt());
        if (count * Rect.BYTES > b.remaining()) {
            throw new CorruptedMessageException(name + " clip of " + count + " rects needs " + count * Rect.BYTES
                    + " bytes at offset " + b.position() + " (expected: at most the " + b.remaining() + " left)");
        }
        List<Rect> rects = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            rects.add(Rect.read(b));
        }
        return rects;
    }

    /** Checks a u32 pointer: 0 only if {@code nullable}, else inside the body. */
    private static int pointer(int value, int size, String field, boolean nullable) {
        if (value == 0 && nullable) {
            return 0;
        }
        if (value == 0 || Integer.compareUnsigned(value, size) >= 0) {
            throw new CorruptedMessageException(field + " offset " + Integer.toUnsignedString(value) + " in a body of "
                    + size + " bytes (expected: " + (nullable ? "0 or " : "") + "1.." + (size - 1) + ")");
        }
        return value;
    }

    // ---- images -------------------------------------------------------------------------------------------

    /**
     * A SpiceImage to send (§7.5): descriptor id 0, flags 0, no caching. Built by {@link #raw} or {@link #lz4};
     * immutable once built, and may be written any number of times from any thread.
     */
    public sealed interface Image permits Image.RawImage, Image.Lz4Image {

        /** Returns the width in pixels. */
        int width();

        /** Returns the height in pixels. */
        int height();

        /** Returns the encoded size of the image object: descriptor, header and pixel data. */
        int bodySize();

        /**
         * Writes the image object at the position of {@code out}, a little-endian buffer with {@link #bodySize()}
         * bytes remaining, and advances it.
         *
         * @param bodyOffsetOfImage the body offset the image is written at, the base of its own pointers (§3); the
         *                          images built here have none (palette NULL), so it is not used
         */
        void write(ByteBuffer out, int bodyOffsetOfImage);

        /**
         * A raw BITMAP: format 32BIT, flags TOP_DOWN, stride width·4, palette NULL, each pixel written as the u32 LE
         * of its int (0x00RRGGBB gives bytes B, G, R, X; the high byte is sent as is and ignored by clients).
         *
         * <p>The pixels are not copied: they are read when the message is written, so the region must not change
         * until then.
         *
         * @param width  the width, {@code >= 1}
         * @param height the height, {@code >= 1}
         * @param pixels the pixels, 0x00RRGGBB
         * @param offset the index of the top-left pixel
         * @param scan   the index distance between rows, {@code >= width}
         * @throws IllegalArgumentException  if a size is out of range or the image would exceed 2 GiB
         * @throws IndexOutOfBoundsException if the region is not inside {@code pixels}
         */
        static Image raw(int width, int height, int[] pixels, int offset, int scan) {
            checkRegion(width, height, pixels, offset, scan, DESCRIPTOR_BYTES + BITMAP_HEADER_BYTES);
            return new RawImage(width, height, pixels, offset, scan);
        }

        /**
         * An LZ4 image (type 109), compressed now: u8 top_down 1, u8 format 32BIT, then blocks of u32 big-endian
         * length and one LZ4 block each; each block holds up to 64 KiB of the rows (width·4 bytes B, G, R, X each,
         * top row first) and is independent of the others. Only clients with {@link #CAP_LZ4_COMPRESSION} decode
         * it (§7.6). The pixels are not referenced afterwards.
         *
         * @throws IllegalArgumentException  if a size is out of range or the image would exceed 2 GiB
         * @throws IndexOutOfBoundsException if the region is not inside {@code pixels}
         * @see #raw(int, int, int[], int, int)
         */
        static Image lz4(int width, int height, int[] pixels, int offset, int scan) {
            checkRegion(width, height, pixels, offset, scan, DESCRIPTOR_BYTES + 4 + 2 + 256);
            return new Lz4Image(width, height, pixels, offset, scan);
        }

        /** A raw 32BIT bitmap; see {@link Image#raw}. */
        final class RawImage implements Image {
            private final int width;
            private final int height;
            private final int[] pixels;
            private final int offset;
            private final int scan;

            private RawImage(int width, int height, int[] pixels, int offset, int scan) {
                this.width = width;
                this.height = height;
                this.pixels = pixels;
                this.offset = offset;
                this.scan = scan;
            }

            @Override
            public int width() {
                return width;
            }

            @Override
            public int height() {
                return height;
            }

            @Override
            public int bodySize() {
                return DESCRIPTOR_BYTES + BITMAP_HEADER_BYTES + width * height * 4;
            }

            @Override
            public void write(ByteBuffer out, int bodyOffsetOfImage) {
                writeDescriptor(out, IMAGE_TYPE_BITMAP, width, height);
                out.put((byte) BITMAP_FMT_32BIT).put((byte) BITMAP_FLAG_TOP_DOWN).putInt(width).putInt(height)
                        .putInt(width * 4).putInt(0);
                IntBuffer ints = out.slice().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
                if (scan == width) {
                    ints.put(pixels, offset, width * height);
                } else {
                    for (int row = 0, from = offset; row < height; row++, from += scan) {
                        ints.put(pixels, from, width);
                    }
                }
                out.position(out.position() + width * height * 4);
            }

            @Override
            public String toString() {
                return "RawImage[" + width + "x" + height + "]";
            }
        }

        /** An LZ4 image, compressed at construction; see {@link Image#lz4}. */
        final class Lz4Image implements Image {
            private final int width;
            private final int height;
            /** u8 top_down, u8 format, blocks. */
            private final byte[] payload;

            private Lz4Image(int width, int height, int[] pixels, int offset, int scan) {
                this.width = width;
                this.height = height;
                int total = width * height * 4;
                Lz4Scratch scratch = LZ4_SCRATCH.get();
                byte[] block = scratch.block;
                IntBuffer blockInts = scratch.blockInts;
                int[] table = scratch.table;
                Arrays.fill(table, 0); // as fresh for every image: the bytes depend on the pixels only
                byte[] out = scratch.out;
                out[0] = 1; // top_down
                out[1] = BITMAP_FMT_32BIT;
                int op = 2;
                int row = 0;
                int column = 0;
                for (int done = 0; done < total;) {
                    int n = Math.min(block.length, total - done);
                    blockInts.clear();
                    for (int filled = 0; filled < n / 4;) {
                        int count = Math.min(width - column, n / 4 - filled);
                        blockInts.put(pixels, offset + row * scan + column, count);
                        filled += count;
                        column += count;
                        if (column == width) {
                            column = 0;
                            row++;
                        }
                    }
                    int room = 4 + Lz4.maxCompressedLength(n);
                    if (out.length - op < room) {
                        out = Arrays.copyOf(out, (int) Math.min(Integer.MAX_VALUE - 8,
                                Math.max((long) out.length * 2, (long) op + room)));
                    }
                    int compressed = Lz4.compress(block, 0, n, out, op + 4, table);
                    out[op] = (byte) (compressed >>> 24);
                    out[op + 1] = (byte) (compressed >>> 16);
                    out[op + 2] = (byte) (compressed >>> 8);
                    out[op + 3] = (byte) compressed;
                    op += 4 + compressed;
                    done += n;
                }
                this.payload = Arrays.copyOf(out, op);
                if (out.length <= Lz4Scratch.MAX_KEPT_OUT) {
                    scratch.out = out; // grown for a large image: keep it for the next one
                }
            }

            @Override
            public int width() {
                return width;
            }

            @Override
            public int height() {
                return height;
            }

            @Override
            public int bodySize() {
                return DESCRIPTOR_BYTES + 4 + payload.length;
            }

            @Override
            public void write(ByteBuffer out, int bodyOffsetOfImage) {
                writeDescriptor(out, IMAGE_TYPE_LZ4, width, height);
                out.putInt(payload.length).put(payload);
            }

            @Override
            public String toString() {
                return "Lz4Image[" + width + "x" + height + ", " + payload.length + " bytes]";
            }
        }
    }

    /** The working buffers of {@link Image#lz4} on one thread; see {@link #LZ4_SCRATCH}. */
    private static final class Lz4Scratch {
        /** A grown output buffer up to this size is kept for the next image; a larger one is dropped. */
        static final int MAX_KEPT_OUT = 1 << 20;

        final byte[] block = new byte[LZ4_BLOCK_BYTES];
        final IntBuffer blockInts = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        final int[] table = new int[1 << Lz4.HASH_LOG];
        /** Room for the payload of one full block; grows for larger images. */
        byte[] out = new byte[2 + 4 + Lz4.maxCompressedLength(LZ4_BLOCK_BYTES)];
    }

    private static void checkRegion(int width, int height, int[] pixels, int offset, int scan, int overhead) {
        if (width < 1 || height < 1 || scan < width) {
            throw new IllegalArgumentException("image " + width + "x" + height + " scan " + scan
                    + " (expected: width, height >= 1, scan >= width)");
        }
        long bytes = (long) width * height * 4;
        if (bytes + overhead + 2 * (bytes / 255) > Integer.MAX_VALUE - DRAW_COPY_IMAGE_OFFSET) {
            throw new IllegalArgumentException("image " + width + "x" + height + " is too large for one message");
        }
        Objects.checkFromIndexSize(offset, (long) (height - 1) * scan + width > Integer.MAX_VALUE ? -1
                : (height - 1) * scan + width, pixels.length);
    }

    private static void writeDescriptor(ByteBuffer out, int type, int width, int height) {
        out.putLong(0).put((byte) type).put((byte) 0).putInt(width).putInt(height);
    }

    /**
     * An image decoded from a message.
     *
     * @param type   the SpiceImage type: {@link #IMAGE_TYPE_BITMAP} or {@link #IMAGE_TYPE_LZ4}
     * @param width  the width in pixels
     * @param height the height in pixels
     * @param pixels width·height pixels, top row first, as 0x00RRGGBB: the fourth byte (X of 32BIT, A of RGBA) is
     *               dropped; equality compares contents
     */
    public record DecodedImage(int type, int width, int height, int[] pixels) {

        @Override
        public boolean equals(Object o) {
            return o instanceof DecodedImage d && type == d.type && width == d.width && height == d.height
                    && Arrays.equals(pixels, d.pixels);
        }

        @Override
        public int hashCode() {
            return ((type * 31 + width) * 31 + height) * 31 + Arrays.hashCode(pixels);
        }

        @Override
        public String toString() {
            return "DecodedImage[type=" + type + ", " + width + "x" + height + "]";
        }
    }

    /**
     * Decodes the SpiceImage at body offset {@code at} of {@code b} (a little-endian slice of the body): BITMAP in
     * format 32BIT or RGBA with either row order and stride >= width·4, or LZ4 with format 32BIT or RGBA and either
     * row order.
     */
    static DecodedImage decodeImage(ByteBuffer b, int at, String name) {
        b.position(at);
        Bodies.need(b, DESCRIPTOR_BYTES, name + " image descriptor");
        b.getLong(); // id
        int type = b.get() & 0xff;
        b.get(); // flags
        int width = b.getInt();
        int height = b.getInt();
        String where = name + " image at offset " + at;
        if (type != IMAGE_TYPE_BITMAP && type != IMAGE_TYPE_LZ4) {
            throw new CorruptedMessageException(where + ": image type " + type + " " + imageTypeName(type)
                    + " is not supported (expected: 0 BITMAP or 109 LZ4)");
        }
        if (width <= 0 || height <= 0 || (long) width * height > (Integer.MAX_VALUE - 8) / 4) {
            throw new CorruptedMessageException(where + ": size " + Integer.toUnsignedString(width) + "x"
                    + Integer.toUnsignedString(height) + " (expected: 1.. each, at most 2^29 pixels)");
        }
        return type == IMAGE_TYPE_BITMAP ? decodeBitmap(b, width, height, where)
                : decodeLz4(b, width, height, where);
    }

    private static DecodedImage decodeBitmap(ByteBuffer b, int width, int height, String where) {
        Bodies.need(b, 14, where + " bitmap header");
        int format = b.get() & 0xff;
        int flags = b.get() & 0xff;
        int x = b.getInt();
        int y = b.getInt();
        int stride = b.getInt();
        Bodies.need(b, (flags & BITMAP_FLAG_PAL_FROM_CACHE) != 0 ? 8 : 4, where + " bitmap palette");
        if ((flags & BITMAP_FLAG_PAL_FROM_CACHE) != 0) {
            b.getLong(); // palette id, unused by 32-bit formats
        } else {
            b.getInt(); // palette pointer, unused by 32-bit formats
        }
        checkFormat(format, where + " bitmap");
        if (x != width || y != height) {
            throw new CorruptedMessageException(where + ": bitmap is " + Integer.toUnsignedString(x) + "x"
                    + Integer.toUnsignedString(y) + " (expected: " + width + "x" + height + " as the descriptor)");
        }
        if (Integer.toUnsignedLong(stride) < (long) width * 4) {
            throw new CorruptedMessageException(where + ": bitmap stride " + Integer.toUnsignedString(stride)
                    + " (expected: >= " + width * 4 + ")");
        }
        long data = Integer.toUnsignedLong(stride) * (height - 1) + width * 4L;
        if (data > b.remaining()) {
            throw new CorruptedMessageException(where + ": bitmap pixels at offset " + b.position() + " are cut off: "
                    + b.remaining() + " bytes left (expected: " + data + ")");
        }
        boolean topDown = (flags & BITMAP_FLAG_TOP_DOWN) != 0;
        int[] pixels = new int[width * height];
        int start = b.position();
        for (int row = 0; row < height; row++) {
            int wireRow = topDown ? row : height - 1 - row;
            b.slice(start + wireRow * stride, width * 4).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer()
                    .get(pixels, row * width, width);
        }
        maskAlpha(pixels);
        return new DecodedImage(IMAGE_TYPE_BITMAP, width, height, pixels);
    }

    private static DecodedImage decodeLz4(ByteBuffer b, int width, int height, String where) {
        Bodies.need(b, 4, where + " LZ4 data_size");
        long dataSize = Integer.toUnsignedLong(b.getInt());
        if (dataSize > b.remaining() || dataSize < 2) {
            throw new CorruptedMessageException(where + ": LZ4 data_size " + dataSize + " at offset "
                    + (b.position() - 4) + " (expected: 2.." + b.remaining() + ", the bytes left)");
        }
        int end = b.position() + (int) dataSize;
        boolean topDown = b.get() != 0;
        int format = b.get() & 0xff;
        checkFormat(format, where + " LZ4");
        int total = width * height * 4;
        // One LZ4 byte yields at most 255 output bytes, so a small message cannot ask for a huge buffer.
        if (total > 255L * dataSize) {
            throw new CorruptedMessageException(where + ": LZ4 data of " + dataSize + " bytes cannot hold "
                    + width + "x" + height + " pixels (expected: at most 255 output bytes per input byte)");
        }
        byte[] raw = new byte[total];
        byte[] in = new byte[(int) dataSize - 2];
        b.get(in);
        int ip = 0;
        int op = 0;
        int blocks = 0;
        while (ip < in.length) {
            if (in.length - ip < 4) {
                throw new CorruptedMessageException(where + ": LZ4 block " + blocks + " length is cut off after "
                        + (in.length - ip) + " bytes (expected: 4)");
            }
            long blockLength = (in[ip] & 0xffL) << 24 | (in[ip + 1] & 0xff) << 16 | (in[ip + 2] & 0xff) << 8
                    | in[ip + 3] & 0xff;
            ip += 4;
            if (blockLength > in.length - ip) {
                throw new CorruptedMessageException(where + ": LZ4 block " + blocks + " of " + blockLength
                        + " bytes exceeds the " + (in.length - ip) + " bytes left");
            }
            try {
                op += Lz4.decompress(in, ip, (int) blockLength, raw, 0, op, total);
            } catch (CorruptedMessageException e) {
                throw new CorruptedMessageException(where + ", block " + blocks + ": " + e.getMessage());
            }
            ip += (int) blockLength;
            blocks++;
        }
        if (op != total) {
            throw new CorruptedMessageException(where + ": LZ4 blocks decode to " + op + " bytes (expected: " + total
                    + " for " + width + "x" + height + ")");
        }
        int[] pixels = new int[width * height];
        IntBuffer ints = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        for (int row = 0; row < height; row++) {
            int wireRow = topDown ? row : height - 1 - row;
            ints.get(wireRow * width, pixels, row * width, width);
        }
        maskAlpha(pixels);
        return new DecodedImage(IMAGE_TYPE_LZ4, width, height, pixels);
    }

    private static void checkFormat(int format, String where) {
        if (format != BITMAP_FMT_32BIT && format != BITMAP_FMT_RGBA) {
            throw new CorruptedMessageException(where + " format " + format
                    + " is not supported (expected: 8 32BIT or 9 RGBA)");
        }
    }

    private static void maskAlpha(int[] pixels) {
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] &= 0xffffff;
        }
    }

    private static String imageTypeName(int type) {
        return switch (type) {
            case 1 -> "(QUIC)";
            case 100 -> "(LZ_PLT)";
            case 101 -> "(LZ_RGB)";
            case 102 -> "(GLZ_RGB)";
            case 103 -> "(FROM_CACHE)";
            case 104 -> "(SURFACE)";
            case 105 -> "(JPEG)";
            case 106 -> "(FROM_CACHE_LOSSLESS)";
            case 107 -> "(ZLIB_GLZ_RGB)";
            case 108 -> "(JPEG_ALPHA)";
            default -> "(unknown)";
        };
    }
}
