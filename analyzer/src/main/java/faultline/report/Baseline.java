package faultline.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faultline.rule.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The findings a team has already seen, as the {@code faultline/v1} fingerprints of an earlier SARIF report
 * ({@code --baseline OLD.sarif}). Findings whose fingerprint is in the baseline are left out of the report and
 * counted; {@code --fail-on} then looks at the new ones only. Suppressed findings are never baselined: they stay
 * in the report marked as suppressed.
 */
public final class Baseline {

  private final Set<String> fingerprints;

  private Baseline(Set<String> fingerprints) {
    this.fingerprints = fingerprints;
  }

  public static Baseline of(Set<String> fingerprints) {
    return new Baseline(Set.copyOf(fingerprints));
  }

  /** Reads every result's {@code partialFingerprints["faultline/v1"]} from a SARIF file, whatever tool wrote the rest. */
  public static Baseline read(Path sarif) {
    JsonNode log;
    try {
      log = new ObjectMapper().readTree(Files.readAllBytes(sarif));
    } catch (JsonProcessingException e) {
      throw new ReportException("baseline " + sarif + " is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ReportException("cannot read baseline " + sarif + ": " + describe(e));
    }
    if (log == null || !log.path("runs").isArray()) {
      throw new ReportException("baseline " + sarif + " is not a SARIF log (no \"runs\" array)");
    }
    Set<String> found = new HashSet<>();
    for (JsonNode run : log.path("runs")) {
      for (JsonNode result : run.path("results")) {
        JsonNode fp = result.path("partialFingerprints").path(Fingerprints.KEY);
        if (fp.isTextual()) found.add(fp.asText());
      }
    }
    return new Baseline(Set.copyOf(found));
  }

  /** How many fingerprints the baseline holds; zero from a report of another tool or an older fingerprint recipe. */
  public int size() {
    return fingerprints.size();
  }

  public boolean contains(String fingerprint) {
    return fingerprints.contains(fingerprint);
  }

  /** The findings to report (new ones and suppressed ones, order kept) and how many were baselined. */
  public Split split(List<Finding> findings, Fingerprints fps) {
    List<Finding> kept = new ArrayList<>();
    int baselined = 0;
    for (Finding f : findings) {
      if (f.suppression().isEmpty() && fingerprints.contains(fps.of(f))) {
        baselined++;
      } else {
        kept.add(f);
      }
    }
    return new Split(List.copyOf(kept), baselined);
  }

  public record Split(List<Finding> reported, int baselined) {}

  static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
    if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
