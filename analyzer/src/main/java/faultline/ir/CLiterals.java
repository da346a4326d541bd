package faultline.ir;

import java.util.OptionalLong;

/** C literal syntax the front-end and the analysis both read. */
public final class CLiterals {

  private CLiterals() {}

  /**
   * The value of a C integer literal ("0x1fUL", "017", "42"), empty for anything else (strings, characters,
   * floats, values past a long). The lock dataflow asks at every visit of a branch or assignment: no regular
   * expression, no lower-case copy, and no NumberFormatException for string and character literals (which
   * Long.parseLong threw, filling in a stack trace each time).
   */
  public static OptionalLong integerValue(String text) {
    int end = text.length();
    while (end > 0 && "uUlL".indexOf(text.charAt(end - 1)) >= 0) end--;
    if (end > 1 && text.charAt(0) == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X')) {
      return parseLong(text, 2, end, 16);
    }
    if (end > 1 && text.charAt(0) == '0') return parseLong(text, 1, end, 8);
    return parseLong(text, 0, end, 10);
  }

  /** {@code Long.parseLong(text.substring(from, to), radix)}, empty where that throws. */
  private static OptionalLong parseLong(String text, int from, int to, int radix) {
    if (from >= to) return OptionalLong.empty();
    boolean negative = false;
    int i = from;
    char first = text.charAt(i);
    if (first == '-' || first == '+') {
      negative = first == '-';
      if (++i == to) return OptionalLong.empty();
    }
    // Accumulated negatively, as Long.parseLong does, so that Long.MIN_VALUE fits.
    long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
    long multiplyLimit = limit / radix;
    long value = 0;
    for (; i < to; i++) {
      int digit = Character.digit(text.charAt(i), radix);
      if (digit < 0 || value < multiplyLimit) return OptionalLong.empty();
      value *= radix;
      if (value < limit + digit) return OptionalLong.empty();
      value -= digit;
    }
    return OptionalLong.of(negative ? value : -value);
  }
}
