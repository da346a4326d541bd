package faultline.scan;

import faultline.rule.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The source lines a scan's findings are on, and the line above each, read once per file: in-source suppressions
 * look at both, fingerprints hash the first. A kernel's findings name some 4,400 files, and a rescan spent as long
 * reading them (twice, once for each) as it did analysing its changed file.
 *
 * <p>Lines are split as {@code text.split("\r?\n")} of the file decoded as UTF-8 would split them; malformed UTF-8
 * becomes U+FFFD (Latin-1 comments in old drivers must not make a file unreadable). An unreadable file has no lines.
 */
public final class FindingLines {

  /** Nothing read: a consumer reads what it needs itself. */
  public static final FindingLines NONE = new FindingLines(Map.of());

  private static final byte[] SUPPRESSION_MARKER = "faultline:".getBytes(StandardCharsets.ISO_8859_1);

  /** A file's wanted lines, and whether it mentions the suppression marker anywhere. */
  private record FileLines(Map<Integer, String> lines, boolean mentionsMarker) {}

  private final Map<String, FileLines> byFile;

  private FindingLines(Map<String, FileLines> byFile) {
    this.byFile = byFile;
  }

  /** Reads, on every core, the lines of {@code findings} from the files {@code pathByRelative} names. */
  static FindingLines read(List<Finding> findings, Map<String, Path> pathByRelative) {
    Map<String, TreeSet<Integer>> wanted = new LinkedHashMap<>();
    for (Finding f : findings) {
      if (!pathByRelative.containsKey(f.at().file())) continue;
      TreeSet<Integer> lines = wanted.computeIfAbsent(f.at().file(), k -> new TreeSet<>());
      lines.add(f.at().line());
      lines.add(f.at().line() - 1);
    }
    Map<String, FileLines> byFile = new ConcurrentHashMap<>();
    wanted.keySet().stream().toList().parallelStream()
        .forEach(file -> byFile.put(file, readFile(pathByRelative.get(file), wanted.get(file))));
    return new FindingLines(byFile);
  }

  /** Whether {@code file} was read here (else a consumer must read it itself). */
  public boolean has(String file) {
    return byFile.containsKey(file);
  }

  /** Line {@code line} (1-based) of {@code file}, if it was read and the file has it. */
  public Optional<String> line(String file, int line) {
    FileLines f = byFile.get(file);
    return f == null ? Optional.empty() : Optional.ofNullable(f.lines().get(line));
  }

  /**
   * Whether {@code file} contains "faultline:" anywhere: a file that does not has no suppression comment, and
   * most files with findings do not.
   */
  boolean mentionsSuppressionMarker(String file) {
    FileLines f = byFile.get(file);
    return f != null && f.mentionsMarker();
  }

  private static FileLines readFile(Path path, SortedSet<Integer> numbers) {
    try {
      byte[] bytes = Files.readAllBytes(path);
      return new FileLines(lines(bytes, numbers), mentions(bytes, SUPPRESSION_MARKER));
    } catch (IOException | RuntimeException e) {
      return new FileLines(Map.of(), false);
    }
  }

  /** Lines {@code numbers} (1-based) of a file, in one pass that stops at the last one wanted. */
  public static Map<Integer, String> lines(byte[] bytes, SortedSet<Integer> numbers) {
    Map<Integer, String> out = new HashMap<>();
    // The wanted numbers in order, so that each line costs a comparison (a set lookup per line was most of it).
    java.util.Iterator<Integer> wanted = numbers.tailSet(1).iterator();
    if (!wanted.hasNext()) return out;
    int want = wanted.next();
    int line = 1;
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] != '\n') continue;
      if (line == want) {
        int end = i;
        if (i < bytes.length && end > start && bytes[end - 1] == '\r') end--;
        out.put(line, new String(bytes, start, end - start, StandardCharsets.UTF_8));
        if (!wanted.hasNext()) break;
        want = wanted.next();
      }
      line++;
      start = i + 1;
    }
    return out;
  }

  /**
   * Horspool's search: it looks at about one byte in {@code marker.length}. Every file with a finding is searched,
   * and a rescan runs this with C1 code.
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
}
