package faultline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The benchmark's file list: one path per line, relative to the scan root or absolute. The raw parse and the scan
 * read the same list, so the ratio between them compares the same work.
 */
final class FileList {

  private FileList() {}

  static List<Path> read(Path list, Path root) throws IOException {
    return Files.readAllLines(list, StandardCharsets.UTF_8).stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty())
        .map(line -> root.resolve(line).normalize())
        .toList();
  }
}
