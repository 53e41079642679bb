package dgm.experiments.figures;

import dgm.core.run.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Writes figures to disk, every file atomically (written aside, then renamed) through {@link AtomicFiles}. */
public final class FigureFiles {
    private FigureFiles() {
    }

    /** {@code dir/name.png}, {@code .svg} and {@code .pdf}; returns the paths (PNG first). */
    public static List<Path> write(PaperFigure figure, Path dir, String name) {
        Path png = dir.resolve(name + ".png");
        Path svg = dir.resolve(name + ".svg");
        Path pdf = dir.resolve(name + ".pdf");
        writePng(figure, png);
        writeSvg(figure, svg);
        writePdf(figure, pdf);
        return List.of(png, svg, pdf);
    }

    public static void writePdf(PaperFigure figure, Path file) {
        byte[] pdf = figure.toPdf();
        AtomicFiles.write(file, out -> out.write(pdf));
    }

    public static void writePng(PaperFigure figure, Path file) {
        var image = figure.toImage();
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this JDK");
            }
        });
    }

    public static void writeSvg(PaperFigure figure, Path file) {
        String svg = figure.toSvg();
        AtomicFiles.write(file, out -> out.write(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
