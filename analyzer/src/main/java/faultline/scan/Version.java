package faultline.scan;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** faultline's version, from the build ({@code /faultline/version.properties}). */
public final class Version {
  private static final String VERSION = load();

  private Version() {}

  public static String get() {
    return VERSION;
  }

  /**
   * The jar faultline runs from, by size and time: a snapshot holds analysis results, so a rebuilt analyzer (a
   * developer's change to the lock model or a rule, without a version bump) must not read an older build's.
   */
  public static String buildStamp() {
    try {
      java.nio.file.Path code = java.nio.file.Path.of(
          Version.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!java.nio.file.Files.isRegularFile(code)) return "classes";
      return java.nio.file.Files.size(code) + " " + java.nio.file.Files.getLastModifiedTime(code).toMillis();
    } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
      return "unknown";
    }
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("/faultline/version.properties")) {
      if (in == null) return "unknown";
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
