package io.saffron.channel.display.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class DirtyRegionTest {

    private static boolean covered(List<DirtyRegion.Box> boxes, int x, int y) {
        for (DirtyRegion.Box b : boxes) {
            if (x >= b.x() && x < b.right() && y >= b.y() && y < b.bottom()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void clipsToTheSurfaceAndDropsEmptyAreas() {
        DirtyRegion r = new DirtyRegion(100, 50);
        r.add(-10, -10, 20, 20);
        r.add(200, 0, 10, 10);
        r.add(90, 45, 0, 5);
        assertEquals(List.of(new DirtyRegion.Box(0, 0, 10, 10)), r.boxes());
    }

    @Test
    void containedRectanglesAddNothingAndContainingOnesReplace() {
        DirtyRegion r = new DirtyRegion(100, 100);
        r.add(10, 10, 50, 50);
        r.add(20, 20, 5, 5);
        assertEquals(List.of(new DirtyRegion.Box(10, 10, 50, 50)), r.boxes());
        r.add(0, 0, 80, 80);
        assertEquals(List.of(new DirtyRegion.Box(0, 0, 80, 80)), r.boxes());
    }

    @Test
    void touchingNeighboursMergeButDistantOnesStaySeparate() {
        DirtyRegion r = new DirtyRegion(1000, 1000);
        r.add(0, 0, 100, 10);
        r.add(0, 10, 100, 10); // shares an edge: the union wastes nothing
        assertEquals(List.of(new DirtyRegion.Box(0, 0, 100, 20)), r.boxes());
        r.add(900, 900, 10, 10); // far away: merging would cover most of the screen
        assertEquals(2, r.boxes().size());
    }

    @Test
    void aSlowClientsRegionStaysBoundedAndCoversEveryDraw() {
        DirtyRegion r = new DirtyRegion(1024, 768);
        Random random = new Random(42);
        int[][] draws = new int[5000][];
        for (int i = 0; i < draws.length; i++) {
            int w = 1 + random.nextInt(60);
            int h = 1 + random.nextInt(60);
            draws[i] = new int[] {random.nextInt(1024 - w), random.nextInt(768 - h), w, h};
            r.add(draws[i][0], draws[i][1], w, h);
            assertTrue(r.boxes().size() <= DirtyRegion.MAX_RECTS, "rectangles: " + r.boxes().size());
        }
        List<DirtyRegion.Box> boxes = r.boxes();
        for (int[] d : draws) {
            assertTrue(covered(boxes, d[0], d[1]) && covered(boxes, d[0] + d[2] - 1, d[1] + d[3] - 1),
                    "draw at " + d[0] + "," + d[1] + " is not covered");
        }
        assertTrue(r.area() <= (long) DirtyRegion.MAX_RECTS * 1024 * 768);
    }

    @Test
    void pollAndPushFrontKeepOrder() {
        DirtyRegion r = new DirtyRegion(100, 100);
        r.add(0, 0, 10, 10);
        r.add(50, 50, 10, 10);
        DirtyRegion.Box first = r.poll();
        assertEquals(new DirtyRegion.Box(0, 0, 10, 10), first);
        r.pushFront(new DirtyRegion.Box(0, 5, 10, 5));
        assertEquals(new DirtyRegion.Box(0, 5, 10, 5), r.poll());
        assertEquals(new DirtyRegion.Box(50, 50, 10, 10), r.poll());
        assertTrue(r.isEmpty());
        r.addAll();
        assertEquals(List.of(new DirtyRegion.Box(0, 0, 100, 100)), r.boxes());
    }
}
