package faultline.cli;

import faultline.lsp.FaultlineLanguageServer;
import faultline.report.ToolInfo;
import faultline.scan.ScanListener;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "lsp", mixinStandardHelpOptions = true,
    description = "Run the language server on stdin/stdout: diagnostics for C files on open and save.")
final class LspCommand implements Callable<Integer> {

  private final Env env;

  LspCommand(Env env) {
    this.env = env;
  }

  @Option(names = "--debug", description = "Show stack traces of internal errors.")
  boolean debug;

  @Override public Integer call() throws InterruptedException {
    FaultlineLanguageServer server = new FaultlineLanguageServer(
        (options, cache) -> env.engine().scan(options, ScanListener.NONE, cache), ToolInfo.current());
    java.io.PrintStream protocol = env.out();
    // stdout carries the protocol: a stray print from any library would corrupt a frame, so send those to stderr.
    if (protocol == System.out) System.setOut(System.err);
    Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, env.in(), protocol);
    server.connect(launcher.getRemoteProxy());
    Future<Void> listening = launcher.startListening();
    // Ends on "exit", or when the client closes the pipe without one (then 1, as the protocol says).
    CompletableFuture<Integer> closed = CompletableFuture.supplyAsync(() -> {
      try {
        listening.get();
      } catch (InterruptedException | ExecutionException e) {
        // The stream broke: same as closing it.
      }
      return 1;
    });
    try {
      return (Integer) CompletableFuture.anyOf(server.exitCode(), closed).get();
    } catch (ExecutionException e) {
      return 1;
    }
  }
}
