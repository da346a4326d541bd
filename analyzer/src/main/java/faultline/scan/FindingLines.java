package faultline.scan;

import faultline.rule.Finding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The source lines a scan's findings are on, and the line above each, read once per file: in-source suppressions
 * look at both, fingerprints hash the first. A kernel's findings name some 4,400 files, and a rescan spent as long
 * reading them (twice, once for each) as it did analysing its changed file.
 *
 * <p>A file is read only as far as its last wanted line, through one reused buffer per thread: read whole, those
 * files were 430 MB of fresh arrays in a 2.4 GB rescan.
 *
 * <p>Lines are split as {@code text.split("\r?\n")} of the file decoded as UTF-8 would split them; malformed UTF-8
 * becomes U+FFFD (Latin-1 comments in old drivers must not make a file unreadable). An unreadable file has no lines.
 */
public final class FindingLines {

  /** Nothing read: a consumer reads what it needs itself. */
  public static final FindingLines NONE = new FindingLines(Map.of());

  private final Map<String, Map<Integer, String>> byFile;

  private FindingLines(Map<String, Map<Integer, String>> byFile) {
    this.byFile = byFile;
  }

  /**
   * Reads, on every core, the lines of {@code findings} from {@code pathOf} their file; a file it gives no path for
   * ({@code null}) is not read.
   */
  public static FindingLines read(List<Finding> findings, Function<String, Path> pathOf) {
    return read(findings, pathOf, file -> null);
  }

  /**
   * The same, taking a file's lines from {@code stored} when it has every line wanted there ({@code null}: nothing
   * stored for that file). {@code stored} must only give lines of the file as it is now: those of an unchanged
   * file as an earlier scan read them.
   */
  public static FindingLines read(List<Finding> findings, Function<String, Path> pathOf,
      Function<String, Map<Integer, String>> stored) {
    Map<String, TreeSet<Integer>> wanted = new LinkedHashMap<>();
    Map<String, Path> paths = new HashMap<>();
    for (Finding f : findings) {
      String file = f.at().file();
      Path path = paths.computeIfAbsent(file, k -> pathOrNull(pathOf, k));
      if (path == null) continue;
      TreeSet<Integer> lines = wanted.computeIfAbsent(file, k -> new TreeSet<>());
      lines.add(f.at().line());
      lines.add(f.at().line() - 1);
    }
    Map<String, Map<Integer, String>> byFile = new ConcurrentHashMap<>();
    wanted.keySet().stream().toList().parallelStream().forEach(file -> {
      Map<Integer, String> lines = fromStored(stored.apply(file), wanted.get(file));
      if (lines == null) {
        try {
          lines = lines(paths.get(file), wanted.get(file));
        } catch (IOException | RuntimeException e) {
          lines = Map.of();
        }
      }
      byFile.put(file, lines);
    });
    return new FindingLines(byFile);
  }

  private static Path pathOrNull(Function<String, Path> pathOf, String file) {
    try {
      return pathOf.apply(file);
    } catch (RuntimeException e) { // not a path on this system: nothing to read
      return null;
    }
  }

  /** The wanted lines ({@code numbers} from 1 on) out of {@code stored}, or null when it lacks one of them. */
  private static Map<Integer, String> fromStored(Map<Integer, String> stored, SortedSet<Integer> numbers) {
    if (stored == null) return null;
    Map<Integer, String> out = new HashMap<>();
    for (int n : numbers.tailSet(1)) {
      String text = stored.get(n);
      if (text == null) return null;
      out.put(n, text);
    }
    return out;
  }

  /** The lines read of {@code file} (line number to text), or an empty map when it was not read here. */
  public Map<Integer, String> linesOf(String file) {
    return byFile.getOrDefault(file, Map.of());
  }

  /** Whether {@code file} was read here (else a consumer must read it itself). */
  public boolean has(String file) {
    return byFile.containsKey(file);
  }

  /** Line {@code line} (1-based) of {@code file}, if it was read and the file has it. */
  public Optional<String> line(String file, int line) {
    Map<Integer, String> lines = byFile.get(file);
    return lines == null ? Optional.empty() : Optional.ofNullable(lines.get(line));
  }

  /** Lines {@code numbers} (1-based) of the file at {@code path}, read as far as the last one wanted. */
  public static Map<Integer, String> lines(Path path, SortedSet<Integer> numbers) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return lines(in, numbers);
    }
  }

  /** Lines {@code numbers} (1-based) of {@code bytes}. */
  public static Map<Integer, String> lines(byte[] bytes, SortedSet<Integer> numbers) {
    try {
      return lines(new ByteArrayInputStream(bytes), numbers);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
  }

  private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

  /**
   * One pass that stops at the last wanted line. The wanted numbers are taken in order, so that each line costs a
   * comparison (a set lookup per line was most of it); a wanted line that runs across buffers is gathered.
   */
  private static Map<Integer, String> lines(InputStream in, SortedSet<Integer> numbers) throws IOException {
    Map<Integer, String> out = new HashMap<>();
    Iterator<Integer> wanted = numbers.tailSet(1).iterator();
    if (!wanted.hasNext()) return out;
    int want = wanted.next();
    byte[] buf = BUFFERS.get();
    ByteArrayOutputStream partial = null; // the start of the wanted line, when it began in an earlier buffer
    int line = 1;
    for (int n = in.read(buf); n > 0; n = in.read(buf)) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (buf[i] != '\n') continue;
        if (line == want) {
          out.put(line, text(partial, buf, start, i, true));
          partial = null;
          if (!wanted.hasNext()) return out;
          want = wanted.next();
        }
        line++;
        start = i + 1;
      }
      if (line == want) {
        if (partial == null) partial = new ByteArrayOutputStream();
        partial.write(buf, start, n - start);
      }
    }
    if (line == want) out.put(line, text(partial, buf, 0, 0, false)); // the last line, with no newline after it
    return out;
  }

  /** {@code partial} then {@code buf[from, to)} as UTF-8; before a newline, without a carriage return. */
  private static String text(ByteArrayOutputStream partial, byte[] buf, int from, int to, boolean beforeNewline) {
    byte[] bytes = buf;
    if (partial != null) {
      partial.write(buf, from, to - from);
      bytes = partial.toByteArray();
      from = 0;
      to = bytes.length;
    }
    if (beforeNewline && to > from && bytes[to - 1] == '\r') to--;
    return new String(bytes, from, to - from, StandardCharsets.UTF_8);
  }
}
