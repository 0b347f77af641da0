package io.saffron.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

class RectTest {

    @Test
    void ofTakesXYWidthHeight() {
        Rect r = Rect.of(10, 20, 2, 3);

        assertEquals(new Rect(20, 10, 23, 12), r);
        assertEquals(10, r.x());
        assertEquals(20, r.y());
        assertEquals(2, r.width());
        assertEquals(3, r.height());
    }

    @Test
    void writesTopLeftBottomRight() {
        // §7.13: box top 20, left 10, bottom 22, right 12
        ByteBuffer out = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN).position(1);

        Rect.of(10, 20, 2, 2).write(out);

        assertEquals(17, out.position());
        assertEquals("00" + "14000000 0a000000 16000000 0c000000".replace(" ", "") + "00", Feeds.hex(out.array()));
    }

    @Test
    void readsWhatItWrites() {
        ByteBuffer in = ByteBuffer.wrap(Feeds.hex("ff 14000000 0a000000 16000000 0c000000")).order(
                ByteOrder.LITTLE_ENDIAN).position(1);

        assertEquals(new Rect(20, 10, 22, 12), Rect.read(in));
        assertEquals(17, in.position());
    }

    @Test
    void nothingIsValidated() {
        Rect inverted = new Rect(10, 10, 0, -5);

        assertEquals(-15, inverted.width());
        assertEquals(-10, inverted.height());
        assertEquals(Rect.of(0, 0, 0, 0), new Rect(0, 0, 0, 0));
    }
}
