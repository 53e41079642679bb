package dgm.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dgm.core.InputException;
import dgm.core.model.Params;
import dgm.core.rng.Seeds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./workbench fetch} against a local HTTP server on an ephemeral port, serving small gzipped
 * IDX files this test writes, with the test's own expected sizes and hashes: success, a present file
 * kept or replaced, a wrong hash, three kinds of truncation and a 404, each refused with nothing kept.
 */
@Timeout(60)
class IdxFetchTest {
    @TempDir
    Path tmp;

    /** How the server answers for one file. */
    enum Serve { GOOD, CORRUPT, SHORT_BODY, CUT_GZIP, CUT_GZIP_CHUNKED, NOT_FOUND }

    HttpServer server;
    final Map<String, byte[]> good = new LinkedHashMap<>();
    final Map<String, Serve> behaviour = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();
    final StringWriter progress = new StringWriter();
    IdxFetch.Origin origin;

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(b)) {
            o.write(raw);
        }
        return b.toByteArray();
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @BeforeEach
    void start() throws Exception {
        good.put("train-images-idx3-ubyte.gz", gzip(IdxTest.idxImages(10, 2, 3, 0)));
        good.put("train-labels-idx1-ubyte.gz", gzip(IdxTest.idxLabels(10, 0)));
        good.put("t10k-images-idx3-ubyte.gz", gzip(IdxTest.idxImages(4, 2, 3, 7)));
        good.put("t10k-labels-idx1-ubyte.gz", gzip(IdxTest.idxLabels(4, 3)));
        List<IdxFetch.Official> files = new ArrayList<>();
        for (var e : good.entrySet()) {
            files.add(new IdxFetch.Official(e.getKey(), e.getValue().length, sha256(e.getValue())));
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        origin = new IdxFetch.Origin("mnist", "http://127.0.0.1:" + server.getAddress().getPort() + "/idx/", files);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        requests.incrementAndGet();
        String name = x.getRequestURI().getPath().replaceFirst("^/idx/", "");
        byte[] body = good.get(name);
        Serve how = body == null ? Serve.NOT_FOUND : behaviour.getOrDefault(name, Serve.GOOD);
        try (x) {
            switch (how) {
                case NOT_FOUND -> x.sendResponseHeaders(404, -1);
                case GOOD -> send(x, body, body.length);
                case CORRUPT -> {
                    byte[] bad = body.clone();
                    bad[bad.length / 2] ^= 0x5a;   // same size, other bytes
                    send(x, bad, bad.length);
                }
                case SHORT_BODY -> {
                    // promises the whole file, sends half, then the connection closes
                    x.sendResponseHeaders(200, body.length);
                    x.getResponseBody().write(body, 0, body.length / 2);
                    x.getResponseBody().flush();
                }
                case CUT_GZIP -> send(x, Arrays.copyOf(body, body.length - 7), body.length - 7);
                case CUT_GZIP_CHUNKED -> send(x, Arrays.copyOf(body, body.length - 7), 0);
                default -> throw new IllegalStateException();
            }
        } catch (IOException e) {
            // SHORT_BODY: closing a fixed-length response early fails and drops the connection, as intended
        }
    }

    private static void send(HttpExchange x, byte[] b, long announced) throws IOException {
        x.sendResponseHeaders(200, announced);   // 0: chunked, no length announced
        x.getResponseBody().write(b);
    }

    private IdxFetch fetcher(Path dir) {
        return new IdxFetch(origin, dir, new PrintWriter(progress, true));
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void downloadsVerifiesAndIdxDatasetThenReadsTheCache() throws Exception {
        Path cache = tmp.resolve("cache/datasets/mnist");
        List<IdxFetch.Outcome> out = fetcher(cache).run(false);
        assertEquals(4, out.stream().filter(IdxFetch.Outcome::downloaded).count());
        assertEquals(4, requests.get());
        assertEquals(good.keySet().stream().sorted().toList(), names(cache), "the four files and no temporary file");
        for (var e : good.entrySet()) {
            assertTrue(Arrays.equals(e.getValue(), Files.readAllBytes(cache.resolve(e.getKey()))), e.getKey());
        }
        String p = progress.toString();
        assertTrue(p.contains("fetch: train-images-idx3-ubyte.gz " + String.format("%,d / %,d bytes", good.get("train-images-idx3-ubyte.gz").length,
                good.get("train-images-idx3-ubyte.gz").length)) && p.contains("verified"), p);

        // the dataset now loads from the cache folder (no data.path, no Debian folder)
        IdxDataset src = IdxDataset.mnist(() -> cache);
        Dataset d = src.load(Params.resolve("mnist", src.params(), Map.of("n_val", "3")), new Seeds(1));
        assertEquals(7, d.train().length);
        assertEquals(3, d.validation().length);
        assertEquals(4, d.test().length);
        assertTrue(d.source().startsWith("IDX files in " + cache.toAbsolutePath() + " (workbench cache"), d.source());
        assertEquals(10, d.labels().orElseThrow().classCount());

        // a second fetch downloads nothing
        out = fetcher(cache).run(false);
        assertEquals(0, out.stream().filter(IdxFetch.Outcome::downloaded).count());
        assertEquals(4, requests.get());

        // a present file that fails its hash is said to and downloaded again; the others are kept
        Files.write(cache.resolve("t10k-labels-idx1-ubyte.gz"), new byte[] {1, 2, 3});
        progress.getBuffer().setLength(0);
        out = fetcher(cache).run(false);
        assertEquals(List.of("t10k-labels-idx1-ubyte.gz"), out.stream().filter(IdxFetch.Outcome::downloaded).map(IdxFetch.Outcome::name).toList());
        assertEquals(5, requests.get());
        assertTrue(progress.toString().contains("t10k-labels-idx1-ubyte.gz in " + cache.toAbsolutePath() + " fails its check")
                && progress.toString().contains("downloading it again"), progress.toString());
        assertTrue(Arrays.equals(good.get("t10k-labels-idx1-ubyte.gz"), Files.readAllBytes(cache.resolve("t10k-labels-idx1-ubyte.gz"))));

        // --force downloads all four again
        out = fetcher(cache).run(true);
        assertEquals(4, out.stream().filter(IdxFetch.Outcome::downloaded).count());
        assertEquals(9, requests.get());
        assertEquals(good.keySet().stream().sorted().toList(), names(cache));
    }

    @Test
    void aWrongHashIsRefusedNamingTheFileAndBothHashesAndNothingIsKept() throws Exception {
        behaviour.put("train-images-idx3-ubyte.gz", Serve.CORRUPT);
        Path cache = tmp.resolve("cache");
        InputException e = assertThrows(InputException.class, () -> fetcher(cache).run(false));
        byte[] bad = good.get("train-images-idx3-ubyte.gz").clone();
        bad[bad.length / 2] ^= 0x5a;
        String expected = sha256(good.get("train-images-idx3-ubyte.gz"));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz") && e.getMessage().contains("expected " + expected)
                && e.getMessage().contains("got " + sha256(bad)), e.getMessage());
        assertEquals(List.of(), names(cache), "no file and no temporary file is left");
    }

    @Test
    void aBodyShorterThanItsContentLengthIsRefused() throws Exception {
        behaviour.put("train-images-idx3-ubyte.gz", Serve.SHORT_BODY);
        Path cache = tmp.resolve("cache");
        InputException e = assertThrows(InputException.class, () -> fetcher(cache).run(false));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz")
                && (e.getMessage().contains("cut off after") || e.getMessage().contains("truncated")), e.getMessage());
        assertEquals(List.of(), names(cache));
    }

    @Test
    void aCutGzipIsRefusedWithOrWithoutAContentLength() throws Exception {
        Path cache = tmp.resolve("cache");
        behaviour.put("train-images-idx3-ubyte.gz", Serve.CUT_GZIP);
        long full = good.get("train-images-idx3-ubyte.gz").length;
        InputException e = assertThrows(InputException.class, () -> fetcher(cache).run(false));
        assertTrue(e.getMessage().contains("announces " + (full - 7) + " bytes, but train-images-idx3-ubyte.gz has " + full),
                e.getMessage());
        assertEquals(List.of(), names(cache));

        behaviour.put("train-images-idx3-ubyte.gz", Serve.CUT_GZIP_CHUNKED);
        e = assertThrows(InputException.class, () -> fetcher(cache).run(false));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz") && e.getMessage().contains("is truncated: received "
                + (full - 7) + " of " + full + " bytes"), e.getMessage());
        assertEquals(List.of(), names(cache));
    }

    @Test
    void aNotFoundIsRefusedNamingTheUrl() throws Exception {
        behaviour.put("t10k-images-idx3-ubyte.gz", Serve.NOT_FOUND);
        Path cache = tmp.resolve("cache");
        InputException e = assertThrows(InputException.class, () -> fetcher(cache).run(false));
        assertTrue(e.getMessage().contains(origin.baseUrl() + "t10k-images-idx3-ubyte.gz answered HTTP 404"), e.getMessage());
        // the two files before it were verified and are kept; nothing of the missing one
        assertEquals(List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"), names(cache));
    }

    @Test
    void unknownDatasetsAndBadUrlsAreRefused() {
        InputException e = assertThrows(InputException.class, () -> IdxFetch.origin("cifar10"));
        assertTrue(e.getMessage().contains("'cifar10'") && e.getMessage().contains("mnist, fashion-mnist"), e.getMessage());
        e = assertThrows(InputException.class, () -> IdxFetch.MNIST.from("ftp://example.org/mnist/"));
        assertTrue(e.getMessage().contains("http:// or https://"), e.getMessage());
        assertThrows(InputException.class, () -> IdxFetch.MNIST.from("not a url"));
        assertEquals("http://127.0.0.1:9/x/", IdxFetch.MNIST.from("http://127.0.0.1:9/x").baseUrl());
    }

    @Test
    void theOfficialTablesNameTheFourFilesTheDatasetReads() {
        for (IdxFetch.Origin o : IdxFetch.origins()) {
            assertEquals(IdxDataset.FILES.stream().map(f -> f + ".gz").toList(), o.files().stream().map(IdxFetch.Official::name).toList());
            for (IdxFetch.Official f : o.files()) {
                assertTrue(f.sha256().matches("[0-9a-f]{64}") && f.bytes() > 0, f.toString());
            }
        }
        assertEquals("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/", IdxFetch.FASHION_MNIST.baseUrl());
        assertEquals("https://ossci-datasets.s3.amazonaws.com/mnist/", IdxFetch.MNIST.baseUrl());
    }

    /**
     * Debian's dataset-fashion-mnist holds Zalando's files re-headed: the same deflate stream, CRC and
     * length, but a gzip header without the file name and with the package's build time. Putting
     * Zalando's header back (file name, mtime 2017-08-31, XFL 0, OS 3) gives exactly the bytes whose
     * size and SHA-256 {@link IdxFetch#FASHION_MNIST} expects (and Zalando's published MD5s), so the
     * constants are the publisher's and Debian's images are the same. Runs only where the package is installed.
     */
    @Test
    void debiansFashionMnistIsZalandosFilesUnderAnotherGzipHeader() throws Exception {
        Path debian = IdxDataset.DEBIAN_FASHION_MNIST;
        Assumptions.assumeTrue(Files.isRegularFile(debian.resolve("t10k-labels-idx1-ubyte.gz")), "dataset-fashion-mnist not installed");
        Map<String, Integer> mtime = Map.of("train-images-idx3-ubyte.gz", 1504176606, "train-labels-idx1-ubyte.gz", 1504176606,
                "t10k-images-idx3-ubyte.gz", 1504176627, "t10k-labels-idx1-ubyte.gz", 1504176627);
        Map<String, String> md5 = Map.of("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
                "train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe",
                "t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79",
                "t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310");
        for (IdxFetch.Official f : IdxFetch.FASHION_MNIST.files()) {
            byte[] deb = Files.readAllBytes(debian.resolve(f.name()));
            assertEquals(0, deb[3], "Debian's header carries no file name");
            String base = f.name().substring(0, f.name().length() - 3);
            ByteBuffer zalando = ByteBuffer.allocate(deb.length + base.length() + 1).order(ByteOrder.LITTLE_ENDIAN);
            zalando.put(new byte[] {0x1f, (byte) 0x8b, 8, 8}).putInt(mtime.get(f.name())).put(new byte[] {0, 3});
            zalando.put(base.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put((byte) 0);
            zalando.put(deb, 10, deb.length - 10);
            byte[] z = zalando.array();
            assertEquals(f.bytes(), z.length, f.name());
            assertEquals(f.sha256(), sha256(z), f.name());
            assertEquals(md5.get(f.name()), HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(z)), f.name());
        }
    }
}
