package faultline.scan;

import faultline.rule.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies in-source suppressions: {@code / * faultline: ignore <rule-id>[,<rule-id>] -- reason * /} (or a
 * {@code //} comment) on the finding's line or the line above. Suppressed findings are kept and marked, so SARIF
 * can show them as suppressed; a suppression without a reason gets "no reason given".
 */
final class Suppressions {

  private static final Pattern IGNORE =
      Pattern.compile("faultline:\\s*ignore\\s+([a-z0-9*,\\s-]+?)(?:\\s*--\\s*(.*?))?\\s*(?:\\*/|$)");

  private final Map<String, List<String>> linesByFile = new java.util.concurrent.ConcurrentHashMap<>();

  List<Finding> apply(List<Finding> findings, Map<String, Path> pathByRelative) {
    // A whole kernel's findings name thousands of files: read them on every core first.
    findings.stream().map(f -> f.at().file()).distinct().filter(pathByRelative::containsKey).toList()
        .parallelStream().forEach(rel -> linesByFile.computeIfAbsent(rel, k -> read(pathByRelative.get(rel))));
    List<Finding> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      Path path = pathByRelative.get(f.at().file());
      Optional<String> why = path == null ? Optional.empty() : justification(path, f.at().file(), f.at().line(), f.ruleId());
      out.add(why.map(f::suppressed).orElse(f));
    }
    return out;
  }

  private Optional<String> justification(Path path, String rel, int line, String ruleId) {
    List<String> lines = linesByFile.computeIfAbsent(rel, k -> read(path));
    for (int l = line; l >= line - 1 && l >= 1; l--) {
      if (l > lines.size()) continue;
      Matcher m = IGNORE.matcher(lines.get(l - 1));
      while (m.find()) {
        for (String id : m.group(1).split("[,\\s]+")) {
          if (id.equals(ruleId) || id.equals("*")) {
            String reason = m.group(2) == null ? "" : m.group(2).strip();
            return Optional.of(reason.isEmpty() ? "no reason given" : reason);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** {@code text.split("\r?\n", -1)}, without a regular expression per file. */
  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>(text.length() / 32 + 1);
    int start = 0;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
      out.add(text.substring(start, i > start && text.charAt(i - 1) == '\r' ? i - 1 : i));
      start = i + 1;
    }
    out.add(text.substring(start));
    return out;
  }

  private static final byte[] MARKER = "faultline:".getBytes(StandardCharsets.ISO_8859_1);

  /**
   * Horspool's search: it looks at about one byte in {@code marker.length}. Every file with a finding is searched,
   * some 4,400 of them in a kernel, and a rescan runs this with C1 code.
   */
  static boolean mentions(byte[] text, byte[] marker) {
    int m = marker.length;
    if (m == 0) return true;
    int[] shift = new int[256];
    java.util.Arrays.fill(shift, m);
    for (int k = 0; k < m - 1; k++) shift[marker[k] & 0xff] = m - 1 - k;
    for (int i = 0; i + m <= text.length; i += shift[text[i + m - 1] & 0xff]) {
      int k = m - 1;
      while (k >= 0 && text[i + k] == marker[k]) k--;
      if (k < 0) return true;
    }
    return false;
  }

  private static List<String> read(Path path) {
    try {
      byte[] bytes = Files.readAllBytes(path);
      // Most files have no ignore comment at all: then no line can match, and none need decoding or splitting.
      return mentions(bytes, MARKER) ? lines(new String(bytes, StandardCharsets.ISO_8859_1)) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }
}
