package faultline.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Who produced a report: faultline's name, version and home page, as stamped into SARIF and shown by
 * {@code --version}. Tests pass a fixed one so golden files do not change with every release.
 */
public record ToolInfo(String name, String version, String informationUri) {

  /** The running build's identity, from {@code /faultline/version.properties} (filtered by Maven). */
  public static ToolInfo current() {
    Properties props = new Properties();
    try (InputStream in = ToolInfo.class.getResourceAsStream("/faultline/version.properties")) {
      if (in != null) props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ToolInfo("faultline", props.getProperty("version", "0.0.0-unknown"),
        props.getProperty("informationUri", "https://github.com/faultline-dev/faultline"));
  }

  /**
   * Where a rule's help lives: the help file in the source tree. Used as SARIF helpUri and as the LSP
   * diagnostic's codeDescription, so both send users to the same page.
   */
  public String ruleHelpUri(String ruleId) {
    return informationUri + "/blob/main/rules/src/main/resources/faultline/rules/" + ruleId + ".md";
  }
}
