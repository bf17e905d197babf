package io.brickbyte.convert;

import java.util.HashMap;
import java.util.Map;

/**
 * Finds a property's ordinal by name. A source writes its properties in the same order record
 * after record, so the ordinal found at each position of the last record is tried first: one
 * string comparison (an identity check, as Jackson interns names) instead of a hash lookup.
 */
final class FieldLookup {

  static final int NOT_A_FIELD = -1;

  private final String[] names;
  private final Map<String, Integer> ordinals = new HashMap<>();
  private int[] lastOrdinalAt = new int[8];

  /** @param names by ordinal; null where an ordinal is not a property */
  FieldLookup(String[] names) {
    this.names = names.clone();
    for (int i = 0; i < names.length; i++) {
      if (names[i] != null) {
        ordinals.put(names[i], i);
      }
    }
  }

  /** The ordinal of the property at {@code position} (0-based) of the current object, or NOT_A_FIELD. */
  int ordinal(String name, int position) {
    if (position >= lastOrdinalAt.length) {
      lastOrdinalAt = java.util.Arrays.copyOf(lastOrdinalAt, Math.max(position + 1, lastOrdinalAt.length * 2));
    }
    int guess = lastOrdinalAt[position];
    if (guess >= 0 && guess < names.length && name.equals(names[guess])) {
      return guess;
    }
    Integer ordinal = ordinals.get(name);
    int found = ordinal == null ? NOT_A_FIELD : ordinal;
    lastOrdinalAt[position] = found;
    return found;
  }
}
