package io.saffron.core.protocol;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * An immutable set of SPICE capabilities as sent on the wire: an array of u32 words in which capability number
 * {@code k} is bit {@code k % 32} of word {@code k / 32} (spice-wire.md §1.2).
 *
 * <p>The words are kept as given, so that {@link #wordCount()} is the count a peer sent or will be sent. Words
 * missing at the end read as zero, as on the wire; equality therefore ignores trailing zero words:
 * {@code ofWords(0x0b)} equals {@code ofWords(0x0b, 0)}.
 *
 * <p>Immutable; safe for use by any thread.
 */
public final class Capabilities {

    /** The set with no capabilities and no words. */
    public static final Capabilities NONE = new Capabilities(new int[0]);

    /** The words, never shared with callers. */
    private final int[] words;

    private Capabilities(int[] words) {
        this.words = words;
    }

    /**
     * Returns the set holding the given capability numbers, in the fewest words that hold the highest one.
     *
     * @param bits capability numbers, such as {@link CommonCaps#MINI_HEADER}; duplicates are allowed
     * @return the set; {@link #NONE} when no bits are given
     * @throws IllegalArgumentException if a bit is negative
     */
    public static Capabilities of(int... bits) {
        int max = -1;
        for (int bit : bits) {
            checkBit(bit);
            max = Math.max(max, bit);
        }
        if (max < 0) {
            return NONE;
        }
        int[] words = new int[max / Integer.SIZE + 1];
        for (int bit : bits) {
            words[bit / Integer.SIZE] |= 1 << (bit % Integer.SIZE);
        }
        return new Capabilities(words);
    }

    /**
     * Returns the set with the given words, as read from or written to the wire.
     *
     * @param words the words, first word first; copied
     * @return the set, keeping the number of words given
     */
    public static Capabilities ofWords(int... words) {
        return words.length == 0 ? NONE : new Capabilities(words.clone());
    }

    /**
     * Tells whether a capability is set; words beyond {@link #wordCount()} read as zero.
     *
     * @param bit the capability number
     * @return true if the capability is set
     * @throws IllegalArgumentException if {@code bit} is negative
     */
    public boolean has(int bit) {
        checkBit(bit);
        int index = bit / Integer.SIZE;
        return index < words.length && (words[index] & (1 << (bit % Integer.SIZE))) != 0;
    }

    /**
     * Returns a set with one more capability, growing the words if needed.
     *
     * @param bit the capability number to add
     * @return this set if the capability is already set, otherwise a new set
     * @throws IllegalArgumentException if {@code bit} is negative
     */
    public Capabilities with(int bit) {
        if (has(bit)) {
            return this;
        }
        int index = bit / Integer.SIZE;
        int[] grown = Arrays.copyOf(words, Math.max(words.length, index + 1));
        grown[index] |= 1 << (bit % Integer.SIZE);
        return new Capabilities(grown);
    }

    /**
     * Returns the words.
     *
     * @return a copy of the words, first word first
     */
    public int[] words() {
        return words.clone();
    }

    /**
     * Returns the number of words, which is the caps count sent on the wire.
     *
     * @return the number of words, possibly zero
     */
    public int wordCount() {
        return words.length;
    }

    /**
     * Returns the word at an index; words beyond {@link #wordCount()} read as zero.
     *
     * @param index the word index, from zero
     * @return the word
     * @throws IllegalArgumentException if {@code index} is negative
     */
    public int word(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("capability word index " + index + " (expected: >= 0)");
        }
        return index < words.length ? words[index] : 0;
    }

    /**
     * Compares the capabilities held, ignoring trailing zero words.
     *
     * @param other the object to compare with
     * @return true if {@code other} is a {@code Capabilities} with the same bits set
     */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Capabilities)) {
            return false;
        }
        Capabilities that = (Capabilities) other;
        int n = Math.max(words.length, that.words.length);
        for (int i = 0; i < n; i++) {
            if (word(i) != that.word(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash of the words up to the last non-zero one
     */
    @Override
    public int hashCode() {
        int end = words.length;
        while (end > 0 && words[end - 1] == 0) {
            end--;
        }
        int hash = 1;
        for (int i = 0; i < end; i++) {
            hash = 31 * hash + words[i];
        }
        return hash;
    }

    /**
     * Returns the words in hex, first word first, separated by spaces.
     *
     * @return for example {@code 0x0000000b}, or {@code none} when there are no words
     */
    @Override
    public String toString() {
        if (words.length == 0) {
            return "none";
        }
        StringJoiner joiner = new StringJoiner(" ");
        for (int word : words) {
            joiner.add(String.format("0x%08x", word));
        }
        return joiner.toString();
    }

    private static void checkBit(int bit) {
        if (bit < 0) {
            throw new IllegalArgumentException("capability bit " + bit + " (expected: >= 0)");
        }
    }
}
