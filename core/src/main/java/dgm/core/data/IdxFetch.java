package dgm.core.data;

import dgm.core.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Downloads the four gzipped IDX files of MNIST or Fashion-MNIST into a folder (the command
 * {@code ./workbench fetch ID} uses the cache folder {@code CacheDir.resolve("datasets", id)}, where
 * {@link IdxDataset} looks last). Each file is written to a temporary file in the same folder, its
 * size and SHA-256 are checked against the constants below, and only then is it renamed into place;
 * a file that fails is deleted and refused ({@link InputException}, exit 2) naming the file, the
 * expected and the actual value. A file already present and verified is not downloaded again
 * (unless {@code force}); one present that fails its hash is said to and downloaded again.
 *
 * <p>The constants are the publishers' files, byte for byte (docs/data.md, "Hashes"):
 * Fashion-MNIST from Zalando's own location (their README), MNIST from the mirror torchvision uses
 * (yann.lecun.com often refuses downloads; the files are the same).
 */
public final class IdxFetch {

    /** One file as its publisher serves it: name, size in bytes, SHA-256 of those bytes (lower-case hex). */
    public record Official(String name, long bytes, String sha256) {
    }

    /** Where a dataset's files officially live and what they are. */
    public record Origin(String id, String baseUrl, List<Official> files) {
        public Origin {
            files = List.copyOf(files);
            baseUrl = checkUrl(baseUrl);
        }

        /** The same files from another base URL (a mirror, or a test's local server); the hashes still apply. */
        public Origin from(String otherBaseUrl) {
            return new Origin(id, otherBaseUrl, files);
        }
    }

    public static final Origin FASHION_MNIST = new Origin("fashion-mnist",
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/", List.of(
            new Official("train-images-idx3-ubyte.gz", 26_421_880, "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
            new Official("train-labels-idx1-ubyte.gz", 29_515, "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
            new Official("t10k-images-idx3-ubyte.gz", 4_422_102, "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
            new Official("t10k-labels-idx1-ubyte.gz", 5_148, "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5")));

    public static final Origin MNIST = new Origin("mnist", "https://ossci-datasets.s3.amazonaws.com/mnist/", List.of(
            new Official("train-images-idx3-ubyte.gz", 9_912_422, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
            new Official("train-labels-idx1-ubyte.gz", 28_881, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
            new Official("t10k-images-idx3-ubyte.gz", 1_648_877, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
            new Official("t10k-labels-idx1-ubyte.gz", 4_542, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")));

    public static List<Origin> origins() {
        return List.of(MNIST, FASHION_MNIST);
    }

    /** The origin of a fetchable dataset; an unknown id is refused naming the fetchable ones. */
    public static Origin origin(String id) {
        for (Origin o : origins()) {
            if (o.id().equals(id)) {
                return o;
            }
        }
        throw new InputException("fetch: unknown dataset '" + id + "'; datasets that can be fetched: "
                + String.join(", ", origins().stream().map(Origin::id).toList()));
    }

    /** What happened to one file. */
    public record Outcome(String name, boolean downloaded, String note) {
    }

    private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;

    private final Origin origin;
    private final Path dir;
    private final PrintWriter progress;
    private final HttpClient client;

    /**
     * @param dir      the folder to fill (created if needed)
     * @param progress where progress lines go (the command line's stderr)
     */
    public IdxFetch(Origin origin, Path dir, PrintWriter progress) {
        this.origin = origin;
        this.dir = dir.toAbsolutePath();
        this.progress = progress;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)   // plain HTTP/1.1: both hosts serve it, no h2c upgrade attempt
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public Path dir() {
        return dir;
    }

    /** Fetches every file not already present and verified (every file, when {@code force}). */
    public List<Outcome> run(boolean force) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + dir + ": " + e.getMessage(), e);
        }
        List<Outcome> out = new ArrayList<>();
        for (Official f : origin.files()) {
            out.add(fetch(f, force));
        }
        return out;
    }

    private Outcome fetch(Official f, boolean force) {
        Path target = dir.resolve(f.name());
        String note;
        if (Files.isRegularFile(target)) {
            if (force) {
                note = "downloaded again (--force)";
            } else {
                long size = size(target);
                String actual = sha256(target);
                if (size == f.bytes() && actual.equals(f.sha256())) {
                    progress.printf("fetch: %s is present and verified (SHA-256 %s)%n", f.name(), actual);
                    progress.flush();
                    return new Outcome(f.name(), false, "present, verified");
                }
                progress.printf("fetch: %s in %s fails its check (%d bytes, SHA-256 %s; expected %d bytes, SHA-256 %s); "
                        + "downloading it again%n", f.name(), dir, size, actual, f.bytes(), f.sha256());
                progress.flush();
                note = "replaced a file that failed its SHA-256";
            }
        } else {
            note = "downloaded";
        }
        download(f, target);
        return new Outcome(f.name(), true, note);
    }

    private void download(Official f, Path target) {
        URI uri = URI.create(origin.baseUrl() + f.name());
        Path part;
        try {
            // not Files.createTempFile: its owner-only permissions would stay on the kept file; this one gets the umask's
            part = Files.createFile(dir.resolve("." + f.name() + "." + UUID.randomUUID() + ".part"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary file in " + dir + ": " + e.getMessage(), e);
        }
        boolean moved = false;
        try {
            String actual = receive(f, uri, part);
            if (!actual.equals(f.sha256())) {
                throw new InputException("fetch: " + f.name() + " from " + uri + " has the wrong SHA-256: expected "
                        + f.sha256() + ", got " + actual + "; the file was deleted, nothing was kept");
            }
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            progress.printf("fetch: %s verified (SHA-256 %s), saved as %s%n", f.name(), actual, target);
            progress.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException ignored) {
                    // best effort: a leftover *.part file is never read
                }
            }
        }
    }

    /** Streams the body of {@code uri} into {@code part}; checks status and size; returns the SHA-256. */
    private String receive(Official f, URI uri, Path part) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new InputException("fetch: could not download " + uri + ": " + describe(e)
                    + " (check the network, or give another base URL with --from)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputException("fetch: interrupted while connecting to " + uri, e);
        }
        MessageDigest sha = sha256();
        long received = 0;
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new InputException("fetch: " + uri + " answered HTTP " + response.statusCode()
                        + " (expected 200); nothing was kept");
            }
            OptionalLong announced = response.headers().firstValueAsLong("content-length");
            if (announced.isPresent() && announced.getAsLong() != f.bytes()) {
                throw new InputException("fetch: " + uri + " announces " + announced.getAsLong() + " bytes, but "
                        + f.name() + " has " + f.bytes() + "; nothing was kept");
            }
            long last = System.nanoTime();
            byte[] buf = new byte[1 << 16];
            try (OutputStream out = Files.newOutputStream(part)) {
                while (true) {
                    int n;
                    try {
                        n = in.read(buf);
                    } catch (IOException e) {
                        throw new InputException("fetch: the download of " + f.name() + " from " + uri + " was cut off after "
                                + received + " of " + f.bytes() + " bytes (" + describe(e) + "); nothing was kept", e);
                    }
                    if (n < 0) {
                        break;
                    }
                    out.write(buf, 0, n);
                    sha.update(buf, 0, n);
                    received += n;
                    if (received > f.bytes()) {
                        throw new InputException("fetch: " + uri + " sends more than the " + f.bytes() + " bytes of "
                                + f.name() + "; nothing was kept");
                    }
                    long now = System.nanoTime();
                    if (now - last >= PROGRESS_EVERY_NANOS) {
                        last = now;
                        progress.printf("fetch: %s %,d / %,d bytes%n", f.name(), received, f.bytes());
                        progress.flush();
                    }
                }
            }
        }
        progress.printf("fetch: %s %,d / %,d bytes%n", f.name(), received, f.bytes());
        progress.flush();
        if (received != f.bytes()) {
            throw new InputException("fetch: " + f.name() + " from " + uri + " is truncated: received " + received
                    + " of " + f.bytes() + " bytes; nothing was kept");
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + p + ": " + e.getMessage(), e);
        }
    }

    /** SHA-256 of a file, lower-case hex. */
    static String sha256(Path p) {
        MessageDigest sha = sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(p)) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                sha.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + p + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static String checkUrl(String base) {
        URI u;
        try {
            u = new URI(base);
        } catch (URISyntaxException e) {
            throw new InputException("fetch: '" + base + "' is not a URL: " + e.getMessage());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase();
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
            throw new InputException("fetch: the base URL must be an http:// or https:// URL with a host, got '" + base + "'");
        }
        return base.endsWith("/") ? base : base + "/";
    }
}
