package dgm.experiments.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Checks that written figures are valid, non-blank images. */
final class FigureChecks {
    private FigureChecks() {
    }

    /** Decodes a PNG, checks its size (from the figure and style) and that it is not blank. */
    static BufferedImage png(Path file, PaperFigure f) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        assertTrue(img != null, file + " does not decode as an image");
        Style s = f.style();
        assertEquals(Math.round(s.widthInches() * s.dpi() * s.scale()), img.getWidth(), "PNG width");
        assertEquals(Math.round(f.heightPoints() * s.pixelsPerPoint()), img.getHeight(), "PNG height");
        assertTrue(variance(img) > 0, "blank image");
        return img;
    }

    static double variance(BufferedImage img) {
        double s = 0;
        double s2 = 0;
        long n = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y);
                double v = ((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255);
                s += v;
                s2 += v * v;
                n++;
            }
        }
        return s2 / n - (s / n) * (s / n);
    }

    /** Whether some pixel is within {@code tol} (per channel) of {@code rgb}. */
    static boolean hasColour(BufferedImage img, int rgb, int tol) {
        int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        int r = (rgb >> 16) & 255;
        int g = (rgb >> 8) & 255;
        int b = rgb & 255;
        for (int p : px) {
            if (Math.abs(((p >> 16) & 255) - r) <= tol && Math.abs(((p >> 8) & 255) - g) <= tol && Math.abs((p & 255) - b) <= tol) {
                return true;
            }
        }
        return false;
    }

    /** Parses an SVG with javax.xml; checks the root and its width, height and viewBox. */
    static Document svg(Path file, PaperFigure f) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        Document doc = dbf.newDocumentBuilder().parse(file.toFile());
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
        assertEquals(VectorOutput.num(f.widthPoints()) + "pt", root.getAttribute("width"));
        assertEquals(VectorOutput.num(f.heightPoints()) + "pt", root.getAttribute("height"));
        assertEquals("0 0 " + VectorOutput.num(f.widthPoints()) + " " + VectorOutput.num(f.heightPoints()), root.getAttribute("viewBox"));
        return doc;
    }

    /** Every unrotated text fits inside the figure's width, measured as the back-ends lay it out. */
    static void textInside(Document doc, PaperFigure f) {
        NodeList t = doc.getElementsByTagNameNS("*", "text");
        for (int i = 0; i < t.getLength(); i++) {
            Element e = (Element) t.item(i);
            if (transformed(e)) {
                continue;
            }
            double x = Double.parseDouble(e.getAttribute("x"));
            double w = f.style().textWidth(e.getTextContent(), fontSize(e), "bold".equals(e.getAttribute("font-weight")));
            String anchor = e.getAttribute("text-anchor");
            double left = anchor.equals("middle") ? x - w / 2 : anchor.equals("end") ? x - w : x;
            assertTrue(left >= -0.5 && left + w <= f.widthPoints() + 0.5,
                    "'" + e.getTextContent() + "' runs outside the figure: [" + left + ", " + (left + w) + "]");
        }
    }

    /** Whether the element or one of its ancestors carries a transform (rotated text). */
    private static boolean transformed(Element e) {
        for (org.w3c.dom.Node n = e; n instanceof Element el; n = n.getParentNode()) {
            if (!el.getAttribute("transform").isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The font size of a text element: its attribute, or (VectorGraphics2D's SVG) from its style. */
    private static double fontSize(Element e) {
        if (!e.getAttribute("font-size").isEmpty()) {
            return Double.parseDouble(e.getAttribute("font-size"));
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("font-size:([0-9.]+)px").matcher(e.getAttribute("style"));
        assertTrue(m.find(), "a text without a font size: " + e.getAttribute("style"));
        return Double.parseDouble(m.group(1));
    }

    static int count(Document doc, String tag) {
        return doc.getElementsByTagNameNS("*", tag).getLength();
    }

    static List<String> texts(Document doc) {
        NodeList t = doc.getElementsByTagNameNS("*", "text");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.getLength(); i++) {
            out.add(t.item(i).getTextContent());
        }
        return out;
    }

    /** No temporary files left beside the figures. */
    static void noPartFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> left = s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
            assertTrue(left.isEmpty(), "temporary files left: " + left);
        }
    }

    /** The page's content stream, inflated. */
    static String pdfContent(byte[] pdf) throws Exception {
        String text = new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1);
        int start = text.indexOf("stream", text.indexOf("/FlateDecode")) + "stream".length();
        while (text.charAt(start) == '\r' || text.charAt(start) == '\n') {
            start++;
        }
        int end = text.indexOf("endstream", start);
        java.util.zip.Inflater inflater = new java.util.zip.Inflater();
        inflater.setInput(java.util.Arrays.copyOfRange(pdf, start, end));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!inflater.finished()) {
            int n = inflater.inflate(buf);
            if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                break;
            }
            out.write(buf, 0, n);
        }
        assertTrue(out.size() > 0, "a content stream");
        return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
