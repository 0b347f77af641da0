package io.saffron.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.saffron.core.protocol.DisplayMessages;
import io.saffron.core.protocol.Rect;

/**
 * A client-side copy of a primary surface, 0x00RRGGBB per pixel, built the way a SPICE client builds it: from
 * SURFACE_CREATE, then DRAW_COPY and DRAW_FILL applied in order. Also reads the PPM files spicy-screenshot writes.
 */
final class Frame {

    final int width;
    final int height;
    final int[] pixels;
    int draws;

    Frame(int width, int height) {
        this.width = width;
        this.height = height;
        this.pixels = new int[width * height];
    }

    Frame(int width, int height, int[] pixels) {
        if (pixels.length != width * height) {
            throw new IllegalArgumentException(pixels.length + " pixels for " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.pixels = pixels;
    }

    /** Applies a display message if it draws on surface 0; returns whether it did. */
    boolean apply(LinkClient.Message m) {
        switch (m.type()) {
            case DisplayMessages.DrawCopy.TYPE -> {
                DisplayMessages.DrawCopy.Decoded d = DisplayMessages.DrawCopy.decode(m.body());
                if (d.surfaceId() != 0) {
                    return false;
                }
                paste(d.box(), d.image().width(), d.image().pixels());
                draws++;
                return true;
            }
            case DisplayMessages.DrawFill.TYPE -> {
                DisplayMessages.DrawFill f = DisplayMessages.DrawFill.decode(m.body());
                if (f.surfaceId() != 0) {
                    return false;
                }
                Rect b = f.box();
                for (int y = b.top(); y < b.bottom(); y++) {
                    for (int x = b.left(); x < b.right(); x++) {
                        pixels[y * width + x] = f.color() & 0xFFFFFF;
                    }
                }
                draws++;
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void paste(Rect box, int srcWidth, int[] src) {
        for (int y = box.top(); y < box.bottom(); y++) {
            for (int x = box.left(); x < box.right(); x++) {
                pixels[y * width + x] = src[(y - box.top()) * srcWidth + (x - box.left())] & 0xFFFFFF;
            }
        }
    }

    /** Pixels that differ from {@code other} (which must have the same size). */
    int differences(int[] other) {
        int n = 0;
        for (int i = 0; i < pixels.length; i++) {
            if ((pixels[i] & 0xFFFFFF) != (other[i] & 0xFFFFFF)) {
                n++;
            }
        }
        return n;
    }

    /** The first differing pixel as text, for failure messages. */
    String firstDifference(int[] other) {
        for (int i = 0; i < pixels.length; i++) {
            if ((pixels[i] & 0xFFFFFF) != (other[i] & 0xFFFFFF)) {
                return String.format("(%d,%d): got %06x, expected %06x", i % width, i / width, pixels[i] & 0xFFFFFF,
                        other[i] & 0xFFFFFF);
            }
        }
        return "none";
    }

    /** Number of distinct colours (a check that a frame is not blank). */
    long colours() {
        return java.util.Arrays.stream(pixels).map(p -> p & 0xFFFFFF).distinct().count();
    }

    /** Reads a binary PPM (P6, maxval 255), as spicy-screenshot writes it. */
    static Frame readPpm(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            String magic = token(in);
            if (!magic.equals("P6")) {
                throw new IOException(file + " starts with " + magic + " (expected: P6)");
            }
            int w = Integer.parseInt(token(in));
            int h = Integer.parseInt(token(in));
            int max = Integer.parseInt(token(in));
            if (max != 255) {
                throw new IOException(file + " has maxval " + max + " (expected: 255)");
            }
            byte[] rgb = in.readNBytes(w * h * 3);
            if (rgb.length != w * h * 3) {
                throw new IOException(file + " has " + rgb.length + " pixel bytes (expected: " + w * h * 3 + ")");
            }
            int[] px = new int[w * h];
            for (int i = 0; i < px.length; i++) {
                px[i] = (rgb[3 * i] & 0xFF) << 16 | (rgb[3 * i + 1] & 0xFF) << 8 | rgb[3 * i + 2] & 0xFF;
            }
            return new Frame(w, h, px);
        }
    }

    /** One whitespace-separated header token; skips # comments; consumes the single whitespace after it. */
    private static String token(InputStream in) throws IOException {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '#' && t.size() == 0) {
                while ((c = in.read()) != -1 && c != '\n') {
                    // comment
                }
                continue;
            }
            if (Character.isWhitespace(c)) {
                if (t.size() > 0) {
                    break;
                }
                continue;
            }
            t.write(c);
        }
        return t.toString(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
