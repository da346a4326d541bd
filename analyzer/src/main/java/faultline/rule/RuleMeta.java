package faultline.rule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded rule with its metadata: the {@link RuleInfo} annotation and the sections of its help file
 * ({@code /faultline/rules/<id>.md}, read from the rule class's own jar).
 */
public record RuleMeta(Rule rule, RuleInfo info, String helpMarkdown, Map<String, String> sections) {

  public String id() { return info.id(); }

  public static RuleMeta of(Rule rule) {
    RuleInfo info = rule.getClass().getAnnotation(RuleInfo.class);
    if (info == null) throw new IllegalArgumentException(rule.getClass().getName() + " has no @RuleInfo");
    String help = readHelp(rule.getClass(), info.id()).orElse("");
    return new RuleMeta(rule, info, help, sections(help));
  }

  private static Optional<String> readHelp(Class<?> cls, String id) {
    try (InputStream in = cls.getResourceAsStream("/faultline/rules/" + id + ".md")) {
      return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Splits markdown at "## " headings; text before the first heading is under "". */
  static Map<String, String> sections(String markdown) {
    Map<String, String> out = new LinkedHashMap<>();
    String current = "";
    StringBuilder body = new StringBuilder();
    for (String line : markdown.split("\n", -1)) {
      if (line.startsWith("## ")) {
        out.put(current, body.toString().strip());
        current = line.substring(3).strip();
        body.setLength(0);
      } else {
        body.append(line).append('\n');
      }
    }
    out.put(current, body.toString().strip());
    return out;
  }

  /** The help's first paragraph after the title: the SARIF fullDescription. */
  public String fullDescription() {
    String intro = sections.getOrDefault("", "");
    StringBuilder para = new StringBuilder();
    for (String line : intro.split("\n")) {
      if (line.startsWith("# ")) continue;
      if (line.isBlank()) { if (para.length() > 0) break; else continue; }
      if (para.length() > 0) para.append(' ');
      para.append(line.strip());
    }
    return para.length() == 0 ? info.name() : para.toString();
  }

  /** The help's "## Fix" section, first line: the default fix of a finding. */
  public String defaultFix() {
    String fix = sections.getOrDefault("Fix", "").strip();
    int nl = fix.indexOf('\n');
    return nl < 0 ? fix : fix.substring(0, nl).strip();
  }

  public List<Integer> cwe() {
    return java.util.Arrays.stream(info.cwe()).boxed().toList();
  }
}
