package io.saffron.core.protocol;

import static io.saffron.core.protocol.MessageCase.assertCorrupted;
import static io.saffron.core.protocol.MessageCase.wrapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import io.saffron.core.protocol.DisplayMessages.CopyBits;
import io.saffron.core.protocol.DisplayMessages.DisplayInit;
import io.saffron.core.protocol.DisplayMessages.DrawFill;
import io.saffron.core.protocol.DisplayMessages.GlDrawDone;
import io.saffron.core.protocol.DisplayMessages.Head;
import io.saffron.core.protocol.DisplayMessages.InvalAllPalettes;
import io.saffron.core.protocol.DisplayMessages.Mark;
import io.saffron.core.protocol.DisplayMessages.MonitorsConfig;
import io.saffron.core.protocol.DisplayMessages.PreferredCompression;
import io.saffron.core.protocol.DisplayMessages.PreferredVideoCodecType;
import io.saffron.core.protocol.DisplayMessages.Reset;
import io.saffron.core.protocol.DisplayMessages.StreamReport;
import io.saffron.core.protocol.DisplayMessages.SurfaceCreate;
import io.saffron.core.protocol.DisplayMessages.SurfaceDestroy;

import org.junit.jupiter.api.Test;

class DisplayMessagesTest {

    /** §7.8: DRAW_FILL of the whole 1024×768 screen with #804020, observed from the real server. */
    static final String OBSERVED_DRAW_FILL = "00 00 00 00  00 00 00 00 00 00 00 00 00 03 00 00 00 04 00 00  00"
            + "01 20 40 80 00   08 00   00 00 00 00 00 00 00 00 00 00 00 00 00";

    /** §7.2: DISPLAY_INIT from spice-gtk. */
    static final String SPICE_GTK_DISPLAY_INIT = "01 | 00 00 40 01 00 00 00 00 | 01 | 00 fc df 00";

    /** §7.2: DISPLAY_INIT from spice-html5. */
    static final String HTML5_DISPLAY_INIT = "01 | 00 00 a0 00 00 00 00 00 | 00 | 00 00 00 00";

    /** §7.12: SURFACE_CREATE observed from the real server. */
    static final String OBSERVED_SURFACE_CREATE = "00000000 00040000 00030000 20000000 01000000";

    /** §7.10: MONITORS_CONFIG observed. */
    static final String OBSERVED_MONITORS_CONFIG = "01 00 01 00 | 00000000 00000000 00040000 00030000 00000000"
            + " 00000000 00000000";

    static List<MessageCase> cases() {
        return List.of(
                MessageCase.exact("DISPLAY_INIT", new DisplayInit(1, 20_971_520, 1, 14_679_040),
                        bars(SPICE_GTK_DISPLAY_INIT), DisplayInit::decode),
                MessageCase.exact("DISPLAY_INIT", new DisplayInit(1, 10_485_760, 0, 0), bars(HTML5_DISPLAY_INIT),
                        DisplayInit::decode),
                MessageCase.exact("DISPLAY_INIT", new DisplayInit(255, -1, 255, -1), "ff ffffffffffffffff ff ffffffff",
                        DisplayInit::decode),
                // §7.11: "stream unknown" report: num_frames 0, num_drops 0xFFFFFFFF; delay +418 ms; no audio
                MessageCase.exact("STREAM_REPORT", new StreamReport(49, 7, 1000, 2000, 0, -1, 418, -1),
                        "31000000 07000000 e8030000 d0070000 00000000 ffffffff a2010000 ffffffff",
                        StreamReport::decode),
                MessageCase.exact("STREAM_REPORT", new StreamReport(0, 0, 0, 0, 5, 0, -2, 0),
                        "00000000 00000000 00000000 00000000 05000000 00000000 feffffff 00000000",
                        StreamReport::decode),
                MessageCase.exact("PREFERRED_COMPRESSION", new PreferredCompression(DisplayMessages.COMPRESSION_LZ4),
                        "07", PreferredCompression::decode),
                MessageCase.exact("PREFERRED_COMPRESSION", new PreferredCompression(255), "ff",
                        PreferredCompression::decode),
                MessageCase.exact("GL_DRAW_DONE", new GlDrawDone(), "", GlDrawDone::decode),
                MessageCase.exact("PREFERRED_VIDEO_CODEC_TYPE", new PreferredVideoCodecType(new int[] {3, 1, 255}),
                        "03 03 01 ff", PreferredVideoCodecType::decode),
                MessageCase.exact("PREFERRED_VIDEO_CODEC_TYPE", new PreferredVideoCodecType(new int[0]), "00",
                        PreferredVideoCodecType::decode),
                // DisplayBase (surface, box top/left/bottom/right, clip NONE) + SpicePoint src_pos (§7.8)
                MessageCase.exact("COPY_BITS", new CopyBits(0, Rect.of(10, 20, 100, 50), 10, 40),
                        "00000000 14000000 0a000000 46000000 6e000000 00 0a000000 28000000", CopyBits::decode),
                MessageCase.exact("MARK", new Mark(), "", Mark::decode),
                MessageCase.exact("RESET", new Reset(), "", Reset::decode),
                MessageCase.exact("INVAL_ALL_PALETTES", new InvalAllPalettes(), "", InvalAllPalettes::decode),
                MessageCase.exact("SURFACE_CREATE", new SurfaceCreate(0, 1024, 768,
                        DisplayMessages.SURFACE_FMT_32_XRGB, DisplayMessages.SURFACE_FLAG_PRIMARY),
                        OBSERVED_SURFACE_CREATE, SurfaceCreate::decode),
                MessageCase.exact("SURFACE_DESTROY", new SurfaceDestroy(0), "00000000", SurfaceDestroy::decode),
                MessageCase.exact("SURFACE_DESTROY", new SurfaceDestroy(7), "07000000", SurfaceDestroy::decode),
                MessageCase.exact("MONITORS_CONFIG", new MonitorsConfig(1, List.of(new Head(0, 0, 1024, 768, 0, 0,
                        0))), bars(OBSERVED_MONITORS_CONFIG), MonitorsConfig::decode),
                MessageCase.exact("MONITORS_CONFIG", new MonitorsConfig(4, List.of(new Head(0, 0, 800, 600, 0, 0, 0),
                        new Head(1, 0, 640, 480, 800, 0, 0))), "0200 0400"
                                + " 00000000 00000000 20030000 58020000 00000000 00000000 00000000"
                                + " 01000000 00000000 80020000 e0010000 20030000 00000000 00000000",
                        MonitorsConfig::decode),
                MessageCase.exact("MONITORS_CONFIG", new MonitorsConfig(0, List.of()), "0000 0000",
                        MonitorsConfig::decode),
                MessageCase.exact("DRAW_FILL", new DrawFill(0, Rect.of(0, 0, 1024, 768), 0x804020),
                        OBSERVED_DRAW_FILL, DrawFill::decode),
                MessageCase.exact("DRAW_FILL", new DrawFill(1, new Rect(20, 10, 22, 12), 0xffffff),
                        "01000000 14000000 0a000000 16000000 0c000000 00 01 ffffff00 0800 00 0000000000000000 00000000",
                        DrawFill::decode));
    }

    private static String bars(String dump) {
        return dump.replace("|", "");
    }

    @Test
    void drawFillIsTheObserved41Bytes() {
        DrawFill fill = new DrawFill(0, Rect.of(0, 0, 1024, 768), 0x804020);

        assertEquals(41, fill.bodySize());
        assertEquals(Feeds.hex(Feeds.hex(OBSERVED_DRAW_FILL)), MessageCase.encodeHex(fill));
        assertEquals(fill, DrawFill.decode(wrapped(OBSERVED_DRAW_FILL)));
    }

    @Test
    void drawFillRejectsFormsItCannotRepresent() {
        byte[] fill = Feeds.hex(OBSERVED_DRAW_FILL);
        byte[] clip = fill.clone();
        clip[20] = 1;
        assertCorrupted(() -> DrawFill.decode(wrapped(clip, false)), "DRAW_FILL clip type 1", "expected: 0 NONE");
        byte[] brush = fill.clone();
        brush[21] = 2;
        assertCorrupted(() -> DrawFill.decode(wrapped(brush, false)), "DRAW_FILL brush type 2", "1 SOLID");
        byte[] rop = fill.clone();
        rop[26] = 0x10;
        assertCorrupted(() -> DrawFill.decode(wrapped(rop, false)), "DRAW_FILL rop descriptor 0x10", "OP_PUT");
        byte[] mask = fill.clone();
        mask[37] = 41;
        assertCorrupted(() -> DrawFill.decode(wrapped(mask, false)), "DRAW_FILL mask bitmap pointer 41",
                "expected: 0");
    }

    @Test
    void copyBitsRejectsClipRects() {
        assertCorrupted(() -> CopyBits.decode(wrapped("00000000 00000000 00000000 01000000 01000000 01 00000000"
                + " 00000000 00000000")), "COPY_BITS clip type 1");
    }

    @Test
    void displayInitMatchesBothObservedClients() {
        DisplayInit gtk = DisplayInit.decode(wrapped(bars(SPICE_GTK_DISPLAY_INIT)));
        assertEquals(20_971_520L, gtk.pixmapCacheSize());
        assertEquals(14_679_040, gtk.glzWindowSize());

        DisplayInit html5 = DisplayInit.decode(wrapped(bars(HTML5_DISPLAY_INIT)));
        assertEquals(0, html5.glzWindowSize());
        assertEquals(0, html5.glzDictionaryId());
    }

    @Test
    void preferredVideoCodecTypeCountMustMatch() {
        assertCorrupted(() -> PreferredVideoCodecType.decode(wrapped("03 01 02")),
                "PREFERRED_VIDEO_CODEC_TYPE with 3 codecs", "expected: 4");
        assertCorrupted(() -> PreferredVideoCodecType.decode(wrapped("01 01 02")), "expected: 2");
    }

    @Test
    void monitorsConfigCountMustMatch() {
        assertCorrupted(() -> MonitorsConfig.decode(wrapped("0200 0100 " + "00".repeat(28))),
                "MONITORS_CONFIG with 2 heads", "32 bytes", "expected: 60");
    }

    @Test
    void constantsFollowSection7() {
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), List.of(DisplayMessages.CAP_SIZED_STREAM,
                DisplayMessages.CAP_MONITORS_CONFIG, DisplayMessages.CAP_COMPOSITE, DisplayMessages.CAP_A8_SURFACE,
                DisplayMessages.CAP_STREAM_REPORT, DisplayMessages.CAP_LZ4_COMPRESSION,
                DisplayMessages.CAP_PREF_COMPRESSION, DisplayMessages.CAP_GL_SCANOUT, DisplayMessages.CAP_MULTI_CODEC));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), List.of(DisplayMessages.COMPRESSION_INVALID,
                DisplayMessages.COMPRESSION_OFF, DisplayMessages.COMPRESSION_AUTO_GLZ,
                DisplayMessages.COMPRESSION_AUTO_LZ, DisplayMessages.COMPRESSION_QUIC, DisplayMessages.COMPRESSION_GLZ,
                DisplayMessages.COMPRESSION_LZ, DisplayMessages.COMPRESSION_LZ4));
        assertEquals(List.of(101, 102, 103, 104, 105), List.of(DisplayInit.TYPE, StreamReport.TYPE,
                PreferredCompression.TYPE, GlDrawDone.TYPE, PreferredVideoCodecType.TYPE));
        assertEquals(List.of(102, 103, 104, 108, 302, 304, 314, 315, 317), List.of(Mark.TYPE, Reset.TYPE,
                CopyBits.TYPE, InvalAllPalettes.TYPE, DrawFill.TYPE, DisplayMessages.DrawCopy.TYPE, SurfaceCreate.TYPE,
                SurfaceDestroy.TYPE, MonitorsConfig.TYPE));
    }

    @Test
    void narrowFieldsAreRangeChecked() {
        assertThrows(IllegalArgumentException.class, () -> new DisplayInit(256, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new PreferredCompression(-1));
        assertThrows(IllegalArgumentException.class, () -> new PreferredVideoCodecType(new int[256]));
        assertThrows(IllegalArgumentException.class, () -> new PreferredVideoCodecType(new int[] {256}));
        assertThrows(IllegalArgumentException.class, () -> new MonitorsConfig(0x10000, List.of()));
        assertThrows(NullPointerException.class, () -> new DrawFill(0, null, 0));
    }
}
