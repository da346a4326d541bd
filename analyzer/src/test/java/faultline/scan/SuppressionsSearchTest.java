package faultline.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The marker search against the obvious one, on texts built to hold near misses. */
class SuppressionsSearchTest {

  private static boolean naive(byte[] text, byte[] marker) {
    outer:
    for (int i = 0; i + marker.length <= text.length; i++) {
      for (int k = 0; k < marker.length; k++) if (text[i + k] != marker[k]) continue outer;
      return true;
    }
    return false;
  }

  @Test void agreesWithTheObviousSearch() {
    Random random = new Random(6);
    byte[] marker = "faultline:".getBytes(StandardCharsets.ISO_8859_1);
    String[] pieces = {"fault", "faultline", "faultline:", "line:", ":", "f", "ignore", "\n", " ", "aultline:", "\u00e9"};
    int found = 0;
    for (int round = 0; round < 5000; round++) {
      StringBuilder text = new StringBuilder();
      int n = random.nextInt(12);
      for (int i = 0; i < n; i++) {
        // the full marker rarely, so that most texts are near misses
        String piece = pieces[random.nextInt(pieces.length)];
        if (piece.equals("faultline:") && random.nextInt(4) != 0) piece = "faultline;";
        text.append(piece);
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
      boolean expected = naive(bytes, marker);
      if (expected) found++;
      assertEquals(expected, FindingLines.mentions(bytes, marker), text.toString());
    }
    assertEquals(true, found > 100 && found < 4900, "found in " + found + " of 5000 texts");
  }
}
