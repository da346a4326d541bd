package faultline.scan;

import faultline.rule.Finding;
import java.util.ArrayList;
import java.util.List;
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

  /** {@code lines}: the findings' lines and the line above each, as {@link FindingLines#read} gives them. */
  List<Finding> apply(List<Finding> findings, FindingLines lines) {
    List<Finding> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      Optional<String> why = justification(lines, f.at().file(), f.at().line(), f.ruleId());
      out.add(why.map(f::suppressed).orElse(f));
    }
    return out;
  }

  private static Optional<String> justification(FindingLines lines, String file, int line, String ruleId) {
    for (int l = line; l >= line - 1 && l >= 1; l--) {
      Optional<String> text = lines.line(file, l);
      // Most lines have no ignore comment: no regular expression for them.
      if (text.isEmpty() || !text.get().contains("faultline:")) continue;
      Matcher m = IGNORE.matcher(text.get());
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
}
