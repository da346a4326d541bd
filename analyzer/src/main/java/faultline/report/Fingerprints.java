package faultline.report;

import faultline.rule.Finding;
import faultline.scan.FindingLines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stable identities for findings, written to SARIF as {@code partialFingerprints["faultline/v1"]} and matched by
 * {@code --baseline}. A fingerprint hashes what the finding is about, never where it sits: the rule id, the file,
 * the function, the lock classes and the primary source line's text with comments and whitespace removed. Adding
 * lines above a finding keeps it; changing the rule, the locks or the line that triggers it changes it.
 *
 * <p>Two findings with the same hash (the same statement repeated in one function) are told apart by an occurrence
 * number in sort order, {@code <hash>:<n>}, as GitHub does for its own line hashes. So fingerprints are computed
 * once over all findings of a scan, before any of them are filtered.
 */
public final class Fingerprints {

  /** The partialFingerprints key; bump the version when the recipe changes so old baselines stop matching quietly. */
  public static final String KEY = "faultline/v1";

  private final Map<Finding, String> byFinding;
  /**
   * The same, by identity: the report asks for the findings it was computed for, and a finding's own hash walks
   * every step of its traces (20,000 findings of up to 16 steps each on a kernel).
   */
  private final Map<Finding, String> byIdentity;

  private Fingerprints(Map<Finding, String> byFinding) {
    this.byFinding = byFinding;
    this.byIdentity = new java.util.IdentityHashMap<>(byFinding.size() * 2);
    byFinding.forEach(byIdentity::put);
  }

  /** Fingerprints of {@code findings} (in the order given, which should be {@code RuleRunner.ORDER}); files are read from {@code root}. */
  public static Fingerprints compute(Path root, List<Finding> findings) {
    return compute(root, findings, FindingLines.NONE);
  }

  /**
   * The same, taking the lines {@code known} has (the scan read them for suppressions) and reading the files it
   * has not from {@code root}.
   */
  public static Fingerprints compute(Path root, List<Finding> findings, FindingLines known) {
    // A whole kernel's report names thousands of files: read the lines it needs on every core first, then hash in
    // order (occurrence numbers follow the order). An unreadable file has no lines: its findings hash without text.
    List<Finding> unread = findings.stream().filter(f -> !known.has(f.at().file())).toList();
    FindingLines read = unread.isEmpty() ? FindingLines.NONE : FindingLines.read(unread, root::resolve);
    Map<String, Integer> seen = new HashMap<>();
    Map<Finding, String> out = new LinkedHashMap<>();
    for (Finding f : findings) {
      String file = f.at().file();
      String text = (known.has(file) ? known : read).line(file, f.at().line()).orElse("");
      String base = hash(f, normalise(text));
      int occurrence = seen.merge(base, 1, Integer::sum);
      out.put(f, base + ":" + occurrence);
    }
    return new Fingerprints(out);
  }

  /** The fingerprint of a finding that was part of the computed list. */
  public String of(Finding finding) {
    String fp = byIdentity.get(finding);
    if (fp == null) fp = byFinding.get(finding);
    if (fp == null) throw new IllegalArgumentException("no fingerprint computed for " + finding.at() + " " + finding.ruleId());
    return fp;
  }

  /** Every fingerprint, for writing a baseline in tests. */
  public Set<String> all() {
    return new HashSet<>(byFinding.values());
  }

  private static String hash(Finding f, String normalisedLine) {
    List<String> locks = new ArrayList<>(f.lockClasses());
    locks.sort(null);
    StringBuilder in = new StringBuilder();
    // NUL separators: no field can run into the next and produce the same input from different findings.
    in.append(f.ruleId()).append('\0').append(f.at().file()).append('\0').append(f.function()).append('\0')
        .append(String.join("\u0001", locks)).append('\0').append(normalisedLine);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.toString().getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /**
   * A source line without comments or whitespace: re-indenting, re-wrapping a comment or adding a trailing note
   * does not change what the line does. String and character literals are kept verbatim.
   */
  static String normalise(String line) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    int n = line.length();
    while (i < n) {
      char c = line.charAt(i);
      if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && line.charAt(j) != c) j += line.charAt(j) == '\\' ? 2 : 1;
        j = Math.min(j + 1, n);
        out.append(line, i, j);
        i = j;
      } else if (c == '/' && i + 1 < n && line.charAt(i + 1) == '/') {
        break;
      } else if (c == '/' && i + 1 < n && line.charAt(i + 1) == '*') {
        int end = line.indexOf("*/", i + 2);
        if (end < 0) break;
        i = end + 2;
      } else {
        if (!Character.isWhitespace(c)) out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
