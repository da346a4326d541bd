package faultline.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CLiteralsTest {

  /** How the analysis and the front-end read integer literals before: a lower-case copy and Long.parseLong. */
  private static OptionalLong byParseLong(String text) {
    String t = text.toLowerCase(Locale.ROOT).replaceAll("[ul]+$", "");
    try {
      if (t.startsWith("0x")) return OptionalLong.of(Long.parseLong(t.substring(2), 16));
      if (t.length() > 1 && t.startsWith("0")) return OptionalLong.of(Long.parseLong(t.substring(1), 8));
      return OptionalLong.of(Long.parseLong(t));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  @Test void valuesOfCIntegerLiterals() {
    assertEquals(OptionalLong.of(0), CLiterals.integerValue("0"));
    assertEquals(OptionalLong.of(42), CLiterals.integerValue("42"));
    assertEquals(OptionalLong.of(31), CLiterals.integerValue("0X1fUL"));
    assertEquals(OptionalLong.of(15), CLiterals.integerValue("017"));
    assertEquals(OptionalLong.of(1), CLiterals.integerValue("1ULL"));
    assertEquals(OptionalLong.empty(), CLiterals.integerValue("\"EBUSY\""));
    assertEquals(OptionalLong.empty(), CLiterals.integerValue("'a'"));
    assertEquals(OptionalLong.empty(), CLiterals.integerValue("0xffffffffffffffff"));
  }

  @Test void agreesWithLongParseLongEverywhere() {
    List<String> texts = List.of("", "0", "00", "000", "7", "08", "017", "0x", "0X", "0xul", "0x0", "0xFF", "0Xffu",
        "u", "ul", "UL", "LLU", "0ul", "42", "42u", "42lu", "42ULL", "-1", "+5", "-", "+", "0-1", "0+7", "0x-1",
        "0x+f", "--1", "1-", "1.5", "1e3", "0b101", "1'000", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "0777777777777777777777", "01777777777777777777777",
        "0x7fffffffffffffff", "0x8000000000000000", "0xffffffffffffffff", "\"str\"", "'\\0'", "NULL", "true",
        "\uff11\uff12", "0x\uff21", "12a", "0x1g", " 1", "1 ");
    for (String t : texts) assertEquals(byParseLong(t), CLiterals.integerValue(t), t);
  }
}
