package faultline.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IsWordTest {

  @Test void agreesWithTheWordPattern() {
    Pattern word = Pattern.compile("\\w+");
    for (String s : List.of("", "m", "lock", "_x1", "$t3", "dev->lock", "a.b", "a[0]", "*p", "9", "Z_z", "é", "a b",
        "x\u0660")) {
      assertEquals(word.matcher(s).matches(), LockResolver.isWord(s), s);
    }
  }
}
