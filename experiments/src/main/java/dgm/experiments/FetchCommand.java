package dgm.experiments;

import dgm.core.data.CacheDir;
import dgm.core.data.IdxDataset;
import dgm.core.data.IdxFetch;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Download the four IDX files of an image dataset (mnist, fashion-mnist) into the cache folder",
            "($DGM_CACHE, else $XDG_CACHE_HOME/dgm-workbench, else ~/.cache/dgm-workbench; then datasets/ID), where",
            "--dataset ID looks when no data.path is given (fashion-mnist: after Debian's package).",
            "Each file's size and SHA-256 are checked before it is kept; a file already there and verified is",
            "not downloaded again. Progress goes to stderr. See docs/data.md."})
final class FetchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATASET", description = "mnist or fashion-mnist")
    String dataset;

    @Option(names = "--force", description = "download every file again, even one present and verified")
    boolean force;

    @Option(names = "--from", paramLabel = "URL", description = "base URL to download from instead of the official one "
            + "(a mirror holding the same four files; they must still match the SHA-256s)")
    String from;

    @Override
    public Integer call() {
        IdxFetch.Origin origin = IdxFetch.origin(dataset);
        if (from != null) {
            origin = origin.from(from);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = CacheDir.resolve("datasets", origin.id());
        err.printf("fetch: %s from %s into %s%n", origin.id(), origin.baseUrl(), dir);
        err.flush();
        List<IdxFetch.Outcome> outcomes = new IdxFetch(origin, dir, err).run(force);
        long downloaded = outcomes.stream().filter(IdxFetch.Outcome::downloaded).count();
        out.printf("%s: the %d files are in %s (%d downloaded, %d already there and verified)%n", origin.id(),
                outcomes.size(), dir, downloaded, outcomes.size() - downloaded);
        if (origin.id().equals("fashion-mnist") && Files.isDirectory(IdxDataset.DEBIAN_FASHION_MNIST)) {
            out.printf("note: Debian's %s is installed in %s; --dataset fashion-mnist reads that folder first "
                    + "(the cache only when it is incomplete)%n", IdxDataset.DEBIAN_FASHION_MNIST_PACKAGE,
                    IdxDataset.DEBIAN_FASHION_MNIST);
        }
        return Workbench.EXIT_OK;
    }
}
