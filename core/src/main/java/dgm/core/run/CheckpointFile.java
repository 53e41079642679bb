package dgm.core.run;

import dgm.core.InputException;
import dgm.core.train.Checkpoints;
import dgm.core.train.TrainingState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A run's checkpoint file ({@code checkpoint.bin} in its folder), written atomically
 * ({@link AtomicFiles}: aside, flushed, renamed), so that a process killed at any moment leaves
 * either the previous checkpoint or the new one. Each checkpoint carries the SHA-256 of the run's
 * config; resuming from a checkpoint of another config is refused.
 */
public final class CheckpointFile implements Checkpoints {
    public static final String NAME = "checkpoint.bin";
    private static final String CONFIG_KEY = "run.config_sha256";

    private final Path file;
    private final double everySeconds;
    private final boolean resume;
    private final String configSha256;
    private int written;

    /**
     * @param everySeconds seconds of training between checkpoints (0: only the final one)
     * @param resume       whether an existing checkpoint is continued (otherwise it is replaced)
     */
    public CheckpointFile(Path dir, double everySeconds, boolean resume, String configSha256) {
        this.file = dir.resolve(NAME);
        this.everySeconds = everySeconds;
        this.resume = resume;
        this.configSha256 = configSha256;
    }

    @Override
    public Optional<TrainingState> resume() {
        if (!resume || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        TrainingState s;
        try (InputStream in = Files.newInputStream(file)) {
            s = TrainingState.read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!s.has(CONFIG_KEY) || !s.getString(CONFIG_KEY).equals(configSha256)) {
            throw new InputException("checkpoint " + file + " belongs to another run configuration (config SHA-256 "
                    + (s.has(CONFIG_KEY) ? s.getString(CONFIG_KEY) : "missing") + ", this run " + configSha256
                    + "); delete it to train this run again from step 0");
        }
        return Optional.of(s);
    }

    @Override
    public void save(TrainingState state) {
        state.putString(CONFIG_KEY, configSha256);
        AtomicFiles.write(file, state::write);
        written++;
    }

    @Override
    public double everySeconds() {
        return everySeconds;
    }

    /** Checkpoints written by this process. */
    public int written() {
        return written;
    }
}
