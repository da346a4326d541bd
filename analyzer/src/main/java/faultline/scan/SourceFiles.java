package faultline.scan;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Finds the files a scan reads: named files as given, directories walked for .c and .h (headers matter: lock
 * wrappers are static inline functions in them). Symlinks are followed; loops and unreadable directories become
 * notifications. Paths are made relative to the scan root for every output.
 */
final class SourceFiles {

  /** A file to scan: where it is, and how outputs name it. */
  record Source(Path path, String relative) {}

  private final Path root;
  private final boolean absolutePaths;
  private final List<PathMatcher> excludes = new ArrayList<>();
  final List<Notification> notifications = new ArrayList<>();

  SourceFiles(Path root, List<String> excludeGlobs, boolean absolutePaths) {
    this.root = root.toAbsolutePath().normalize();
    this.absolutePaths = absolutePaths;
    for (String glob : excludeGlobs) excludes.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
  }

  List<Source> collect(List<Path> paths) {
    TreeMap<String, Source> found = new TreeMap<>();
    // What each path is, on every core (a kernel's path list names 40,873 files); then taken in order.
    Path[] absolute = new Path[paths.size()];
    BasicFileAttributes[] attributes = new BasicFileAttributes[paths.size()];
    boolean[] readable = new boolean[paths.size()];
    java.util.stream.IntStream.range(0, absolute.length).parallel().forEach(i -> {
      Path p = paths.get(i).toAbsolutePath().normalize();
      absolute[i] = p;
      try {
        attributes[i] = Files.readAttributes(p, BasicFileAttributes.class);
      } catch (IOException | SecurityException e) {
        return;   // as Files.exists: not there, or cannot be told
      }
      readable[i] = attributes[i].isDirectory() || Files.isReadable(p);
    });
    for (int i = 0; i < absolute.length; i++) {
      Path given = paths.get(i);
      if (attributes[i] == null) throw new ScanException("no such file or directory: " + given);
      if (attributes[i].isDirectory()) walk(absolute[i], found);
      else if (!readable[i]) throw new ScanException("cannot read " + given);
      else add(absolute[i], found, true);
    }
    return List.copyOf(found.values());
  }

  private void walk(Path dir, TreeMap<String, Source> found) {
    try {
      Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
        @Override public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          if (!d.equals(dir) && excluded(relative(d))) return FileVisitResult.SKIP_SUBTREE;
          return FileVisitResult.CONTINUE;
        }

        @Override public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) add(f, found, false);
          return FileVisitResult.CONTINUE;
        }

        @Override public FileVisitResult visitFileFailed(Path f, IOException e) {
          String why = e instanceof FileSystemLoopException ? "symbolic link loop" : "cannot read: " + e.getMessage();
          notifications.add(new Notification(Notification.Level.WARNING, "unreadable",
              relative(f) + ": skipped (" + why + ")", Optional.empty()));
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new ScanException("cannot walk " + dir + ": " + e.getMessage());
    }
  }

  private void add(Path file, TreeMap<String, Source> found, boolean named) {
    String name = file.getFileName().toString();
    if (!named && !(name.endsWith(".c") || name.endsWith(".h"))) return;
    String rel = relative(file);
    if (excluded(rel)) return;
    found.putIfAbsent(rel, new Source(file, rel));
  }

  private boolean excluded(String rel) {
    Path p = Path.of(rel);
    for (PathMatcher m : excludes) if (m.matches(p)) return true;
    return false;
  }

  /**
   * Root-relative with '/' separators. Files outside the root stay relative ("../x.c") unless the user asked for
   * absolute paths: outputs must not leak the scanning machine's directory layout.
   */
  String relative(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    if (absolutePaths && !abs.startsWith(root)) return abs.toString();
    return root.relativize(abs).toString().replace('\\', '/');
  }
}
