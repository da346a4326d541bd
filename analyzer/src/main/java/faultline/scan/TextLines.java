package faultline.scan;

import java.util.ArrayList;
import java.util.List;

/** A text's lines, as {@code text.split("\r?\n", -1)} gives them, without a regular expression per file. */
public final class TextLines {

  private TextLines() {}

  public static List<String> split(String text) {
    List<String> out = new ArrayList<>(text.length() / 32 + 1);
    int start = 0;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
      int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
      out.add(text.substring(start, end));
      start = i + 1;
    }
    out.add(text.substring(start));
    return out;
  }
}
