package io.saffron.channel.display.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of a surface a client has yet to receive, as a short list of rectangles. Adding merges a rectangle
 * with the ones it overlaps or touches when their bounding box wastes little area, and collapses everything into
 * one bounding box past {@link #MAX_RECTS}, so the region stays small however many frames a slow client misses:
 * it is bounded by the surface, never by the number of draws. Since pixels are read when a rectangle is sent,
 * the client always gets the newest ones. Not thread-safe: confined to the display channel's worker loop.
 */
final class DirtyRegion {

    /** Past this many rectangles the region becomes its bounding box. */
    static final int MAX_RECTS = 32;

    /** A rectangle [x, x + w) × [y, y + h). */
    record Box(int x, int y, int w, int h) {
        int right() {
            return x + w;
        }

        int bottom() {
            return y + h;
        }

        long area() {
            return (long) w * h;
        }

        boolean contains(Box o) {
            return o.x >= x && o.y >= y && o.right() <= right() && o.bottom() <= bottom();
        }

        /** Overlapping or sharing an edge. */
        boolean touches(Box o) {
            return o.x <= right() && x <= o.right() && o.y <= bottom() && y <= o.bottom();
        }

        Box union(Box o) {
            int nx = Math.min(x, o.x);
            int ny = Math.min(y, o.y);
            return new Box(nx, ny, Math.max(right(), o.right()) - nx, Math.max(bottom(), o.bottom()) - ny);
        }
    }

    private final int width;
    private final int height;
    private final List<Box> boxes = new ArrayList<>();

    DirtyRegion(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** Adds a rectangle, clipped to the surface; an empty intersection adds nothing. */
    void add(int x, int y, int w, int h) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(width, x + w);
        int y1 = Math.min(height, y + h);
        if (x1 <= x0 || y1 <= y0) {
            return;
        }
        Box b = new Box(x0, y0, x1 - x0, y1 - y0);
        boolean merged = true;
        while (merged) {
            merged = false;
            for (int i = 0; i < boxes.size(); i++) {
                Box o = boxes.get(i);
                if (o.contains(b)) {
                    return;
                }
                if (b.contains(o)) {
                    boxes.remove(i--);
                    continue;
                }
                if (b.touches(o)) {
                    Box u = b.union(o);
                    // Merge when the box wastes at most a quarter more than the two areas (overlap counted twice).
                    if (u.area() * 4 <= (b.area() + o.area()) * 5) {
                        boxes.remove(i);
                        b = u;
                        merged = true;
                        break;
                    }
                }
            }
        }
        boxes.add(b);
        if (boxes.size() > MAX_RECTS) {
            Box all = boxes.get(0);
            for (Box o : boxes) {
                all = all.union(o);
            }
            boxes.clear();
            boxes.add(all);
        }
    }

    /** Marks the whole surface. */
    void addAll() {
        boxes.clear();
        boxes.add(new Box(0, 0, width, height));
    }

    boolean isEmpty() {
        return boxes.isEmpty();
    }

    /** Puts a rectangle back in front (the unsent rest of a polled one); no merging. */
    void pushFront(Box b) {
        boxes.add(0, b);
    }

    /** Removes and returns the oldest rectangle, or null. */
    Box poll() {
        return boxes.isEmpty() ? null : boxes.remove(0);
    }

    /** The rectangles, oldest first (a copy). */
    List<Box> boxes() {
        return List.copyOf(boxes);
    }

    /** Pixels covered, counting overlaps once per rectangle (an upper bound). */
    long area() {
        long a = 0;
        for (Box b : boxes) {
            a += b.area();
        }
        return a;
    }

    void clear() {
        boxes.clear();
    }
}
